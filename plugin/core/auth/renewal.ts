/**
 * When to renew something that expires (tokens, credentials): a quarter of its lifetime before the end, but
 * never more than five minutes early — an hour-long token renews at 55 minutes, a two-second one at 1.5 s.
 */
export function renewalMargin(lifetimeMs: number): number {
  return Math.min(5 * 60_000, Math.max(0, lifetimeMs) / 4);
}

export function renewalDelay(expiresAt: number, lifetimeMs: number, now: number): number {
  return Math.max(0, expiresAt - renewalMargin(lifetimeMs) - now);
}

/** Good enough to hand out: not within a tenth of its lifetime (at most 30 s) of expiring. */
export function stillFresh(expiresAt: number, lifetimeMs: number, now: number): boolean {
  return now < expiresAt - Math.min(30_000, Math.max(0, lifetimeMs) / 10);
}

/** Errors after which trying again later may work. */
export function isTransient(error: { code: string; status?: number }): boolean {
  return ["NetworkError", "Timeout", "TooManyRequestsException", "ThrottlingException", "InternalErrorException"].includes(error.code) || (error.status ?? 0) >= 500;
}
