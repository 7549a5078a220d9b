import * as Phaser from "phaser";
import type { GameLiftKitConfig } from "../core/config.ts";
import { GameLiftKitError } from "../core/errors.ts";
import { createGameLiftKit, type GameLiftKit, type GameLiftKitOptions } from "../core/index.ts";
import { connectForScene, type Connectable } from "./scene-connections.ts";
import { loadLobbyView } from "./scenes/lobby-chunk.ts";
import type { LobbySceneOptions } from "./scenes/lobby-options.ts";
import type { LoginSceneOptions } from "./scenes/login-options.ts";
import { TravelScenes, type TravelScenesConfig } from "./travel-scenes.ts";
import type { UiTheme } from "./widgets/theme.ts";

export interface GameLiftPluginConfig extends GameLiftKitConfig {
  /** A kit the game made itself; the plugin then leaves destroying it to the game. */
  kit?: GameLiftKit;
  /** Passed to createGameLiftKit: token storage, a WebSocket class, travel's timeouts and reconnection. */
  kitOptions?: GameLiftKitOptions;
  /** Map keys the game server sends → scene keys, and the lobby to come back to. */
  travel?: TravelScenesConfig;
  /** Defaults for the ready-made scenes; options given to a scene's constructor win. */
  ui?: { theme?: Partial<UiTheme>; login?: LoginSceneOptions; lobby?: LobbySceneOptions };
}

export const DEFAULT_PLUGIN_KEY = "GameLiftPlugin";
export const DEFAULT_MAPPING = "gamelift";

/**
 * The global plugin: one kit per game, reachable from every scene as `this.gamelift` (or the mapping the
 * game picks). Destroying the game destroys the kit it made, which stops every timer and connection.
 */
export class GameLiftPlugin extends Phaser.Plugins.BasePlugin {
  private current?: GameLiftKit;
  private ownsKit = false;
  private settings?: GameLiftPluginConfig;
  private director?: TravelScenes;

  /** Installs the plugin into a running game (the game-config route is `plugins.global`). */
  static install(game: Phaser.Game, config: GameLiftPluginConfig, options: { key?: string; mapping?: string } = {}): GameLiftPlugin {
    const key = options.key ?? DEFAULT_PLUGIN_KEY;
    const installed = game.plugins.install(key, GameLiftPlugin, true, options.mapping ?? DEFAULT_MAPPING, config);
    const plugin = installed ?? game.plugins.get(key);
    if (!(plugin instanceof GameLiftPlugin)) throw new GameLiftKitError("NotConfigured", `could not install the GameLift plugin under '${key}'`);
    return plugin;
  }

  /**
   * Called by Phaser with the plugin entry's `data`: makes the kit from it (or takes `data.kit`).
   *
   * @throws GameLiftKitError NotConfigured when the plugin entry has no `data`.
   */
  override init(data?: GameLiftPluginConfig): void {
    if (!data) {
      throw new GameLiftKitError("NotConfigured", "GameLiftPlugin needs its config: plugins.global: [{ key, plugin: GameLiftPlugin, mapping: 'gamelift', data: config }]");
    }
    this.settings = data;
    this.ownsKit = data.kit === undefined;
    this.current = data.kit ?? createGameLiftKit(data, data.kitOptions);
  }

  override start(): void {
    this.injectIntoRunningScenes();
    if (this.settings?.travel && !this.director) this.director = new TravelScenes(this.game, this.kit.travel, this.settings.travel);
  }

  override destroy(): void {
    this.director?.destroy();
    this.director = undefined;
    if (this.ownsKit) this.current?.destroy();
    this.current = undefined;
    super.destroy();
  }

  get config(): GameLiftPluginConfig {
    if (!this.settings) throw new GameLiftKitError("NotConfigured", "the GameLift plugin has not been initialised");
    return this.settings;
  }

  get kit(): GameLiftKit {
    if (!this.current) throw new GameLiftKitError("NotConfigured", "the GameLift kit is gone: the game was destroyed");
    return this.current;
  }

  get auth(): GameLiftKit["auth"] {
    return this.kit.auth;
  }
  get users(): GameLiftKit["users"] {
    return this.kit.users;
  }
  get credentials(): GameLiftKit["credentials"] {
    return this.kit.credentials;
  }
  get sessions(): GameLiftKit["sessions"] {
    return this.kit.sessions;
  }
  get matchmaking(): GameLiftKit["matchmaking"] {
    return this.kit.matchmaking;
  }
  get latency(): GameLiftKit["latency"] {
    return this.kit.latency;
  }
  get travel(): GameLiftKit["travel"] {
    return this.kit.travel;
  }
  /** Scene transitions driven by travel, when `travel` is configured. */
  get travelScenes(): TravelScenes | undefined {
    return this.director;
  }

  /**
   * Fetches what the game needs after sign-in (the kit's sessions, travel and AWS clients, the LobbyScene's
   * content) ahead of need; the LoginScene calls it while the player types. A failure is retried on use.
   */
  prefetch(): Promise<void> {
    return Promise.all([this.kit.prefetch(), loadLobbyView()]).then(() => undefined);
  }

  /** Connects handlers to a bus until the scene shuts down: `this.gamelift.connect(this, this.gamelift.auth.bus, {...})`. */
  connect<Handlers>(scene: Phaser.Scene, bus: Connectable<Handlers>, handlers: Handlers) {
    return connectForScene(scene, bus, handlers);
  }

  /**
   * Phaser maps a global plugin into scenes as they boot; scenes already running when the plugin is installed
   * at run time get it here, under the mapping the game chose.
   */
  private injectIntoRunningScenes(): void {
    const entry = this.pluginManager.plugins.find((p) => (p as { plugin: unknown }).plugin === this);
    const mapping = entry?.mapping;
    if (!mapping) return;
    for (const scene of this.game.scene.scenes as Phaser.Scene[]) {
      (scene as unknown as Record<string, unknown>)[mapping] = this;
    }
  }
}

/**
 * The plugin a scene runs under, whatever key and mapping the game installed it with; the ready-made scenes
 * use this so they work with any mapping.
 */
export function gameliftOf(scene: Phaser.Scene): GameLiftPlugin {
  const entries = scene.sys.plugins.plugins as { plugin: unknown }[];
  const found = entries.map((e) => e.plugin).find((p): p is GameLiftPlugin => p instanceof GameLiftPlugin);
  if (!found) {
    throw new GameLiftKitError("NotConfigured", "no GameLiftPlugin in this game: add it to the game config's plugins.global (see the README)");
  }
  return found;
}
