import { randomBytes } from "node:crypto";
import { notAuthorized } from "./errors.ts";

export type ChallengeName = "PASSWORD_VERIFIER" | "SMS_MFA" | "SOFTWARE_TOKEN_MFA" | "NEW_PASSWORD_REQUIRED" | "MFA_SETUP";

/** Cognito's challenge sessions last three minutes. */
export const SESSION_TTL_MS = 3 * 60 * 1000;
/** Wrong answers a session takes before it is spent. */
const SESSION_ATTEMPTS = 3;

export interface ChallengeState {
  poolId: string;
  clientId: string;
  username: string;
  challenge: ChallengeName;
  /** The auth_time of the sign-in in progress (epoch seconds). */
  authTime: number;
  srp?: { A: string; b: string; B: string };
  smsCode?: string;
  /** MFA_SETUP: set once VerifySoftwareToken accepted a code in this session. */
  totpVerified?: boolean;
}

interface Entry {
  state: ChallengeState;
  expiresAt: number;
  attemptsLeft: number;
}

/**
 * The Session strings of RespondToAuthChallenge (and, for PASSWORD_VERIFIER, the SECRET_BLOCK): opaque random
 * tokens bound to one user, one client and one challenge, spent on success or after a few wrong answers, and
 * gone after three minutes. In memory only: a sign-in half done when the stack restarts starts again, as one
 * that outlived its session would.
 */
export class ChallengeSessions {
  private readonly entries = new Map<string, Entry>();

  private readonly now: () => number;
  constructor(now: () => number) {
    this.now = now;
  }

  open(state: ChallengeState): string {
    this.prune();
    const token = randomBytes(96).toString("base64");
    this.entries.set(token, { state, expiresAt: this.now() + SESSION_TTL_MS, attemptsLeft: SESSION_ATTEMPTS });
    return token;
  }

  /** The state behind a session, if it is live and for this challenge (and client, when named); NotAuthorized otherwise. */
  peek(token: string | undefined, challenge: ChallengeName, clientId?: string): ChallengeState {
    const entry = token === undefined ? undefined : this.entries.get(token);
    if (!entry || entry.state.challenge !== challenge || (clientId !== undefined && entry.state.clientId !== clientId)) {
      throw notAuthorized("Invalid session for the user.");
    }
    if (entry.expiresAt <= this.now()) {
      this.entries.delete(token!);
      throw notAuthorized("Invalid session for the user, session is expired.");
    }
    return entry.state;
  }

  /** A wrong answer: the session survives a few. Returns whether it is still usable. */
  fail(token: string): boolean {
    const entry = this.entries.get(token);
    if (!entry) return false;
    if (--entry.attemptsLeft > 0) return true;
    this.entries.delete(token);
    return false;
  }

  spend(token: string): void {
    this.entries.delete(token);
  }

  private prune(): void {
    if (this.entries.size < 1000) return;
    const now = this.now();
    for (const [token, entry] of this.entries) if (entry.expiresAt <= now) this.entries.delete(token);
  }
}
