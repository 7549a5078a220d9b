/**
 * The three notification buses of the AWS Client Auth gem, OnX → onX. Every Fail notification carries a
 * GameLiftKitError: its `message` reads like the gem's errorMessage, its `code` is the AWS exception name
 * (NotAuthorizedException, CodeMismatchException, …), the OAuth error (access_denied, expired_token) or one of
 * the kit's own codes.
 */
import type {
  AuthenticationTokens,
  AWSCredentials,
  CodeDeliveryDetails,
  EnableMFAResult,
  ProviderName,
  SignInChallenge,
  SoftwareTokenSetup,
} from "../auth/auth-types.ts";
import type { GameLiftKitError } from "../errors.ts";
import { NotificationBus, type EventNames } from "./bus.ts";

/**
 * kit.auth's notifications (the gem's AuthenticationProviderNotificationBus) and what each carries. A type alias,
 * not an interface: only aliases are assignable to the bus's EventMap (an index signature).
 */
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

/** kit.users' notifications (the gem's AWSCognitoUserManagementNotificationBus) and what each carries. */
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

/** kit.credentials' notifications (the gem's AWSCognitoAuthorizationNotificationBus) and what each carries. */
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

/** kit.auth.bus. */
export type AuthenticationProviderBus = NotificationBus<AuthenticationProviderEvents>;
/** kit.users.bus. */
export type UserManagementBus = NotificationBus<UserManagementEvents>;
/** kit.credentials.bus. */
export type AuthorizationBus = NotificationBus<AuthorizationEvents>;

/** A new kit.auth bus. */
export const createAuthenticationProviderBus = (): AuthenticationProviderBus =>
  new NotificationBus<AuthenticationProviderEvents>("AuthenticationProviderNotificationBus", AUTHENTICATION_PROVIDER_EVENTS);
/** A new kit.users bus. */
export const createUserManagementBus = (): UserManagementBus =>
  new NotificationBus<UserManagementEvents>("AWSCognitoUserManagementNotificationBus", USER_MANAGEMENT_EVENTS);
/** A new kit.credentials bus. */
export const createAuthorizationBus = (): AuthorizationBus =>
  new NotificationBus<AuthorizationEvents>("AWSCognitoAuthorizationNotificationBus", AUTHORIZATION_EVENTS);
