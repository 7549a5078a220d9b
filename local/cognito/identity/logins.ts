import type { DeviceProviderLogins, ProviderLoginCheck } from "../../oauth/index.ts";
import { invalidLoginToken, invalidParameter, UNSUPPORTED_PROVIDER, notAuthorized } from "./errors.ts";
import type { LoginRef, PoolRecord } from "./state.ts";

/** The user pools' side of a login: helper-provided, checks signature, issuer, expiry and token use. */
export interface UserPoolIdTokens {
  verifyIdToken(providerName: string, token: string): Promise<{ sub: string; clientId: string }>;
}

/** Where login tokens are checked. Looked up per request: the stack's parts start in any order. */
export interface LoginSources {
  userPools(): UserPoolIdTokens | undefined;
  deviceProviders(): DeviceProviderLogins | undefined;
}

export const AMAZON_PROVIDER = "www.amazon.com";
export const GOOGLE_PROVIDER = "accounts.google.com";
const USER_POOL_PROVIDER = /^cognito-idp\.[\w-]+\.amazonaws\.com\/[\w-]+_[0-9a-zA-Z]+$/;

/** GetId and friends accept at most ten logins (LoginsMap, service model). */
const MAX_LOGINS = 10;

/** The Logins map of a request, or {} when absent. */
export function readLogins(input: Record<string, unknown>): Record<string, string> {
  const value = input["Logins"];
  if (value === undefined || value === null) return {};
  if (typeof value !== "object" || Array.isArray(value)) throw invalidParameter("1 validation error detected: Value at 'logins' failed to satisfy constraint: Member must be a map");
  const entries = Object.entries(value);
  if (entries.length > MAX_LOGINS) {
    throw invalidParameter(`1 validation error detected: Value at 'logins' failed to satisfy constraint: Member must have length less than or equal to ${MAX_LOGINS}`);
  }
  const out: Record<string, string> = {};
  for (const [provider, token] of entries) {
    if (provider.length < 1 || provider.length > 128) throw invalidParameter(`1 validation error detected: Value '${provider}' at 'logins' failed to satisfy constraint: Map keys must have length between 1 and 128`);
    if (typeof token !== "string" || token.length < 1 || token.length > 50000) {
      throw invalidParameter(`1 validation error detected: Value at 'logins.${provider}' failed to satisfy constraint: Member must have length between 1 and 50000`);
    }
    out[provider] = token;
  }
  return out;
}

/** Checks every login against the pool's configured providers; any bad one refuses the whole request, as Cognito does. */
export async function verifyLogins(pool: PoolRecord, logins: Record<string, string>, sources: LoginSources): Promise<LoginRef[]> {
  const verified: LoginRef[] = [];
  for (const [provider, token] of Object.entries(logins)) {
    verified.push({ provider, subject: await verifyLogin(pool, provider, token, sources) });
  }
  return verified;
}

async function verifyLogin(pool: PoolRecord, provider: string, token: string, sources: LoginSources): Promise<string> {
  if (USER_POOL_PROVIDER.test(provider)) return verifyUserPoolLogin(pool, provider, token, sources);
  const configured = pool.SupportedLoginProviders?.[provider];
  if (configured === undefined) throw notAuthorized(UNSUPPORTED_PROVIDER);
  const devices = sources.deviceProviders();
  let check: ProviderLoginCheck;
  if (provider === AMAZON_PROVIDER) {
    if (!devices) throw invalidLoginToken("This local stack serves no Login with Amazon provider.");
    check = devices.checkAmazonAccessToken(token);
  } else if (provider === GOOGLE_PROVIDER) {
    if (!devices) throw invalidLoginToken("This local stack serves no Google provider.");
    check = await devices.checkGoogleIdToken(token);
  } else {
    throw invalidLoginToken(`The local stack cannot check ${provider} logins.`);
  }
  if (!check.ok) throw invalidLoginToken(check.reason);
  // The pool names its app by client id; several may be configured, comma-separated.
  const allowed = configured.split(",").map((s) => s.trim()).filter(Boolean);
  if (!check.audiences.some((aud) => allowed.includes(aud))) throw invalidLoginToken("Incorrect token audience.");
  return check.subject;
}

async function verifyUserPoolLogin(pool: PoolRecord, provider: string, token: string, sources: LoginSources): Promise<string> {
  const configured = (pool.CognitoIdentityProviders ?? []).filter((p) => p.ProviderName === provider);
  if (configured.length === 0) throw notAuthorized(UNSUPPORTED_PROVIDER);
  const userPools = sources.userPools();
  if (!userPools) throw invalidLoginToken("This local stack serves no Cognito user pools.");
  const { sub, clientId } = await userPools.verifyIdToken(provider, token);
  if (!configured.some((p) => p.ClientId === undefined || p.ClientId === clientId)) throw invalidLoginToken("Incorrect token audience.");
  return sub;
}
