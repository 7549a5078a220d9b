/** A cancellable timer; `restart` re-arms it with its original delay (heartbeat watchdogs). */
export interface Timer {
  cancel(): void;
  restart(): void;
}

/**
 * Every timer of one GameLift instance, so close() can stop them all at once. Timers are unref'd: a forgotten
 * stack must not keep a test process alive.
 */
export class Scheduler {
  private readonly live = new Set<NodeJS.Timeout>();
  private closed = false;

  after(ms: number, fn: () => void): Timer {
    if (this.closed) return { cancel() {}, restart() {} };
    const handle: NodeJS.Timeout = setTimeout(() => {
      this.live.delete(handle);
      fn();
    }, ms);
    handle.unref();
    this.live.add(handle);
    return {
      cancel: () => {
        clearTimeout(handle);
        this.live.delete(handle);
      },
      restart: () => {
        if (this.closed) return;
        handle.refresh();
        this.live.add(handle);
      },
    };
  }

  every(ms: number, fn: () => void): Timer {
    if (this.closed) return { cancel() {}, restart() {} };
    const handle = setInterval(fn, Math.max(1, ms));
    handle.unref();
    this.live.add(handle);
    return {
      cancel: () => {
        clearInterval(handle);
        this.live.delete(handle);
      },
      restart: () => {
        handle.refresh();
      },
    };
  }

  close(): void {
    this.closed = true;
    for (const handle of this.live) clearTimeout(handle);
    this.live.clear();
  }
}
