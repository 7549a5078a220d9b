import type { ProviderId } from "./device-authorizations.ts";

/**
 * How each provider spells the device flow on the wire. Login with Amazon: developer.amazon.com
 * "Login with Amazon for Devices" (codepair request/response, device token request/response). Google:
 * developers.google.com "OAuth 2.0 for TV and Limited-Input Device Applications".
 */
export interface ProviderWire {
  id: ProviderId;
  /** Where the device asks for a code pair, and the token endpoint (ours first, the real service's path after). */
  codePaths: string[];
  tokenPaths: string[];
  /**
   * Token revocation. Google documents https://oauth2.googleapis.com/revoke (token=…; 200, or 400 invalid_token);
   * Login with Amazon's clients revoke at https://api.amazon.com/auth/o2/revoke (RFC 7009: 200 even for a token
   * it does not know). Ours first, the real service's path after.
   */
  revokePaths: string[];
  verificationPath: string;
  /** LWA writes verification_uri (RFC 8628); Google writes verification_url. */
  verificationField: "verification_uri" | "verification_url";
  deviceGrantTypes: ReadonlySet<string>;
  tokenType: string;
  accessPrefix: string;
  refreshPrefix: string;
  /** Google's token endpoint wants the client to say who it is on every poll; LWA's identifies the code pair instead. */
  clientIdRequiredAtToken: boolean;
  /** LWA's device authorization request must say response_type=device_code. */
  responseTypeRequired: boolean;
}

export const DEVICE_CODE_GRANT_URN = "urn:ietf:params:oauth:grant-type:device_code";

export const AMAZON: ProviderWire = {
  id: "amazon",
  codePaths: ["/oauth/amazon/device/code", "/auth/o2/create/codepair"],
  tokenPaths: ["/oauth/amazon/token", "/auth/o2/token"],
  revokePaths: ["/oauth/amazon/revoke", "/auth/o2/revoke"],
  verificationPath: "/oauth/amazon/device",
  verificationField: "verification_uri",
  // LWA documents the short form; the RFC's URN is accepted too so a generic RFC 8628 client works.
  deviceGrantTypes: new Set(["device_code", DEVICE_CODE_GRANT_URN]),
  tokenType: "bearer",
  accessPrefix: "Atza|",
  refreshPrefix: "Atzr|",
  clientIdRequiredAtToken: false,
  responseTypeRequired: true,
};

export const GOOGLE: ProviderWire = {
  id: "google",
  codePaths: ["/oauth/google/device/code"],
  tokenPaths: ["/oauth/google/token"],
  revokePaths: ["/oauth/google/revoke"],
  verificationPath: "/oauth/google/device",
  verificationField: "verification_url",
  deviceGrantTypes: new Set([DEVICE_CODE_GRANT_URN]),
  tokenType: "Bearer",
  accessPrefix: "ya29.",
  refreshPrefix: "1//",
  clientIdRequiredAtToken: true,
  responseTypeRequired: false,
};

export const PROVIDERS: readonly ProviderWire[] = [AMAZON, GOOGLE];

export const ACCESS_TOKEN_LIFETIME_SECONDS = 3600;

/** Where Google-shaped tokens say they come from; the identity pool checks it. */
export const googleIssuer = (endpoint: string): string => `${endpoint}/oauth/google`;
