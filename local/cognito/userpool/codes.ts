import { randomInt } from "node:crypto";
import type { CodeRecord } from "./records.ts";

/** Wrong guesses one code takes; the next attempt is refused even with the right code. */
export const MAX_CODE_ATTEMPTS = 5;
/** Cognito: sign-up confirmation codes last 24 hours, password-reset codes one hour. */
export const SIGNUP_CODE_TTL_MS = 24 * 3600 * 1000;
export const RESET_CODE_TTL_MS = 3600 * 1000;

export const newVerificationCode = (): string => String(randomInt(1_000_000)).padStart(6, "0");

export type CodeVerdict = "ok" | "mismatch" | "expired" | "too-many-attempts";

/** Judges a submitted code; the caller stores `failedAttempts + 1` on a mismatch. */
export function judgeCode(record: CodeRecord | undefined, given: string, now: number): CodeVerdict {
  if (!record) return "expired";
  if (record.failedAttempts >= MAX_CODE_ATTEMPTS) return "too-many-attempts";
  if (record.expiresAt <= now) return "expired";
  return record.code === given ? "ok" : "mismatch";
}

/** Rate of code deliveries per user Cognito tolerates before LimitExceededException (per window). */
export class DeliveryRate {
  private readonly sent = new Map<string, number[]>();
  private readonly limit;
  private readonly windowMs;
  constructor(
    limit = 5,
    windowMs = 15 * 60 * 1000,
  ) {
    this.limit = limit;
    this.windowMs = windowMs;
  }

  /** Records a delivery; false when the user is over the limit (nothing recorded then). */
  allow(key: string, now: number): boolean {
    const recent = (this.sent.get(key) ?? []).filter((t) => t > now - this.windowMs);
    if (recent.length >= this.limit) {
      this.sent.set(key, recent);
      return false;
    }
    recent.push(now);
    this.sent.set(key, recent);
    return true;
  }
}
