import * as Phaser from "phaser";
import { GameLiftKitError } from "../../core/errors.ts";
import type { AuthenticationTokens, AWSCredentials, CodeDeliveryDetails, DeviceCodeProviderName, SignInChallenge, SignInResult } from "../../core/auth/auth-types.ts";
import { gameliftOf, type GameLiftPlugin } from "../plugin.ts";
import { drawBackdrop } from "../widgets/backdrop.ts";
import { countdown } from "../widgets/countdown.ts";
import { el, spinner } from "../widgets/dom.ts";
import { explainMissingDomContainer, hasDomContainer } from "../widgets/dom-container.ts";
import { FormView, type ActionSpec, type ViewSpec } from "../widgets/form-view.ts";
import { DomPanel } from "../widgets/panel.ts";
import { resolveTheme, type UiTheme } from "../widgets/theme.ts";
import { Toast } from "../widgets/toast.ts";
import type { LoginSceneOptions } from "./login-options.ts";

export type { LoginSceneOptions } from "./login-options.ts";

/** What the scene passes to `next`, and emits as "signedin" on its own events. */
export interface LoginResult {
  /** The identity pool's AWS credentials for the player (guest ones for guest play). */
  credentials: AWSCredentials;
  /** The user pool's tokens, when the player signed in (not for a guest). */
  tokens?: AuthenticationTokens;
}

/** What `scene.start("LoginScene", data)` may pass, e.g. after a sign-out. */
export interface LoginSceneData {
  /** Overrides the configured next scene for this run. */
  next?: string;
  /** Shown in a toast when the scene opens (e.g. "You were signed out."). */
  message?: string;
}

const PROVIDER_LABELS: Record<DeviceCodeProviderName, string> = { loginWithAmazon: "Sign in with Amazon", google: "Sign in with Google" };
const CODE_FIELD = { name: "code", label: "Code", autocomplete: "one-time-code", inputMode: "numeric", placeholder: "123456" } as const;

/** Idle time on the sign-in screen after which the rest of the game is fetched anyway. */
const PREFETCH_AFTER_MS = 1_500;

/**
 * A ready-made sign-in scene: password sign-in with MFA, sign-up with code confirmation, password reset,
 * authenticator-app set-up, guest play and device-code providers. Real DOM inputs through Phaser's DOM
 * container; each step is a <form>, so Tab moves between fields and Enter submits.
 *
 * The game needs `dom: { createContainer: true }` in its Phaser config and the GameLiftPlugin installed. Once
 * the player has AWS credentials the scene starts `next` with a {@link LoginResult} as its data, and emits
 * "signedin" with it on its own events.
 *
 * @example
 * ```ts
 * scene: [new LoginScene({ next: "LobbyScene", guest: true }), new LobbyScene(), ArenaScene],
 * ```
 */
export class LoginScene extends Phaser.Scene {
  private readonly sceneOptions: LoginSceneOptions;
  private options: LoginSceneOptions = {};
  private theme!: UiTheme;
  private panel!: DomPanel;
  private toast!: Toast;
  private next?: string;
  private openingMessage?: string;
  private deviceWait?: AbortController;

  /** Options given here win over the plugin config's `ui.login` defaults. */
  constructor(options: LoginSceneOptions = {}) {
    super({ key: options.key ?? "LoginScene" });
    this.sceneOptions = options;
  }

  /** Phaser's init: takes this run's {@link LoginSceneData} (from `scene.start("LoginScene", data)`). */
  init(data?: LoginSceneData): void {
    this.next = data?.next;
    this.openingMessage = data?.message;
  }

  /** Phaser's create: draws the sign-in form (or, without a DOM container, a note saying to enable it). */
  create(): void {
    const defaults = gameliftOf(this).config.ui;
    this.options = { ...defaults?.login, ...this.sceneOptions };
    this.next ??= this.options.next;
    this.theme = resolveTheme(defaults?.theme, this.options.theme);
    drawBackdrop(this, this.theme, { title: this.options.title, subtitle: this.options.subtitle });
    if (!hasDomContainer(this)) {
      explainMissingDomContainer(this, this.theme, "LoginScene");
      return;
    }
    const { width } = this.scale;
    this.panel = new DomPanel(this, this.theme, width / 2, this.options.subtitle || this.theme.subtitle ? 100 : 84, { name: "login", originY: 0 });
    this.toast = new Toast(this, this.theme, width / 2, 10);
    this.events.once(Phaser.Scenes.Events.SHUTDOWN, () => this.cancelDeviceWait());
    this.prefetchWhileSigningIn();
    this.showSignIn();
    if (this.openingMessage) this.toast.info(this.openingMessage);
  }

  private get kitPlugin(): GameLiftPlugin {
    return gameliftOf(this);
  }

  /**
   * What comes after sign-in (the lobby, sessions, the GameLift client) downloads while the player types: on the
   * first key or click in the form, or after a moment of idling, whichever comes first.
   */
  private prefetchWhileSigningIn(): void {
    let started = false;
    const start = () => {
      if (started) return;
      started = true;
      this.panel.root.removeEventListener("input", start);
      this.panel.root.removeEventListener("pointerdown", start);
      // A failed prefetch costs nothing: each part is loaded again when it is used.
      this.kitPlugin.prefetch().catch(() => undefined);
    };
    this.panel.root.addEventListener("input", start);
    this.panel.root.addEventListener("pointerdown", start);
    this.time.delayedCall(PREFETCH_AFTER_MS, start);
  }

  private show(spec: ViewSpec): FormView {
    const view = new FormView(spec, (error) => this.toast.error(error));
    this.panel.show(view);
    return view;
  }

  // ── the steps ──────────────────────────────────────────────────────────────────────────────────────────

  private showSignIn(username = ""): void {
    const links: ActionSpec[] = [];
    if (this.options.signUp !== false) links.push({ id: "show-sign-up", label: "Create account", run: () => this.showSignUp() });
    links.push({ id: "show-forgot-password", label: "Forgot password?", run: (v) => this.showForgotPassword(v["username"]) });
    this.show({
      id: "sign-in",
      title: "Sign in",
      fields: [
        { name: "username", label: "Username", autocomplete: "username", value: username },
        { name: "password", label: "Password", type: "password", autocomplete: "current-password" },
      ],
      submit: { id: "sign-in", label: "Sign in", run: (v) => this.signIn(required(v, "username"), required(v, "password")) },
      links,
      alternatives: { divider: "or", actions: this.alternatives() },
    });
  }

  private alternatives(): ActionSpec[] {
    const config = this.kitPlugin.config;
    const actions: ActionSpec[] = [];
    if (this.options.guest ?? Boolean(config.cognito?.identityPoolId)) {
      actions.push({ id: "guest", label: "Play as guest", run: () => this.playAsGuest() });
    }
    const configured = (Object.keys(config.providers ?? {}) as DeviceCodeProviderName[]).filter((p) => p in PROVIDER_LABELS);
    for (const provider of this.options.providers ?? configured) {
      actions.push({ id: `device-${provider}`, label: PROVIDER_LABELS[provider], run: () => this.startDeviceSignIn(provider) });
    }
    return actions;
  }

  private showSignUp(): void {
    this.show({
      id: "sign-up",
      title: "Create account",
      hint: "We will email you a code to confirm it.",
      fields: [
        { name: "username", label: "Username", autocomplete: "username" },
        { name: "email", label: "Email", type: "email", autocomplete: "email", inputMode: "email" },
        { name: "password", label: "Password", type: "password", autocomplete: "new-password" },
      ],
      submit: {
        id: "sign-up",
        label: "Create account",
        run: async (v) => {
          const username = required(v, "username");
          const password = required(v, "password");
          const result = await this.kitPlugin.users.emailSignUp(username, password, required(v, "email"));
          if (result.userConfirmed) return this.signIn(username, password);
          this.showConfirmSignUp(username, password, result.codeDelivery);
        },
      },
      links: [{ id: "back", label: "I have an account", run: () => this.showSignIn() }],
    });
  }

  private showConfirmSignUp(username: string, password: string | undefined, delivery?: CodeDeliveryDetails): void {
    this.show({
      id: "confirm-sign-up",
      title: "Confirm your account",
      hint: `Enter the code we sent${delivery?.destination ? ` to ${delivery.destination}` : ""}.`,
      fields: [CODE_FIELD],
      submit: {
        id: "confirm-sign-up",
        label: "Confirm",
        run: async (v) => {
          await this.kitPlugin.users.confirmSignUp(username, required(v, "code"));
          if (password) return this.signIn(username, password);
          this.showSignIn(username);
          this.toast.info("Account confirmed. Sign in to play.");
        },
      },
      links: [
        {
          id: "resend-code",
          label: "Send a new code",
          run: async () => {
            const sent = await this.kitPlugin.users.resendConfirmationCode(username);
            this.toast.info(`A new code is on its way${sent?.destination ? ` to ${sent.destination}` : ""}.`);
          },
        },
        { id: "back", label: "Back", run: () => this.showSignIn(username) },
      ],
    });
  }

  private showForgotPassword(username = ""): void {
    this.show({
      id: "forgot-password",
      title: "Reset password",
      hint: "We will send a code to the email on your account.",
      fields: [{ name: "username", label: "Username", autocomplete: "username", value: username }],
      submit: {
        id: "forgot-password",
        label: "Send code",
        run: async (v) => {
          const name = required(v, "username");
          const delivery = await this.kitPlugin.users.forgotPassword(name);
          this.showResetPassword(name, delivery);
        },
      },
      links: [{ id: "back", label: "Back", run: () => this.showSignIn(username) }],
    });
  }

  private showResetPassword(username: string, delivery?: CodeDeliveryDetails): void {
    this.show({
      id: "reset-password",
      title: "Choose a new password",
      hint: `Enter the code we sent${delivery?.destination ? ` to ${delivery.destination}` : ""} and a new password.`,
      fields: [CODE_FIELD, { name: "password", label: "New password", type: "password", autocomplete: "new-password" }],
      submit: {
        id: "reset-password",
        label: "Set password and sign in",
        run: async (v) => {
          const password = required(v, "password");
          await this.kitPlugin.users.confirmForgotPassword(username, required(v, "code"), password);
          await this.signIn(username, password);
        },
      },
      links: [{ id: "back", label: "Back", run: () => this.showSignIn(username) }],
    });
  }

  private showMfa(challenge: SignInChallenge): void {
    const app = challenge.name === "SOFTWARE_TOKEN_MFA";
    this.show({
      id: "mfa",
      title: "Two-step verification",
      hint: app
        ? "Enter the 6-digit code from your authenticator app."
        : `Enter the code we sent${challenge.codeDeliveryDestination ? ` to ${challenge.codeDeliveryDestination}` : ""}.`,
      fields: [CODE_FIELD],
      submit: {
        id: "mfa",
        label: "Verify",
        run: async (v) => {
          const tokens = await this.kitPlugin.auth.passwordGrantMultiFactorConfirmSignIn(challenge.username, required(v, "code"));
          await this.finish(tokens);
        },
      },
      links: [{ id: "back", label: "Cancel", run: () => this.showSignIn(challenge.username) }],
    });
  }

  private showNewPassword(challenge: SignInChallenge): void {
    this.show({
      id: "new-password",
      title: "Choose your password",
      hint: "Your account was made with a temporary password. Pick your own to go on.",
      fields: [{ name: "password", label: "New password", type: "password", autocomplete: "new-password" }],
      submit: {
        id: "new-password",
        label: "Set password",
        run: async (v) => {
          const result = await this.kitPlugin.auth.completeNewPassword(challenge.username, required(v, "password"));
          await this.continueSignIn(result, { offerTotp: false });
        },
      },
      links: [{ id: "back", label: "Cancel", run: () => this.showSignIn(challenge.username) }],
    });
  }

  private showTotpOffer(tokens: AuthenticationTokens): void {
    this.show({
      id: "totp-offer",
      title: "Protect your account",
      hint: "Add an authenticator app: you will be asked for its code when you sign in.",
      submit: { id: "totp-start", label: "Set up authenticator app", run: () => this.startTotpSetup(tokens) },
      links: [{ id: "skip", label: "Not now", run: () => this.finish(tokens) }],
    });
  }

  private async startTotpSetup(tokens: AuthenticationTokens): Promise<void> {
    const result = await this.kitPlugin.users.enableMFA("TOTP", { issuer: this.options.totpIssuer ?? this.theme.title });
    if (result.kind !== "TOTP" || result.status !== "PENDING_VERIFICATION") return this.finish(tokens);
    this.show({
      id: "totp-setup",
      title: "Set up your authenticator",
      hint: "Add this key to your authenticator app (Google Authenticator, 1Password, …), then enter the code it shows.",
      body: secretBody(result.secretCode, result.otpauthUri),
      fields: [CODE_FIELD],
      submit: {
        id: "totp-verify",
        label: "Verify and turn on",
        run: async (v) => {
          await this.kitPlugin.users.enableMFA("TOTP", { code: required(v, "code") });
          this.toast.info("Authenticator app added.");
          await this.finish(tokens);
        },
      },
      links: [{ id: "skip", label: "Skip", run: () => this.finish(tokens) }],
    });
  }

  /**
   * MFA_SETUP: the pool requires a second factor and the player has none yet. The kit issues an authenticator
   * secret for this sign-in; the app's first code verifies it and completes the sign-in.
   */
  private async showMfaSetup(challenge: SignInChallenge): Promise<void> {
    const auth = this.kitPlugin.auth;
    const setup = await auth.setUpSoftwareTokenMfa(challenge.username, { issuer: this.options.totpIssuer ?? this.theme.title });
    this.show({
      id: "mfa-setup",
      title: "Set up your authenticator",
      hint: "This game asks for a code from an authenticator app at every sign-in. Add this key to your app (Google Authenticator, 1Password, …), then enter the code it shows.",
      body: secretBody(setup.secretCode, setup.otpauthUri),
      fields: [CODE_FIELD],
      submit: {
        id: "mfa-setup",
        label: "Verify and sign in",
        run: async (v) => {
          const tokens = await auth.passwordGrantMultiFactorConfirmSignIn(challenge.username, required(v, "code"));
          this.toast.info("Authenticator app added.");
          await this.finish(tokens);
        },
      },
      links: [{ id: "back", label: "Cancel", run: () => this.showSignIn(challenge.username) }],
    });
  }

  private async startDeviceSignIn(provider: DeviceCodeProviderName): Promise<void> {
    // The kit polls the provider from here on; deviceCodeGrantConfirmSignIn below waits for its outcome.
    const started = await this.kitPlugin.auth.deviceCodeGrantSignIn(provider);
    this.cancelDeviceWait();
    const wait = new AbortController();
    wait.signal.addEventListener("abort", () => void this.kitPlugin.auth.signOut(provider).catch(() => undefined), { once: true });
    this.deviceWait = wait;
    const timer = countdown(this, started.expiresIn, () => {
      wait.abort();
      this.toast.error(new GameLiftKitError("expired_token", "The device code expired before it was approved."));
      this.showSignIn();
    });
    const link = el("a", { text: started.verificationUrl, attrs: { href: started.verificationUrl, target: "_blank", rel: "noopener" } });
    this.show({
      id: "device-code",
      title: PROVIDER_LABELS[provider],
      hint: "On any device, open the address below and enter this code.",
      body: [
        el("div", { class: "pgl-code", text: started.userCode, attrs: { "data-user-code": started.userCode } }),
        el("div", { class: "pgl-secret" }, link),
        timer.element,
        el("div", { class: "pgl-countdown" }, spinner(), " Waiting for approval…"),
      ],
      links: [
        {
          id: "cancel",
          label: "Cancel",
          run: () => {
            timer.stop();
            this.cancelDeviceWait();
            this.showSignIn();
          },
        },
      ],
    });
    try {
      const tokens = await this.kitPlugin.auth.deviceCodeGrantConfirmSignIn(provider);
      timer.stop();
      if (wait.signal.aborted) return;
      // Settled: leaving the scene now must not cancel (sign out of) the provider just signed in with.
      this.deviceWait = undefined;
      await this.finish(tokens);
    } catch (error) {
      timer.stop();
      if (wait.signal.aborted) return;
      this.deviceWait = undefined;
      this.toast.error(error);
      this.showSignIn();
    }
  }

  private cancelDeviceWait(): void {
    this.deviceWait?.abort();
    this.deviceWait = undefined;
  }

  // ── the calls ──────────────────────────────────────────────────────────────────────────────────────────

  private async signIn(username: string, password: string): Promise<void> {
    let result: SignInResult;
    try {
      // SRP: the password itself never leaves the browser.
      result = await this.kitPlugin.auth.passwordGrantSignIn(username, password);
    } catch (error) {
      if (GameLiftKitError.from(error).code === "UserNotConfirmedException") {
        this.showConfirmSignUp(username, password);
        this.toast.info("Confirm your account first: enter the code we emailed you, or send a new one.");
        return;
      }
      throw error;
    }
    return this.continueSignIn(result, { offerTotp: Boolean(this.options.offerTotpSetup) });
  }

  private async continueSignIn(result: SignInResult, options: { offerTotp: boolean }): Promise<void> {
    if (result.signedIn) {
      if (options.offerTotp && result.tokens.provider === "cognito") return this.showTotpOffer(result.tokens);
      return this.finish(result.tokens);
    }
    const { challenge } = result;
    if (challenge.name === "SMS_MFA" || challenge.name === "SOFTWARE_TOKEN_MFA") return this.showMfa(challenge);
    if (challenge.name === "NEW_PASSWORD_REQUIRED") return this.showNewPassword(challenge);
    if (challenge.name === "MFA_SETUP") return this.showMfaSetup(challenge);
    throw new GameLiftKitError("UnsupportedChallenge", `The user pool asks for ${challenge.name}, which this sign-in screen does not handle.`);
  }

  private async playAsGuest(): Promise<void> {
    await this.complete({ credentials: await this.kitPlugin.credentials.requestAWSCredentials() });
  }

  private async finish(tokens: AuthenticationTokens): Promise<void> {
    await this.complete({ tokens, credentials: await this.kitPlugin.credentials.requestAWSCredentials() });
  }

  private async complete(result: LoginResult): Promise<void> {
    this.events.emit("signedin", result);
    if (this.next) {
      this.scene.start(this.next, result);
      return;
    }
    this.toast.info(result.credentials.authenticated ? "Signed in." : "Playing as a guest.");
  }
}

function required(values: Record<string, string>, name: string): string {
  const value = values[name];
  if (!value) {
    const words = `Please fill in the ${name === "code" ? "code" : name}.`;
    throw new GameLiftKitError("InvalidParameter", words, { playerMessage: words });
  }
  return value;
}

/** An authenticator secret, to type in, and its otpauth link, to open on the device with the app. */
function secretBody(secretCode: string, otpauthUri: string): HTMLElement[] {
  return [
    el("div", { class: "pgl-field", text: "Secret key" }),
    el("div", { class: "pgl-secret", text: groupSecret(secretCode), attrs: { "data-secret": secretCode } }),
    el("div", { class: "pgl-field", text: "Or open this link on the device with the app" }),
    el("div", { class: "pgl-secret", attrs: { "data-otpauth": otpauthUri } }, el("a", { text: otpauthUri, attrs: { href: otpauthUri } })),
  ];
}

/** "JBSWY3DPEHPK3PXP" → "JBSW Y3DP EHPK 3PXP": easier to type into an app by hand. */
function groupSecret(secret: string): string {
  return secret.replace(/(.{4})(?=.)/g, "$1 ");
}
