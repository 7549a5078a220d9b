/**
 * RFC 8628 device authorization against Login with Amazon and Google. These are OAuth endpoints, not AWS
 * APIs, so plain fetch is the client. The two providers spell the flow differently:
 *   LWA      code: response_type=device_code, client_id, scope → verification_uri
 *            token: grant_type=device_code, device_code, user_code
 *   Google   code: client_id, scope → verification_url
 *            token: grant_type=urn:ietf:params:oauth:grant-type:device_code, device_code, client_id, client_secret
 * Both refresh with grant_type=refresh_token, refresh_token, client_id (Google: and client_secret).
 */
import type { GameLiftKitConfig } from "../config.ts";
import { GameLiftKitError } from "../errors.ts";
import type { DeviceCodeProviderName } from "./auth-types.ts";

export interface DeviceProviderEndpoints {
  provider: DeviceCodeProviderName;
  deviceAuthorization: string;
  token: string;
  revocation: string;
  clientId: string;
  clientSecret?: string;
  scope: string;
}

// Revocation: Google documents oauth2.googleapis.com/revoke; Login with Amazon's clients revoke at
// api.amazon.com/auth/o2/revoke (RFC 7009).
const REAL: Record<DeviceCodeProviderName, { deviceAuthorization: string; token: string; revocation: string; scope: string }> = {
  loginWithAmazon: {
    deviceAuthorization: "https://api.amazon.com/auth/o2/create/codepair",
    token: "https://api.amazon.com/auth/o2/token",
    revocation: "https://api.amazon.com/auth/o2/revoke",
    scope: "profile",
  },
  google: {
    deviceAuthorization: "https://oauth2.googleapis.com/device/code",
    token: "https://oauth2.googleapis.com/token",
    revocation: "https://oauth2.googleapis.com/revoke",
    scope: "openid email profile",
  },
};

const LOCAL_PATH: Record<DeviceCodeProviderName, string> = { loginWithAmazon: "/oauth/amazon", google: "/oauth/google" };

export function deviceProviderEndpoints(config: GameLiftKitConfig, provider: DeviceCodeProviderName): DeviceProviderEndpoints {
  const settings = config.providers?.[provider];
  if (!settings?.clientId) throw new GameLiftKitError("NotConfigured", `No ${provider} provider is configured (providers.${provider}.clientId).`);
  const base = config.endpoint?.replace(/\/+$/, "");
  const defaults = base
    ? { deviceAuthorization: `${base}${LOCAL_PATH[provider]}/device/code`, token: `${base}${LOCAL_PATH[provider]}/token`, revocation: `${base}${LOCAL_PATH[provider]}/revoke` }
    : REAL[provider];
  const clientSecret = "clientSecret" in settings ? settings.clientSecret : undefined;
  return {
    provider,
    deviceAuthorization: settings.deviceAuthorizationEndpoint ?? defaults.deviceAuthorization,
    token: settings.tokenEndpoint ?? defaults.token,
    revocation: settings.revocationEndpoint ?? defaults.revocation,
    clientId: settings.clientId,
    ...(clientSecret ? { clientSecret } : {}),
    scope: settings.scope ?? REAL[provider].scope,
  };
}

export interface DeviceAuthorization {
  deviceCode: string;
  userCode: string;
  verificationUrl: string;
  expiresIn: number;
  interval: number;
}

/** RFC 8628 §3.5 answers of the token endpoint while the user decides. */
export type DeviceTokenAnswer = { kind: "tokens"; body: Record<string, unknown> } | { kind: "pending" } | { kind: "slow_down" };

export async function requestDeviceAuthorization(endpoints: DeviceProviderEndpoints, signal?: AbortSignal): Promise<DeviceAuthorization> {
  const params: Record<string, string> = { client_id: endpoints.clientId, scope: endpoints.scope };
  if (endpoints.provider === "loginWithAmazon") params["response_type"] = "device_code";
  const body = await postForm(endpoints.deviceAuthorization, params, signal);
  const deviceCode = body["device_code"];
  const userCode = body["user_code"];
  const verificationUrl = body["verification_uri"] ?? body["verification_url"];
  if (typeof deviceCode !== "string" || typeof userCode !== "string" || typeof verificationUrl !== "string") {
    throw new GameLiftKitError("ProtocolError", `The ${endpoints.provider} device authorization answer lacks device_code, user_code or the verification URL.`);
  }
  return {
    deviceCode,
    userCode,
    verificationUrl,
    expiresIn: positiveNumber(body["expires_in"], 600),
    // RFC 8628 §3.2: 5 seconds when the provider names no interval.
    interval: positiveNumber(body["interval"], 5, true),
  };
}

/** One poll of the token endpoint. Pending and slow_down are answers; every other OAuth error throws. */
export async function pollDeviceToken(endpoints: DeviceProviderEndpoints, authorization: DeviceAuthorization, signal?: AbortSignal): Promise<DeviceTokenAnswer> {
  const params: Record<string, string> =
    endpoints.provider === "loginWithAmazon"
      ? { grant_type: "device_code", device_code: authorization.deviceCode, user_code: authorization.userCode }
      : { grant_type: "urn:ietf:params:oauth:grant-type:device_code", device_code: authorization.deviceCode, client_id: endpoints.clientId };
  if (endpoints.clientSecret) params["client_secret"] = endpoints.clientSecret;
  try {
    return { kind: "tokens", body: await postForm(endpoints.token, params, signal) };
  } catch (error) {
    if (error instanceof GameLiftKitError && error.code === "authorization_pending") return { kind: "pending" };
    if (error instanceof GameLiftKitError && error.code === "slow_down") return { kind: "slow_down" };
    throw error;
  }
}

export function refreshWithProvider(endpoints: DeviceProviderEndpoints, refreshToken: string, signal?: AbortSignal): Promise<Record<string, unknown>> {
  const params: Record<string, string> = { grant_type: "refresh_token", refresh_token: refreshToken, client_id: endpoints.clientId };
  if (endpoints.clientSecret) params["client_secret"] = endpoints.clientSecret;
  return postForm(endpoints.token, params, signal);
}

/**
 * Revokes the grant a token belongs to at the provider (RFC 7009; Google's revoke endpoint): the refresh token
 * and every access token of the sign-in stop working everywhere. A token the provider no longer knows
 * (Google: 400 invalid_token) is already as good as revoked.
 */
export async function revokeWithProvider(endpoints: DeviceProviderEndpoints, token: string, signal?: AbortSignal): Promise<void> {
  const params: Record<string, string> = { token };
  if (endpoints.provider === "loginWithAmazon") params["client_id"] = endpoints.clientId;
  if (endpoints.clientSecret) params["client_secret"] = endpoints.clientSecret;
  try {
    await postForm(endpoints.revocation, params, signal, { emptyAnswerOk: true });
  } catch (error) {
    if (error instanceof GameLiftKitError && error.code === "invalid_token") return;
    throw error;
  }
}

/** Messages for the OAuth errors a player can cause, worded like the gem's fail messages. */
const OAUTH_MESSAGES: Record<string, string> = {
  access_denied: "Device code sign-in was denied by the user.",
  expired_token: "The device code has expired; start a new device sign-in.",
};

/** POSTs a form and reads the JSON answer; an OAuth error answer throws a GameLiftKitError coded with its `error`. */
async function postForm(url: string, params: Record<string, string>, signal?: AbortSignal, options: { emptyAnswerOk?: boolean } = {}): Promise<Record<string, unknown>> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
      body: new URLSearchParams(params).toString(),
      ...(signal ? { signal } : {}),
    });
  } catch (error) {
    const failure = GameLiftKitError.from(error, "NetworkError");
    if (failure.code !== "NetworkError") throw failure;
    throw new GameLiftKitError("NetworkError", `${url} could not be reached: ${failure.message}`, { cause: error, url });
  }
  let body: unknown;
  try {
    const text = await response.text();
    body = options.emptyAnswerOk && response.ok && text.trim() === "" ? {} : JSON.parse(text);
  } catch (error) {
    throw new GameLiftKitError("ProtocolError", `${url} answered ${response.status} without JSON.`, { cause: error, status: response.status });
  }
  const record = body !== null && typeof body === "object" && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
  const oauthError = record["error"];
  if (!response.ok || typeof oauthError === "string") {
    const code = typeof oauthError === "string" && oauthError !== "" ? oauthError : "Unknown";
    const description = typeof record["error_description"] === "string" ? record["error_description"] : undefined;
    // The code is the provider's word: only our own table's entries count, never Object.prototype's.
    const message = (Object.hasOwn(OAUTH_MESSAGES, code) ? OAUTH_MESSAGES[code] : undefined) ?? description ?? `${url} answered ${response.status}${code !== "Unknown" ? ` (${code})` : ""}.`;
    throw new GameLiftKitError(code, message, { status: response.status });
  }
  return record;
}

function positiveNumber(value: unknown, fallback: number, allowZero = false): number {
  const n = typeof value === "string" ? Number(value) : value;
  return typeof n === "number" && Number.isFinite(n) && (allowZero ? n >= 0 : n > 0) ? n : fallback;
}
