import type { UserPoolEnv } from "./env.ts";
import { notAuthorized, userNotFound } from "./errors.ts";
import type { PoolRecord, UserRecord } from "./records.ts";
import { TokenRejected } from "./tokens.ts";

export interface SignedInUser {
  pool: PoolRecord;
  user: UserRecord;
  clientId: string;
  originJti: string;
}

/** The user an access token speaks for, refused with the messages Cognito gives for each reason. */
export async function signedInUser(env: UserPoolEnv, accessToken: string): Promise<SignedInUser> {
  let verified;
  try {
    verified = await env.tokens.verify(accessToken, "access");
  } catch (e) {
    if (e instanceof TokenRejected && e.problem === "expired") throw notAuthorized("Access Token has expired");
    throw notAuthorized("Invalid Access Token");
  }
  const { payload, poolId } = verified;
  const originJti = String(payload["origin_jti"] ?? "");
  if (env.repo.isOriginRevoked(originJti)) throw notAuthorized("Access Token has been revoked");
  const pool = env.repo.pool(poolId);
  if (!pool) throw notAuthorized("Invalid Access Token");
  const user = env.repo.user(pool, String(payload["username"] ?? ""));
  if (!user || user.sub !== payload.sub) throw userNotFound();
  return { pool, user, clientId: String(payload["client_id"] ?? ""), originJti };
}
