import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * Opaque bearer tokens that carry their own claims under an HMAC, so the stack keeps no token table and a
 * token survives a restart as long as the key does. The prefix mimics the real provider's token shape
 * (LWA's "Atza|", Google's "ya29.") and keeps one kind of token from passing for another.
 */
export interface TokenClaims {
  /** The provider's stable user id. */
  sub: string;
  /** The OAuth client the token was issued to. */
  clientId: string;
  scope: string;
  /** The name the tester approved as; kept so refreshed id_tokens carry the same profile. */
  userName: string;
  /** Epoch seconds; absent for refresh tokens, which do not expire here. */
  exp?: number;
  /** When it was issued, epoch milliseconds: a revoked grant refuses its tokens issued until the revocation. */
  iatMs?: number;
}

export class TokenSigner {
  private readonly key: Buffer;
  constructor(key: Buffer) {
    this.key = key;
  }

  issue(prefix: string, claims: TokenClaims): string {
    const body = Buffer.from(JSON.stringify({ ...claims, p: prefix })).toString("base64url");
    return `${prefix}${body}.${this.mac(prefix, body)}`;
  }

  /** The claims of a genuine, unexpired token of this kind; undefined for anything else. */
  verify(prefix: string, token: string, nowSeconds: number): TokenClaims | undefined {
    if (!token.startsWith(prefix)) return undefined;
    const rest = token.slice(prefix.length);
    const dot = rest.lastIndexOf(".");
    if (dot <= 0) return undefined;
    const body = rest.slice(0, dot);
    // Compared as text: base64url decoding ignores stray low bits, so two spellings could decode alike.
    const theirs = Buffer.from(rest.slice(dot + 1));
    const ours = Buffer.from(this.mac(prefix, body));
    if (theirs.length !== ours.length || !timingSafeEqual(theirs, ours)) return undefined;
    const claims = parseClaims(Buffer.from(body, "base64url").toString("utf8"));
    if (!claims || claims.p !== prefix) return undefined;
    if (claims.exp !== undefined && claims.exp <= nowSeconds) return undefined;
    return {
      sub: claims.sub,
      clientId: claims.clientId,
      scope: claims.scope,
      userName: claims.userName,
      exp: claims.exp,
      ...(claims.iatMs !== undefined ? { iatMs: claims.iatMs } : {}),
    };
  }

  private mac(prefix: string, body: string): string {
    return createHmac("sha256", this.key).update(`${prefix}\n${body}`).digest("base64url");
  }
}

function parseClaims(text: string): (TokenClaims & { p: string }) | undefined {
  try {
    const value = JSON.parse(text) as Record<string, unknown>;
    const strings = ["sub", "clientId", "scope", "userName", "p"].every((k) => typeof value[k] === "string");
    if (!strings || (value["exp"] !== undefined && typeof value["exp"] !== "number")) return undefined;
    if (value["iatMs"] !== undefined && typeof value["iatMs"] !== "number") return undefined;
    return value as unknown as TokenClaims & { p: string };
  } catch {
    return undefined;
  }
}
