import type { Operation } from "../../../http/service.ts";
import { signedInUser } from "../access.ts";
import type { UserPoolEnv } from "../env.ts";
import { cognitoError, invalidParameter, notAuthorized } from "../errors.ts";
import { optionalString, optionalStructure, requiredString } from "../input.ts";
import { poolOffersMfa, type PoolRecord, type UserRecord } from "../records.ts";
import { newTotpSecret, totpMatches } from "../totp.ts";

/** PreferredMfaSetting and UserMFASettingList as GetUser / AdminGetUser answer them. */
export function mfaSettingsOutput(user: UserRecord) {
  const list = [...(user.mfa.smsEnabled ? ["SMS_MFA"] : []), ...(user.mfa.totpEnabled ? ["SOFTWARE_TOKEN_MFA"] : [])];
  return {
    ...(user.mfa.preferred ? { PreferredMfaSetting: user.mfa.preferred } : {}),
    ...(list.length ? { UserMFASettingList: list } : {}),
  };
}

/**
 * Associate/VerifySoftwareToken take either an access token (a signed-in user adding an authenticator app) or the
 * Session of an MFA_SETUP challenge (a user who must set one up before the pool lets them in).
 */
async function subject(env: UserPoolEnv, input: Record<string, unknown>) {
  const accessToken = optionalString(input, "AccessToken", 131_072);
  const session = optionalString(input, "Session", 2048);
  if (accessToken !== undefined) return { ...(await signedInUser(env, accessToken)), session: undefined };
  if (session === undefined) throw invalidParameter("Either AccessToken or Session must be given.");
  const state = env.sessions.peek(session, "MFA_SETUP");
  const pool = env.repo.pool(state.poolId);
  const user = pool && env.repo.user(pool, state.username);
  if (!pool || !user) throw notAuthorized("Invalid session for the user.");
  return { pool, user, session, state };
}

export function mfaOperations(env: UserPoolEnv): Record<string, Operation> {
  const save = (pool: PoolRecord, user: UserRecord) => env.repo.putUser(pool, { ...user, lastModifiedAt: env.now() });
  return {
    async AssociateSoftwareToken(input) {
      const { pool, user, session } = await subject(env, input);
      if (pool.mfaConfiguration === "OFF") throw invalidParameter("MFA is not enabled for this user pool.");
      if (!poolOffersMfa(pool, "SOFTWARE_TOKEN_MFA")) throw invalidParameter("Software token MFA is not enabled for this user pool.");
      const secret = newTotpSecret();
      save(pool, { ...user, mfa: { ...user.mfa, pendingTotpSecret: secret } });
      return { SecretCode: secret, ...(session ? { Session: session } : {}) };
    },

    async VerifySoftwareToken(input) {
      const found = await subject(env, input);
      const code = requiredString(input, "UserCode", 6);
      const { pool, user } = found;
      const secret = user.mfa.pendingTotpSecret;
      if (!secret) throw invalidParameter("No software token is associated with the user: call AssociateSoftwareToken first.");
      if (!totpMatches(secret, code, env.now())) {
        throw cognitoError("EnableSoftwareTokenMFAException", "Code mismatch and fail enable Software Token MFA");
      }
      const { pendingTotpSecret: _verified, ...mfa } = user.mfa;
      const setupState = found.session && "state" in found ? found.state : undefined;
      // Verified, the app is usable; a signed-in user turns it on with SetUserMFAPreference, while one setting it
      // up because the pool requires MFA has it on (and preferred) at once, or the next sign-in could not use it.
      const enabled = setupState ? { totpEnabled: true, preferred: mfa.preferred ?? ("SOFTWARE_TOKEN_MFA" as const) } : {};
      save(pool, { ...user, mfa: { ...mfa, totpSecret: secret, ...enabled } });
      if (setupState) setupState.totpVerified = true;
      return { Status: "SUCCESS", ...(found.session ? { Session: found.session } : {}) };
    },

    async SetUserMFAPreference(input) {
      const { pool, user } = await signedInUser(env, requiredString(input, "AccessToken", 131_072));
      const sms = optionalStructure(input, "SMSMfaSettings");
      const totp = optionalStructure(input, "SoftwareTokenMfaSettings");
      const mfa = { ...user.mfa };
      if (sms) {
        if (sms["Enabled"] === true && !poolOffersMfa(pool, "SMS_MFA")) throw invalidParameter("SMS MFA is not enabled for this user pool.");
        if (sms["Enabled"] === true && !user.attributes["phone_number"]) {
          throw invalidParameter("User does not have delivery config set to turn on SMS_MFA");
        }
        if (typeof sms["Enabled"] === "boolean") mfa.smsEnabled = sms["Enabled"];
        if (sms["PreferredMfa"] === true) mfa.preferred = "SMS_MFA";
        else if (sms["PreferredMfa"] === false && mfa.preferred === "SMS_MFA") delete mfa.preferred;
      }
      if (totp) {
        if (totp["Enabled"] === true && !poolOffersMfa(pool, "SOFTWARE_TOKEN_MFA")) throw invalidParameter("Software token MFA is not enabled for this user pool.");
        if (totp["Enabled"] === true && !user.mfa.totpSecret) throw invalidParameter("User has not verified software token mfa");
        if (typeof totp["Enabled"] === "boolean") mfa.totpEnabled = totp["Enabled"];
        if (totp["PreferredMfa"] === true) mfa.preferred = "SOFTWARE_TOKEN_MFA";
        else if (totp["PreferredMfa"] === false && mfa.preferred === "SOFTWARE_TOKEN_MFA") delete mfa.preferred;
      }
      if (mfa.preferred === "SMS_MFA" && !mfa.smsEnabled) delete mfa.preferred;
      if (mfa.preferred === "SOFTWARE_TOKEN_MFA" && !mfa.totpEnabled) delete mfa.preferred;
      save(pool, { ...user, mfa });
      return {};
    },
  };
}
