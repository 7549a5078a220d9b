import type { IncomingMessage, ServerResponse } from "node:http";
import { isUserPoolId } from "./ids.ts";
import type { UserPoolRepository } from "./repository.ts";
import type { TokenService } from "./tokens.ts";

const ROUTE = /^\/([^/]+)\/\.well-known\/(jwks\.json|openid-configuration)$/;

/**
 * The pool's public keys and OIDC discovery document, where the tokens' issuer says they are:
 * GET /<poolId>/.well-known/jwks.json and GET /<poolId>/.well-known/openid-configuration.
 * The discovery document lists only what this stack serves (no hosted-UI authorize/token endpoints).
 */
export function wellKnownRoutes(repo: UserPoolRepository, tokens: TokenService, issuerOf: (poolId: string) => string) {
  return async function handle(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    const m = ROUTE.exec(new URL(req.url ?? "/", "http://local").pathname);
    if (!m || !isUserPoolId(m[1]!)) return false;
    if (req.method !== "GET" && req.method !== "HEAD") {
      send(res, 405, { message: "Use GET." });
      return true;
    }
    const poolId = m[1]!;
    const jwks = repo.pool(poolId) ? tokens.jwks(poolId) : undefined;
    if (!jwks) {
      send(res, 404, { message: `User pool ${poolId} does not exist.` });
      return true;
    }
    if (m[2] === "jwks.json") {
      send(res, 200, jwks);
      return true;
    }
    const issuer = issuerOf(poolId);
    send(res, 200, {
      issuer,
      jwks_uri: `${issuer}/.well-known/jwks.json`,
      response_types_supported: ["code", "token"],
      subject_types_supported: ["public"],
      id_token_signing_alg_values_supported: ["RS256"],
      scopes_supported: ["openid", "email", "phone", "profile", "aws.cognito.signin.user.admin"],
      claims_supported: ["sub", "iss", "aud", "exp", "iat", "auth_time", "email", "email_verified", "phone_number", "phone_number_verified", "cognito:username"],
    });
    return true;
  };
}

function send(res: ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value);
  // Browser games verify tokens too; the keys are public.
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(body), "access-control-allow-origin": "*" });
  res.end(body);
}
