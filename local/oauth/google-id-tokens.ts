import { createLocalJWKSet, jwtVerify, SignJWT, type JWK } from "jose";
import type { ProviderKeys } from "./keys.ts";

export interface IdTokenSubject {
  sub: string;
  clientId: string;
  userName: string;
}

const ID_TOKEN_LIFETIME_SECONDS = 3600;

/** Google-shaped OpenID Connect id_tokens: RS256 under a published key, aud = the OAuth client. */
export class GoogleIdTokens {
  private readonly jwks;

  private readonly keys: ProviderKeys["google"];
  private readonly issuer: () => string;
  constructor(
    keys: ProviderKeys["google"],
    issuer: () => string,
  ) {
    this.keys = keys;
    this.issuer = issuer;
    this.jwks = createLocalJWKSet({ keys: [keys.publicJwk] });
  }

  /** The document served at the certs endpoint. */
  publicKeys(): { keys: JWK[] } {
    return { keys: [this.keys.publicJwk] };
  }

  async sign(subject: IdTokenSubject, nowSeconds: number): Promise<string> {
    const email = `${subject.userName.toLowerCase().replace(/[^a-z0-9._-]+/g, ".") || "user"}@example.com`;
    return new SignJWT({ azp: subject.clientId, email, email_verified: true, name: subject.userName })
      .setProtectedHeader({ alg: "RS256", kid: this.keys.kid, typ: "JWT" })
      .setIssuer(this.issuer())
      .setAudience(subject.clientId)
      .setSubject(subject.sub)
      .setIssuedAt(nowSeconds)
      .setExpirationTime(nowSeconds + ID_TOKEN_LIFETIME_SECONDS)
      .sign(this.keys.privateKey);
  }

  /** Checks signature, issuer and expiry; the audience is the caller's to judge. */
  async verify(token: string, nowSeconds: number): Promise<{ ok: true; sub: string; aud: string[] } | { ok: false; reason: string }> {
    try {
      const { payload } = await jwtVerify(token, this.jwks, {
        issuer: this.issuer(),
        algorithms: ["RS256"],
        currentDate: new Date(nowSeconds * 1000),
      });
      if (typeof payload.sub !== "string" || payload.sub === "") return { ok: false, reason: "The token has no subject." };
      const aud = payload.aud === undefined ? [] : Array.isArray(payload.aud) ? payload.aud : [payload.aud];
      return { ok: true, sub: payload.sub, aud };
    } catch (e) {
      const code = (e as { code?: string }).code;
      if (code === "ERR_JWT_EXPIRED") return { ok: false, reason: "Token expired." };
      if (code === "ERR_JWT_CLAIM_VALIDATION_FAILED") return { ok: false, reason: "Issuer doesn't match providerName." };
      return { ok: false, reason: "Not a valid OpenId Connect identity token." };
    }
  }
}
