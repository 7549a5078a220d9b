/** A clock whose time moves only when the test says so; `after` has the TimerSet / Scheduler shape. */
export class FakeClock {
  now = 0;
  private timers: { at: number; callback: () => void; id: number }[] = [];
  private ids = 0;

  after(ms: number, callback: () => void): () => void {
    const id = ++this.ids;
    this.timers.push({ at: this.now + ms, callback, id });
    return () => void (this.timers = this.timers.filter((t) => t.id !== id));
  }

  /** Runs every timer due within `ms`, in time order, moving `now` to each as it fires. */
  advance(ms: number): void {
    const until = this.now + ms;
    for (;;) {
      const due = this.timers.filter((t) => t.at <= until).sort((a, b) => a.at - b.at || a.id - b.id)[0];
      if (!due) break;
      this.timers = this.timers.filter((t) => t !== due);
      this.now = due.at;
      due.callback();
    }
    this.now = until;
  }

  get pending(): number {
    return this.timers.length;
  }
}
