import { createHash } from "node:crypto";
import type { DurableStore } from "../../store/durable-store.ts";
import type { ClientRecord, CodePurpose, CodeRecord, PoolRecord, RefreshTokenRecord, SigningKeyRecord, UserRecord } from "./records.ts";

/**
 * The user pools' state over the durable store. Every write is on disk when the method returns, so an operation
 * answers only after what it changed would survive a crash.
 */
export class UserPoolRepository {
  private readonly store: DurableStore;
  constructor(store: DurableStore) {
    this.store = store;
  }

  pool(id: string): PoolRecord | undefined {
    return this.store.get<PoolRecord>("pools", id);
  }
  pools(): PoolRecord[] {
    return this.store.values<PoolRecord>("pools");
  }
  putPool(pool: PoolRecord): void {
    this.store.put("pools", pool.id, pool);
  }

  client(id: string): ClientRecord | undefined {
    return this.store.get<ClientRecord>("clients", id);
  }
  clients(poolId: string): ClientRecord[] {
    return this.store.values<ClientRecord>("clients").filter((c) => c.poolId === poolId);
  }
  putClient(client: ClientRecord): void {
    this.store.put("clients", client.clientId, client);
  }

  /** Users are keyed by pool and canonical username (lower-cased in case-insensitive pools). */
  static userKey(pool: PoolRecord, username: string): string {
    return `${pool.id}/${pool.caseSensitive ? username : username.toLowerCase()}`;
  }
  user(pool: PoolRecord, username: string): UserRecord | undefined {
    return this.store.get<UserRecord>("users", UserPoolRepository.userKey(pool, username));
  }
  users(poolId: string): UserRecord[] {
    return this.store.values<UserRecord>("users").filter((u) => u.poolId === poolId);
  }
  putUser(pool: PoolRecord, user: UserRecord): void {
    this.store.put("users", UserPoolRepository.userKey(pool, user.username), user);
  }
  /**
   * Users written before passwords were checked against the SRP verifier alone also carry a scrypt hash under
   * `password`. Nothing reads it, but every update spreads the old record, so it would ride along forever and keep
   * an extra copy of the password's hash on disk. Rewriting those records once at open drops it, and compacting
   * then removes the old lines from the append-only log.
   */
  dropLegacyPasswordHashes(): void {
    let dropped = 0;
    for (const user of this.store.values<UserRecord & { password?: unknown }>("users")) {
      const pool = user.password === undefined ? undefined : this.pool(user.poolId);
      if (!pool) continue;
      const { password: _legacy, ...current } = user;
      this.putUser(pool, current);
      dropped++;
    }
    if (dropped > 0) this.store.compact();
  }
  deleteUser(pool: PoolRecord, user: UserRecord): void {
    this.store.delete("users", UserPoolRepository.userKey(pool, user.username));
    for (const purpose of ["signup", "forgot-password"] as const) this.deleteCode(pool, user, purpose);
  }

  code(pool: PoolRecord, user: UserRecord, purpose: CodePurpose): CodeRecord | undefined {
    return this.store.get<CodeRecord>("codes", `${UserPoolRepository.userKey(pool, user.username)}#${purpose}`);
  }
  putCode(pool: PoolRecord, user: UserRecord, purpose: CodePurpose, code: CodeRecord): void {
    this.store.put("codes", `${UserPoolRepository.userKey(pool, user.username)}#${purpose}`, code);
  }
  deleteCode(pool: PoolRecord, user: UserRecord, purpose: CodePurpose): void {
    this.store.delete("codes", `${UserPoolRepository.userKey(pool, user.username)}#${purpose}`);
  }

  signingKey(poolId: string): SigningKeyRecord | undefined {
    return this.store.get<SigningKeyRecord>("signing-keys", poolId);
  }
  putSigningKey(poolId: string, key: SigningKeyRecord): void {
    this.store.put("signing-keys", poolId, key);
  }

  /** Refresh tokens are found by their SHA-256, so the store never holds one that could be replayed. */
  static refreshKey(token: string): string {
    return createHash("sha256").update(token).digest("base64url");
  }
  refreshToken(token: string): RefreshTokenRecord | undefined {
    return this.store.get<RefreshTokenRecord>("refresh-tokens", UserPoolRepository.refreshKey(token));
  }
  putRefreshToken(token: string, record: Omit<RefreshTokenRecord, "tokenHash">): void {
    const tokenHash = UserPoolRepository.refreshKey(token);
    this.store.put("refresh-tokens", tokenHash, { ...record, tokenHash });
  }
  revokeRefreshToken(record: RefreshTokenRecord): void {
    this.store.put("refresh-tokens", record.tokenHash, { ...record, revoked: true });
  }
  /** Marks every live refresh token of a user revoked; returns their origin_jti values. */
  revokeRefreshTokensOf(poolId: string, username: string): string[] {
    const revoked: string[] = [];
    for (const record of this.store.values<RefreshTokenRecord>("refresh-tokens")) {
      if (record.poolId !== poolId || record.username !== username || record.revoked) continue;
      this.revokeRefreshToken(record);
      revoked.push(record.originJti);
    }
    return revoked;
  }

  /** Access and ID tokens carry their sign-in's origin_jti; a revoked one stays listed until its tokens expire. */
  isOriginRevoked(originJti: string): boolean {
    return this.store.has("revoked-origins", originJti);
  }
  revokeOrigin(originJti: string, expiresAt: number): void {
    this.store.put("revoked-origins", originJti, { originJti, expiresAt });
  }

  /** Drops what can no longer matter: expired refresh tokens, and revocations of tokens that have expired anyway. */
  pruneExpired(now: number): void {
    for (const r of this.store.values<RefreshTokenRecord>("refresh-tokens")) if (r.expiresAt <= now) this.store.delete("refresh-tokens", r.tokenHash);
    for (const r of this.store.values<{ originJti: string; expiresAt: number }>("revoked-origins")) {
      if (r.expiresAt <= now) this.store.delete("revoked-origins", r.originJti);
    }
  }
}
