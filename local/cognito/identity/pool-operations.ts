import { identityNotFound, invalidParameter, poolNotFound } from "./errors.ts";
import { newRegionalId } from "./ids.ts";
import type { CognitoProviderConfig, IdentityRecord, IdentityState, PoolRecord } from "./state.ts";
import {
  identityIdOf,
  nextToken,
  optionalBoolean,
  optionalObjectList,
  optionalString,
  optionalStringList,
  optionalStringMap,
  pageStart,
  poolIdOf,
  requiredBoolean,
  requiredInteger,
  requiredString,
} from "./validation.ts";

type Input = Record<string, unknown>;

export interface PoolOperationsDeps {
  region: string;
  state: IdentityState;
  now: () => number;
}

/** Service model patterns (com.amazonaws.cognitoidentity). */
const POOL_NAME = /^[\w\s+=,.@-]+$/;
const USER_POOL_PROVIDER_NAME = /^[\w._:/-]+$/;
const CLIENT_ID = /^[\w_]+$/;
const ARN = /^arn:[A-Za-z0-9-]+:[A-Za-z0-9-]+:[A-Za-z0-9-]*:\d*:.+$/;
const ROLE_TYPES = new Set(["authenticated", "unauthenticated"]);

/** The signed administration operations: pools, their roles, and a look at their identities. */
export function poolOperations(deps: PoolOperationsDeps) {
  const { state } = deps;

  function requirePool(input: Input): PoolRecord {
    const poolId = poolIdOf(input);
    const pool = state.pool(poolId);
    if (!pool) throw poolNotFound(poolId);
    return pool;
  }

  return {
    CreateIdentityPool(input: Input) {
      const pool: PoolRecord = { IdentityPoolId: newRegionalId(deps.region), ...readPoolConfig(input), roles: {}, createdAt: deps.now() };
      state.savePool(pool);
      return describe(pool);
    },

    DescribeIdentityPool(input: Input) {
      return describe(requirePool(input));
    },

    UpdateIdentityPool(input: Input) {
      const pool = requirePool(input);
      const updated: PoolRecord = { IdentityPoolId: pool.IdentityPoolId, ...readPoolConfig(input), roles: pool.roles, roleMappings: pool.roleMappings, createdAt: pool.createdAt };
      state.savePool(updated);
      return describe(updated);
    },

    DeleteIdentityPool(input: Input) {
      state.deletePool(requirePool(input).IdentityPoolId);
      return {};
    },

    ListIdentityPools(input: Input) {
      const max = requiredInteger(input, "MaxResults", 1, 60);
      const start = pageStart(input);
      const pools = state.pools();
      const page = pools.slice(start, start + max);
      return {
        IdentityPools: page.map((p) => ({ IdentityPoolId: p.IdentityPoolId, IdentityPoolName: p.IdentityPoolName })),
        NextToken: nextToken(start + page.length, pools.length),
      };
    },

    SetIdentityPoolRoles(input: Input) {
      const pool = requirePool(input);
      const roles = optionalStringMap(input, "Roles", 2);
      if (roles === undefined) throw invalidParameter("1 validation error detected: Value null at 'roles' failed to satisfy constraint: Member must not be null");
      for (const [type, arn] of Object.entries(roles)) {
        if (!ROLE_TYPES.has(type)) throw invalidParameter(`Invalid role type '${type}': use authenticated or unauthenticated.`);
        if (!ARN.test(arn) || arn.length < 20 || arn.length > 2048) throw invalidParameter(`Invalid role ARN for '${type}': ${arn}`);
      }
      const mappings = input["RoleMappings"];
      if (mappings !== undefined && (mappings === null || typeof mappings !== "object" || Array.isArray(mappings))) {
        throw invalidParameter("1 validation error detected: Value at 'roleMappings' failed to satisfy constraint: Member must be a map");
      }
      state.savePool({ ...pool, roles, roleMappings: mappings as Record<string, unknown> | undefined });
      return {};
    },

    GetIdentityPoolRoles(input: Input) {
      const pool = requirePool(input);
      return { IdentityPoolId: pool.IdentityPoolId, Roles: pool.roles, RoleMappings: pool.roleMappings };
    },

    DescribeIdentity(input: Input) {
      const identityId = identityIdOf(input);
      const identity = state.identity(identityId);
      if (!identity) throw identityNotFound(identityId);
      return identityDescription(identity);
    },

    ListIdentities(input: Input) {
      const pool = requirePool(input);
      const max = requiredInteger(input, "MaxResults", 1, 60);
      optionalBoolean(input, "HideDisabled");
      const start = pageStart(input);
      const identities = state.identities(pool.IdentityPoolId);
      const page = identities.slice(start, start + max);
      return { IdentityPoolId: pool.IdentityPoolId, Identities: page.map(identityDescription), NextToken: nextToken(start + page.length, identities.length) };
    },
  };
}

type PoolConfig = Omit<PoolRecord, "IdentityPoolId" | "roles" | "roleMappings" | "createdAt">;

function readPoolConfig(input: Input): PoolConfig {
  return {
    IdentityPoolName: requiredString(input, "IdentityPoolName", { pattern: POOL_NAME, min: 1, max: 128 }),
    AllowUnauthenticatedIdentities: requiredBoolean(input, "AllowUnauthenticatedIdentities"),
    AllowClassicFlow: optionalBoolean(input, "AllowClassicFlow"),
    SupportedLoginProviders: optionalStringMap(input, "SupportedLoginProviders", 10),
    DeveloperProviderName: optionalString(input, "DeveloperProviderName", { min: 1, max: 128 }),
    OpenIdConnectProviderARNs: optionalStringList(input, "OpenIdConnectProviderARNs"),
    CognitoIdentityProviders: optionalObjectList(input, "CognitoIdentityProviders")?.map(readCognitoProvider),
    SamlProviderARNs: optionalStringList(input, "SamlProviderARNs"),
    IdentityPoolTags: optionalStringMap(input, "IdentityPoolTags", 50),
  };
}

function readCognitoProvider(entry: Input): CognitoProviderConfig {
  const provider: CognitoProviderConfig = { ProviderName: requiredString(entry, "ProviderName", { pattern: USER_POOL_PROVIDER_NAME, min: 1, max: 128 }) };
  const clientId = optionalString(entry, "ClientId", { pattern: CLIENT_ID, min: 1, max: 128 });
  const check = optionalBoolean(entry, "ServerSideTokenCheck");
  if (clientId !== undefined) provider.ClientId = clientId;
  if (check !== undefined) provider.ServerSideTokenCheck = check;
  return provider;
}

function describe(pool: PoolRecord): Record<string, unknown> {
  const { roles: _roles, roleMappings: _mappings, createdAt: _created, ...wire } = pool;
  return wire;
}

function identityDescription(identity: IdentityRecord): Record<string, unknown> {
  return {
    IdentityId: identity.identityId,
    Logins: [...new Set(identity.logins.map((l) => l.provider))],
    CreationDate: new Date(identity.createdAt),
    LastModifiedDate: new Date(identity.modifiedAt),
  };
}
