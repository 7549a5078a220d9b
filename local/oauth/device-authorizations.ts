import { randomBytes, randomInt } from "node:crypto";

/**
 * The RFC 8628 device authorization grant as a state machine, independent of HTTP and of either provider's
 * field names. Times are epoch milliseconds from the caller's clock, so tests can drive it without waiting.
 */

export type ProviderId = "amazon" | "google";

export interface DeviceAuthorization {
  provider: ProviderId;
  deviceCode: string;
  userCode: string;
  clientId: string;
  scope: string;
  issuedAt: number;
  expiresAt: number;
  /** Seconds; grows by 5 with every slow_down (RFC 8628 §3.5). */
  intervalSeconds: number;
  lastPollAt?: number;
  decision?: { approved: true; userName: string } | { approved: false };
  /** Set once the tokens were handed out: a device code is good for one exchange only. */
  redeemed: boolean;
}

export type PollResult =
  | { kind: "authorization_pending" }
  | { kind: "slow_down"; intervalSeconds: number }
  | { kind: "access_denied" }
  | { kind: "expired_token" }
  | { kind: "invalid_grant"; reason: string }
  | { kind: "approved"; authorization: DeviceAuthorization; userName: string };

export type DecisionResult =
  | { kind: "recorded"; authorization: DeviceAuthorization }
  | { kind: "unknown_code" }
  | { kind: "expired" }
  | { kind: "already_decided"; approved: boolean };

export interface DeviceAuthorizationsOptions {
  intervalSeconds: number;
  expiresInSeconds: number;
  now: () => number;
}

/** RFC 8628 §5.1: no vowels (no words spelled by accident) and no look-alike characters. */
const USER_CODE_ALPHABET = "BCDFGHJKLMNPQRSTVWXZ";
const USER_CODE_LENGTH = 8;

/** Expired and finished authorizations are kept this long so a late poll still hears expired_token. */
const RETENTION_MS = 10 * 60 * 1000;

export class DeviceAuthorizations {
  private readonly byDeviceCode = new Map<string, DeviceAuthorization>();
  private readonly byUserCode = new Map<string, DeviceAuthorization>();

  private readonly options: DeviceAuthorizationsOptions;
  constructor(options: DeviceAuthorizationsOptions) {
    this.options = options;
  }

  start(provider: ProviderId, clientId: string, scope: string): DeviceAuthorization {
    const now = this.options.now();
    this.forgetStale(now);
    const authorization: DeviceAuthorization = {
      provider,
      deviceCode: randomBytes(24).toString("base64url"),
      userCode: this.freshUserCode(),
      clientId,
      scope,
      issuedAt: now,
      expiresAt: now + this.options.expiresInSeconds * 1000,
      intervalSeconds: this.options.intervalSeconds,
      redeemed: false,
    };
    this.byDeviceCode.set(authorization.deviceCode, authorization);
    this.byUserCode.set(authorization.userCode, authorization);
    return authorization;
  }

  /** What the token endpoint answers to a poll with this device code. */
  poll(provider: ProviderId, deviceCode: string, clientId: string | undefined): PollResult {
    const now = this.options.now();
    const authorization = this.byDeviceCode.get(deviceCode);
    if (!authorization || authorization.provider !== provider) return { kind: "invalid_grant", reason: "Unknown device code." };
    if (clientId !== undefined && clientId !== authorization.clientId) {
      return { kind: "invalid_grant", reason: "The device code was issued to another client." };
    }
    if (authorization.redeemed) return { kind: "invalid_grant", reason: "The device code was already exchanged for tokens." };
    if (now >= authorization.expiresAt) return { kind: "expired_token" };

    const previous = authorization.lastPollAt;
    authorization.lastPollAt = now;
    // A decided authorization is answered whatever the pace: slowing down only matters while waiting.
    if (authorization.decision?.approved === false) return { kind: "access_denied" };
    if (authorization.decision?.approved) {
      authorization.redeemed = true;
      return { kind: "approved", authorization, userName: authorization.decision.userName };
    }
    if (previous !== undefined && now - previous < authorization.intervalSeconds * 1000) {
      authorization.intervalSeconds += 5;
      return { kind: "slow_down", intervalSeconds: authorization.intervalSeconds };
    }
    return { kind: "authorization_pending" };
  }

  /** The user's answer on the verification page. */
  decide(userCode: string, decision: { approved: true; userName: string } | { approved: false }): DecisionResult {
    const authorization = this.find(userCode);
    if (!authorization) return { kind: "unknown_code" };
    if (this.options.now() >= authorization.expiresAt) return { kind: "expired" };
    if (authorization.decision) return { kind: "already_decided", approved: authorization.decision.approved };
    authorization.decision = decision;
    return { kind: "recorded", authorization };
  }

  /** Users type codes loosely: case, spaces and dashes do not matter. */
  find(userCode: string): DeviceAuthorization | undefined {
    return this.byUserCode.get(normalizeUserCode(userCode));
  }

  private freshUserCode(): string {
    for (;;) {
      let code = "";
      for (let i = 0; i < USER_CODE_LENGTH; i++) code += USER_CODE_ALPHABET[randomInt(USER_CODE_ALPHABET.length)];
      if (!this.byUserCode.has(code)) return code;
    }
  }

  private forgetStale(now: number): void {
    for (const [deviceCode, authorization] of this.byDeviceCode) {
      if (now - authorization.expiresAt > RETENTION_MS) {
        this.byDeviceCode.delete(deviceCode);
        this.byUserCode.delete(authorization.userCode);
      }
    }
  }
}

export function normalizeUserCode(input: string): string {
  return input.toUpperCase().replace(/[\s-]/g, "");
}

/** How a user code is shown: two groups of four, as Google shows them. */
export function displayUserCode(code: string): string {
  return code.length === USER_CODE_LENGTH ? `${code.slice(0, 4)}-${code.slice(4)}` : code;
}
