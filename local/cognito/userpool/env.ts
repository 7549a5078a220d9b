import type { Mailbox } from "../mailbox.ts";
import type { DeliveryRate } from "./codes.ts";
import type { SignInLockout } from "./lockout.ts";
import type { UserPoolRepository } from "./repository.ts";
import type { ChallengeSessions } from "./sessions.ts";
import type { TokenService } from "./tokens.ts";

/** Everything the user pool operations share. */
export interface UserPoolEnv {
  region: string;
  accountId: string;
  repo: UserPoolRepository;
  tokens: TokenService;
  sessions: ChallengeSessions;
  mailbox: Mailbox;
  lockout: SignInLockout;
  deliveryRate: DeliveryRate;
  /** Overrides both code lifetimes (tests). */
  codeTtlMs?: number;
  now(): number;
}
