import type { Operation } from "../../../http/service.ts";
import { ServiceError } from "../../../http/service-error.ts";
import { judgeCode } from "../codes.ts";
import type { UserPoolEnv } from "../env.ts";
import { attemptLimit, codeMismatch, expiredCode, invalidParameter, notAuthorized } from "../errors.ts";
import { attributeList as readAttributeList, optionalString, requiredString } from "../input.ts";
import { ExistenceCover } from "../existence-cover.ts";
import type { ClientRecord, CodePurpose, PoolRecord, UserRecord } from "../records.ts";
import {
  checkPassword,
  checkSecretHash,
  deliveryTarget,
  findUser,
  newUserRecord,
  passwordCredentials,
  readAttributes,
  requireClient,
  sendCode,
  signUpDeliveryCandidates,
  userKey,
} from "../users.ts";

const EMAIL = /^[^@\s]+@[^@\s]+$/;
const PHONE = /^\+[0-9]{4,15}$/;

/**
 * In pools whose users sign in with email or phone (UsernameAttributes), the name given at sign-up must be one,
 * becomes that attribute, and the real username is the user's sub. Elsewhere the name is the username, and may
 * not look like an alias the pool signs in with.
 */
export function signInNameFor(
  pool: PoolRecord,
  requested: string,
  attributes: Record<string, string>,
): { attributes: Record<string, string>; usernameIsSub: boolean } {
  const allowsEmail = pool.usernameAttributes.includes("email");
  const allowsPhone = pool.usernameAttributes.includes("phone_number");
  if (allowsEmail || allowsPhone) {
    if (allowsEmail && EMAIL.test(requested)) return { attributes: { ...attributes, email: requested }, usernameIsSub: true };
    if (allowsPhone && PHONE.test(requested)) return { attributes: { ...attributes, phone_number: requested }, usernameIsSub: true };
    throw invalidParameter(
      allowsEmail && allowsPhone ? "Username should be either an email or a phone number." : allowsEmail ? "Username should be an email." : "Username should be a phone number.",
    );
  }
  if (pool.aliasAttributes.includes("email") && EMAIL.test(requested)) {
    throw invalidParameter("Username cannot be of email format, since user pool is configured for email alias.");
  }
  if (pool.aliasAttributes.includes("phone_number") && PHONE.test(requested)) {
    throw invalidParameter("Username cannot be of phone number format, since user pool is configured for phone_number alias.");
  }
  return { attributes, usernameIsSub: false };
}

const hidesExistence = (client: ClientRecord): boolean => client.preventUserExistenceErrors === "ENABLED";
const notFound = () => new ServiceError("UserNotFoundException", "Username/client id combination not found.");

/**
 * The user a code is for. A client hiding user existence answers for one it does not have as it would for a
 * wrong code: ConfirmSignUp with ExpiredCodeException, ConfirmForgotPassword (also for a disabled user) with
 * CodeMismatchException, as AWS documents for PreventUserExistenceErrors.
 */
function userForCode(env: UserPoolEnv, client: ClientRecord, pool: PoolRecord, name: string, purpose: CodePurpose): UserRecord {
  const user = findUser(env, pool, name);
  if (user && (user.enabled || purpose === "signup" || !hidesExistence(client))) return user;
  if (!hidesExistence(client)) throw notFound();
  throw purpose === "signup" ? expiredCode() : codeMismatch();
}

/** Judges a code, counting a wrong one durably; throws the Cognito exception for every outcome but a match. */
function consumeCode(env: UserPoolEnv, pool: PoolRecord, user: UserRecord, purpose: CodePurpose, given: string, tooMany: () => ServiceError) {
  const record = env.repo.code(pool, user, purpose);
  const verdict = judgeCode(record, given, env.now());
  if (verdict === "ok") {
    env.repo.deleteCode(pool, user, purpose);
    return record!;
  }
  if (verdict === "mismatch") {
    env.repo.putCode(pool, user, purpose, { ...record!, failedAttempts: record!.failedAttempts + 1 });
    throw codeMismatch();
  }
  throw verdict === "expired" ? expiredCode() : tooMany();
}

function checkDeliveryRate(env: UserPoolEnv, pool: PoolRecord, user: UserRecord): void {
  if (!env.deliveryRate.allow(userKey(pool, user), env.now())) throw attemptLimit();
}

export function signUpOperations(env: UserPoolEnv): Record<string, Operation> {
  const cover = new ExistenceCover(env);
  /** The answer to a code request for nobody (or nobody reachable): a code "sent" where it plausibly would be. */
  const simulated = (pool: PoolRecord, name: string) => ({ CodeDeliveryDetails: cover.delivery(pool, name) });
  return {
    async SignUp(input) {
      const { client, pool } = requireClient(env, requiredString(input, "ClientId", 128));
      const requested = requiredString(input, "Username", 128);
      checkSecretHash(client, optionalString(input, "SecretHash"), requested);
      if (pool.adminCreateUserOnly) throw notAuthorized("SignUp is not permitted for this user pool");
      const password = requiredString(input, "Password", 256);
      checkPassword(pool, password);
      const signIn = signInNameFor(pool, requested, readAttributes(pool, readAttributeList(input, "UserAttributes")));
      if (findUser(env, pool, requested)) {
        const attribute = pool.usernameAttributes.length ? (EMAIL.test(requested) ? "email" : "phone_number") : undefined;
        throw new ServiceError("UsernameExistsException", attribute ? `An account with the given ${attribute} already exists.` : "User already exists");
      }
      const base = newUserRecord(pool, requested, signIn.attributes, env.now());
      const username = signIn.usernameIsSub ? base.sub : requested;
      const user: UserRecord = { ...base, username, ...passwordCredentials(pool, username, password) };
      // Another SignUp for the same name may have finished while this one hashed.
      if (findUser(env, pool, requested)) throw new ServiceError("UsernameExistsException", "User already exists");
      env.repo.putUser(pool, user);
      const target = deliveryTarget(user, signUpDeliveryCandidates(pool));
      const delivery = target ? sendCode(env, pool, user, "signup", target) : undefined;
      return { UserConfirmed: false, UserSub: user.sub, ...(delivery ? { CodeDeliveryDetails: delivery } : {}) };
    },

    ConfirmSignUp(input) {
      const { client, pool } = requireClient(env, requiredString(input, "ClientId", 128));
      const name = requiredString(input, "Username", 128);
      checkSecretHash(client, optionalString(input, "SecretHash"), name);
      const code = requiredString(input, "ConfirmationCode", 2048);
      const user = userForCode(env, client, pool, name, "signup");
      if (user.status !== "UNCONFIRMED") throw notAuthorized(`User cannot be confirmed. Current status is ${user.status}`);
      const record = consumeCode(env, pool, user, "signup", code, () =>
        new ServiceError("TooManyFailedAttemptsException", "Too many failed attempts. Request a new code."),
      );
      const attributes = record.attribute ? { ...user.attributes, [`${record.attribute}_verified`]: "true" } : user.attributes;
      env.repo.putUser(pool, { ...user, attributes, status: "CONFIRMED", lastModifiedAt: env.now() });
      return {};
    },

    ResendConfirmationCode(input) {
      const found = codeRequestUser(env, input);
      if ("unknown" in found) return simulated(found.pool, found.name);
      const { pool, user } = found;
      if (user.status !== "UNCONFIRMED") throw invalidParameter("User is already confirmed.");
      const target = deliveryTarget(user, signUpDeliveryCandidates(pool));
      if (!target) throw invalidParameter("Auto verification not turned on.");
      checkDeliveryRate(env, pool, user);
      return { CodeDeliveryDetails: sendCode(env, pool, user, "signup", target) };
    },

    ForgotPassword(input) {
      const found = codeRequestUser(env, input);
      if ("unknown" in found) return simulated(found.pool, found.name);
      const { pool, user, client, name } = found;
      const verified = (["phone_number", "email"] as const).filter((a) => user.attributes[`${a}_verified`] === "true");
      const target = deliveryTarget(user, verified);
      if (!target) {
        // Nowhere to send it: a client hiding existence answers as if it had sent one.
        if (hidesExistence(client)) return simulated(pool, name);
        throw invalidParameter("Cannot reset password for the user as there is no registered/verified email or phone_number");
      }
      checkDeliveryRate(env, pool, user);
      return { CodeDeliveryDetails: sendCode(env, pool, user, "forgot-password", target) };
    },

    async ConfirmForgotPassword(input) {
      const { client, pool } = requireClient(env, requiredString(input, "ClientId", 128));
      const name = requiredString(input, "Username", 128);
      checkSecretHash(client, optionalString(input, "SecretHash"), name);
      const code = requiredString(input, "ConfirmationCode", 2048);
      const password = requiredString(input, "Password", 256);
      checkPassword(pool, password);
      const user = userForCode(env, client, pool, name, "forgot-password");
      consumeCode(env, pool, user, "forgot-password", code, attemptLimit);
      const updated: UserRecord = {
        ...user,
        ...passwordCredentials(pool, user.username, password),
        status: "CONFIRMED",
        lastModifiedAt: env.now(),
      };
      delete updated.temporaryPasswordExpiresAt;
      env.repo.putUser(pool, updated);
      env.lockout.recordSuccess(userKey(pool, user));
      return {};
    },
  };
}

/**
 * The user a ResendConfirmationCode or ForgotPassword names, or `unknown` for the simulated delivery Cognito
 * answers with instead when the client hides user existence: for a user it does not have, or a disabled one.
 */
function codeRequestUser(env: UserPoolEnv, input: Record<string, unknown>) {
  const { client, pool } = requireClient(env, requiredString(input, "ClientId", 128));
  const name = requiredString(input, "Username", 128);
  checkSecretHash(client, optionalString(input, "SecretHash"), name);
  const user = findUser(env, pool, name);
  if (user && (user.enabled || !hidesExistence(client))) return { pool, user, client, name };
  if (hidesExistence(client)) return { unknown: true as const, pool, name };
  throw notFound();
}
