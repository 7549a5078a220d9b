/**
 * The three notification buses of the AWS Client Auth gem, OnX → onX. Every Fail notification carries a
 * GameLiftKitError: its `message` reads like the gem's errorMessage, its `code` is the AWS exception name
 * (NotAuthorizedException, CodeMismatchException, …), the OAuth error (access_denied, expired_token) or one of
 * the kit's own codes.
 */
import type { GameLiftKitError } from "../errors.ts";
import { NotificationBus, type EventNames } from "./bus.ts";

/** Who issued a set of tokens: the Cognito user pool, or one of the device-code providers. */
export type ProviderName = "cognito" | "loginWithAmazon" | "google";
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

export interface DeviceCodeSignIn {
  provider: DeviceCodeProviderName;
  userCode: string;
  verificationUrl: string;
  /** Seconds the user has to enter the code. */
  expiresIn: number;
  /** Seconds between polls, as the provider asked. */
  interval: number;
}

// A type alias, not an interface: only aliases are assignable to the bus's EventMap (an index signature).
export type AuthenticationProviderEvents = {
  onPasswordGrantSingleFactorSignInSuccess: [tokens: AuthenticationTokens];
  onPasswordGrantSingleFactorSignInFail: [error: GameLiftKitError];
  onPasswordGrantMultiFactorSignInSuccess: [challenge: SignInChallenge];
  onPasswordGrantMultiFactorSignInFail: [error: GameLiftKitError];
  onPasswordGrantMultiFactorConfirmSignInSuccess: [tokens: AuthenticationTokens];
  onPasswordGrantMultiFactorConfirmSignInFail: [error: GameLiftKitError];
  onDeviceCodeGrantSignInSuccess: [userCode: string, verificationUrl: string, expiresIn: number];
  onDeviceCodeGrantSignInFail: [error: GameLiftKitError];
  onDeviceCodeGrantConfirmSignInSuccess: [tokens: AuthenticationTokens];
  onDeviceCodeGrantConfirmSignInFail: [error: GameLiftKitError];
  /** MFA_SETUP: the authenticator app's secret is issued; the app's first code goes to passwordGrantMultiFactorConfirmSignIn. */
  onPasswordGrantMfaSetupSuccess: [setup: SoftwareTokenSetup];
  onPasswordGrantMfaSetupFail: [error: GameLiftKitError];
  onRefreshTokensSuccess: [tokens: AuthenticationTokens];
  onRefreshTokensFail: [error: GameLiftKitError];
  onSignOut: [provider: ProviderName];
}

/** Where Cognito sent a code ("a***@e***", "EMAIL", "email"). */
export interface CodeDeliveryDetails {
  destination?: string;
  deliveryMedium?: string;
  attributeName?: string;
}

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

export type UserManagementEvents = {
  onEmailSignUpSuccess: [uuid: string, codeDelivery: CodeDeliveryDetails | undefined];
  onEmailSignUpFail: [error: GameLiftKitError];
  onPhoneSignUpSuccess: [uuid: string, codeDelivery: CodeDeliveryDetails | undefined];
  onPhoneSignUpFail: [error: GameLiftKitError];
  onConfirmSignUpSuccess: [];
  onConfirmSignUpFail: [error: GameLiftKitError];
  onResendConfirmationCodeSuccess: [codeDelivery: CodeDeliveryDetails | undefined];
  onResendConfirmationCodeFail: [error: GameLiftKitError];
  onForgotPasswordSuccess: [codeDelivery: CodeDeliveryDetails | undefined];
  onForgotPasswordFail: [error: GameLiftKitError];
  onConfirmForgotPasswordSuccess: [];
  onConfirmForgotPasswordFail: [error: GameLiftKitError];
  onEnableMFASuccess: [result: EnableMFAResult];
  onEnableMFAFail: [error: GameLiftKitError];
}

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

export type AuthorizationEvents = {
  onRequestAWSCredentialsSuccess: [creds: AWSCredentials];
  onRequestAWSCredentialsFail: [error: GameLiftKitError];
}

const AUTHENTICATION_PROVIDER_EVENTS: EventNames<AuthenticationProviderEvents> = {
  onPasswordGrantSingleFactorSignInSuccess: true,
  onPasswordGrantSingleFactorSignInFail: true,
  onPasswordGrantMultiFactorSignInSuccess: true,
  onPasswordGrantMultiFactorSignInFail: true,
  onPasswordGrantMultiFactorConfirmSignInSuccess: true,
  onPasswordGrantMultiFactorConfirmSignInFail: true,
  onDeviceCodeGrantSignInSuccess: true,
  onDeviceCodeGrantSignInFail: true,
  onDeviceCodeGrantConfirmSignInSuccess: true,
  onDeviceCodeGrantConfirmSignInFail: true,
  onPasswordGrantMfaSetupSuccess: true,
  onPasswordGrantMfaSetupFail: true,
  onRefreshTokensSuccess: true,
  onRefreshTokensFail: true,
  onSignOut: true,
};

const USER_MANAGEMENT_EVENTS: EventNames<UserManagementEvents> = {
  onEmailSignUpSuccess: true,
  onEmailSignUpFail: true,
  onPhoneSignUpSuccess: true,
  onPhoneSignUpFail: true,
  onConfirmSignUpSuccess: true,
  onConfirmSignUpFail: true,
  onResendConfirmationCodeSuccess: true,
  onResendConfirmationCodeFail: true,
  onForgotPasswordSuccess: true,
  onForgotPasswordFail: true,
  onConfirmForgotPasswordSuccess: true,
  onConfirmForgotPasswordFail: true,
  onEnableMFASuccess: true,
  onEnableMFAFail: true,
};

const AUTHORIZATION_EVENTS: EventNames<AuthorizationEvents> = {
  onRequestAWSCredentialsSuccess: true,
  onRequestAWSCredentialsFail: true,
};

export type AuthenticationProviderBus = NotificationBus<AuthenticationProviderEvents>;
export type UserManagementBus = NotificationBus<UserManagementEvents>;
export type AuthorizationBus = NotificationBus<AuthorizationEvents>;

export const createAuthenticationProviderBus = (): AuthenticationProviderBus =>
  new NotificationBus<AuthenticationProviderEvents>("AuthenticationProviderNotificationBus", AUTHENTICATION_PROVIDER_EVENTS);
export const createUserManagementBus = (): UserManagementBus =>
  new NotificationBus<UserManagementEvents>("AWSCognitoUserManagementNotificationBus", USER_MANAGEMENT_EVENTS);
export const createAuthorizationBus = (): AuthorizationBus =>
  new NotificationBus<AuthorizationEvents>("AWSCognitoAuthorizationNotificationBus", AUTHORIZATION_EVENTS);
