import type { AuthenticationResultType } from "@aws-sdk/client-cognito-identity-provider";
import type { AuthenticationTokens, DeviceCodeProviderName, ProviderName } from "./auth-types.ts";
import { GameLiftKitError } from "../errors.ts";
import { base64ToBytes } from "./bytes.ts";

/** A JWT's claims without checking its signature: the kit only reads what the issuer told it about itself. */
export function jwtClaims(token: string): Record<string, unknown> | undefined {
  const payload = token.split(".")[1];
  if (!payload) return undefined;
  try {
    const base64 = payload.replace(/-/g, "+").replace(/_/g, "/").padEnd(Math.ceil(payload.length / 4) * 4, "=");
    const claims: unknown = JSON.parse(new TextDecoder().decode(base64ToBytes(base64)));
    return claims !== null && typeof claims === "object" && !Array.isArray(claims) ? (claims as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Tokens from InitiateAuth / RespondToAuthChallenge. A refresh answer has no refresh token: the one the kit
 * already holds stays good, so it is carried over from `previous`.
 */
export function tokensFromCognito(result: AuthenticationResultType | undefined, now: number, previous?: AuthenticationTokens): AuthenticationTokens {
  if (!result?.AccessToken) throw new GameLiftKitError("ProtocolError", "Cognito answered without an access token.");
  const expiresIn = result.ExpiresIn ?? 3600;
  const username = jwtClaims(result.AccessToken)?.["username"];
  const refreshToken = result.RefreshToken ?? previous?.refreshToken;
  return {
    provider: "cognito",
    accessToken: result.AccessToken,
    ...(result.IdToken ? { idToken: result.IdToken } : previous?.idToken ? { idToken: previous.idToken } : {}),
    ...(refreshToken ? { refreshToken } : {}),
    tokenType: result.TokenType ?? "Bearer",
    expiresIn,
    expiresAt: now + expiresIn * 1000,
    ...(typeof username === "string" ? { username } : previous?.username ? { username: previous.username } : {}),
  };
}

/** Tokens from an OAuth token endpoint (device-code or refresh grant). */
export function tokensFromOAuth(provider: DeviceCodeProviderName, body: Record<string, unknown>, now: number, previous?: AuthenticationTokens): AuthenticationTokens {
  const accessToken = body["access_token"];
  if (typeof accessToken !== "string" || accessToken === "") {
    throw new GameLiftKitError("ProtocolError", `The ${provider} token endpoint answered without an access_token.`);
  }
  const expiresIn = typeof body["expires_in"] === "number" && body["expires_in"] > 0 ? body["expires_in"] : 3600;
  const idToken = typeof body["id_token"] === "string" ? body["id_token"] : previous?.idToken;
  const refreshToken = typeof body["refresh_token"] === "string" ? body["refresh_token"] : previous?.refreshToken;
  return {
    provider,
    accessToken,
    ...(idToken ? { idToken } : {}),
    ...(refreshToken ? { refreshToken } : {}),
    tokenType: typeof body["token_type"] === "string" ? body["token_type"] : "Bearer",
    expiresIn,
    expiresAt: now + expiresIn * 1000,
  };
}

export const PROVIDER_NAMES: readonly ProviderName[] = ["cognito", "loginWithAmazon", "google"];

/** The token the identity pool takes as the login of each provider. */
export function loginToken(tokens: AuthenticationTokens): string | undefined {
  return tokens.provider === "loginWithAmazon" ? tokens.accessToken : tokens.idToken;
}
