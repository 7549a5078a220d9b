import { randomBytes } from "node:crypto";
import { exportJWK, generateKeyPair, importJWK, SignJWT, type JWK } from "jose";
import type { IdentityState } from "./state.ts";

/** Cognito's OpenID tokens name this issuer; the audience is the identity pool. */
export const COGNITO_IDENTITY_ISSUER = "https://cognito-identity.amazonaws.com";
/** GetOpenIdToken's tokens last ten minutes. */
const TOKEN_LIFETIME_SECONDS = 600;

interface StoredKey {
  kid: string;
  privateJwk: JWK;
}

/** Signs GetOpenIdToken answers with a key kept in the pool state, so tokens verify across restarts. */
export class OpenIdTokens {
  private readonly kid: string;
  private readonly privateKey: CryptoKey;
  readonly publicJwk: JWK;
  private constructor(
    kid: string,
    privateKey: CryptoKey,
    publicJwk: JWK,
  ) {
    this.kid = kid;
    this.privateKey = privateKey;
    this.publicJwk = publicJwk;
  }

  static async load(state: IdentityState): Promise<OpenIdTokens> {
    let stored = state.key<StoredKey>("openid");
    if (!stored) {
      const { privateKey } = await generateKeyPair("RS256", { extractable: true });
      stored = { kid: randomBytes(16).toString("hex"), privateJwk: await exportJWK(privateKey) };
      state.saveKey("openid", stored);
    }
    const { kty, n, e } = stored.privateJwk;
    const key = (await importJWK(stored.privateJwk, "RS256")) as CryptoKey;
    return new OpenIdTokens(stored.kid, key, { kty, n, e, kid: stored.kid, alg: "RS256", use: "sig" });
  }

  sign(poolId: string, identityId: string, providers: string[], nowMs: number): Promise<string> {
    const now = Math.floor(nowMs / 1000);
    const amr = providers.length > 0 ? ["authenticated", ...providers] : ["unauthenticated"];
    return new SignJWT({ amr })
      .setProtectedHeader({ alg: "RS256", kid: this.kid, typ: "JWS" })
      .setIssuer(COGNITO_IDENTITY_ISSUER)
      .setAudience(poolId)
      .setSubject(identityId)
      .setIssuedAt(now)
      .setExpirationTime(now + TOKEN_LIFETIME_SECONDS)
      .sign(this.privateKey);
  }
}
