import type { RequestContext } from "../../http/service.ts";
import {
  identityNotFound,
  invalidPoolConfiguration,
  LOGINS_DONT_MATCH,
  notAuthorized,
  poolNotFound,
  resourceConflict,
  UNAUTHENTICATED_NOT_SUPPORTED,
} from "./errors.ts";
import { newRegionalId } from "./ids.ts";
import type { IssuedCredentials } from "./issued-credentials.ts";
import { readLogins, verifyLogins, type LoginSources } from "./logins.ts";
import type { OpenIdTokens } from "./open-id-tokens.ts";
import type { IdentityRecord, IdentityState, LoginRef, PoolRecord } from "./state.ts";
import { identityIdOf, optionalString, poolIdOf } from "./validation.ts";

type Input = Record<string, unknown>;

export interface IdentityOperationsDeps {
  region: string;
  state: IdentityState;
  credentials: IssuedCredentials;
  openIdTokens: OpenIdTokens;
  /** The issuer the OpenID tokens name: the stack's endpoint, known at request time. */
  issuer: () => string;
  logins: LoginSources;
  now: () => number;
}

const MERGE_UNSUPPORTED = "These logins belong to different identities; the local stack does not merge identities.";

/** The unsigned operations a game client calls: GetId, GetCredentialsForIdentity, GetOpenIdToken. */
export function identityOperations(deps: IdentityOperationsDeps) {
  const { state } = deps;

  function requirePool(poolId: string): PoolRecord {
    const pool = state.pool(poolId);
    if (!pool) throw poolNotFound(poolId);
    return pool;
  }

  function createIdentity(pool: PoolRecord, logins: LoginRef[]): IdentityRecord {
    const now = deps.now();
    const identity: IdentityRecord = { identityId: newRegionalId(deps.region), poolId: pool.IdentityPoolId, logins, createdAt: now, modifiedAt: now };
    state.saveIdentity(identity);
    return identity;
  }

  /** Adds logins an identity does not have yet (Cognito links every login presented with a valid one). */
  function link(identity: IdentityRecord, logins: LoginRef[]): IdentityRecord {
    const fresh = logins.filter((l) => !identity.logins.some((m) => m.provider === l.provider && m.subject === l.subject));
    if (fresh.length === 0) return identity;
    const updated = { ...identity, logins: [...identity.logins, ...fresh], modifiedAt: deps.now() };
    state.saveIdentity(updated);
    return updated;
  }

  /** The identities the given logins already belong to in a pool. */
  function owners(poolId: string, logins: LoginRef[]): Set<string> {
    const out = new Set<string>();
    for (const login of logins) {
      const owner = state.identityOfLogin(poolId, login);
      if (owner) out.add(owner);
    }
    return out;
  }

  /** Same logins → same identity; new logins → a new identity; logins spread over several → refused. */
  function identityForLogins(pool: PoolRecord, logins: LoginRef[]): IdentityRecord {
    const found = [...owners(pool.IdentityPoolId, logins)];
    if (found.length > 1) throw resourceConflict(MERGE_UNSUPPORTED);
    const existing = found[0] === undefined ? undefined : state.identity(found[0]);
    return existing ? link(existing, logins) : createIdentity(pool, logins);
  }

  /**
   * Which identity a call about `identity` with these logins is really for, and whether it is signed in.
   * A guest identity presented with a new login becomes that login's identity; with a login that already
   * has an identity, the call is answered for that identity (the one Cognito keeps when it merges).
   */
  async function resolveCaller(identity: IdentityRecord, pool: PoolRecord, input: Input): Promise<{ identity: IdentityRecord; authenticated: boolean }> {
    const presented = readLogins(input);
    if (Object.keys(presented).length === 0) {
      if (identity.logins.length > 0) throw notAuthorized(LOGINS_DONT_MATCH);
      if (!pool.AllowUnauthenticatedIdentities) throw notAuthorized(UNAUTHENTICATED_NOT_SUPPORTED);
      return { identity, authenticated: false };
    }
    const verified = await verifyLogins(pool, presented, deps.logins);
    if (identity.logins.length > 0) {
      const matches = verified.some((v) => identity.logins.some((l) => l.provider === v.provider && l.subject === v.subject));
      if (!matches) throw notAuthorized(LOGINS_DONT_MATCH);
      const elsewhere = [...owners(pool.IdentityPoolId, verified)].filter((id) => id !== identity.identityId);
      if (elsewhere.length > 0) throw resourceConflict(MERGE_UNSUPPORTED);
      return { identity: link(identity, verified), authenticated: true };
    }
    const found = [...owners(pool.IdentityPoolId, verified)];
    if (found.length > 1) throw resourceConflict(MERGE_UNSUPPORTED);
    const owner = found[0] === undefined ? undefined : state.identity(found[0]);
    return { identity: owner ? link(owner, verified) : link(identity, verified), authenticated: true };
  }

  async function callerFor(input: Input): Promise<{ identity: IdentityRecord; pool: PoolRecord; authenticated: boolean }> {
    const identityId = identityIdOf(input);
    const identity = state.identity(identityId);
    if (!identity) throw identityNotFound(identityId);
    const pool = state.pool(identity.poolId);
    // The pool was deleted: its identities went with it.
    if (!pool) throw identityNotFound(identityId);
    return { ...(await resolveCaller(identity, pool, input)), pool };
  }

  return {
    async GetId(input: Input, _ctx: RequestContext) {
      const pool = requirePool(poolIdOf(input));
      optionalString(input, "AccountId", { pattern: /^\d+$/, min: 1, max: 15 });
      const presented = readLogins(input);
      if (Object.keys(presented).length === 0) {
        if (!pool.AllowUnauthenticatedIdentities) throw notAuthorized(UNAUTHENTICATED_NOT_SUPPORTED);
        return { IdentityId: createIdentity(pool, []).identityId };
      }
      const verified = await verifyLogins(pool, presented, deps.logins);
      return { IdentityId: identityForLogins(pool, verified).identityId };
    },

    async GetCredentialsForIdentity(input: Input, _ctx: RequestContext) {
      // CustomRoleArn picks among roles that role mappings allow; the local stack has no role mappings.
      optionalString(input, "CustomRoleArn", { min: 20, max: 2048 });
      const { identity, pool, authenticated } = await callerFor(input);
      const roleArn = pool.roles[authenticated ? "authenticated" : "unauthenticated"];
      if (!roleArn) throw invalidPoolConfiguration();
      return { IdentityId: identity.identityId, Credentials: deps.credentials.issue(identity.identityId, roleArn) };
    },

    async GetOpenIdToken(input: Input, _ctx: RequestContext) {
      const { identity, pool, authenticated } = await callerFor(input);
      const providers = authenticated ? [...new Set(identity.logins.map((l) => l.provider))] : [];
      return { IdentityId: identity.identityId, Token: await deps.openIdTokens.sign(deps.issuer(), pool.IdentityPoolId, identity.identityId, providers, deps.now()) };
    },
  };
}
