/**
 * The data of the AWS Client Auth gem's requests and notifications, as the kit hands it to a game: tokens,
 * sign-in challenges and results, device-code sign-ins, sign-up and MFA results, identity-pool credentials.
 * The buses that carry them are in events/auth-events.ts.
 */

/** Who issued a set of tokens: the Cognito user pool, or one of the device-code providers. */
export type ProviderName = "cognito" | "loginWithAmazon" | "google";
/** The providers signed in to with a device code (RFC 8628): the player approves on another device. */
export type DeviceCodeProviderName = Exclude<ProviderName, "cognito">;

/** The gem's AuthenticationTokens. */
export interface AuthenticationTokens {
  provider: ProviderName;
  accessToken: string;
  /** Cognito's ID token or Google's id_token (the gem's openIdToken); Login with Amazon has none. */
  idToken?: string;
  refreshToken?: string;
  tokenType: string;
  /** Lifetime of the access token in seconds, as issued. */
  expiresIn: number;
  /** When the access token expires, epoch milliseconds. */
  expiresAt: number;
  /** Cognito only: the user's username in the pool (the access token's `username` claim). */
  username?: string;
}

/** The Cognito challenges the kit answers, by their Cognito names; others pass through as strings. */
export type ChallengeName = "SMS_MFA" | "SOFTWARE_TOKEN_MFA" | "NEW_PASSWORD_REQUIRED" | "MFA_SETUP" | (string & {});

/** What the pool wants before it hands out tokens; answered with passwordGrantMultiFactorConfirmSignIn or completeNewPassword. */
export interface SignInChallenge {
  name: ChallengeName;
  /** The username the game signed in with, which the answer must repeat. */
  username: string;
  /** SMS_MFA: where the code went, masked ("+*******0123") and how ("SMS"). */
  codeDeliveryDestination?: string;
  codeDeliveryMedium?: string;
  /** NEW_PASSWORD_REQUIRED: the user's attributes and the ones the pool requires with the new password. */
  userAttributes?: Record<string, string>;
  requiredAttributes?: string[];
  /** MFA_SETUP: the second factors the user may set up (MFAS_CAN_SETUP), e.g. ["SOFTWARE_TOKEN_MFA"]. */
  mfasCanSetup?: string[];
}

/** An authenticator app to add during an MFA_SETUP sign-in: the secret, and the otpauth URI to show as a QR code. */
export interface SoftwareTokenSetup {
  secretCode: string;
  otpauthUri: string;
}

/** A password sign-in ends signed in, or at a challenge. */
export type SignInResult = { signedIn: true; tokens: AuthenticationTokens } | { signedIn: false; challenge: SignInChallenge };

/** A device-code sign-in started: the code the player enters at the verification URL, and how long it is good. */
export interface DeviceCodeSignIn {
  provider: DeviceCodeProviderName;
  userCode: string;
  verificationUrl: string;
  /** Seconds the user has to enter the code. */
  expiresIn: number;
  /** Seconds between polls, as the provider asked. */
  interval: number;
}

/** Where Cognito sent a code ("a***@e***", "EMAIL", "email"). */
export interface CodeDeliveryDetails {
  destination?: string;
  deliveryMedium?: string;
  attributeName?: string;
}

/** A sign-up's answer: the new user, whether it is confirmed already, and where the confirmation code went. */
export interface SignUpResult {
  /** The new user's sub: the gem's uuid. */
  uuid: string;
  userConfirmed: boolean;
  codeDelivery?: CodeDeliveryDetails;
}

/** enableMFA's answer: SMS is on at once; TOTP first hands out the secret, then is on once a code verifies. */
export type EnableMFAResult =
  | { kind: "SMS"; status: "ENABLED" }
  | { kind: "TOTP"; status: "PENDING_VERIFICATION"; secretCode: string; otpauthUri: string }
  | { kind: "TOTP"; status: "ENABLED" };

/** Temporary AWS credentials from the identity pool (the gem's ClientAuthAWSCredentials). */
export interface AWSCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  expiration: Date;
  identityId: string;
  /** False for guest (unauthenticated) credentials. */
  authenticated: boolean;
}
