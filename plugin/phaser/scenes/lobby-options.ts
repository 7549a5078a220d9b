import type { PlayerAttributeValue } from "../../core/gamelift/matchmaking-types.ts";
import type { UiTheme } from "../widgets/theme.ts";

/** What `new LobbyScene(options)` takes (or the plugin config's `ui.lobby`, for defaults); all optional. */
export interface LobbySceneOptions {
  /** Scene key; "LobbyScene" unless the game runs two. */
  key?: string;
  /** Colours, font and title over the default theme. */
  theme?: Partial<UiTheme>;
  /** Overrides theme.title for this scene. */
  title?: string;
  /** Overrides theme.subtitle for this scene. */
  subtitle?: string;
  /** A raw SearchGameSessions filter the list's own filters are added to (AND), e.g. "maximumSessions <= 8". */
  defaultFilter?: string;
  /** The list's first sort expression, e.g. "creationTimeMillis DESC" (the player can pick another). */
  sort?: string;
  /** Sessions a page of the list shows (1–20; GameLift returns at most 20). Default 8. */
  pageSize?: number;
  /** Defaults for the "create" form. */
  defaultMaxPlayers?: number;
  /** Key/value game properties sent with every create, e.g. { mode: "ffa" }. */
  gameProperties?: Record<string, string>;
  /**
   * The maps a session can be on, by the value of its `map` game property: { arena: "Crate Arena" }. The create
   * form offers them and the list filters by them.
   */
  maps?: Record<string, string>;
  /**
   * Where "create" puts the new session: on the queue (config.gamelift.queueName), following its placement, when
   * the game has one (the default), or on the fleet or alias.
   */
  createOn?: "queue" | "fleet";
  /**
   * Quick match (FlexMatch): shown when the game has a matchmaking configuration (config.gamelift.
   * matchmakingConfigurationName, or `configurationName` here); false hides it.
   */
  quickMatch?: false | QuickMatchOptions;
  /** The scene to go back to on sign-out; none hides the button. */
  loginScene?: string;
  /** Refresh the list every n seconds while the lobby shows (0 = only on demand). */
  autoRefreshSeconds?: number;
}

/** The lobby's Quick match button (FlexMatch). */
export interface QuickMatchOptions {
  /** The matchmaking configuration's name or ARN; default config.gamelift.matchmakingConfigurationName. */
  configurationName?: string;
  /** The player's matchmaking attributes, as the rule set names them, e.g. { skill: 24 }. */
  attributes?: Record<string, PlayerAttributeValue>;
  /**
   * The configuration's AcceptanceTimeoutSeconds, for the countdown on the accept prompt (a player cannot read
   * it from GameLift); without it the prompt shows no countdown.
   */
  acceptanceTimeoutSeconds?: number;
}
