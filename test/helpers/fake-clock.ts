import { Timers, type TimeSource } from "../../plugin/core/timers.ts";

/**
 * A clock whose time moves only when the test says so, as a TimeSource: the kit's own Timers run on it
 * (`clock.timers()`). Two ways to move time:
 * - `advance(ms)` fires every timer due within ms, in time order (step deadlines, keepalives, reconnects);
 * - `autoAdvance`: each timer fires as soon as it is set, on a microtask, with time jumped to it, so a polling
 *   loop runs through at once (placement following, ticket tracking, device-code polling).
 * Every delay a timer was set for is kept, in order, in `delays`.
 */
export class FakeClock implements TimeSource {
  time: number;
  autoAdvance: boolean;
  readonly delays: number[] = [];
  private queue: { at: number; callback: () => void; id: number }[] = [];
  private ids = 0;

  constructor(options: { start?: number; autoAdvance?: boolean } = {}) {
    this.time = options.start ?? 0;
    this.autoAdvance = options.autoAdvance ?? false;
  }

  now(): number {
    return this.time;
  }

  setTimer(ms: number, callback: () => void): () => void {
    this.delays.push(ms);
    let cancelled = false;
    if (this.autoAdvance) {
      this.time += ms;
      queueMicrotask(() => {
        if (!cancelled) callback();
      });
      return () => void (cancelled = true);
    }
    const id = ++this.ids;
    this.queue.push({ at: this.time + ms, callback, id });
    return () => void (this.queue = this.queue.filter((t) => t.id !== id));
  }

  /** Runs every timer due within `ms`, in time order, moving the time to each as it fires. */
  advance(ms: number): void {
    const until = this.time + ms;
    for (;;) {
      const due = this.queue.filter((t) => t.at <= until).sort((a, b) => a.at - b.at || a.id - b.id)[0];
      if (!due) break;
      this.queue = this.queue.filter((t) => t !== due);
      this.time = due.at;
      due.callback();
    }
    this.time = until;
  }

  /** Timers set and not yet fired or cancelled (autoAdvance ones fire at once and are not counted). */
  get pending(): number {
    return this.queue.length;
  }

  /** The kit's Timers on this clock. */
  timers(): Timers {
    return new Timers(this);
  }
}
