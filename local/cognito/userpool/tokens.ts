import { randomBytes, randomUUID } from "node:crypto";
import { calculateJwkThumbprint, decodeJwt, errors, exportJWK, generateKeyPair, importJWK, jwtVerify, SignJWT, type JWK, type JWTPayload } from "jose";
import type { ClientRecord, PoolRecord, SigningKeyRecord, TimeUnit, UserRecord } from "./records.ts";
import type { UserPoolRepository } from "./repository.ts";

/**
 * ID and access tokens are RS256 JWTs signed with one RSA key per pool (kept durable, so tokens outlive a
 * restart). Issuer: real Cognito's is https://cognito-idp.<region>.amazonaws.com/<poolId>; here it is
 * <stack endpoint>/<poolId>, so `createRemoteJWKSet(new URL(iss + "/.well-known/jwks.json"))` in any standard
 * library finds the keys this stack serves. Refresh tokens are opaque random strings (Cognito's are encrypted
 * blobs; nothing reads inside them but the service).
 */

/** Cognito's longest access-token validity (one day): how long a revocation has to be remembered. */
export const MAX_ACCESS_TOKEN_LIFETIME_MS = 86_400_000;

const UNIT_SECONDS: Record<TimeUnit, number> = { seconds: 1, minutes: 60, hours: 3600, days: 86_400 };
export const validitySeconds = (value: number, unit: TimeUnit): number => value * UNIT_SECONDS[unit];

export interface TokenLifetimes {
  accessTokenTtlSeconds?: number;
  idTokenTtlSeconds?: number;
  refreshTokenTtlDays?: number;
}

export interface IssuedTokens {
  IdToken: string;
  AccessToken: string;
  ExpiresIn: number;
  TokenType: "Bearer";
}

export type TokenProblem = "expired" | "invalid";
export class TokenRejected extends Error {
  readonly problem: TokenProblem;
  constructor(problem: TokenProblem) {
    super(problem === "expired" ? "token expired" : "token invalid");
    this.problem = problem;
  }
}

export interface VerifiedToken {
  poolId: string;
  payload: JWTPayload & Record<string, unknown>;
}

/** Claims taken from user attributes into the ID token: everything but the sub (already there), booleans as booleans. */
function attributeClaims(user: UserRecord): Record<string, unknown> {
  const claims: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(user.attributes)) {
    if (name === "sub") continue;
    claims[name] = name.endsWith("_verified") ? value === "true" : value;
  }
  return claims;
}

export class TokenService {
  private readonly keys = new Map<string, { kid: string; privateKey: CryptoKey; publicKey: CryptoKey }>();

  private readonly repo: UserPoolRepository;
  private readonly issuerOf: (poolId: string) => string;
  private readonly now: () => number;
  private readonly lifetimes: TokenLifetimes;
  constructor(
    repo: UserPoolRepository,
    issuerOf: (poolId: string) => string,
    now: () => number,
    lifetimes: TokenLifetimes,
  ) {
    this.repo = repo;
    this.issuerOf = issuerOf;
    this.now = now;
    this.lifetimes = lifetimes;
  }

  /** Creates the pool's signing key if it has none; durable before it returns. */
  async ensureSigningKey(poolId: string): Promise<void> {
    if (this.repo.signingKey(poolId)) return;
    const { privateKey, publicKey } = await generateKeyPair("RS256", { modulusLength: 2048, extractable: true });
    const publicJwk = await exportJWK(publicKey);
    const kid = await calculateJwkThumbprint(publicJwk);
    const record: SigningKeyRecord = {
      kid,
      privateJwk: { ...(await exportJWK(privateKey)), kid, alg: "RS256", use: "sig" },
      publicJwk: { ...publicJwk, kid, alg: "RS256", use: "sig" },
    };
    this.repo.putSigningKey(poolId, record);
  }

  private async key(poolId: string) {
    const cached = this.keys.get(poolId);
    if (cached) return cached;
    const record = this.repo.signingKey(poolId);
    if (!record) return undefined;
    const loaded = {
      kid: record.kid,
      privateKey: (await importJWK(record.privateJwk as JWK, "RS256")) as CryptoKey,
      publicKey: (await importJWK(record.publicJwk as JWK, "RS256")) as CryptoKey,
    };
    this.keys.set(poolId, loaded);
    return loaded;
  }

  jwks(poolId: string): { keys: Record<string, unknown>[] } | undefined {
    const record = this.repo.signingKey(poolId);
    return record ? { keys: [record.publicJwk] } : undefined;
  }

  accessTtl(client: ClientRecord): number {
    return this.lifetimes.accessTokenTtlSeconds ?? validitySeconds(client.accessTokenValidity, client.tokenValidityUnits.AccessToken);
  }
  idTtl(client: ClientRecord): number {
    return this.lifetimes.idTokenTtlSeconds ?? validitySeconds(client.idTokenValidity, client.tokenValidityUnits.IdToken);
  }
  refreshTtlMs(client: ClientRecord): number {
    const days = this.lifetimes.refreshTokenTtlDays;
    return (days !== undefined ? days * 86_400 : validitySeconds(client.refreshTokenValidity, client.tokenValidityUnits.RefreshToken)) * 1000;
  }

  async issue(pool: PoolRecord, client: ClientRecord, user: UserRecord, session: { originJti: string; authTime: number }): Promise<IssuedTokens> {
    const key = await this.key(pool.id);
    if (!key) throw new Error(`user pool ${pool.id} has no signing key`);
    const iat = Math.floor(this.now() / 1000);
    const iss = this.issuerOf(pool.id);
    const eventId = randomUUID();
    const accessTtl = this.accessTtl(client);
    const sign = (payload: Record<string, unknown>, ttl: number) =>
      new SignJWT(payload)
        .setProtectedHeader({ alg: "RS256", kid: key.kid })
        .setIssuer(iss)
        .setSubject(user.sub)
        .setIssuedAt(iat)
        .setExpirationTime(iat + ttl)
        .setJti(randomUUID())
        .sign(key.privateKey);
    const [IdToken, AccessToken] = await Promise.all([
      sign(
        {
          ...attributeClaims(user),
          aud: client.clientId,
          "cognito:username": user.username,
          origin_jti: session.originJti,
          event_id: eventId,
          token_use: "id",
          auth_time: session.authTime,
        },
        this.idTtl(client),
      ),
      sign(
        {
          client_id: client.clientId,
          origin_jti: session.originJti,
          event_id: eventId,
          token_use: "access",
          scope: "aws.cognito.signin.user.admin",
          auth_time: session.authTime,
          username: user.username,
        },
        accessTtl,
      ),
    ]);
    return { IdToken, AccessToken, ExpiresIn: accessTtl, TokenType: "Bearer" };
  }

  static newRefreshToken(): string {
    return randomBytes(48).toString("base64url");
  }

  /**
   * Checks signature, expiry, token_use and that the issuer names the pool whose key signed it. The issuer's host
   * is not compared: a restarted stack may listen on another port, and the pool's own key already proves origin.
   */
  async verify(token: string, use: "access" | "id"): Promise<VerifiedToken> {
    let claims: JWTPayload;
    try {
      claims = decodeJwt(token);
    } catch {
      throw new TokenRejected("invalid");
    }
    const poolId = typeof claims.iss === "string" ? claims.iss.slice(claims.iss.lastIndexOf("/") + 1) : "";
    const key = poolId ? await this.key(poolId) : undefined;
    if (!key) throw new TokenRejected("invalid");
    try {
      const { payload } = await jwtVerify(token, key.publicKey, { algorithms: ["RS256"], currentDate: new Date(this.now()) });
      if (payload["token_use"] !== use) throw new TokenRejected("invalid");
      return { poolId, payload: payload as VerifiedToken["payload"] };
    } catch (e) {
      if (e instanceof TokenRejected) throw e;
      throw new TokenRejected(e instanceof errors.JWTExpired ? "expired" : "invalid");
    }
  }
}
