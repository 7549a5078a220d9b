/** A token bucket: `perSecond` messages a second on average, bursts up to one second's worth. */
export class RateLimit {
  private tokens: number;
  private last: number;

  private readonly perSecond: number;
  private readonly now: () => number;
  constructor(
    perSecond: number,
    now: () => number = Date.now,
  ) {
    this.perSecond = perSecond;
    this.now = now;
    this.tokens = perSecond;
    this.last = now();
  }

  /** Takes one token; false when the sender is over its rate. */
  take(): boolean {
    const now = this.now();
    this.tokens = Math.min(this.perSecond, this.tokens + ((now - this.last) / 1000) * this.perSecond);
    this.last = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}
