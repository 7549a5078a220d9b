import { randomBytes } from "node:crypto";
import { exportJWK, generateKeyPair, importJWK, SignJWT, type JWK } from "jose";
import type { IdentityState } from "./state.ts";

/**
 * Cognito's OpenID tokens name this issuer on AWS. The local stack's tokens name the stack's own endpoint
 * instead, and serve the keys and discovery document under it as AWS does under this one, so a verifier is
 * configured the same way for both: issuer, and `${issuer}/.well-known/jwks_uri` for the keys.
 */
export const COGNITO_IDENTITY_ISSUER = "https://cognito-identity.amazonaws.com";
/** Where AWS serves the keys of its identity tokens, relative to the issuer (sic: the path is `jwks_uri`). */
export const JWKS_PATH = "/.well-known/jwks_uri";
export const DISCOVERY_PATH = "/.well-known/openid-configuration";
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

  /** The public keys, as a JWK Set. */
  jwks(): { keys: JWK[] } {
    return { keys: [this.publicJwk] };
  }

  /** aud = the identity pool, sub = the identity, amr = how it signed in (as Cognito's tokens carry them). */
  sign(issuer: string, poolId: string, identityId: string, providers: string[], nowMs: number): Promise<string> {
    const now = Math.floor(nowMs / 1000);
    const amr = providers.length > 0 ? ["authenticated", ...providers] : ["unauthenticated"];
    return new SignJWT({ amr })
      .setProtectedHeader({ alg: "RS256", kid: this.kid, typ: "JWS" })
      .setIssuer(issuer)
      .setAudience(poolId)
      .setSubject(identityId)
      .setIssuedAt(now)
      .setExpirationTime(now + TOKEN_LIFETIME_SECONDS)
      .sign(this.privateKey);
  }
}

/** The OpenID discovery document for an issuer whose keys are at `${issuer}/.well-known/jwks_uri`. */
export function discoveryDocument(issuer: string): Record<string, unknown> {
  return {
    issuer,
    jwks_uri: `${issuer}${JWKS_PATH}`,
    response_types_supported: ["id_token"],
    subject_types_supported: ["public"],
    id_token_signing_alg_values_supported: ["RS256"],
    claims_supported: ["iss", "sub", "aud", "exp", "iat", "amr"],
  };
}
