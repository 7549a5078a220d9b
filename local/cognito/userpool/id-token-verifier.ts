import { decodeJwt } from "jose";
import type { UserPoolDirectory } from "./directory.ts";
import type { UserPoolEnv } from "./env.ts";
import { notAuthorized } from "./errors.ts";
import { TokenRejected } from "./tokens.ts";

const PROVIDER = /^cognito-idp\.([a-z0-9-]+)\.amazonaws\.com\/([^/]+)$/;

/** Checks ID tokens for identity pools, with the messages Cognito Identity gives ("Invalid login token. …"). */
export function createUserPoolDirectory(env: UserPoolEnv, issuerOf: (poolId: string) => string): UserPoolDirectory {
  return {
    hasUserPool: (userPoolId) => env.repo.pool(userPoolId) !== undefined,
    issuer: issuerOf,
    async verifyIdToken(providerName, token) {
      const m = PROVIDER.exec(providerName);
      const poolId = m?.[2];
      if (!m || !poolId!.startsWith(`${m[1]}_`) || !env.repo.pool(poolId!)) {
        throw notAuthorized(`Invalid login token. Issuer doesn't match providerName`);
      }
      let verified;
      try {
        verified = await env.tokens.verify(token, "id");
      } catch (e) {
        if (e instanceof TokenRejected && e.problem === "expired") {
          const exp = Number(decodeJwt(token).exp);
          throw notAuthorized(`Invalid login token. Token expired: ${Math.floor(env.now() / 1000)} >= ${exp}`);
        }
        throw notAuthorized("Invalid login token. Not a valid OpenId Connect identity token.");
      }
      if (verified.poolId !== poolId) throw notAuthorized("Invalid login token. Issuer doesn't match providerName");
      const clientId = String(verified.payload.aud ?? "");
      const client = env.repo.client(clientId);
      if (!client || client.poolId !== poolId) throw notAuthorized("Invalid login token. Incorrect token audience.");
      return { sub: String(verified.payload.sub), claims: verified.payload, clientId };
    },
  };
}
