/**
 * Time as every part of the kit sees it: the clock, one-shot timers and sleeps, all through one {@link Timers}.
 * The kit makes one and each part takes a scope of it, so destroying the kit (or the Phaser game) stops every
 * timer and no callback fires into a dead game, while a part can stop just its own. Tests run the same class on a
 * manual {@link TimeSource}.
 */
import { GameLiftKitError } from "./errors.ts";

/** What {@link Timers} runs on: the real clock and setTimeout, or a manual clock in tests. */
export interface TimeSource {
  /** Epoch milliseconds. */
  now(): number;
  /** Calls `callback` once after `ms` (0 to {@link MAX_TIMER_DELAY_MS}); the function returned cancels it. */
  setTimer(ms: number, callback: () => void): () => void;
}

/** The real clock (Date.now) and the environment's setTimeout. */
export const REAL_TIME: TimeSource = {
  now: () => Date.now(),
  setTimer(ms, callback) {
    const timer = setTimeout(callback, ms);
    return () => clearTimeout(timer);
  },
};

/** setTimeout's largest delay: past 2^31-1 ms it fires at once, so longer waits are cut to this. */
export const MAX_TIMER_DELAY_MS = 2_147_483_647;

/** A delay setTimeout keeps: negative and NaN are 0, past the limit is the limit. */
function clampDelay(ms: number): number {
  if (Number.isNaN(ms) || ms <= 0) return 0;
  return Math.min(ms, MAX_TIMER_DELAY_MS);
}

/**
 * Timers that can all be stopped at once. `scope()` gives a child whose stop() ends only its own timers and
 * sleeps; stopping a parent stops its children. Once stopped, `after` does nothing and `sleep` rejects with
 * "Cancelled", so no loop outlives a destroy.
 */
export class Timers {
  private readonly source: TimeSource;
  /** Set on a scope: the Timers it was made from, which forgets it when it stops. */
  private parent: Timers | undefined;
  private readonly cancels = new Set<() => void>();
  private readonly sleepers = new Set<(reason: unknown) => void>();
  private readonly children = new Set<Timers>();
  private isStopped = false;

  /** Timers on `source` (the real clock by default). */
  constructor(source: TimeSource = REAL_TIME) {
    this.source = source;
  }

  /** Epoch milliseconds on this timers' clock. */
  now(): number {
    return this.source.now();
  }

  /** Calls `callback` once after `ms` unless cancelled or stopped first; returns the cancel. */
  after(ms: number, callback: () => void): () => void {
    if (this.isStopped) return () => {};
    let clear = () => {};
    const cancel = () => {
      clear();
      this.cancels.delete(cancel);
    };
    this.cancels.add(cancel);
    clear = this.source.setTimer(clampDelay(ms), () => {
      this.cancels.delete(cancel);
      callback();
    });
    return cancel;
  }

  /** Resolves after `ms`; rejects with the signal's reason when it aborts, or "Cancelled" when these timers stop. */
  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      if (this.isStopped) return reject(cancelled());
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

  /** A child on the same clock: its stop() ends its own timers only; this one's stop() ends the child's too. */
  scope(): Timers {
    const child = new Timers(this.source);
    child.parent = this;
    if (this.isStopped) child.stop();
    else this.children.add(child);
    return child;
  }

  /** Timers still pending, this one's and its children's. */
  get size(): number {
    let size = this.cancels.size;
    for (const child of this.children) size += child.size;
    return size;
  }

  /** True once stop() has run (here or on a parent). */
  get stopped(): boolean {
    return this.isStopped;
  }

  /** Cancels every pending timer, rejects every sleep with "Cancelled", and stops the children. */
  stop(): void {
    if (this.isStopped) return;
    this.isStopped = true;
    this.parent?.children.delete(this);
    for (const cancel of [...this.cancels]) cancel();
    this.cancels.clear();
    for (const stop of [...this.sleepers]) stop(cancelled());
    for (const child of [...this.children]) child.stop();
  }
}

const cancelled = () => new GameLiftKitError("Cancelled", "The kit was destroyed.");
