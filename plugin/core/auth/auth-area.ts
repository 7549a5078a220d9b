import { AssociateSoftwareTokenCommand, GlobalSignOutCommand, RevokeTokenCommand, VerifySoftwareTokenCommand } from "@aws-sdk/client-cognito-identity-provider";
import { GameLiftKitError } from "../errors.ts";
import type { AuthenticationTokens, DeviceCodeProviderName, DeviceCodeSignIn, ProviderName, SignInResult, SoftwareTokenSetup } from "./auth-types.ts";
import { createAuthenticationProviderBus, type AuthenticationProviderBus } from "../events/auth-events.ts";
import type { GameLiftKitConfig } from "../config.ts";
import { deviceProviderEndpoints, revokeWithProvider } from "./device-code.ts";
import type { DeviceSignIns } from "./device-sign-ins.ts";
import { detach, notified } from "../request.ts";
import { otpauthUri } from "./otpauth-uri.ts";
import { answerChallenge, signInWithPassword, type CognitoStep, type PasswordFlow, type PendingChallenge } from "./password-sign-in.ts";
import type { TokenKeeper } from "./token-keeper.ts";
import { tokensFromCognito } from "./tokens.ts";
import type { UserPool } from "./user-pool.ts";
import { RequestChecks } from "../validation.ts";
import { AUTH_RULES } from "./validation.ts";

export type { PasswordFlow } from "./password-sign-in.ts";

const DEVICE_PROVIDERS: readonly DeviceCodeProviderName[] = ["loginWithAmazon", "google"];
const MFA_CHALLENGES = ["SMS_MFA", "SOFTWARE_TOKEN_MFA"];

/** signOut's options. */
export interface SignOutOptions {
  /**
   * Also end the session everywhere: Cognito's GlobalSignOut, then RevokeToken on the refresh token; and the
   * Login with Amazon / Google grants revoked at the provider, so their tokens stop working on every device too.
   */
  global?: boolean;
}

export interface AuthAreaDeps {
  config: GameLiftKitConfig;
  pool: UserPool;
  keeper: TokenKeeper;
  devices: DeviceSignIns;
  bus?: AuthenticationProviderBus;
  now: () => number;
  signal: AbortSignal;
}

/**
 * kit.auth — the gem's AuthenticationProviderRequestBus. Each request resolves with its result and fires its
 * Success/Fail notification on `bus`; each `xAsync` form only fires the notification.
 *
 * Which Success fires follows the outcome: tokens → onPasswordGrantSingleFactorSignInSuccess, a challenge
 * (MFA code, new password) → onPasswordGrantMultiFactorSignInSuccess; the Fail follows the request called.
 */
export class AuthArea {
  readonly bus: AuthenticationProviderBus;
  /** Challenges waiting for an answer, by the username the game signed in with. */
  private readonly challenges = new Map<string, PendingChallenge>();

  private readonly deps: AuthAreaDeps;
  constructor(deps: AuthAreaDeps) {
    this.deps = deps;
    this.bus = deps.bus ?? createAuthenticationProviderBus();
  }

  /** USER_PASSWORD_AUTH, as the gem signs in: the password goes to Cognito (over TLS). */
  passwordGrantSingleFactorSignIn(username: string, password: string): Promise<SignInResult> {
    return this.passwordSignIn("passwordGrantSingleFactorSignIn", "USER_PASSWORD_AUTH", "onPasswordGrantSingleFactorSignInFail", username, password);
  }

  /** USER_SRP_AUTH: Cognito checks the password by SRP, so it never leaves the browser. The default sign-in. */
  passwordGrantSignIn(username: string, password: string): Promise<SignInResult> {
    return this.passwordSignIn("passwordGrantSignIn", "USER_SRP_AUTH", "onPasswordGrantSingleFactorSignInFail", username, password);
  }

  /** The first step of an MFA sign-in (SRP unless told otherwise); the code goes to passwordGrantMultiFactorConfirmSignIn. */
  passwordGrantMultiFactorSignIn(username: string, password: string, options: { flow?: PasswordFlow } = {}): Promise<SignInResult> {
    return this.passwordSignIn("passwordGrantMultiFactorSignIn", options.flow ?? "USER_SRP_AUTH", "onPasswordGrantMultiFactorSignInFail", username, password);
  }

  /**
   * Answers the SMS_MFA or SOFTWARE_TOKEN_MFA challenge of `username`'s sign-in with the code. For MFA_SETUP,
   * after setUpSoftwareTokenMfa: the authenticator app's first code, which verifies the app
   * (VerifySoftwareToken) and completes the sign-in; the app is the user's second factor from then on.
   */
  passwordGrantMultiFactorConfirmSignIn(username: string, code: string): Promise<AuthenticationTokens> {
    return notified(
      async () => {
        const checks = new RequestChecks("passwordGrantMultiFactorConfirmSignIn");
        const name = checks.requiredText("username", username, AUTH_RULES.username);
        const answer = checks.requiredText("code", code, AUTH_RULES.code);
        checks.done();
        const pending = this.pendingChallenge(name, [...MFA_CHALLENGES, "MFA_SETUP"]);
        if (pending.challenge.name === "MFA_SETUP") return this.completeMfaSetup(pending, answer);
        const field = pending.challenge.name === "SMS_MFA" ? "SMS_MFA_CODE" : "SOFTWARE_TOKEN_MFA_CODE";
        const result = await this.answer(pending, { [field]: answer });
        if (!result.signedIn) throw new GameLiftKitError("UnsupportedChallenge", `After the MFA code Cognito asked for ${result.challenge.name}, which the kit does not answer.`);
        return result.tokens;
      },
      (tokens) => this.bus.emit("onPasswordGrantMultiFactorConfirmSignInSuccess", tokens),
      (error) => this.bus.emit("onPasswordGrantMultiFactorConfirmSignInFail", error),
    );
  }

  /**
   * MFA_SETUP — a pool that requires MFA, a user who has none yet: issues an authenticator app secret for the
   * sign-in in progress (AssociateSoftwareToken with the challenge's session), with the otpauth URI to show as a
   * QR code. The app's first code then goes to passwordGrantMultiFactorConfirmSignIn. Fires
   * onPasswordGrantMfaSetupSuccess / Fail.
   */
  setUpSoftwareTokenMfa(username: string, options: { issuer?: string } = {}): Promise<SoftwareTokenSetup> {
    return notified(
      async () => {
        const checks = new RequestChecks("setUpSoftwareTokenMfa");
        const name = checks.requiredText("username", username, AUTH_RULES.username);
        checks.done();
        const pending = this.pendingChallenge(name, ["MFA_SETUP"]);
        const offered = pending.challenge.mfasCanSetup;
        if (offered && !offered.includes("SOFTWARE_TOKEN_MFA")) {
          throw new GameLiftKitError("UnsupportedChallenge", `The user pool asks to set up ${offered.join(" or ")}; the kit sets up authenticator apps (SOFTWARE_TOKEN_MFA).`);
        }
        const { pool, signal } = this.deps;
        const answer = await pool.client.send(new AssociateSoftwareTokenCommand({ Session: pending.session }), { abortSignal: signal });
        if (!answer.SecretCode) throw new GameLiftKitError("ProtocolError", "AssociateSoftwareToken answered without a SecretCode.");
        // Each step of the set-up hands on a session for the next.
        if (answer.Session) pending.session = answer.Session;
        pending.softwareTokenAssociated = true;
        const account = pending.challenge.username;
        return { secretCode: answer.SecretCode, otpauthUri: otpauthUri(answer.SecretCode, account, options.issuer ?? "phaser-gamelift") };
      },
      (setup) => this.bus.emit("onPasswordGrantMfaSetupSuccess", setup),
      (error) => this.bus.emit("onPasswordGrantMfaSetupFail", error),
    );
  }

  /** setUpSoftwareTokenMfa without a promise: the answer is its notification. */
  setUpSoftwareTokenMfaAsync(username: string, options?: { issuer?: string }): void {
    detach(this.setUpSoftwareTokenMfa(username, options));
  }

  /** Answers NEW_PASSWORD_REQUIRED (a user an administrator created with a temporary password). */
  completeNewPassword(username: string, newPassword: string, attributes: Record<string, string> = {}): Promise<SignInResult> {
    return notified(
      async () => {
        const checks = new RequestChecks("completeNewPassword");
        const name = checks.requiredText("username", username, AUTH_RULES.username);
        const password = checks.requiredText("newPassword", newPassword, AUTH_RULES.password);
        checks.done();
        const pending = this.pendingChallenge(name, ["NEW_PASSWORD_REQUIRED"]);
        const extra = Object.fromEntries(Object.entries(attributes).map(([attribute, value]) => [`userAttributes.${attribute}`, String(value)]));
        return this.answer(pending, { NEW_PASSWORD: password, ...extra });
      },
      (result) =>
        result.signedIn
          ? this.bus.emit("onPasswordGrantMultiFactorConfirmSignInSuccess", result.tokens)
          : this.bus.emit("onPasswordGrantMultiFactorSignInSuccess", result.challenge),
      (error) => this.bus.emit("onPasswordGrantMultiFactorConfirmSignInFail", error),
    );
  }

  /**
   * Starts a device-code sign-in: resolves (and fires onDeviceCodeGrantSignInSuccess) with the code the player
   * enters at the verification URL. Unless `poll: false`, the kit then polls the provider itself and fires
   * onDeviceCodeGrantConfirmSignInSuccess / Fail when the player decides or the code expires.
   */
  deviceCodeGrantSignIn(provider: DeviceCodeProviderName, options: { poll?: boolean } = {}): Promise<DeviceCodeSignIn> {
    return notified(
      async () => this.deps.devices.start(deviceProvider("deviceCodeGrantSignIn", provider)),
      (started) => {
        this.bus.emit("onDeviceCodeGrantSignInSuccess", started.userCode, started.verificationUrl, started.expiresIn);
        if (options.poll !== false) void this.deps.devices.confirm(started.provider).catch(() => {});
      },
      (error) => this.bus.emit("onDeviceCodeGrantSignInFail", error),
    );
  }

  /** Waits for the player's decision on the pending device sign-in (the gem's manual confirm call). */
  deviceCodeGrantConfirmSignIn(provider: DeviceCodeProviderName): Promise<AuthenticationTokens> {
    const valid = DEVICE_PROVIDERS.includes(provider);
    if (valid && this.deps.devices.has(provider)) return this.deps.devices.confirm(provider);
    // Nothing is polling, so nothing else will fire the Fail notification.
    return notified(
      async () => this.deps.devices.confirm(deviceProvider("deviceCodeGrantConfirmSignIn", provider)),
      () => {},
      (error) => this.bus.emit("onDeviceCodeGrantConfirmSignInFail", error),
    );
  }

  /** REFRESH_TOKEN_AUTH for Cognito, the refresh_token grant for the device providers. */
  refreshTokens(provider?: ProviderName): Promise<AuthenticationTokens> {
    let name: ProviderName;
    try {
      name = this.deps.keeper.resolve(provider, "refreshTokens");
    } catch (error) {
      return notified(() => Promise.reject(error), () => {}, (failure) => this.bus.emit("onRefreshTokensFail", failure));
    }
    return this.deps.keeper.refresh(name);
  }

  /** The tokens, refreshed first if the access token is (nearly) expired. */
  async getTokensWithRefresh(provider?: ProviderName): Promise<AuthenticationTokens> {
    return this.deps.keeper.fresh(this.deps.keeper.resolve(provider, "getTokensWithRefresh"));
  }

  /** The tokens as held, expired or not; undefined when not signed in. */
  getAuthenticationTokens(provider?: ProviderName): AuthenticationTokens | undefined {
    try {
      return this.deps.keeper.get(this.deps.keeper.resolve(provider));
    } catch {
      return undefined;
    }
  }

  /** Whether the provider (or anyone) is signed in with tokens the kit can use or refresh. */
  isSignedIn(provider?: ProviderName): boolean {
    return this.deps.keeper.isSignedIn(provider);
  }

  /**
   * Signs out of one provider, or every one. Always local (tokens dropped, refresh stopped, credentials cleared,
   * onSignOut fired); `global` also ends the Cognito session on every device. Resolves whether anyone was signed
   * out; rejects only when the global part failed, after signing out locally all the same.
   */
  async signOut(provider?: ProviderName, options: SignOutOptions = {}): Promise<boolean> {
    const { keeper, devices } = this.deps;
    const names = provider === undefined ? keeper.all().map((t) => t.provider) : [keeper.resolve(provider, "signOut")];
    let failure: GameLiftKitError | undefined;
    const cognito = keeper.get("cognito");
    if (options.global && cognito && names.includes("cognito")) {
      try {
        // GlobalSignOut takes only a live access token.
        await this.endCognitoSessions(await keeper.fresh("cognito").catch(() => cognito));
      } catch (error) {
        failure = GameLiftKitError.from(error);
      }
    }
    if (options.global) {
      for (const name of names) {
        const tokens = name === "cognito" ? undefined : keeper.get(name);
        if (!tokens) continue;
        try {
          // The refresh token names the whole grant; revoking it ends the access tokens of the sign-in too.
          await revokeWithProvider(deviceProviderEndpoints(this.deps.config, tokens.provider as DeviceCodeProviderName), tokens.refreshToken ?? tokens.accessToken, this.deps.signal);
        } catch (error) {
          failure ??= GameLiftKitError.from(error);
        }
      }
    }
    if (provider === undefined) devices.cancelAll("Signed out.");
    let signedOut = false;
    for (const name of names) {
      if (name !== "cognito") devices.cancel(name, "Signed out.");
      else this.challenges.clear();
      if (keeper.forget(name)) {
        signedOut = true;
        this.bus.emit("onSignOut", name);
      }
    }
    if (failure) throw failure;
    return signedOut;
  }

  /** passwordGrantSingleFactorSignIn without a promise: the answer is its notification. */
  passwordGrantSingleFactorSignInAsync(username: string, password: string): void {
    detach(this.passwordGrantSingleFactorSignIn(username, password));
  }
  /** passwordGrantSignIn without a promise: the answer is its notification. */
  passwordGrantSignInAsync(username: string, password: string): void {
    detach(this.passwordGrantSignIn(username, password));
  }
  /** passwordGrantMultiFactorSignIn without a promise: the answer is its notification. */
  passwordGrantMultiFactorSignInAsync(username: string, password: string, options?: { flow?: PasswordFlow }): void {
    detach(this.passwordGrantMultiFactorSignIn(username, password, options));
  }
  /** passwordGrantMultiFactorConfirmSignIn without a promise: the answer is its notification. */
  passwordGrantMultiFactorConfirmSignInAsync(username: string, code: string): void {
    detach(this.passwordGrantMultiFactorConfirmSignIn(username, code));
  }
  /** completeNewPassword without a promise: the answer is its notification. */
  completeNewPasswordAsync(username: string, newPassword: string, attributes?: Record<string, string>): void {
    detach(this.completeNewPassword(username, newPassword, attributes));
  }
  /** deviceCodeGrantSignIn without a promise: the answer is its notification. */
  deviceCodeGrantSignInAsync(provider: DeviceCodeProviderName, options?: { poll?: boolean }): void {
    detach(this.deviceCodeGrantSignIn(provider, options));
  }
  /** deviceCodeGrantConfirmSignIn without a promise: the answer is its notification. */
  deviceCodeGrantConfirmSignInAsync(provider: DeviceCodeProviderName): void {
    detach(this.deviceCodeGrantConfirmSignIn(provider));
  }
  /** refreshTokens without a promise: the answer is its notification. */
  refreshTokensAsync(provider?: ProviderName): void {
    detach(this.refreshTokens(provider));
  }
  /** signOut without a promise: onSignOut fires for each provider signed out. */
  signOutAsync(provider?: ProviderName, options?: SignOutOptions): void {
    detach(this.signOut(provider, options));
  }

  private passwordSignIn(
    operation: string,
    flow: PasswordFlow,
    fail: "onPasswordGrantSingleFactorSignInFail" | "onPasswordGrantMultiFactorSignInFail",
    username: string,
    password: string,
  ): Promise<SignInResult> {
    return notified(
      async () => {
        const checks = new RequestChecks(operation);
        const name = checks.requiredText("username", username, AUTH_RULES.username);
        const secret = checks.requiredText("password", password, AUTH_RULES.password);
        checks.done();
        this.challenges.delete(name);
        return this.settle(await signInWithPassword(this.deps.pool, flow, name, secret, this.deps.now, this.deps.signal), name);
      },
      (result) =>
        result.signedIn
          ? this.bus.emit("onPasswordGrantSingleFactorSignInSuccess", result.tokens)
          : this.bus.emit("onPasswordGrantMultiFactorSignInSuccess", result.challenge),
      (error) => this.bus.emit(fail, error),
    );
  }

  /** VerifySoftwareToken with the app's first code, then RespondToAuthChallenge MFA_SETUP. */
  private async completeMfaSetup(pending: PendingChallenge, code: string): Promise<AuthenticationTokens> {
    if (!pending.softwareTokenAssociated) {
      throw new GameLiftKitError("InvalidParameter", `No authenticator app is being set up for ${pending.challenge.username}; call setUpSoftwareTokenMfa first.`);
    }
    const { pool, signal } = this.deps;
    const verified = await pool.client.send(new VerifySoftwareTokenCommand({ Session: pending.session, UserCode: code }), { abortSignal: signal });
    if (verified.Status !== "SUCCESS") throw new GameLiftKitError("EnableSoftwareTokenMFAException", "The authenticator code was not accepted.");
    if (verified.Session) pending.session = verified.Session;
    const result = await this.answer(pending, {});
    if (!result.signedIn) throw new GameLiftKitError("UnsupportedChallenge", `After setting up the authenticator Cognito asked for ${result.challenge.name}, which the kit does not answer.`);
    return result.tokens;
  }

  private async answer(pending: PendingChallenge, responses: Record<string, string>): Promise<SignInResult> {
    const username = pending.challenge.username;
    try {
      return this.settle(await answerChallenge(this.deps.pool, pending, responses, this.deps.signal), username);
    } catch (error) {
      // A wrong code may be retried within the same session; a dead session may not.
      const code = GameLiftKitError.from(error).code;
      if (code === "NotAuthorizedException" || code === "ExpiredCodeException") this.challenges.delete(username);
      throw error;
    }
  }

  private settle(step: CognitoStep, username: string): SignInResult {
    if (step.kind === "challenge") {
      this.challenges.set(username, step.pending);
      return { signedIn: false, challenge: step.pending.challenge };
    }
    this.challenges.delete(username);
    const tokens = tokensFromCognito(step.answer.AuthenticationResult, this.deps.now());
    this.deps.keeper.accept(tokens);
    return { signedIn: true, tokens };
  }

  private pendingChallenge(username: string, kinds: readonly string[]): PendingChallenge {
    const pending = this.challenges.get(username);
    if (!pending || !kinds.includes(pending.challenge.name)) {
      throw new GameLiftKitError("InvalidParameter", `No ${kinds.join(" or ")} challenge is waiting for ${username}; sign in first.`);
    }
    return pending;
  }

  private async endCognitoSessions(tokens: AuthenticationTokens): Promise<void> {
    const { pool, signal } = this.deps;
    await pool.client.send(new GlobalSignOutCommand({ AccessToken: tokens.accessToken }), { abortSignal: signal });
    if (!tokens.refreshToken) return;
    try {
      const secret = pool.appClientSecret;
      await pool.client.send(
        new RevokeTokenCommand({ Token: tokens.refreshToken, ClientId: pool.appClientId, ...(secret ? { ClientSecret: secret } : {}) }),
        { abortSignal: signal },
      );
    } catch (error) {
      // GlobalSignOut has already ended the sessions; an app client without token revocation just cannot add to it.
      if (GameLiftKitError.from(error).code !== "UnsupportedOperationException") throw error;
    }
  }
}

/** The device-code provider a request names, checked. */
function deviceProvider(operation: string, provider: unknown): DeviceCodeProviderName {
  const checks = new RequestChecks(operation);
  const name = checks.oneOf("provider", provider, DEVICE_PROVIDERS);
  checks.done();
  return name!;
}
