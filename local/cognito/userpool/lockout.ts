/**
 * Cognito's sign-in lockout: after five failed password attempts a user is locked out for 1 second, the lockout
 * doubling with each further failure up to about 15 minutes; while locked out every attempt, right or wrong, is
 * refused with "Password attempts exceeded". A success clears the count. Kept in memory: a restart forgives.
 */
export const FAILURES_BEFORE_LOCKOUT = 5;
const MAX_LOCKOUT_MS = 15 * 60 * 1000;

interface Failures {
  count: number;
  lockedUntil: number;
}

export class SignInLockout {
  private readonly failures = new Map<string, Failures>();

  isLocked(userKey: string, now: number): boolean {
    const f = this.failures.get(userKey);
    return f !== undefined && f.lockedUntil > now;
  }

  recordFailure(userKey: string, now: number): void {
    const f = this.failures.get(userKey) ?? { count: 0, lockedUntil: 0 };
    f.count += 1;
    if (f.count >= FAILURES_BEFORE_LOCKOUT) {
      f.lockedUntil = now + Math.min(MAX_LOCKOUT_MS, 1000 * 2 ** (f.count - FAILURES_BEFORE_LOCKOUT));
    }
    this.failures.set(userKey, f);
  }

  recordSuccess(userKey: string): void {
    this.failures.delete(userKey);
  }
}
