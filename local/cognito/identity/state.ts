import { join } from "node:path";
import { DurableStore } from "../../store/durable-store.ts";

export interface CognitoProviderConfig {
  ProviderName: string;
  ClientId?: string;
  ServerSideTokenCheck?: boolean;
}

/** An identity pool as configured over the wire (the service model's IdentityPool shape) plus its roles. */
export interface PoolRecord {
  IdentityPoolId: string;
  IdentityPoolName: string;
  AllowUnauthenticatedIdentities: boolean;
  AllowClassicFlow?: boolean;
  SupportedLoginProviders?: Record<string, string>;
  DeveloperProviderName?: string;
  OpenIdConnectProviderARNs?: string[];
  CognitoIdentityProviders?: CognitoProviderConfig[];
  SamlProviderARNs?: string[];
  IdentityPoolTags?: Record<string, string>;
  roles: Record<string, string>;
  roleMappings?: Record<string, unknown>;
  createdAt: number;
}

/** A login is a provider and the provider's user: `cognito-idp…/<pool>` + sub, `www.amazon.com` + user_id, … */
export interface LoginRef {
  provider: string;
  subject: string;
}

export interface IdentityRecord {
  identityId: string;
  poolId: string;
  logins: LoginRef[];
  createdAt: number;
  modifiedAt: number;
}

export interface CredentialRow {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  /** Epoch ms. */
  expiration: number;
  roleArn: string;
  identityId: string;
}

const POOLS = "pools";
const IDENTITIES = "identities";
const LOGINS = "logins";
const CREDENTIALS = "credentials";
const KEYS = "keys";

/** Expired credentials are still recognised for a day, so a late caller hears ExpiredToken rather than "unknown key". */
const EXPIRED_CREDENTIAL_RETENTION_MS = 24 * 60 * 60 * 1000;

/** Everything the identity pools keep, durable when the stack has a state directory. */
export class IdentityState {
  private readonly store: DurableStore;
  private lastPrune = 0;

  private readonly now: () => number;
  constructor(
    stateDir: string | undefined,
    now: () => number,
  ) {
    this.now = now;
    this.store = stateDir ? DurableStore.open(join(stateDir, "cognito-identity.jsonl")) : DurableStore.inMemory();
    this.pruneCredentials();
  }

  pool(poolId: string): PoolRecord | undefined {
    return this.store.get<PoolRecord>(POOLS, poolId);
  }

  pools(): PoolRecord[] {
    return this.store.values<PoolRecord>(POOLS).sort((a, b) => a.createdAt - b.createdAt || a.IdentityPoolId.localeCompare(b.IdentityPoolId));
  }

  savePool(pool: PoolRecord): void {
    this.store.put(POOLS, pool.IdentityPoolId, pool);
  }

  /** Removes the pool, its identities and their logins; credentials already issued run out on their own, as STS sessions do. */
  deletePool(poolId: string): void {
    for (const identity of this.identities(poolId)) {
      for (const login of identity.logins) this.store.delete(LOGINS, loginKey(poolId, login));
      this.store.delete(IDENTITIES, identity.identityId);
    }
    this.store.delete(POOLS, poolId);
  }

  identity(identityId: string): IdentityRecord | undefined {
    return this.store.get<IdentityRecord>(IDENTITIES, identityId);
  }

  identities(poolId: string): IdentityRecord[] {
    return this.store
      .values<IdentityRecord>(IDENTITIES)
      .filter((i) => i.poolId === poolId)
      .sort((a, b) => a.createdAt - b.createdAt || a.identityId.localeCompare(b.identityId));
  }

  /** The identity a login belongs to in a pool. */
  identityOfLogin(poolId: string, login: LoginRef): string | undefined {
    return this.store.get<string>(LOGINS, loginKey(poolId, login));
  }

  /** Writes the identity and indexes its logins; a login's index entry is written before anything that trusts it. */
  saveIdentity(identity: IdentityRecord): void {
    for (const login of identity.logins) this.store.put(LOGINS, loginKey(identity.poolId, login), identity.identityId);
    this.store.put(IDENTITIES, identity.identityId, identity);
  }

  credential(accessKeyId: string): CredentialRow | undefined {
    return this.store.get<CredentialRow>(CREDENTIALS, accessKeyId);
  }

  saveCredential(row: CredentialRow): void {
    this.store.put(CREDENTIALS, row.accessKeyId, row);
    if (this.now() - this.lastPrune > 60_000) this.pruneCredentials();
  }

  key<T>(name: string): T | undefined {
    return this.store.get<T>(KEYS, name);
  }

  saveKey<T>(name: string, value: T): void {
    this.store.put(KEYS, name, value);
  }

  close(): void {
    this.store.close();
  }

  private pruneCredentials(): void {
    const now = this.now();
    this.lastPrune = now;
    for (const row of this.store.values<CredentialRow>(CREDENTIALS)) {
      if (now - row.expiration > EXPIRED_CREDENTIAL_RETENTION_MS) this.store.delete(CREDENTIALS, row.accessKeyId);
    }
  }
}

function loginKey(poolId: string, login: LoginRef): string {
  return JSON.stringify([poolId, login.provider, login.subject]);
}
