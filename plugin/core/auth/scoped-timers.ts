import { GameLiftKitError } from "../errors.ts";
import type { TimerSet } from "../timers.ts";

/**
 * The auth part's timers, on the kit's TimerSet: the kit's destroy stops them with everything else, and the
 * auth part's own destroy stops just these (the TimerSet may be shared with other areas).
 */
export class ScopedTimers {
  private readonly cancels = new Set<() => void>();
  private readonly sleepers = new Set<(reason: unknown) => void>();
  private stopped = false;

  private readonly timers: TimerSet;
  constructor(timers: TimerSet) {
    this.timers = timers;
  }

  get isStopped(): boolean {
    return this.stopped;
  }

  after(ms: number, callback: () => void): () => void {
    if (this.stopped) return () => {};
    // setTimeout fires at once for delays past 2^31-1 ms; nothing here waits that long, but clamp to be safe.
    const delay = Math.min(Math.max(0, ms), 2_147_483_647);
    const cancel = this.timers.after(delay, () => {
      this.cancels.delete(cancel);
      callback();
    });
    this.cancels.add(cancel);
    return () => {
      cancel();
      this.cancels.delete(cancel);
    };
  }

  /** Resolves after `ms`; rejects when the signal aborts or the timers stop, so no loop outlives destroy. */
  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      if (this.stopped) return reject(cancelled());
      if (signal?.aborted) return reject(signal.reason);
      const finish = (outcome: () => void) => {
        cancel();
        this.sleepers.delete(stop);
        signal?.removeEventListener("abort", onAbort);
        outcome();
      };
      const stop = (reason: unknown) => finish(() => reject(reason));
      const onAbort = () => stop(signal!.reason);
      const cancel = this.after(ms, () => finish(resolve));
      this.sleepers.add(stop);
      signal?.addEventListener("abort", onAbort, { once: true });
    });
  }

  stop(): void {
    this.stopped = true;
    for (const cancel of [...this.cancels]) cancel();
    this.cancels.clear();
    for (const stop of [...this.sleepers]) stop(cancelled());
  }
}

const cancelled = () => new GameLiftKitError("Cancelled", "The kit was destroyed.");
