import type { IncomingMessage, ServerResponse } from "node:http";
import { discoveryDocument, DISCOVERY_PATH, JWKS_PATH, type OpenIdTokens } from "./open-id-tokens.ts";

/**
 * The identity pools' OpenID keys and discovery document, at the stack's root as AWS serves them at
 * https://cognito-identity.amazonaws.com: GET /.well-known/jwks_uri and GET /.well-known/openid-configuration.
 * A game server checks a player's GetOpenIdToken token against these (issuer = the stack's endpoint).
 */
export function openIdRoutes(tokens: OpenIdTokens, issuer: () => string) {
  return async function handle(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    const path = new URL(req.url ?? "/", "http://local").pathname;
    if (path !== JWKS_PATH && path !== DISCOVERY_PATH) return false;
    if (req.method !== "GET" && req.method !== "HEAD") {
      send(res, 405, { message: "Use GET." });
      return true;
    }
    send(res, 200, path === JWKS_PATH ? tokens.jwks() : discoveryDocument(issuer()));
    return true;
  };
}

function send(res: ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value);
  // The keys are public; browser tools may read them too.
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(body), "access-control-allow-origin": "*" });
  res.end(body);
}
