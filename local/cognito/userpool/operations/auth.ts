import { randomUUID } from "node:crypto";
import type { Operation } from "../../../http/service.ts";
import type { ServiceError } from "../../../http/service-error.ts";
import { newVerificationCode } from "../codes.ts";
import type { UserPoolEnv } from "../env.ts";
import { cognitoError, incorrectCredentials, invalidParameter, notAuthorized } from "../errors.ts";
import { srpPoolName } from "../ids.ts";
import { optionalString, requiredParameter, requiredString, stringMap } from "../input.ts";
import { maskPhone } from "../masking.ts";
import { poolOffersMfa, type ClientRecord, type ExplicitAuthFlow, type PoolRecord, type UserRecord } from "../records.ts";
import type { ChallengeName, ChallengeState } from "../sessions.ts";
import { claimMatches, claimSignature, parseClientPublic, parseSrpTimestamp, passwordMatchesVerifier, serverEphemeral, serverSessionKey } from "../srp.ts";
import { ExistenceCover } from "../existence-cover.ts";
import { TokenService } from "../tokens.ts";
import { totpMatches } from "../totp.ts";
import {
  checkPassword,
  checkSecretHash,
  findUser,
  passwordCredentials,
  passwordMatches,
  readAttributes,
  requireClient,
  unknownUser,
  userKey,
} from "../users.ts";

/** How far a PASSWORD_VERIFIER TIMESTAMP may be from the server's clock. */
const SRP_TIMESTAMP_SKEW_MS = 15 * 60 * 1000;

const CHALLENGES: readonly ChallengeName[] = ["PASSWORD_VERIFIER", "SMS_MFA", "SOFTWARE_TOKEN_MFA", "NEW_PASSWORD_REQUIRED", "MFA_SETUP"];

type AuthAnswer = Record<string, unknown>;

function requireFlow(client: ClientRecord, flow: ExplicitAuthFlow, name: string): void {
  if (!client.explicitAuthFlows.includes(flow)) throw invalidParameter(`${name} flow not enabled for this client`);
}

const passwordAttemptsExceeded = () => notAuthorized("Password attempts exceeded");

export function authOperations(env: UserPoolEnv): Record<string, Operation> {
  const now = () => env.now();
  const cover = new ExistenceCover(env);

  async function issueTokens(pool: PoolRecord, client: ClientRecord, user: UserRecord, authTime: number): Promise<AuthAnswer> {
    const originJti = randomUUID();
    const tokens = await env.tokens.issue(pool, client, user, { originJti, authTime });
    const RefreshToken = TokenService.newRefreshToken();
    env.repo.putRefreshToken(RefreshToken, {
      poolId: pool.id,
      clientId: client.clientId,
      username: user.username,
      originJti,
      authTime,
      expiresAt: now() + env.tokens.refreshTtlMs(client),
    });
    return { ChallengeParameters: {}, AuthenticationResult: { ...tokens, RefreshToken } };
  }

  function challenge(state: ChallengeState, parameters: Record<string, string>): AuthAnswer {
    return { ChallengeName: state.challenge, Session: env.sessions.open(state), ChallengeParameters: parameters };
  }

  /** After the password: MFA when the pool and the user call for it, else tokens. */
  async function secondFactorOrTokens(pool: PoolRecord, client: ClientRecord, user: UserRecord, authTime: number): Promise<AuthAnswer> {
    const base = { poolId: pool.id, clientId: client.clientId, username: user.username, authTime };
    if (pool.mfaConfiguration === "OFF") return issueTokens(pool, client, user, authTime);
    const totp = user.mfa.totpEnabled && user.mfa.totpSecret !== undefined && poolOffersMfa(pool, "SOFTWARE_TOKEN_MFA");
    const phone = user.attributes["phone_number"];
    const sms = phone !== undefined && poolOffersMfa(pool, "SMS_MFA") && (user.mfa.smsEnabled || pool.mfaConfiguration === "ON");
    const useTotp = totp && (user.mfa.preferred !== "SMS_MFA" || !sms);
    if (useTotp) return challenge({ ...base, challenge: "SOFTWARE_TOKEN_MFA" }, { USER_ID_FOR_SRP: user.username });
    if (sms) {
      const code = newVerificationCode();
      env.mailbox.deliver({ to: phone, medium: "SMS", body: `Your authentication code is ${code}`, code });
      return challenge(
        { ...base, challenge: "SMS_MFA", smsCode: code },
        { CODE_DELIVERY_DELIVERY_MEDIUM: "SMS", CODE_DELIVERY_DESTINATION: maskPhone(phone), USER_ID_FOR_SRP: user.username },
      );
    }
    if (pool.mfaConfiguration === "ON") {
      return challenge({ ...base, challenge: "MFA_SETUP" }, { MFAS_CAN_SETUP: '["SOFTWARE_TOKEN_MFA"]', USER_ID_FOR_SRP: user.username });
    }
    return issueTokens(pool, client, user, authTime);
  }

  /** The password is right; what the account's state makes of it. */
  async function afterPassword(pool: PoolRecord, client: ClientRecord, user: UserRecord): Promise<AuthAnswer> {
    const authTime = Math.floor(now() / 1000);
    if (!user.enabled) throw notAuthorized("User is disabled.");
    if (user.status === "UNCONFIRMED") throw cognitoError("UserNotConfirmedException", "User is not confirmed.");
    if (user.status === "RESET_REQUIRED") throw cognitoError("PasswordResetRequiredException", "Password reset required for the user");
    if (user.status === "FORCE_CHANGE_PASSWORD") {
      if ((user.temporaryPasswordExpiresAt ?? Infinity) <= now()) {
        throw notAuthorized("Temporary password has expired and must be reset by an administrator.");
      }
      const visible = Object.fromEntries(Object.entries(user.attributes));
      return challenge(
        { poolId: pool.id, clientId: client.clientId, username: user.username, authTime, challenge: "NEW_PASSWORD_REQUIRED" },
        { USER_ID_FOR_SRP: user.username, requiredAttributes: "[]", userAttributes: JSON.stringify(visible) },
      );
    }
    return secondFactorOrTokens(pool, client, user, authTime);
  }

  function checkNotLocked(pool: PoolRecord, user: UserRecord): void {
    if (env.lockout.isLocked(userKey(pool, user), now())) throw passwordAttemptsExceeded();
  }

  function wrongPassword(pool: PoolRecord, user: UserRecord): ServiceError {
    env.lockout.recordFailure(userKey(pool, user), now());
    return incorrectCredentials();
  }

  async function userPasswordAuth(pool: PoolRecord, client: ClientRecord, params: Record<string, string>): Promise<AuthAnswer> {
    requireFlow(client, "ALLOW_USER_PASSWORD_AUTH", "USER_PASSWORD_AUTH");
    const name = requiredParameter(params, "USERNAME");
    const password = requiredParameter(params, "PASSWORD");
    checkSecretHash(client, params["SECRET_HASH"], name);
    const user = findUser(env, pool, name);
    if (!user) {
      if (client.preventUserExistenceErrors !== "ENABLED") throw unknownUser(client);
      // The work of checking a real password, against the name's stand-in, then a wrong password's answer.
      const standIn = cover.srp(pool, name);
      passwordMatchesVerifier(srpPoolName(pool.id), standIn.userIdForSrp, password, standIn.verifier);
      throw incorrectCredentials();
    }
    checkNotLocked(pool, user);
    if (!passwordMatches(pool, user, password)) throw wrongPassword(pool, user);
    env.lockout.recordSuccess(userKey(pool, user));
    return afterPassword(pool, client, user);
  }

  function userSrpAuth(pool: PoolRecord, client: ClientRecord, params: Record<string, string>): AuthAnswer {
    requireFlow(client, "ALLOW_USER_SRP_AUTH", "USER_SRP_AUTH");
    const name = requiredParameter(params, "USERNAME");
    const srpA = requiredParameter(params, "SRP_A");
    checkSecretHash(client, params["SECRET_HASH"], name);
    const A = parseClientPublic(srpA);
    if (A === undefined) throw invalidParameter("SRP_A is not a valid SRP public value.");
    const user = findUser(env, pool, name);
    if (!user && client.preventUserExistenceErrors !== "ENABLED") throw unknownUser(client);
    // A client hiding user existence gets a challenge for an unknown user too, with the same salt and a
    // UUID-shaped user id every time for that name, as AWS documents; it can only end in the generic failure.
    const standIn = user ? undefined : cover.srp(pool, name);
    const verifier = user?.srp ?? standIn!.verifier;
    const ephemeral = serverEphemeral(verifier.verifier);
    const userId = user?.username ?? standIn!.userIdForSrp;
    const secretBlock = env.sessions.open({
      poolId: pool.id,
      clientId: client.clientId,
      username: user ? user.username : "",
      challenge: "PASSWORD_VERIFIER",
      authTime: Math.floor(now() / 1000),
      srp: { A: A.toString(16), b: ephemeral.b.toString(16), B: ephemeral.B.toString(16) },
    });
    return {
      ChallengeName: "PASSWORD_VERIFIER",
      ChallengeParameters: { SALT: verifier.salt, SRP_B: ephemeral.B.toString(16), SECRET_BLOCK: secretBlock, USER_ID_FOR_SRP: userId, USERNAME: userId },
    };
  }

  async function refreshTokenAuth(pool: PoolRecord, client: ClientRecord, params: Record<string, string>): Promise<AuthAnswer> {
    requireFlow(client, "ALLOW_REFRESH_TOKEN_AUTH", "REFRESH_TOKEN_AUTH");
    const token = requiredParameter(params, "REFRESH_TOKEN");
    const record = env.repo.refreshToken(token);
    if (!record || record.clientId !== client.clientId) throw notAuthorized("Invalid Refresh Token");
    if (record.revoked) throw notAuthorized("Refresh Token has been revoked");
    if (record.expiresAt <= now()) throw notAuthorized("Refresh Token has expired");
    const user = env.repo.user(pool, record.username);
    if (!user) throw notAuthorized("User does not exist.");
    const names = [user.username, user.sub, ...(params["USERNAME"] ? [params["USERNAME"]] : [])];
    checkSecretHash(client, params["SECRET_HASH"], ...names);
    if (!user.enabled) throw notAuthorized("User is disabled.");
    const tokens = await env.tokens.issue(pool, client, user, { originJti: record.originJti, authTime: record.authTime });
    return { ChallengeParameters: {}, AuthenticationResult: tokens };
  }

  /** The user a challenge answer names must be the one the session was opened for. */
  function sessionUser(pool: PoolRecord, state: ChallengeState, name: string): UserRecord {
    const user = state.username === "" ? undefined : env.repo.user(pool, state.username);
    if (!user || findUser(env, pool, name)?.username !== user.username) throw incorrectCredentials();
    return user;
  }

  async function passwordVerifier(pool: PoolRecord, client: ClientRecord, responses: Record<string, string>, name: string): Promise<AuthAnswer> {
    const secretBlock = requiredParameter(responses, "PASSWORD_CLAIM_SECRET_BLOCK");
    const signature = requiredParameter(responses, "PASSWORD_CLAIM_SIGNATURE");
    const timestamp = requiredParameter(responses, "TIMESTAMP");
    const state = env.sessions.peek(secretBlock, "PASSWORD_VERIFIER", client.clientId);
    env.sessions.spend(secretBlock);
    const when = parseSrpTimestamp(timestamp);
    if (!when) throw invalidParameter("TIMESTAMP format is invalid: expected \"ddd MMM D HH:mm:ss UTC YYYY\".");
    if (Math.abs(when.getTime() - now()) > SRP_TIMESTAMP_SKEW_MS) throw incorrectCredentials();
    const user = sessionUser(pool, state, name);
    checkNotLocked(pool, user);
    const { A, b, B } = state.srp!;
    const key = serverSessionKey(BigInt(`0x${A}`), { b: BigInt(`0x${b}`), B: BigInt(`0x${B}`) }, user.srp.verifier);
    const expected = key && claimSignature(key, srpPoolName(pool.id), user.username, secretBlock, timestamp);
    if (!expected || !claimMatches(expected, signature)) throw wrongPassword(pool, user);
    env.lockout.recordSuccess(userKey(pool, user));
    return afterPassword(pool, client, user);
  }

  /** SMS and TOTP answers: a wrong code costs the session one of its attempts. */
  async function mfaAnswer(
    pool: PoolRecord,
    client: ClientRecord,
    session: string | undefined,
    kind: "SMS_MFA" | "SOFTWARE_TOKEN_MFA",
    responses: Record<string, string>,
    name: string,
  ): Promise<AuthAnswer> {
    const code = requiredParameter(responses, kind === "SMS_MFA" ? "SMS_MFA_CODE" : "SOFTWARE_TOKEN_MFA_CODE");
    const state = env.sessions.peek(session, kind, client.clientId);
    const user = sessionUser(pool, state, name);
    const ok = kind === "SMS_MFA" ? code === state.smsCode : user.mfa.totpSecret !== undefined && totpMatches(user.mfa.totpSecret, code, now());
    if (!ok) {
      env.sessions.fail(session!);
      throw cognitoError("CodeMismatchException", "Invalid code or auth state for the user.");
    }
    env.sessions.spend(session!);
    return issueTokens(pool, client, user, state.authTime);
  }

  async function newPasswordRequired(pool: PoolRecord, client: ClientRecord, session: string | undefined, responses: Record<string, string>, name: string) {
    const password = requiredParameter(responses, "NEW_PASSWORD");
    const state = env.sessions.peek(session, "NEW_PASSWORD_REQUIRED", client.clientId);
    const user = sessionUser(pool, state, name);
    checkPassword(pool, password, "NEW_PASSWORD");
    const extra = Object.entries(responses)
      .filter(([k]) => k.startsWith("userAttributes."))
      .map(([k, Value]) => ({ Name: k.slice("userAttributes.".length), Value }));
    const updated: UserRecord = {
      ...user,
      ...passwordCredentials(pool, user.username, password),
      attributes: { ...user.attributes, ...readAttributes(pool, extra) },
      status: "CONFIRMED",
      lastModifiedAt: now(),
    };
    delete updated.temporaryPasswordExpiresAt;
    env.sessions.spend(session!);
    env.repo.putUser(pool, updated);
    return secondFactorOrTokens(pool, client, updated, state.authTime);
  }

  async function mfaSetup(pool: PoolRecord, client: ClientRecord, session: string | undefined, name: string) {
    const state = env.sessions.peek(session, "MFA_SETUP", client.clientId);
    const user = sessionUser(pool, state, name);
    if (!state.totpVerified) throw invalidParameter("Software token MFA has not been verified in this session: call AssociateSoftwareToken and VerifySoftwareToken first.");
    env.sessions.spend(session!);
    return issueTokens(pool, client, user, state.authTime);
  }

  return {
    async InitiateAuth(input) {
      const flow = requiredString(input, "AuthFlow", 64);
      const { client, pool } = requireClient(env, requiredString(input, "ClientId", 128));
      const params = stringMap(input, "AuthParameters");
      switch (flow) {
        case "USER_PASSWORD_AUTH":
          return userPasswordAuth(pool, client, params);
        case "USER_SRP_AUTH":
          return userSrpAuth(pool, client, params);
        case "REFRESH_TOKEN_AUTH":
        case "REFRESH_TOKEN":
          return refreshTokenAuth(pool, client, params);
        case "CUSTOM_AUTH":
          requireFlow(client, "ALLOW_CUSTOM_AUTH", "CUSTOM_AUTH");
          throw invalidParameter("Custom auth lambda trigger is not configured for the user pool.");
        case "ADMIN_NO_SRP_AUTH":
        case "ADMIN_USER_PASSWORD_AUTH":
          throw invalidParameter("Initiate Auth method not supported.");
        default:
          throw invalidParameter(
            `1 validation error detected: Value '${flow}' at 'authFlow' failed to satisfy constraint: Member must satisfy enum value set: [USER_SRP_AUTH, REFRESH_TOKEN_AUTH, REFRESH_TOKEN, CUSTOM_AUTH, USER_PASSWORD_AUTH]`,
          );
      }
    },

    async RespondToAuthChallenge(input) {
      const { client, pool } = requireClient(env, requiredString(input, "ClientId", 128));
      const name = requiredString(input, "ChallengeName", 64);
      if (!(CHALLENGES as readonly string[]).includes(name)) {
        throw invalidParameter(`Challenge ${name} is not supported by the local stack; it serves ${CHALLENGES.join(", ")}.`);
      }
      const session = optionalString(input, "Session", 2048);
      const responses = stringMap(input, "ChallengeResponses");
      const username = requiredParameter(responses, "USERNAME");
      checkSecretHash(client, responses["SECRET_HASH"], username);
      switch (name as ChallengeName) {
        case "PASSWORD_VERIFIER":
          return passwordVerifier(pool, client, responses, username);
        case "SMS_MFA":
        case "SOFTWARE_TOKEN_MFA":
          return mfaAnswer(pool, client, session, name as "SMS_MFA" | "SOFTWARE_TOKEN_MFA", responses, username);
        case "NEW_PASSWORD_REQUIRED":
          return newPasswordRequired(pool, client, session, responses, username);
        case "MFA_SETUP":
          return mfaSetup(pool, client, session, username);
      }
    },
  };
}
