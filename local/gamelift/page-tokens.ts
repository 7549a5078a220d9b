import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { invalidRequest } from "../http/service-error.ts";

/**
 * NextToken values: an offset bound to the query that produced it and signed, so a client can neither forge a
 * token nor replay one against a different query. Tokens are meaningless across restarts, as AWS's are opaque.
 */
export class PageTokens {
  private readonly key = randomBytes(32);

  issue(scope: string, offset: number): string {
    const body = offset.toString(36);
    return `${body}.${this.sign(scope, body)}`;
  }

  /** The offset a token stands for; undefined (first page) without a token. */
  offsetOf(scope: string, token: string | undefined): number {
    if (token === undefined) return 0;
    const dot = token.indexOf(".");
    const body = token.slice(0, dot);
    if (dot > 0 && /^[0-9a-z]+$/.test(body)) {
      const expected = Buffer.from(this.sign(scope, body));
      const given = Buffer.from(token.slice(dot + 1));
      if (given.length === expected.length && timingSafeEqual(given, expected)) return parseInt(body, 36);
    }
    throw invalidRequest(`Invalid NextToken: '${token.length > 64 ? `${token.slice(0, 64)}...` : token}' was not issued for this request`);
  }

  private sign(scope: string, body: string): string {
    return createHmac("sha256", this.key).update(scope).update("\0").update(body).digest("base64url").slice(0, 32);
  }
}

/** One page of `items` from `offset`, with the token for the next page if there is one. */
export function page<T>(tokens: PageTokens, scope: string, items: readonly T[], offset: number, limit: number): { items: T[]; nextToken?: string } {
  const slice = items.slice(offset, offset + limit);
  const next = offset + limit;
  return next < items.length ? { items: slice, nextToken: tokens.issue(scope, next) } : { items: slice };
}
