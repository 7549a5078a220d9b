import type { UiTheme } from "../widgets/theme.ts";

export interface LobbySceneOptions {
  key?: string;
  theme?: Partial<UiTheme>;
  title?: string;
  subtitle?: string;
  /** A SearchGameSessions filter applied when the filter box is empty, e.g. "hasAvailablePlayerSessions=true". */
  defaultFilter?: string;
  /** Sort expression for the list, e.g. "creationTimeMillis DESC". */
  sort?: string;
  /** Defaults for the "create" form. */
  defaultMaxPlayers?: number;
  /** Key/value game properties sent with every create, e.g. { map: "arena" }. */
  gameProperties?: Record<string, string>;
  /** The scene to go back to on sign-out; none hides the button. */
  loginScene?: string;
  /** Refresh the list every n seconds while the lobby shows (0 = only on demand). */
  autoRefreshSeconds?: number;
}
