import type { Operation } from "../../../http/service.ts";
import { ServiceError } from "../../../http/service-error.ts";
import type { UserPoolEnv } from "../env.ts";
import { invalidParameter, userNotFound } from "../errors.ts";
import { newClientId, newClientSecret, newUserPoolId } from "../ids.ts";
import {
  optionalBoolean,
  optionalInteger,
  optionalString,
  optionalStringList,
  optionalStructure,
  requiredString,
  attributeList as readAttributeList,
} from "../input.ts";
import { compileUserFilter } from "../list-users-filter.ts";
import { MAX_ACCESS_TOKEN_LIFETIME_MS } from "../tokens.ts";
import { generateTemporaryPassword, passwordPolicyFrom } from "../password-policy.ts";
import type { ClientRecord, ExplicitAuthFlow, PoolRecord, TimeUnit, UserRecord } from "../records.ts";
import {
  attributeList,
  checkPassword,
  deliveryTarget,
  findUser,
  newUserRecord,
  passwordCredentials,
  readAttributes,
  requirePool,
  STANDARD_ATTRIBUTES,
} from "../users.ts";
import { mfaSettingsOutput } from "./mfa.ts";
import { signInNameFor } from "./sign-up.ts";

export const oneOf = <T extends string>(value: string | undefined, allowed: readonly T[], member: string): T | undefined => {
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) {
    throw invalidParameter(`1 validation error detected: Value '${value}' at '${member}' failed to satisfy constraint: Member must satisfy enum value set: [${allowed.join(", ")}]`);
  }
  return value as T;
};

export function describePool(env: UserPoolEnv, pool: PoolRecord) {
  return {
    Id: pool.id,
    Name: pool.name,
    Arn: pool.arn,
    Policies: { PasswordPolicy: pool.passwordPolicy },
    LambdaConfig: {},
    LastModifiedDate: new Date(pool.lastModifiedAt),
    CreationDate: new Date(pool.createdAt),
    SchemaAttributes: [
      { Name: "sub", AttributeDataType: "String", Mutable: false, Required: true, DeveloperOnlyAttribute: false },
      ...[...STANDARD_ATTRIBUTES].map((Name) => ({
        Name,
        AttributeDataType: Name.endsWith("_verified") ? "Boolean" : Name === "updated_at" ? "Number" : "String",
        Mutable: true,
        Required: false,
        DeveloperOnlyAttribute: false,
      })),
      ...pool.customAttributes.map((n) => ({ Name: `custom:${n}`, AttributeDataType: "String", Mutable: true, Required: false, DeveloperOnlyAttribute: false })),
    ],
    AutoVerifiedAttributes: pool.autoVerifiedAttributes,
    ...(pool.usernameAttributes.length ? { UsernameAttributes: pool.usernameAttributes } : {}),
    ...(pool.aliasAttributes.length ? { AliasAttributes: pool.aliasAttributes } : {}),
    MfaConfiguration: pool.mfaConfiguration,
    EstimatedNumberOfUsers: env.repo.users(pool.id).length,
    UsernameConfiguration: { CaseSensitive: pool.caseSensitive },
    AdminCreateUserConfig: { AllowAdminCreateUserOnly: pool.adminCreateUserOnly ?? false, UnusedAccountValidityDays: pool.passwordPolicy.TemporaryPasswordValidityDays },
    UserPoolTags: pool.tags,
    DeletionProtection: "INACTIVE",
  };
}

export function describeClient(client: ClientRecord) {
  return {
    UserPoolId: client.poolId,
    ClientName: client.clientName,
    ClientId: client.clientId,
    ...(client.clientSecret ? { ClientSecret: client.clientSecret } : {}),
    LastModifiedDate: new Date(client.lastModifiedAt),
    CreationDate: new Date(client.createdAt),
    RefreshTokenValidity: client.refreshTokenValidity,
    AccessTokenValidity: client.accessTokenValidity,
    IdTokenValidity: client.idTokenValidity,
    TokenValidityUnits: client.tokenValidityUnits,
    ExplicitAuthFlows: client.explicitAuthFlowsAsGiven,
    PreventUserExistenceErrors: client.preventUserExistenceErrors,
    EnableTokenRevocation: client.enableTokenRevocation,
    EnablePropagateAdditionalUserContextData: false,
    AllowedOAuthFlowsUserPoolClient: false,
    AuthSessionValidity: 3,
  };
}

export function describeUser(user: UserRecord, attributesToGet?: string[]) {
  const attributes = attributeList(user);
  return {
    Username: user.username,
    Attributes: attributesToGet ? attributes.filter((a) => attributesToGet.includes(a.Name)) : attributes,
    UserCreateDate: new Date(user.createdAt),
    UserLastModifiedDate: new Date(user.lastModifiedAt),
    Enabled: user.enabled,
    UserStatus: user.status,
  };
}

function requireUser(env: UserPoolEnv, pool: PoolRecord, username: string): UserRecord {
  const user = findUser(env, pool, username);
  if (!user) throw userNotFound();
  return user;
}

export const SIGN_IN_ATTRIBUTES = ["email", "phone_number"] as const;
const LEGACY_FLOWS: Record<string, ExplicitAuthFlow> = {
  USER_PASSWORD_AUTH: "ALLOW_USER_PASSWORD_AUTH",
  ADMIN_NO_SRP_AUTH: "ALLOW_ADMIN_USER_PASSWORD_AUTH",
  CUSTOM_AUTH_FLOW_ONLY: "ALLOW_CUSTOM_AUTH",
};
const ALLOW_FLOWS: ExplicitAuthFlow[] = [
  "ALLOW_USER_PASSWORD_AUTH",
  "ALLOW_USER_SRP_AUTH",
  "ALLOW_REFRESH_TOKEN_AUTH",
  "ALLOW_CUSTOM_AUTH",
  "ALLOW_ADMIN_USER_PASSWORD_AUTH",
];

/**
 * ExplicitAuthFlows: either the ALLOW_ names or the legacy ones, not both. Left out, a client gets SRP, refresh
 * and custom auth (the API's default); legacy lists keep SRP and refresh implicitly allowed, as they always were.
 */
export function authFlows(given: string[] | undefined): ExplicitAuthFlow[] {
  if (given === undefined) return ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_CUSTOM_AUTH"];
  const legacy = given.filter((f) => f in LEGACY_FLOWS);
  const modern = given.filter((f) => (ALLOW_FLOWS as string[]).includes(f));
  const unknown = given.filter((f) => !(f in LEGACY_FLOWS) && !(ALLOW_FLOWS as string[]).includes(f));
  if (unknown.length) throw invalidParameter(`Invalid ExplicitAuthFlows: ${unknown.join(", ")}`);
  if (legacy.length && modern.length) throw invalidParameter("ExplicitAuthFlow cannot have both ALLOW_ and legacy values");
  if (legacy.length) return [...new Set([...legacy.map((f) => LEGACY_FLOWS[f]!), "ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"] as ExplicitAuthFlow[])];
  return modern as ExplicitAuthFlow[];
}

/** AdminCreateUserConfig.AllowAdminCreateUserOnly, false when left out. */
export function adminCreateUserOnly(input: Record<string, unknown>): boolean {
  const config = optionalStructure(input, "AdminCreateUserConfig");
  const value = config?.["AllowAdminCreateUserOnly"];
  if (value !== undefined && value !== null && typeof value !== "boolean") throw invalidParameter("AdminCreateUserConfig.AllowAdminCreateUserOnly must be a boolean.");
  return value === true;
}

const UNITS = ["seconds", "minutes", "hours", "days"] as const;
const UNIT_SECONDS: Record<TimeUnit, number> = { seconds: 1, minutes: 60, hours: 3600, days: 86_400 };

export function tokenValidity(input: Record<string, unknown>) {
  const unitsIn = optionalStructure(input, "TokenValidityUnits") ?? {};
  const unit = (name: string, fallback: TimeUnit): TimeUnit =>
    oneOf(typeof unitsIn[name] === "string" ? (unitsIn[name] as string) : undefined, UNITS, `tokenValidityUnits.${name}`) ?? fallback;
  const units = { AccessToken: unit("AccessToken", "minutes"), IdToken: unit("IdToken", "minutes"), RefreshToken: unit("RefreshToken", "days") };
  const access = optionalInteger(input, "AccessTokenValidity", 1, 86_400) ?? (units.AccessToken === "minutes" ? 60 : 1);
  const id = optionalInteger(input, "IdTokenValidity", 1, 86_400) ?? (units.IdToken === "minutes" ? 60 : 1);
  const refresh = optionalInteger(input, "RefreshTokenValidity", 0, 315_360_000) ?? (units.RefreshToken === "days" ? 30 : 30 * 86_400 / UNIT_SECONDS[units.RefreshToken]);
  // Cognito's ranges: access and ID tokens 5 minutes to 1 day, refresh tokens 60 minutes to 10 years.
  const within = (value: number, u: TimeUnit, min: number, max: number) => value * UNIT_SECONDS[u] >= min && value * UNIT_SECONDS[u] <= max;
  if (!within(access, units.AccessToken, 300, 86_400)) throw invalidParameter("Invalid range for token validity: AccessTokenValidity must be between 5 minutes and 1 day.");
  if (!within(id, units.IdToken, 300, 86_400)) throw invalidParameter("Invalid range for token validity: IdTokenValidity must be between 5 minutes and 1 day.");
  if (!within(refresh, units.RefreshToken, 3600, 315_360_000)) throw invalidParameter("Invalid range for token validity: RefreshTokenValidity must be between 60 minutes and 10 years.");
  return { accessTokenValidity: access, idTokenValidity: id, refreshTokenValidity: refresh, tokenValidityUnits: units };
}

/**
 * The settings CreateUserPoolClient and UpdateUserPoolClient both take, each defaulted as the API defaults it
 * (Update* sets every setting it covers: one left out goes back to its default).
 */
export function clientSettings(input: Record<string, unknown>) {
  const given = optionalStringList(input, "ExplicitAuthFlows");
  return {
    explicitAuthFlows: authFlows(given),
    explicitAuthFlowsAsGiven: given ?? ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_CUSTOM_AUTH"],
    ...tokenValidity(input),
    preventUserExistenceErrors: oneOf(optionalString(input, "PreventUserExistenceErrors"), ["ENABLED", "LEGACY"] as const, "preventUserExistenceErrors") ?? "LEGACY",
    enableTokenRevocation: optionalBoolean(input, "EnableTokenRevocation") ?? true,
  };
}

export function adminOperations(env: UserPoolEnv): Record<string, Operation> {
  return {
    async CreateUserPool(input) {
      const name = requiredString(input, "PoolName", 128);
      const policies = optionalStructure(input, "Policies");
      const usernameAttributes = optionalStringList(input, "UsernameAttributes") ?? [];
      const aliasAttributes = optionalStringList(input, "AliasAttributes") ?? [];
      if (usernameAttributes.length && aliasAttributes.length) {
        throw invalidParameter("Only one of aliasAttributes or usernameAttributes can be set in a User Pool.");
      }
      usernameAttributes.forEach((a) => oneOf(a, SIGN_IN_ATTRIBUTES, "usernameAttributes"));
      aliasAttributes.forEach((a) => oneOf(a, [...SIGN_IN_ATTRIBUTES, "preferred_username"] as const, "aliasAttributes"));
      const autoVerified = optionalStringList(input, "AutoVerifiedAttributes") ?? [];
      autoVerified.forEach((a) => oneOf(a, SIGN_IN_ATTRIBUTES, "autoVerifiedAttributes"));
      const usernameConfiguration = optionalStructure(input, "UsernameConfiguration");
      const schema = input["Schema"];
      if (schema !== undefined && !Array.isArray(schema)) throw invalidParameter("Schema must be a list of attribute definitions.");
      const customAttributes = ((schema as Array<Record<string, unknown>> | undefined) ?? [])
        .map((s) => String(s?.["Name"] ?? "").replace(/^custom:/, ""))
        .filter((n) => n !== "" && n !== "sub" && !STANDARD_ATTRIBUTES.has(n));
      const tags = optionalStructure(input, "UserPoolTags") ?? {};
      const now = env.now();
      const id = newUserPoolId(env.region);
      const pool: PoolRecord = {
        id,
        name,
        arn: `arn:aws:cognito-idp:${env.region}:${env.accountId}:userpool/${id}`,
        createdAt: now,
        lastModifiedAt: now,
        passwordPolicy: passwordPolicyFrom(policies?.["PasswordPolicy"]),
        mfaConfiguration: oneOf(optionalString(input, "MfaConfiguration"), ["OFF", "ON", "OPTIONAL"] as const, "mfaConfiguration") ?? "OFF",
        autoVerifiedAttributes: autoVerified,
        adminCreateUserOnly: adminCreateUserOnly(input),
        usernameAttributes,
        aliasAttributes,
        caseSensitive: usernameConfiguration?.["CaseSensitive"] !== false,
        customAttributes,
        tags: Object.fromEntries(Object.entries(tags).map(([k, v]) => [k, String(v)])),
      };
      // The key first: a pool is never visible without the key its tokens need.
      await env.tokens.ensureSigningKey(id);
      env.repo.putPool(pool);
      return { UserPool: describePool(env, pool) };
    },

    DescribeUserPool(input) {
      return { UserPool: describePool(env, requirePool(env, requiredString(input, "UserPoolId", 55))) };
    },

    ListUserPools(input) {
      const max = optionalInteger(input, "MaxResults", 1, 60);
      if (max === undefined) throw invalidParameter("1 validation error detected: Value null at 'maxResults' failed to satisfy constraint: Member must not be null");
      const pools = env.repo.pools().sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id));
      const start = decodeToken(optionalString(input, "NextToken"));
      const page = pools.slice(start, start + max);
      return {
        UserPools: page.map((p) => ({ Id: p.id, Name: p.name, LambdaConfig: {}, LastModifiedDate: new Date(p.lastModifiedAt), CreationDate: new Date(p.createdAt) })),
        ...(start + max < pools.length ? { NextToken: encodeToken(start + max) } : {}),
      };
    },

    CreateUserPoolClient(input) {
      const pool = requirePool(env, requiredString(input, "UserPoolId", 55));
      const clientName = requiredString(input, "ClientName", 128);
      const now = env.now();
      const client: ClientRecord = {
        clientId: newClientId(),
        poolId: pool.id,
        clientName,
        ...(optionalBoolean(input, "GenerateSecret") ? { clientSecret: newClientSecret() } : {}),
        createdAt: now,
        lastModifiedAt: now,
        ...clientSettings(input),
      };
      env.repo.putClient(client);
      return { UserPoolClient: describeClient(client) };
    },

    DescribeUserPoolClient(input) {
      const pool = requirePool(env, requiredString(input, "UserPoolId", 55));
      const clientId = requiredString(input, "ClientId", 128);
      const client = env.repo.client(clientId);
      if (!client || client.poolId !== pool.id) throw new ServiceError("ResourceNotFoundException", `User pool client ${clientId} does not exist.`);
      return { UserPoolClient: describeClient(client) };
    },

    ListUserPoolClients(input) {
      const pool = requirePool(env, requiredString(input, "UserPoolId", 55));
      const max = optionalInteger(input, "MaxResults", 1, 60) ?? 60;
      const clients = env.repo.clients(pool.id).sort((a, b) => a.createdAt - b.createdAt || a.clientId.localeCompare(b.clientId));
      const start = decodeToken(optionalString(input, "NextToken"));
      return {
        UserPoolClients: clients.slice(start, start + max).map((c) => ({ ClientId: c.clientId, UserPoolId: c.poolId, ClientName: c.clientName })),
        ...(start + max < clients.length ? { NextToken: encodeToken(start + max) } : {}),
      };
    },

    async AdminCreateUser(input) {
      const pool = requirePool(env, requiredString(input, "UserPoolId", 55));
      const requested = requiredString(input, "Username", 128);
      const action = oneOf(optionalString(input, "MessageAction"), ["RESEND", "SUPPRESS"] as const, "messageAction");
      const mediums = optionalStringList(input, "DesiredDeliveryMediums") ?? ["SMS"];
      mediums.forEach((m) => oneOf(m, ["SMS", "EMAIL"] as const, "desiredDeliveryMediums"));
      const attributes = readAttributes(pool, readAttributeList(input, "UserAttributes"), true);
      const given = optionalString(input, "TemporaryPassword", 256);
      if (given !== undefined) checkPassword(pool, given, "temporaryPassword");
      const temporary = given ?? generateTemporaryPassword(pool.passwordPolicy);
      const existing = findUser(env, pool, requested);
      const now = env.now();
      let user: UserRecord;
      if (action === "RESEND") {
        if (!existing) throw userNotFound();
        if (existing.status !== "FORCE_CHANGE_PASSWORD") {
          throw new ServiceError("UnsupportedUserStateException", `Resend not possible. ${existing.username} status is not FORCE_CHANGE_PASSWORD.`);
        }
        user = { ...existing, ...passwordCredentials(pool, existing.username, temporary), lastModifiedAt: now };
      } else {
        if (existing) throw new ServiceError("UsernameExistsException", "User account already exists");
        const signIn = signInNameFor(pool, requested, attributes);
        const base = newUserRecord(pool, requested, signIn.attributes, now);
        const username = signIn.usernameIsSub ? base.sub : requested;
        user = { ...base, username, ...passwordCredentials(pool, username, temporary), status: "FORCE_CHANGE_PASSWORD" };
      }
      user.temporaryPasswordExpiresAt = now + pool.passwordPolicy.TemporaryPasswordValidityDays * 86_400_000;
      env.repo.putUser(pool, user);
      if (action !== "SUPPRESS") {
        const candidates = [
          ...(mediums.includes("SMS") ? (["phone_number"] as const) : []),
          ...(mediums.includes("EMAIL") ? (["email"] as const) : []),
        ];
        const target = deliveryTarget(user, candidates);
        if (target) {
          env.mailbox.deliver({
            to: target.to,
            medium: target.details.DeliveryMedium,
            subject: "Your temporary password",
            body: `Your username is ${requested} and temporary password is ${temporary}.`,
          });
        }
      }
      return { User: describeUser(user) };
    },

    async AdminSetUserPassword(input) {
      const pool = requirePool(env, requiredString(input, "UserPoolId", 55));
      const user = requireUser(env, pool, requiredString(input, "Username", 128));
      const password = requiredString(input, "Password", 256);
      checkPassword(pool, password);
      const permanent = optionalBoolean(input, "Permanent") ?? false;
      const now = env.now();
      const updated: UserRecord = {
        ...user,
        ...passwordCredentials(pool, user.username, password),
        status: permanent ? "CONFIRMED" : "FORCE_CHANGE_PASSWORD",
        lastModifiedAt: now,
      };
      if (permanent) delete updated.temporaryPasswordExpiresAt;
      else updated.temporaryPasswordExpiresAt = now + pool.passwordPolicy.TemporaryPasswordValidityDays * 86_400_000;
      env.repo.putUser(pool, updated);
      return {};
    },

    AdminConfirmSignUp(input) {
      const pool = requirePool(env, requiredString(input, "UserPoolId", 55));
      const user = requireUser(env, pool, requiredString(input, "Username", 128));
      if (user.status !== "UNCONFIRMED") throw new ServiceError("NotAuthorizedException", `User cannot be confirmed. Current status is ${user.status}`);
      env.repo.putUser(pool, { ...user, status: "CONFIRMED", lastModifiedAt: env.now() });
      env.repo.deleteCode(pool, user, "signup");
      return {};
    },

    AdminGetUser(input) {
      const pool = requirePool(env, requiredString(input, "UserPoolId", 55));
      const user = requireUser(env, pool, requiredString(input, "Username", 128));
      const { Attributes, ...rest } = describeUser(user);
      return { ...rest, UserAttributes: Attributes, ...mfaSettingsOutput(user) };
    },

    ListUsers(input) {
      const pool = requirePool(env, requiredString(input, "UserPoolId", 55));
      const limit = optionalInteger(input, "Limit", 0, 60) ?? 60;
      const predicate = compileUserFilter(optionalString(input, "Filter", 256));
      const attributesToGet = optionalStringList(input, "AttributesToGet");
      const users = env.repo
        .users(pool.id)
        .filter(predicate)
        .sort((a, b) => a.createdAt - b.createdAt || a.username.localeCompare(b.username));
      const start = decodeToken(optionalString(input, "PaginationToken"));
      const size = limit === 0 ? 60 : limit;
      return {
        Users: users.slice(start, start + size).map((u) => describeUser(u, attributesToGet)),
        ...(start + size < users.length ? { PaginationToken: encodeToken(start + size) } : {}),
      };
    },

    AdminDeleteUser(input) {
      const pool = requirePool(env, requiredString(input, "UserPoolId", 55));
      const user = requireUser(env, pool, requiredString(input, "Username", 128));
      for (const originJti of env.repo.revokeRefreshTokensOf(pool.id, user.username)) {
        env.repo.revokeOrigin(originJti, env.now() + MAX_ACCESS_TOKEN_LIFETIME_MS);
      }
      env.repo.deleteUser(pool, user);
      return {};
    },

    /** Deactivates the user: no more sign-ins, and (as AWS says) every token it holds is revoked. */
    AdminDisableUser(input) {
      const pool = requirePool(env, requiredString(input, "UserPoolId", 55));
      const user = requireUser(env, pool, requiredString(input, "Username", 128));
      for (const originJti of env.repo.revokeRefreshTokensOf(pool.id, user.username)) {
        env.repo.revokeOrigin(originJti, env.now() + MAX_ACCESS_TOKEN_LIFETIME_MS);
      }
      env.repo.putUser(pool, { ...user, enabled: false, lastModifiedAt: env.now() });
      return {};
    },

    AdminEnableUser(input) {
      const pool = requirePool(env, requiredString(input, "UserPoolId", 55));
      const user = requireUser(env, pool, requiredString(input, "Username", 128));
      env.repo.putUser(pool, { ...user, enabled: true, lastModifiedAt: env.now() });
      return {};
    },
  };
}

const encodeToken = (offset: number): string => Buffer.from(JSON.stringify({ offset })).toString("base64");

function decodeToken(token: string | undefined): number {
  if (token === undefined) return 0;
  try {
    const offset = (JSON.parse(Buffer.from(token, "base64").toString("utf8")) as { offset?: unknown }).offset;
    if (typeof offset === "number" && Number.isInteger(offset) && offset >= 0) return offset;
  } catch {
    // answered below
  }
  throw invalidParameter("Invalid pagination token.");
}
