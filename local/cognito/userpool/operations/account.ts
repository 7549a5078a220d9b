import type { Operation } from "../../../http/service.ts";
import { signedInUser } from "../access.ts";
import type { UserPoolEnv } from "../env.ts";
import { cognitoError, incorrectCredentials, notAuthorized } from "../errors.ts";
import { optionalString, requiredString } from "../input.ts";
import type { UserRecord } from "../records.ts";
import { MAX_ACCESS_TOKEN_LIFETIME_MS } from "../tokens.ts";
import { attributeList, checkPassword, passwordCredentials, passwordMatches, requireClient, userKey } from "../users.ts";
import { mfaSettingsOutput } from "./mfa.ts";

export function accountOperations(env: UserPoolEnv): Record<string, Operation> {
  const revokeUntil = () => env.now() + MAX_ACCESS_TOKEN_LIFETIME_MS;
  return {
    async GetUser(input) {
      const { user } = await signedInUser(env, requiredString(input, "AccessToken", 131_072));
      return { Username: user.username, UserAttributes: attributeList(user), ...mfaSettingsOutput(user) };
    },

    async ChangePassword(input) {
      const { pool, user } = await signedInUser(env, requiredString(input, "AccessToken", 131_072));
      const previous = optionalString(input, "PreviousPassword", 256);
      const proposed = requiredString(input, "ProposedPassword", 256);
      checkPassword(pool, proposed, "proposedPassword");
      if (env.lockout.isLocked(userKey(pool, user), env.now())) throw notAuthorized("Password attempts exceeded");
      if (previous === undefined || !passwordMatches(pool, user, previous)) {
        env.lockout.recordFailure(userKey(pool, user), env.now());
        throw incorrectCredentials();
      }
      const updated: UserRecord = { ...user, ...passwordCredentials(pool, user.username, proposed), lastModifiedAt: env.now() };
      env.repo.putUser(pool, updated);
      return {};
    },

    /** Ends every session of the user: refresh tokens revoked, and the access tokens they produced with them. */
    async GlobalSignOut(input) {
      const { pool, user } = await signedInUser(env, requiredString(input, "AccessToken", 131_072));
      for (const originJti of env.repo.revokeRefreshTokensOf(pool.id, user.username)) env.repo.revokeOrigin(originJti, revokeUntil());
      return {};
    },

    /**
     * Revokes one refresh token and the access tokens issued from it. A token that is unknown or already revoked
     * is accepted silently, as OAuth revocation (RFC 7009) answers; one issued to another client is refused.
     */
    RevokeToken(input) {
      const token = requiredString(input, "Token", 131_072);
      const { client } = requireClient(env, requiredString(input, "ClientId", 128));
      const secret = optionalString(input, "ClientSecret", 256);
      if (client.clientSecret && secret !== client.clientSecret) {
        throw notAuthorized(`Client ${client.clientId} is configured with secret but ClientSecret was not received or is wrong`);
      }
      if (!client.enableTokenRevocation) throw cognitoError("UnsupportedOperationException", "Token revocation is not enabled for this client.");
      const record = env.repo.refreshToken(token);
      if (!record || record.revoked) return {};
      if (record.clientId !== client.clientId) throw cognitoError("UnauthorizedException", "The token was not issued to this client.");
      env.repo.revokeRefreshToken(record);
      env.repo.revokeOrigin(record.originJti, revokeUntil());
      return {};
    },
  };
}
