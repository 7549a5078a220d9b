import {
  AssociateSoftwareTokenCommand,
  ConfirmForgotPasswordCommand,
  ConfirmSignUpCommand,
  ForgotPasswordCommand,
  ResendConfirmationCodeCommand,
  SetUserMFAPreferenceCommand,
  SignUpCommand,
  VerifySoftwareTokenCommand,
  type CodeDeliveryDetailsType,
} from "@aws-sdk/client-cognito-identity-provider";
import { GameLiftKitError } from "../errors.ts";
import type { CodeDeliveryDetails, EnableMFAResult, SignUpResult } from "./auth-types.ts";
import { createUserManagementBus, type UserManagementBus } from "../events/auth-events.ts";
import { detach, notified } from "../request.ts";
import { otpauthUri } from "./otpauth-uri.ts";
import type { TokenKeeper } from "./token-keeper.ts";
import { jwtClaims } from "./tokens.ts";
import type { UserPool } from "./user-pool.ts";
import { RequestChecks } from "../validation.ts";
import { AUTH_RULES } from "./validation.ts";

/** The second factor enableMFA turns on: SMS codes, or an authenticator app (TOTP). */
export type MFAKind = "SMS" | "TOTP";

/** enableMFA's options for TOTP: the app's code (second step), its name, the issuer shown. */
export interface EnableMFAOptions {
  /** TOTP, second step: the authenticator app's current code, which verifies the secret and turns TOTP on. */
  code?: string;
  /** TOTP: the name Cognito keeps for the authenticator ("phone"). */
  deviceName?: string;
  /** TOTP: the issuer the authenticator app shows next to the account. */
  issuer?: string;
}

export interface UserManagementAreaDeps {
  pool: UserPool;
  keeper: TokenKeeper;
  signal: AbortSignal;
  /** The otpauth issuer when enableMFA is not given one. */
  defaultIssuer?: string;
}

/**
 * kit.users — the gem's AWSCognitoUserManagementRequestBus: sign-up and its confirmation, password reset, and
 * turning on MFA for the signed-in user. Each request resolves with its result and fires its Success/Fail
 * notification; each `xAsync` form only fires the notification.
 */
export class UserManagementArea {
  readonly bus: UserManagementBus = createUserManagementBus();

  private readonly deps: UserManagementAreaDeps;
  constructor(deps: UserManagementAreaDeps) {
    this.deps = deps;
  }

  /** SignUp with an email address, where Cognito sends the confirmation code; fires onEmailSignUpSuccess / Fail. */
  emailSignUp(username: string, password: string, email: string): Promise<SignUpResult> {
    return notified(
      async () => this.signUp("emailSignUp", username, password, "email", email),
      (result) => this.bus.emit("onEmailSignUpSuccess", result.uuid, result.codeDelivery),
      (error) => this.bus.emit("onEmailSignUpFail", error),
    );
  }

  /** SignUp with a phone number (E.164), where Cognito sends the confirmation code; fires onPhoneSignUpSuccess / Fail. */
  phoneSignUp(username: string, password: string, phone: string): Promise<SignUpResult> {
    return notified(
      async () => this.signUp("phoneSignUp", username, password, "phone", phone),
      (result) => this.bus.emit("onPhoneSignUpSuccess", result.uuid, result.codeDelivery),
      (error) => this.bus.emit("onPhoneSignUpFail", error),
    );
  }

  /** ConfirmSignUp with the code the user received; fires onConfirmSignUpSuccess / Fail. */
  confirmSignUp(username: string, code: string): Promise<void> {
    return notified(
      async () => {
        const checks = new RequestChecks("confirmSignUp");
        const name = checks.requiredText("username", username, AUTH_RULES.username);
        const confirmation = checks.requiredText("code", code, AUTH_RULES.code);
        checks.done();
        const { pool } = this.deps;
        await pool.client.send(
          new ConfirmSignUpCommand({ ClientId: pool.appClientId, Username: name, ConfirmationCode: confirmation, ...(await pool.secretHashMember(name)) }),
          { abortSignal: this.deps.signal },
        );
      },
      () => this.bus.emit("onConfirmSignUpSuccess"),
      (error) => this.bus.emit("onConfirmSignUpFail", error),
    );
  }

  /** ResendConfirmationCode: a new sign-up code, and where it went; fires onResendConfirmationCodeSuccess / Fail. */
  resendConfirmationCode(username: string): Promise<CodeDeliveryDetails | undefined> {
    return notified(
      async () => {
        const name = checkedUsername("resendConfirmationCode", username);
        const { pool } = this.deps;
        const answer = await pool.client.send(
          new ResendConfirmationCodeCommand({ ClientId: pool.appClientId, Username: name, ...(await pool.secretHashMember(name)) }),
          { abortSignal: this.deps.signal },
        );
        return codeDelivery(answer.CodeDeliveryDetails);
      },
      (delivery) => this.bus.emit("onResendConfirmationCodeSuccess", delivery),
      (error) => this.bus.emit("onResendConfirmationCodeFail", error),
    );
  }

  /** ForgotPassword: a password reset code, and where it went; fires onForgotPasswordSuccess / Fail. */
  forgotPassword(username: string): Promise<CodeDeliveryDetails | undefined> {
    return notified(
      async () => {
        const name = checkedUsername("forgotPassword", username);
        const { pool } = this.deps;
        const answer = await pool.client.send(new ForgotPasswordCommand({ ClientId: pool.appClientId, Username: name, ...(await pool.secretHashMember(name)) }), {
          abortSignal: this.deps.signal,
        });
        return codeDelivery(answer.CodeDeliveryDetails);
      },
      (delivery) => this.bus.emit("onForgotPasswordSuccess", delivery),
      (error) => this.bus.emit("onForgotPasswordFail", error),
    );
  }

  /** ConfirmForgotPassword: the reset code and the new password; fires onConfirmForgotPasswordSuccess / Fail. */
  confirmForgotPassword(username: string, code: string, newPassword: string): Promise<void> {
    return notified(
      async () => {
        const checks = new RequestChecks("confirmForgotPassword");
        const name = checks.requiredText("username", username, AUTH_RULES.username);
        const confirmation = checks.requiredText("code", code, AUTH_RULES.code);
        const password = checks.requiredText("newPassword", newPassword, AUTH_RULES.password);
        checks.done();
        const { pool } = this.deps;
        await pool.client.send(
          new ConfirmForgotPasswordCommand({
            ClientId: pool.appClientId,
            Username: name,
            ConfirmationCode: confirmation,
            Password: password,
            ...(await pool.secretHashMember(name)),
          }),
          { abortSignal: this.deps.signal },
        );
      },
      () => this.bus.emit("onConfirmForgotPasswordSuccess"),
      (error) => this.bus.emit("onConfirmForgotPasswordFail", error),
    );
  }

  /**
   * Turns on MFA for the signed-in Cognito user, as the preferred factor.
   *   enableMFA("SMS")                  → on at once (the user needs a phone_number).
   *   enableMFA("TOTP")                 → PENDING_VERIFICATION with the secret and the otpauth URI to show as a QR code;
   *   enableMFA("TOTP", { code })       → verifies the app's code and turns TOTP on.
   */
  enableMFA(kind: MFAKind, options: EnableMFAOptions = {}): Promise<EnableMFAResult> {
    return notified(
      async () => {
        const checks = new RequestChecks("enableMFA");
        const which = checks.oneOf("kind", kind, ["SMS", "TOTP"] as const);
        const code = options.code === undefined ? undefined : checks.requiredText("code", options.code, AUTH_RULES.code);
        checks.done();
        const tokens = await this.deps.keeper.fresh("cognito");
        const { client } = this.deps.pool;
        const signal = { abortSignal: this.deps.signal };
        const AccessToken = tokens.accessToken;
        if (which === "SMS") {
          await client.send(new SetUserMFAPreferenceCommand({ AccessToken, SMSMfaSettings: { Enabled: true, PreferredMfa: true } }), signal);
          return { kind: "SMS", status: "ENABLED" } as const;
        }
        if (code === undefined) {
          const { SecretCode } = await client.send(new AssociateSoftwareTokenCommand({ AccessToken }), signal);
          if (!SecretCode) throw new GameLiftKitError("ProtocolError", "AssociateSoftwareToken answered without a SecretCode.");
          const account = tokens.username ?? String(jwtClaims(AccessToken)?.["username"] ?? "player");
          const issuer = options.issuer ?? this.deps.defaultIssuer ?? "phaser-gamelift";
          return { kind: "TOTP", status: "PENDING_VERIFICATION", secretCode: SecretCode, otpauthUri: otpauthUri(SecretCode, account, issuer) } as const;
        }
        const deviceName = options.deviceName ? { FriendlyDeviceName: options.deviceName } : {};
        const verified = await client.send(new VerifySoftwareTokenCommand({ AccessToken, UserCode: code, ...deviceName }), signal);
        if (verified.Status !== "SUCCESS") throw new GameLiftKitError("EnableSoftwareTokenMFAException", "The authenticator code was not accepted.");
        await client.send(new SetUserMFAPreferenceCommand({ AccessToken, SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true } }), signal);
        return { kind: "TOTP", status: "ENABLED" } as const;
      },
      (result) => this.bus.emit("onEnableMFASuccess", result),
      (error) => this.bus.emit("onEnableMFAFail", error),
    );
  }

  /** emailSignUp without a promise: the answer is its notification. */
  emailSignUpAsync(username: string, password: string, email: string): void {
    detach(this.emailSignUp(username, password, email));
  }
  /** phoneSignUp without a promise: the answer is its notification. */
  phoneSignUpAsync(username: string, password: string, phone: string): void {
    detach(this.phoneSignUp(username, password, phone));
  }
  /** confirmSignUp without a promise: the answer is its notification. */
  confirmSignUpAsync(username: string, code: string): void {
    detach(this.confirmSignUp(username, code));
  }
  /** resendConfirmationCode without a promise: the answer is its notification. */
  resendConfirmationCodeAsync(username: string): void {
    detach(this.resendConfirmationCode(username));
  }
  /** forgotPassword without a promise: the answer is its notification. */
  forgotPasswordAsync(username: string): void {
    detach(this.forgotPassword(username));
  }
  /** confirmForgotPassword without a promise: the answer is its notification. */
  confirmForgotPasswordAsync(username: string, code: string, newPassword: string): void {
    detach(this.confirmForgotPassword(username, code, newPassword));
  }
  /** enableMFA without a promise: the answer is its notification. */
  enableMFAAsync(kind: MFAKind, options?: EnableMFAOptions): void {
    detach(this.enableMFA(kind, options));
  }

  /** Drops the bus's handlers (the kit's destroy calls it). */
  destroy(): void {
    this.bus.clear();
  }

  /** SignUp with the contact attribute (email or phone_number) Cognito sends the confirmation code to. */
  private async signUp(operation: string, username: string, password: string, contact: "email" | "phone", value: string): Promise<SignUpResult> {
    const checks = new RequestChecks(operation);
    const name = checks.requiredText("username", username, AUTH_RULES.username);
    const secret = checks.requiredText("password", password, AUTH_RULES.password);
    const attributes =
      contact === "email" ? { email: checks.requiredText("email", value, AUTH_RULES.email) } : { phone_number: checks.requiredText("phone", value, AUTH_RULES.phone) };
    checks.done();
    const { pool } = this.deps;
    const answer = await pool.client.send(
      new SignUpCommand({
        ClientId: pool.appClientId,
        Username: name,
        Password: secret,
        UserAttributes: Object.entries(attributes).map(([Name, Value]) => ({ Name, Value })),
        ...(await pool.secretHashMember(name)),
      }),
      { abortSignal: this.deps.signal },
    );
    if (!answer.UserSub) throw new GameLiftKitError("ProtocolError", "SignUp answered without a UserSub.");
    const delivery = codeDelivery(answer.CodeDeliveryDetails);
    return { uuid: answer.UserSub, userConfirmed: answer.UserConfirmed ?? false, ...(delivery ? { codeDelivery: delivery } : {}) };
  }
}

/** The username of a request that takes nothing else, checked. */
function checkedUsername(operation: string, username: unknown): string {
  const checks = new RequestChecks(operation);
  const name = checks.requiredText("username", username, AUTH_RULES.username);
  checks.done();
  return name;
}

function codeDelivery(details: CodeDeliveryDetailsType | undefined): CodeDeliveryDetails | undefined {
  if (!details) return undefined;
  return {
    ...(details.Destination ? { destination: details.Destination } : {}),
    ...(details.DeliveryMedium ? { deliveryMedium: details.DeliveryMedium } : {}),
    ...(details.AttributeName ? { attributeName: details.AttributeName } : {}),
  };
}
