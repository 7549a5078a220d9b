import type { PasswordPolicy } from "./password-policy.ts";
import type { SrpVerifier } from "./srp.ts";

/** What the durable store keeps. Times are epoch milliseconds. */
export interface PoolRecord {
  id: string;
  name: string;
  arn: string;
  createdAt: number;
  lastModifiedAt: number;
  passwordPolicy: PasswordPolicy;
  mfaConfiguration: "OFF" | "ON" | "OPTIONAL";
  /**
   * The second factors the pool offers (SetUserPoolMfaConfig). Absent in pools made before it was kept: both, as
   * those pools always behaved.
   */
  enabledMfas?: MfaType[];
  autoVerifiedAttributes: string[];
  /** AdminCreateUserConfig.AllowAdminCreateUserOnly: players cannot sign up themselves. Absent: false. */
  adminCreateUserOnly?: boolean;
  /** email / phone_number: users sign up with one of these as their username (the real username is the sub). */
  usernameAttributes: string[];
  aliasAttributes: string[];
  caseSensitive: boolean;
  /** Custom attribute names without the "custom:" prefix. */
  customAttributes: string[];
  tags: Record<string, string>;
}

export type MfaType = "SMS_MFA" | "SOFTWARE_TOKEN_MFA";

/** Whether the pool offers this second factor. */
export function poolOffersMfa(pool: PoolRecord, type: MfaType): boolean {
  return pool.enabledMfas === undefined || pool.enabledMfas.includes(type);
}

export type ExplicitAuthFlow =
  | "ALLOW_USER_PASSWORD_AUTH"
  | "ALLOW_USER_SRP_AUTH"
  | "ALLOW_REFRESH_TOKEN_AUTH"
  | "ALLOW_CUSTOM_AUTH"
  | "ALLOW_ADMIN_USER_PASSWORD_AUTH";

export type TimeUnit = "seconds" | "minutes" | "hours" | "days";

export interface ClientRecord {
  clientId: string;
  poolId: string;
  clientName: string;
  clientSecret?: string;
  createdAt: number;
  lastModifiedAt: number;
  explicitAuthFlows: ExplicitAuthFlow[];
  /** Whatever the request named (legacy names included), to answer it back as given. */
  explicitAuthFlowsAsGiven: string[];
  accessTokenValidity: number;
  idTokenValidity: number;
  refreshTokenValidity: number;
  tokenValidityUnits: { AccessToken: TimeUnit; IdToken: TimeUnit; RefreshToken: TimeUnit };
  preventUserExistenceErrors: "ENABLED" | "LEGACY";
  enableTokenRevocation: boolean;
}

export type UserStatus = "UNCONFIRMED" | "CONFIRMED" | "FORCE_CHANGE_PASSWORD" | "RESET_REQUIRED";

export interface MfaSettings {
  smsEnabled: boolean;
  totpEnabled: boolean;
  preferred?: "SMS_MFA" | "SOFTWARE_TOKEN_MFA";
  /** Base32 secret of a verified authenticator app. */
  totpSecret?: string;
  /** Handed out by AssociateSoftwareToken, not yet verified. */
  pendingTotpSecret?: string;
}

export interface UserRecord {
  poolId: string;
  username: string;
  sub: string;
  attributes: Record<string, string>;
  status: UserStatus;
  enabled: boolean;
  createdAt: number;
  lastModifiedAt: number;
  /** The only stored form of the password: USER_SRP_AUTH and the plain-password checks both use it. */
  srp: SrpVerifier;
  /** FORCE_CHANGE_PASSWORD only: when the temporary password stops working. */
  temporaryPasswordExpiresAt?: number;
  mfa: MfaSettings;
}

export type CodePurpose = "signup" | "forgot-password";

export interface CodeRecord {
  code: string;
  /** email / phone_number: the attribute the code was sent to, marked verified when it is confirmed. */
  attribute?: string;
  expiresAt: number;
  failedAttempts: number;
}

export interface RefreshTokenRecord {
  /** SHA-256 of the token: the store's key for it. */
  tokenHash: string;
  poolId: string;
  clientId: string;
  username: string;
  originJti: string;
  authTime: number;
  expiresAt: number;
  revoked?: boolean;
}

export interface SigningKeyRecord {
  kid: string;
  privateJwk: Record<string, unknown>;
  publicJwk: Record<string, unknown>;
}
