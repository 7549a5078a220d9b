import { join } from "node:path";
import type { StackContext, StackExtension } from "../../stack.ts";
import { DurableStore } from "../../store/durable-store.ts";
import { Mailbox } from "../mailbox.ts";
import { DeliveryRate } from "./codes.ts";
import { attachUserPoolDirectory } from "./directory.ts";
import type { UserPoolEnv } from "./env.ts";
import { wellKnownRoutes } from "./http-routes.ts";
import { createUserPoolDirectory } from "./id-token-verifier.ts";
import { SignInLockout } from "./lockout.ts";
import { UserPoolRepository } from "./repository.ts";
import { userPoolService } from "./service.ts";
import { ChallengeSessions } from "./sessions.ts";
import { TokenService } from "./tokens.ts";

export { getUserPoolDirectory, type IdTokenVerifier, type UserPoolDirectory } from "./directory.ts";
export type { MailboxMessage } from "../mailbox.ts";

export interface UserPoolOptions {
  /** Overrides every app client's access-token validity (default: the client's, 60 minutes unless set). */
  accessTokenTtlSeconds?: number;
  idTokenTtlSeconds?: number;
  refreshTokenTtlDays?: number;
  /** Overrides the lifetime of confirmation and password-reset codes (24 h and 1 h otherwise). */
  codeTtlSeconds?: number;
  now?: () => number;
}

/**
 * Cognito user pools for the local stack: the AWSCognitoIdentityProviderService API (awsJson1_1), the pools'
 * JWKS and discovery documents, and the dev mailbox. State lives in <stateDir>/cognito-idp.jsonl, or in memory
 * when the stack has no state dir.
 */
export function userPoolsExtension(options: UserPoolOptions = {}): StackExtension {
  return async (ctx: StackContext) => {
    const now = options.now ?? Date.now;
    const store = ctx.stateDir ? DurableStore.open(join(ctx.stateDir, "cognito-idp.jsonl")) : DurableStore.inMemory();
    const repo = new UserPoolRepository(store);
    repo.pruneExpired(now());
    repo.dropLegacyPasswordHashes();
    const issuerOf = (poolId: string) => `${ctx.endpoint()}/${poolId}`;
    const env: UserPoolEnv = {
      region: ctx.region,
      accountId: ctx.accountId,
      repo,
      tokens: new TokenService(repo, issuerOf, now, options),
      sessions: new ChallengeSessions(now),
      mailbox: new Mailbox(store, now),
      lockout: new SignInLockout(),
      deliveryRate: new DeliveryRate(),
      ...(options.codeTtlSeconds !== undefined ? { codeTtlMs: options.codeTtlSeconds * 1000 } : {}),
      now,
    };
    attachUserPoolDirectory(ctx, createUserPoolDirectory(env, issuerOf));
    const wellKnown = wellKnownRoutes(repo, env.tokens, issuerOf);
    return {
      services: [userPoolService(env)],
      async handle(req, res) {
        return (await env.mailbox.handle(req, res)) || wellKnown(req, res);
      },
      close() {
        attachUserPoolDirectory(ctx, undefined);
        store.close();
      },
    };
  };
}
