/** A cancellable timer; `restart` re-arms it with its original delay (heartbeat watchdogs). */
export interface Timer {
  cancel(): void;
  restart(): void;
}

/**
 * Where GameLift's time comes from: timestamps, token expiry, deadlines and every lifecycle timer. The real one
 * by default; tests give a manual one and move it (a 60 s reservation time-out without a 60 s wait).
 */
export interface GameLiftClock {
  now(): number;
  /** Runs `fn` once, `ms` from now; the returned function cancels it. */
  after(ms: number, fn: () => void): () => void;
}

/** Date.now and unref'd timers: a forgotten stack must not keep a test process alive. */
export const REAL_CLOCK: GameLiftClock = {
  now: () => Date.now(),
  after(ms, fn) {
    const handle = setTimeout(fn, ms);
    handle.unref();
    return () => clearTimeout(handle);
  },
};

/** Every timer of one GameLift instance, on its clock, so close() can stop them all at once. */
export class Scheduler {
  private readonly live = new Set<() => void>();
  private closed = false;

  private readonly clock: GameLiftClock;
  constructor(clock: GameLiftClock = REAL_CLOCK) {
    this.clock = clock;
  }

  after(ms: number, fn: () => void): Timer {
    let cancelCurrent: (() => void) | undefined;
    const arm = () => {
      if (this.closed) return;
      const cancel = this.clock.after(ms, () => {
        this.live.delete(cancel);
        cancelCurrent = undefined;
        fn();
      });
      cancelCurrent = cancel;
      this.live.add(cancel);
    };
    const disarm = () => {
      if (!cancelCurrent) return;
      cancelCurrent();
      this.live.delete(cancelCurrent);
      cancelCurrent = undefined;
    };
    arm();
    return {
      cancel: disarm,
      restart: () => {
        disarm();
        arm();
      },
    };
  }

  every(ms: number, fn: () => void): Timer {
    const period = Math.max(1, ms);
    let stopped = false;
    let current: Timer | undefined;
    const next = () => {
      current = this.after(period, () => {
        if (stopped) return;
        next();
        fn();
      });
    };
    next();
    return {
      cancel: () => {
        stopped = true;
        current?.cancel();
      },
      restart: () => {
        current?.cancel();
        if (!stopped) next();
      },
    };
  }

  close(): void {
    this.closed = true;
    for (const cancel of this.live) cancel();
    this.live.clear();
  }
}
