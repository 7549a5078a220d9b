import { randomUUID } from "node:crypto";
import { ServiceError } from "../../http/service-error.ts";
import { newVerificationCode, RESET_CODE_TTL_MS, SIGNUP_CODE_TTL_MS } from "./codes.ts";
import type { UserPoolEnv } from "./env.ts";
import { invalidParameter, notAuthorized, resourceNotFound, userNotFound } from "./errors.ts";
import { srpPoolName } from "./ids.ts";
import { maskEmail, maskPhone } from "./masking.ts";
import { checkPasswordShape, passwordPolicyViolation } from "./password-policy.ts";
import type { ClientRecord, CodePurpose, PoolRecord, UserRecord } from "./records.ts";
import { UserPoolRepository } from "./repository.ts";
import { secretHashMatches } from "./secret-hash.ts";
import { createVerifier, passwordMatchesVerifier } from "./srp.ts";

export const STANDARD_ATTRIBUTES = new Set([
  "address", "birthdate", "email", "email_verified", "family_name", "gender", "given_name", "locale", "middle_name",
  "name", "nickname", "phone_number", "phone_number_verified", "picture", "preferred_username", "profile",
  "updated_at", "website", "zoneinfo",
]);

export function requirePool(env: UserPoolEnv, poolId: string): PoolRecord {
  const pool = env.repo.pool(poolId);
  if (!pool) throw resourceNotFound(`User pool ${poolId} does not exist.`);
  return pool;
}

export function requireClient(env: UserPoolEnv, clientId: string): { client: ClientRecord; pool: PoolRecord } {
  const client = env.repo.client(clientId);
  const pool = client && env.repo.pool(client.poolId);
  if (!client || !pool) throw resourceNotFound(`User pool client ${clientId} does not exist.`);
  return { client, pool };
}

/** SECRET_HASH is required from clients with a secret, and must be computed over the username the request sends. */
export function checkSecretHash(client: ClientRecord, given: string | undefined, ...usernames: string[]): void {
  if (!client.clientSecret) return;
  if (given === undefined || given === "") {
    throw notAuthorized(`Client ${client.clientId} is configured with secret but SECRET_HASH was not received`);
  }
  if (!usernames.some((u) => secretHashMatches(client.clientSecret!, u, client.clientId, given))) {
    throw notAuthorized(`Unable to verify secret hash for client ${client.clientId}`);
  }
}

/**
 * The user a sign-in name refers to: the username itself, or, in pools that sign in with email / phone (username
 * or alias attributes), the user holding that value (aliases only once verified).
 */
export function findUser(env: UserPoolEnv, pool: PoolRecord, name: string): UserRecord | undefined {
  const direct = env.repo.user(pool, name);
  if (direct) return direct;
  const signInAttributes = pool.usernameAttributes.length > 0 ? pool.usernameAttributes : pool.aliasAttributes;
  if (signInAttributes.length === 0) return undefined;
  const wanted = name.toLowerCase();
  return env.repo.users(pool.id).find((user) =>
    signInAttributes.some((attribute) => {
      if (user.attributes[attribute]?.toLowerCase() !== wanted) return false;
      // An alias signs in only once verified; a username attribute is the sign-in name itself.
      const needsVerification = pool.usernameAttributes.length === 0 && attribute !== "preferred_username";
      return !needsVerification || user.attributes[`${attribute}_verified`] === "true";
    }),
  );
}

/** Unknown user: UserNotFoundException, or the generic failure when the client hides whether users exist. */
export function unknownUser(client: ClientRecord): ServiceError {
  return client.preventUserExistenceErrors === "ENABLED" ? notAuthorized("Incorrect username or password.") : userNotFound();
}

const EMAIL = /^[^@\s]+@[^@\s]+$/;
const PHONE = /^\+[0-9]{4,15}$/;

/** Validates UserAttributes against the pool's schema; `sub` and the verified flags are the service's to set. */
export function readAttributes(pool: PoolRecord, list: Array<{ Name: string; Value: string }>, allowVerifiedFlags = false): Record<string, string> {
  const out: Record<string, string> = {};
  for (const { Name, Value } of list) {
    const custom = Name.startsWith("custom:") && pool.customAttributes.includes(Name.slice("custom:".length));
    if (Name === "sub") throw invalidParameter("Attributes did not conform to the schema: sub: Attribute cannot be updated.");
    if (!STANDARD_ATTRIBUTES.has(Name) && !custom) {
      throw invalidParameter(`Attributes did not conform to the schema: Type for attribute {${Name}} could not be determined`);
    }
    if (Name.endsWith("_verified") && !allowVerifiedFlags) continue;
    if (Name === "email" && !EMAIL.test(Value)) throw invalidParameter("Invalid email address format.");
    if (Name === "phone_number" && !PHONE.test(Value)) throw invalidParameter("Invalid phone number format.");
    if (Value.length > 2048) throw invalidParameter(`Attribute value for ${Name} must not be longer than 2048 characters`);
    out[Name] = Value;
  }
  return out;
}

export function attributeList(user: UserRecord): Array<{ Name: string; Value: string }> {
  return [{ Name: "sub", Value: user.sub }, ...Object.entries(user.attributes).map(([Name, Value]) => ({ Name, Value }))];
}

/** Policy first as Cognito does (InvalidParameterException for the shape, InvalidPasswordException for the policy). */
export function checkPassword(pool: PoolRecord, password: string, member = "password"): void {
  checkPasswordShape(password, member);
  const violation = passwordPolicyViolation(pool.passwordPolicy, password);
  if (violation) throw new ServiceError("InvalidPasswordException", violation);
}

/**
 * What is stored of a password: the SRP verifier, salted with the pool name and the username the record carries,
 * which is what USER_SRP_AUTH sends as USER_ID_FOR_SRP.
 */
export function passwordCredentials(pool: PoolRecord, username: string, password: string): Pick<UserRecord, "srp"> {
  return { srp: createVerifier(srpPoolName(pool.id), username, password) };
}

/** A plain password (USER_PASSWORD_AUTH, ChangePassword) against the user's verifier, with the same salts. */
export function passwordMatches(pool: PoolRecord, user: UserRecord, password: string): boolean {
  return passwordMatchesVerifier(srpPoolName(pool.id), user.username, password, user.srp);
}

export function newUserRecord(pool: PoolRecord, username: string, attributes: Record<string, string>, now: number): Omit<UserRecord, "srp"> {
  return {
    poolId: pool.id,
    username,
    sub: randomUUID(),
    attributes,
    status: "UNCONFIRMED",
    enabled: true,
    createdAt: now,
    lastModifiedAt: now,
    mfa: { smsEnabled: false, totpEnabled: false },
  };
}

export const userKey = (pool: PoolRecord, user: UserRecord): string => UserPoolRepository.userKey(pool, user.username);

export interface CodeDelivery {
  Destination: string;
  DeliveryMedium: "EMAIL" | "SMS";
  AttributeName: "email" | "phone_number";
}

/** Where a code for this user goes: phone before email when both qualify, as Cognito's legacy recovery does. */
export function deliveryTarget(user: UserRecord, candidates: Array<"email" | "phone_number">): { to: string; details: CodeDelivery } | undefined {
  for (const attribute of candidates) {
    const to = user.attributes[attribute];
    if (!to) continue;
    return attribute === "email"
      ? { to, details: { Destination: maskEmail(to), DeliveryMedium: "EMAIL", AttributeName: "email" } }
      : { to, details: { Destination: maskPhone(to), DeliveryMedium: "SMS", AttributeName: "phone_number" } };
  }
  return undefined;
}

const TEXT: Record<CodePurpose, (code: string) => { subject: string; body: string }> = {
  signup: (code) => ({ subject: "Your verification code", body: `Your confirmation code is ${code}` }),
  "forgot-password": (code) => ({ subject: "Your password reset code", body: `Your password reset code is ${code}` }),
};

/** Makes a code, stores it, then "sends" it: both durable before the caller answers. */
export function sendCode(env: UserPoolEnv, pool: PoolRecord, user: UserRecord, purpose: CodePurpose, target: { to: string; details: CodeDelivery }): CodeDelivery {
  const code = newVerificationCode();
  const ttl = env.codeTtlMs ?? (purpose === "signup" ? SIGNUP_CODE_TTL_MS : RESET_CODE_TTL_MS);
  env.repo.putCode(pool, user, purpose, { code, attribute: target.details.AttributeName, expiresAt: env.now() + ttl, failedAttempts: 0 });
  const text = TEXT[purpose](code);
  env.mailbox.deliver({ to: target.to, medium: target.details.DeliveryMedium, subject: text.subject, body: text.body, code });
  return target.details;
}

export function signUpDeliveryCandidates(pool: PoolRecord): Array<"email" | "phone_number"> {
  const out: Array<"email" | "phone_number"> = [];
  if (pool.autoVerifiedAttributes.includes("phone_number")) out.push("phone_number");
  if (pool.autoVerifiedAttributes.includes("email")) out.push("email");
  return out;
}
