import { displayUserCode, type DeviceAuthorizations } from "./device-authorizations.ts";
import { GoogleIdTokens } from "./google-id-tokens.ts";
import { OAuthError, required } from "./http-io.ts";
import type { ProviderKeys } from "./keys.ts";
import { ACCESS_TOKEN_LIFETIME_SECONDS, type ProviderWire } from "./providers.ts";
import type { GrantRevocations } from "./revocations.ts";
import { TokenSigner, type TokenClaims } from "./signed-tokens.ts";
import { stableUserId } from "./user-ids.ts";

export interface TokenServiceOptions {
  keys: ProviderKeys;
  authorizations: DeviceAuthorizations;
  /** http://host:port of the stack, known at request time. */
  endpoint: () => string;
  googleIssuer: () => string;
  revocations: GrantRevocations;
  now: () => number;
}

/** A login the identity pool accepted from one of these providers. */
export type ProviderLoginCheck = { ok: true; subject: string; audiences: string[] } | { ok: false; reason: string };

/** The two device-flow providers' endpoints as functions of their parameters; HTTP is the caller's. */
export class DeviceFlowTokenService {
  private readonly signer: TokenSigner;
  readonly idTokens: GoogleIdTokens;

  private readonly options: TokenServiceOptions;
  constructor(options: TokenServiceOptions) {
    this.options = options;
    this.signer = new TokenSigner(options.keys.hmacKey);
    this.idTokens = new GoogleIdTokens(options.keys.google, options.googleIssuer);
  }

  /** RFC 8628 §3.1–3.2: the device authorization request. */
  startDeviceAuthorization(wire: ProviderWire, params: Record<string, string>): Record<string, unknown> {
    const clientId = required(params, "client_id", "invalid_client");
    if (wire.responseTypeRequired) {
      const responseType = required(params, "response_type");
      if (responseType !== "device_code") throw new OAuthError("unsupported_response_type", `response_type must be device_code, not ${responseType}.`);
    }
    const scope = required(params, "scope");
    const authorization = this.options.authorizations.start(wire.id, clientId, scope);
    return {
      device_code: authorization.deviceCode,
      user_code: displayUserCode(authorization.userCode),
      [wire.verificationField]: `${this.options.endpoint()}${wire.verificationPath}`,
      expires_in: Math.round((authorization.expiresAt - authorization.issuedAt) / 1000),
      interval: authorization.intervalSeconds,
    };
  }

  /** The token endpoint: the device code grant (RFC 8628 §3.4–3.5) and the refresh grant (RFC 6749 §6). */
  async token(wire: ProviderWire, params: Record<string, string>): Promise<Record<string, unknown>> {
    const grantType = required(params, "grant_type");
    if (grantType === "refresh_token") return this.refresh(wire, params);
    if (!wire.deviceGrantTypes.has(grantType)) {
      throw new OAuthError("unsupported_grant_type", `Unsupported grant_type: ${grantType}`);
    }
    const clientId = wire.clientIdRequiredAtToken ? required(params, "client_id", "invalid_client") : params["client_id"];
    const deviceCode = required(params, "device_code");
    const userCode = params["user_code"];
    if (userCode !== undefined) {
      const byUserCode = this.options.authorizations.find(userCode);
      if (byUserCode?.deviceCode !== deviceCode) throw new OAuthError("invalid_grant", "The user_code does not belong to this device_code.");
    }
    const result = this.options.authorizations.poll(wire.id, deviceCode, clientId);
    switch (result.kind) {
      case "authorization_pending":
        throw new OAuthError("authorization_pending", "The user has not yet approved this device.");
      case "slow_down":
        throw new OAuthError("slow_down", `Polling too fast: wait at least ${result.intervalSeconds} seconds between requests.`);
      case "access_denied":
        throw new OAuthError("access_denied", "The user denied the request.");
      case "expired_token":
        throw new OAuthError("expired_token", "The device code has expired; start a new device authorization.");
      case "invalid_grant":
        throw new OAuthError("invalid_grant", result.reason);
      case "approved": {
        const { authorization, userName } = result;
        const sub = stableUserId(this.options.keys.hmacKey, wire.id, userName);
        return this.grant(wire, { sub, clientId: authorization.clientId, scope: authorization.scope, userName });
      }
    }
  }

  /**
   * Token revocation: the grant the token belongs to (one user's consent to one client) is revoked, with every
   * token of it issued so far. Google answers 400 invalid_token for a token it cannot revoke; Login with Amazon,
   * as RFC 7009 §2.2 says, answers 200 for a token it does not know.
   */
  revoke(wire: ProviderWire, params: Record<string, string>): Record<string, unknown> {
    const token = required(params, "token");
    const claims =
      this.signer.verify(wire.refreshPrefix, token, this.nowSeconds()) ?? this.signer.verify(wire.accessPrefix, token, this.nowSeconds());
    const grant = claims && { provider: wire.id, clientId: claims.clientId, sub: claims.sub };
    if (!grant || this.options.revocations.isRevoked(grant, claims.iatMs)) {
      if (wire.id === "google") throw new OAuthError("invalid_token", "Token expired or revoked");
      return {};
    }
    const clientId = params["client_id"];
    if (clientId !== undefined && clientId !== grant.clientId) throw new OAuthError("unauthorized_client", "The token was not issued to this client.");
    this.options.revocations.revoke(grant, this.options.now());
    return {};
  }

  /** An LWA access token as the identity pool sees it: who, and for which client. */
  checkAmazonAccessToken(token: string): ProviderLoginCheck {
    const claims = this.live("Atza|", "amazon", token);
    if (!claims) return { ok: false, reason: "The Login with Amazon access token is not valid, has expired, or was revoked." };
    return { ok: true, subject: claims.sub, audiences: [claims.clientId] };
  }

  /** A Google id_token as the identity pool sees it. */
  async checkGoogleIdToken(token: string): Promise<ProviderLoginCheck> {
    const result = await this.idTokens.verify(token, this.nowSeconds());
    return result.ok ? { ok: true, subject: result.sub, audiences: result.aud } : result;
  }

  /** LWA's profile endpoint: who an access token belongs to. */
  amazonProfile(authorization: string | undefined): Record<string, string> {
    const token = /^Bearer\s+(.+)$/i.exec(authorization ?? "")?.[1] ?? "";
    const claims = this.live("Atza|", "amazon", token.trim());
    if (!claims) throw new OAuthError("invalid_token", "The access token is missing, not valid, expired, or revoked.", 401);
    return { user_id: claims.sub, name: claims.userName, email: `${claims.userName.toLowerCase().replace(/[^a-z0-9._-]+/g, ".") || "user"}@example.com` };
  }

  private async refresh(wire: ProviderWire, params: Record<string, string>): Promise<Record<string, unknown>> {
    const refreshToken = required(params, "refresh_token");
    const clientId = required(params, "client_id", "invalid_client");
    const claims = this.signer.verify(wire.refreshPrefix, refreshToken, this.nowSeconds());
    if (!claims) throw new OAuthError("invalid_grant", "The refresh token is not valid.");
    if (this.options.revocations.isRevoked({ provider: wire.id, clientId: claims.clientId, sub: claims.sub }, claims.iatMs)) {
      throw new OAuthError("invalid_grant", "The refresh token has been revoked.");
    }
    if (claims.clientId !== clientId) throw new OAuthError("invalid_grant", "The refresh token was issued to another client.");
    const granted = await this.grant(wire, claims);
    // A refresh answer keeps the refresh token the client already has, as both providers do.
    delete granted["refresh_token"];
    return granted;
  }

  private async grant(wire: ProviderWire, subject: TokenClaims): Promise<Record<string, unknown>> {
    const now = this.nowSeconds();
    const base: TokenClaims = { sub: subject.sub, clientId: subject.clientId, scope: subject.scope, userName: subject.userName };
    const iatMs = this.options.now();
    const out: Record<string, unknown> = {
      access_token: this.signer.issue(wire.accessPrefix, { ...base, exp: now + ACCESS_TOKEN_LIFETIME_SECONDS, iatMs }),
      refresh_token: this.signer.issue(wire.refreshPrefix, { ...base, iatMs }),
      token_type: wire.tokenType,
      expires_in: ACCESS_TOKEN_LIFETIME_SECONDS,
    };
    if (wire.id === "google") {
      out["scope"] = subject.scope;
      out["id_token"] = await this.idTokens.sign(base, now);
    }
    return out;
  }

  /** A genuine, unexpired token whose grant has not been revoked since it was issued. */
  private live(prefix: string, provider: ProviderWire["id"], token: string): TokenClaims | undefined {
    const claims = this.signer.verify(prefix, token, this.nowSeconds());
    if (!claims || this.options.revocations.isRevoked({ provider, clientId: claims.clientId, sub: claims.sub }, claims.iatMs)) return undefined;
    return claims;
  }

  private nowSeconds(): number {
    return Math.floor(this.options.now() / 1000);
  }
}
