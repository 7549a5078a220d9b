/** A token bucket: `perSecond` on average, bursts up to `burst` (one second's worth unless told otherwise). */
export class RateLimit {
  private tokens: number;
  private last: number;

  private readonly perSecond: number;
  private readonly burst: number;
  private readonly now: () => number;
  constructor(perSecond: number, now: () => number = Date.now, burst: number = perSecond) {
    this.perSecond = perSecond;
    this.burst = burst;
    this.now = now;
    this.tokens = burst;
    this.last = now();
  }

  /** Takes one token; false when the sender is over its rate. */
  take(): boolean {
    this.refill();
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  /** Back to a full bucket: nothing is remembered, so the bucket may be forgotten. */
  get full(): boolean {
    this.refill();
    return this.tokens >= this.burst;
  }

  private refill(): void {
    const now = this.now();
    this.tokens = Math.min(this.burst, this.tokens + (Math.max(0, now - this.last) / 1000) * this.perSecond);
    this.last = now;
  }
}
