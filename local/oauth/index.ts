import type { IncomingMessage, ServerResponse } from "node:http";
import type { StackContext, StackExtension } from "../stack.ts";
import { DeviceAuthorizations, type ProviderId } from "./device-authorizations.ts";
import { OAuthError, readJsonObject, readParameters, sendHtml, sendJson, sendOAuthError } from "./http-io.ts";
import { loadProviderKeys } from "./keys.ts";
import { GOOGLE, googleIssuer, PROVIDERS, type ProviderWire } from "./providers.ts";
import { GrantRevocations } from "./revocations.ts";
import { DeviceFlowTokenService, type ProviderLoginCheck } from "./token-service.ts";
import { decide, decisionPage, DEFAULT_USER_NAME, verificationForm } from "./verification-page.ts";

export type { ProviderLoginCheck } from "./token-service.ts";

export interface DeviceCodeProvidersOptions {
  /** Seconds a device should wait between polls (RFC 8628 `interval`); 5 by default, as the RFC's default. */
  interval?: number;
  /** Seconds a device code lives; 600 by default, as LWA's codes do. */
  expiresIn?: number;
  /** Epoch milliseconds; tests pass a clock they move by hand. */
  now?: () => number;
}

/** What the identity pool asks of the device-code providers: whether a login token is genuine, and whose. */
export interface DeviceProviderLogins {
  checkAmazonAccessToken(token: string): ProviderLoginCheck;
  checkGoogleIdToken(token: string): Promise<ProviderLoginCheck>;
}

/** Keyed by the stack's credential registry: one per stack, shared by every part of it. */
const logins = new WeakMap<object, DeviceProviderLogins>();

/** The providers served by this stack, for the identity pool; undefined when the stack has none. */
export function getDeviceProviderLogins(ctx: StackContext): DeviceProviderLogins | undefined {
  return logins.get(ctx.credentials);
}

const GENERIC_VERIFICATION_PATH = "/oauth/device";
const APPROVE_PATH = "/_local/oauth/approve";

/**
 * OAuth 2.0 device authorization (RFC 8628) for two providers that behave like Login with Amazon and
 * Google, with a local page where a tester approves codes, and a JSON approve endpoint for tests.
 */
export function deviceCodeProvidersExtension(options: DeviceCodeProvidersOptions = {}): StackExtension {
  return async (ctx) => {
    const interval = options.interval ?? 5;
    const expiresIn = options.expiresIn ?? 600;
    if (!Number.isInteger(interval) || interval < 0) throw new TypeError(`interval must be a whole number of seconds, not ${interval}`);
    if (!Number.isInteger(expiresIn) || expiresIn <= 0) throw new TypeError(`expiresIn must be a positive whole number of seconds, not ${expiresIn}`);
    const now = options.now ?? Date.now;
    const authorizations = new DeviceAuthorizations({ intervalSeconds: interval, expiresInSeconds: expiresIn, now });
    const revocations = new GrantRevocations(ctx.stateDir);
    const service = new DeviceFlowTokenService({
      revocations,
      keys: await loadProviderKeys(ctx.stateDir),
      authorizations,
      endpoint: ctx.endpoint,
      googleIssuer: () => googleIssuer(ctx.endpoint()),
      now,
    });
    logins.set(ctx.credentials, {
      checkAmazonAccessToken: (token) => service.checkAmazonAccessToken(token),
      checkGoogleIdToken: (token) => service.checkGoogleIdToken(token),
    });
    const routes = buildRoutes(service, authorizations);
    return {
      close: () => revocations.close(),
      async handle(req, res) {
        const path = new URL(req.url ?? "/", "http://local").pathname;
        const route = routes.get(path);
        if (!route) return false;
        const method = req.method ?? "GET";
        // A browser game calls these endpoints from its own origin, as it would call Google's.
        res.setHeader("access-control-allow-origin", "*");
        if (method === "OPTIONS") {
          res.writeHead(204, {
            "access-control-allow-methods": [...Object.keys(route), "OPTIONS"].join(", "),
            "access-control-allow-headers": "authorization, content-type",
            "access-control-max-age": "600",
          });
          res.end();
          return true;
        }
        const handler = route[method as "GET" | "POST"];
        try {
          if (!handler) {
            res.setHeader("allow", Object.keys(route).join(", "));
            throw new OAuthError("invalid_request", `${method} is not supported at ${path}.`, 405);
          }
          await handler(req, res);
        } catch (e) {
          if (!(e instanceof OAuthError)) throw e;
          if (!res.headersSent) sendOAuthError(res, e);
        }
        return true;
      },
    };
  };
}

type Handler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;
type Route = Partial<Record<"GET" | "POST", Handler>>;

function buildRoutes(service: DeviceFlowTokenService, authorizations: DeviceAuthorizations): Map<string, Route> {
  const routes = new Map<string, Route>();
  for (const wire of PROVIDERS) {
    for (const path of wire.codePaths) {
      routes.set(path, { POST: async (req, res) => sendJson(res, 200, service.startDeviceAuthorization(wire, await readParameters(req))) });
    }
    for (const path of wire.tokenPaths) {
      routes.set(path, { POST: async (req, res) => sendJson(res, 200, await service.token(wire, await readParameters(req))) });
    }
    for (const path of wire.revokePaths) {
      routes.set(path, { POST: async (req, res) => sendJson(res, 200, service.revoke(wire, await readParameters(req))) });
    }
    routes.set(wire.verificationPath, verificationRoutes(authorizations, wire.verificationPath, wire));
  }
  routes.set(GENERIC_VERIFICATION_PATH, verificationRoutes(authorizations, GENERIC_VERIFICATION_PATH, undefined));
  routes.set("/oauth/google/certs", { GET: async (_req, res) => sendJson(res, 200, service.idTokens.publicKeys()) });
  routes.set("/oauth/google/.well-known/openid-configuration", {
    GET: async (req, res) => {
      const base = `http://${req.headers.host ?? "127.0.0.1"}`;
      sendJson(res, 200, {
        issuer: `${base}/oauth/google`,
        device_authorization_endpoint: `${base}${GOOGLE.codePaths[0]}`,
        token_endpoint: `${base}${GOOGLE.tokenPaths[0]}`,
        revocation_endpoint: `${base}${GOOGLE.revokePaths[0]}`,
        jwks_uri: `${base}/oauth/google/certs`,
        id_token_signing_alg_values_supported: ["RS256"],
        grant_types_supported: [...GOOGLE.deviceGrantTypes, "refresh_token"],
      });
    },
  });
  const profile: Route = { GET: async (req, res) => sendJson(res, 200, service.amazonProfile(req.headers.authorization)) };
  routes.set("/oauth/amazon/profile", profile);
  routes.set("/user/profile", profile);
  routes.set(APPROVE_PATH, { POST: async (req, res) => approveFromTest(authorizations, await readJsonObject(req), res) });
  return routes;
}

function verificationRoutes(authorizations: DeviceAuthorizations, path: string, wire: ProviderWire | undefined): Route {
  const provider: ProviderId | undefined = wire?.id;
  return {
    GET: async (req, res) => {
      const prefill = new URL(req.url ?? "/", "http://local").searchParams.get("user_code") ?? "";
      sendHtml(res, 200, verificationForm(path, provider, prefill));
    },
    POST: async (req, res) => {
      let params: Record<string, string>;
      try {
        params = await readParameters(req);
      } catch (e) {
        if (!(e instanceof OAuthError)) throw e;
        return sendHtml(res, 400, verificationForm(path, provider, "", "The form could not be read; try again."));
      }
      const userCode = params["user_code"]?.trim() ?? "";
      if (userCode === "") return sendHtml(res, 400, verificationForm(path, provider, "", "Enter the code shown on your device."));
      const approve = params["decision"] !== "deny";
      const userName = params["user_name"]?.trim() || DEFAULT_USER_NAME;
      const { status, html } = decisionPage(decide(authorizations, provider, userCode, approve, userName), approve, path, provider);
      sendHtml(res, status, html);
    },
  };
}

function approveFromTest(authorizations: DeviceAuthorizations, body: Record<string, unknown>, res: ServerResponse): void {
  const userCode = body["user_code"];
  const approve = body["approve"];
  const userName = body["user_name"] ?? DEFAULT_USER_NAME;
  if (typeof userCode !== "string" || userCode.trim() === "") throw new OAuthError("invalid_request", "user_code must be a non-empty string.");
  if (typeof approve !== "boolean") throw new OAuthError("invalid_request", "approve must be true or false.");
  if (typeof userName !== "string" || userName.trim() === "") throw new OAuthError("invalid_request", "user_name must be a non-empty string.");
  const result = decide(authorizations, undefined, userCode, approve, userName.trim());
  switch (result.kind) {
    case "recorded":
      return sendJson(res, 200, { provider: result.authorization.provider, approved: approve });
    case "unknown_code":
      throw new OAuthError("invalid_grant", "Unknown user_code.", 404);
    case "expired":
      throw new OAuthError("expired_token", "The user_code has expired.", 410);
    case "already_decided":
      throw new OAuthError("invalid_grant", `The user_code was already ${result.approved ? "approved" : "denied"}.`, 409);
  }
}

