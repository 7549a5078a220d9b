import type { DeviceCodeProviderName } from "../../core/auth/auth-types.ts";
import type { UiTheme } from "../widgets/theme.ts";

/** What `new LoginScene(options)` takes (or the plugin config's `ui.login`, for defaults); all optional. */
export interface LoginSceneOptions {
  /** Scene key; "LoginScene" unless the game runs two. */
  key?: string;
  /** The scene started once the player has AWS credentials; it receives { credentials } as its data. */
  next?: string;
  /** Colours, font and title over the default theme. */
  theme?: Partial<UiTheme>;
  /** Overrides theme.title for this scene. */
  title?: string;
  /** Overrides theme.subtitle for this scene. */
  subtitle?: string;
  /** "Play as guest" (unauthenticated identity-pool credentials); on when the kit has an identity pool. */
  guest?: boolean;
  /** Device-code buttons; by default every provider the kit config names. */
  providers?: DeviceCodeProviderName[];
  /** Offer "Create account"; on by default. */
  signUp?: boolean;
  /** After a password sign-in without MFA, offer to set up an authenticator app before going on. */
  offerTotpSetup?: boolean;
  /** Name shown on the authenticator app's entry (the otpauth issuer). */
  totpIssuer?: string;
}
