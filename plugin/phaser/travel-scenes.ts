import * as Phaser from "phaser";
import type { BusConnection } from "../core/events/bus.ts";
import type { SessionEndCause } from "../core/events/travel-events.ts";
import type { TravelArea } from "../core/travel/index.ts";
import type { TravelSession } from "../core/travel/types.ts";
import type { JsonValue } from "../../protocol/wire.ts";
import { sceneForMap } from "./scene-for-map.ts";

/**
 * How the plugin turns travel into scene changes (GameLiftPluginConfig.travel): which scene plays each map the
 * game server names, and where players go back to.
 *
 * @example
 * ```ts
 * data: { ...config, travel: { maps: { arena: "ArenaScene" }, lobbyScene: "LobbyScene" } }
 * ```
 */
export interface TravelScenesConfig {
  /** The server's map key (its `accepted.map`) → the scene that plays it: { arena: "ArenaScene" }. */
  maps: Record<string, string>;
  /** Where the player goes back to after leaving, or when the session ends or the connection is lost for good. */
  lobbyScene: string;
  /** For a map key the game has no scene for; without it the player stays in the lobby with an error. */
  fallbackScene?: string;
  /** A fade out of the old scene and into the new one (duration in ms, default 400; 0 switches at once; color a CSS hex color). */
  transition?: { duration?: number; color?: string };
  /** A "Reconnecting…" banner over the map scene while the connection is down (on by default). */
  reconnectBanner?: boolean;
}

/** What a map scene receives in init(data) / create(data). */
export interface MapSceneData {
  /** The map key the server named. */
  map: string;
  /** The game state the server sent with its accept. */
  state: JsonValue;
  /** The player's seat: player, player session and game session IDs. */
  session: TravelSession;
}

/** What the lobby receives when the player comes back. */
export interface LobbyReturnData {
  /** left: the player left; ended: the session ended without the player asking; unknown-map: no scene for the server's map. */
  cause: "left" | "ended" | "unknown-map";
  /** Why, in words the player can read (the server's reason for "ended"). */
  reason?: string;
  /** "ended": why, for the game's logic (ServerEnded, SessionTerminated, ServerGone, …). */
  code?: SessionEndCause;
  /** "ended": what happened, for the developer console. */
  detail?: string;
}

const DEFAULT_DURATION = 400;
const BANNER_KEY = "__gameliftReconnectBanner";

function rgb(color: string): [number, number, number] {
  const hex = color.replace(/^#/, "");
  const n = Number.parseInt(hex.length === 3 ? [...hex].map((c) => c + c).join("") : hex, 16) || 0;
  return [(n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff];
}

/**
 * Turns travel into scene changes: when the server seats the player the lobby gives way to the map's scene
 * (with the game state as its data); leaving, a session the server ended, or a connection that could not be
 * restored brings the lobby back with the reason.
 *
 * What the server sends between its accept and the map scene's create (the transition takes a few hundred
 * milliseconds) is held by travel and delivered, in order, once the map scene has run its create() — where a
 * scene connects its handlers — so a map scene hears every message from the first.
 */
export class TravelScenes {
  private readonly connection: BusConnection;
  private generation = 0;
  private fallbackTimer?: ReturnType<typeof setTimeout>;

  private readonly game: Phaser.Game;
  private readonly config: TravelScenesConfig;
  private readonly travel: Pick<TravelArea, "bus" | "holdAfterAccept" | "releaseHeld">;
  constructor(
    game: Phaser.Game,
    travel: Pick<TravelArea, "bus" | "holdAfterAccept" | "releaseHeld">,
    config: TravelScenesConfig,
  ) {
    this.game = game;
    this.config = config;
    this.travel = travel;
    travel.holdAfterAccept = true;
    this.connection = travel.bus.connect({
      onTravelComplete: (map, state, session) => {
        const target = sceneForMap(config.maps, map, config.fallbackScene);
        if (target) return this.go(target, { map, state, session } satisfies MapSceneData, () => travel.releaseHeld());
        travel.releaseHeld();
        this.go(config.lobbyScene, { cause: "unknown-map", reason: `This game has no scene for the map '${map}'.` } satisfies LobbyReturnData);
      },
      onLeaveComplete: () => this.go(config.lobbyScene, { cause: "left" } satisfies LobbyReturnData),
      onSessionEnded: (reason, ending) =>
        this.go(config.lobbyScene, { cause: "ended", reason, ...(ending ? { code: ending.cause, detail: ending.detail } : {}) } satisfies LobbyReturnData),
      onConnectionLost: () => this.setBanner(true),
      onReconnected: () => this.setBanner(false),
    });
  }

  /** The scene key a server map key plays in. */
  sceneFor(map: string): string | undefined {
    return sceneForMap(this.config.maps, map, this.config.fallbackScene);
  }

  destroy(): void {
    this.connection.disconnect();
    this.travel.holdAfterAccept = false;
    this.travel.releaseHeld();
    this.generation++;
    clearTimeout(this.fallbackTimer);
  }

  /** Scenes travel owns: the lobby and every map scene; anything else the game runs is left alone. */
  private managedKeys(): Set<string> {
    return new Set([this.config.lobbyScene, ...Object.values(this.config.maps), ...(this.config.fallbackScene ? [this.config.fallbackScene] : [])]);
  }

  /** Fades to `target`; `created` runs once the target scene's create() has run. */
  private go(target: string, data: object, created?: () => void): void {
    const scenes = this.game.scene;
    if (!scenes.getScene(target)) {
      console.error(`[phaser-gamelift] travel wants scene '${target}', which is not in the game's scene list`);
      created?.();
      return;
    }
    const generation = ++this.generation;
    clearTimeout(this.fallbackTimer);
    const managed = this.managedKeys();
    const leaving = scenes.getScenes(true).filter((s) => managed.has(s.sys.settings.key) && s.sys.settings.key !== target) as Phaser.Scene[];
    const duration = this.config.transition?.duration ?? DEFAULT_DURATION;
    const [r, g, b] = rgb(this.config.transition?.color ?? "#000000");

    let switched = false;
    const switchScenes = () => {
      if (switched || generation !== this.generation) return;
      switched = true;
      clearTimeout(this.fallbackTimer);
      for (const scene of leaving) if (scene.sys.isActive() || scene.sys.isPaused()) scene.scene.stop();
      const next = scenes.getScene(target) as Phaser.Scene;
      // CREATE fires after the scene's create() returns: its handlers are connected by then.
      if (created) next.sys.events.once(Phaser.Scenes.Events.CREATE, created);
      if (duration > 0) {
        next.sys.events.once(Phaser.Scenes.Events.CREATE, () => next.cameras.main.fadeIn(duration / 2, r, g, b));
      }
      if (next.sys.isActive()) next.scene.restart(data);
      else scenes.start(target, data);
    };

    const camera = leaving[0]?.cameras?.main;
    if (!camera || duration <= 0) return switchScenes();
    camera.once(Phaser.Cameras.Scene2D.Events.FADE_OUT_COMPLETE, switchScenes);
    camera.fadeOut(duration / 2, r, g, b);
    // A scene stopped by the game mid-fade never completes its fade; switch anyway.
    this.fallbackTimer = setTimeout(switchScenes, duration / 2 + 250);
  }

  private setBanner(visible: boolean): void {
    if (this.config.reconnectBanner === false) return;
    const maps = new Set(Object.values(this.config.maps));
    for (const scene of this.game.scene.getScenes(true) as Phaser.Scene[]) {
      if (!maps.has(scene.sys.settings.key)) continue;
      const holder = scene as unknown as Record<string, Phaser.GameObjects.Text | undefined>;
      holder[BANNER_KEY]?.destroy();
      holder[BANNER_KEY] = undefined;
      if (!visible) continue;
      holder[BANNER_KEY] = scene.add
        .text(scene.scale.width / 2, 12, "Connection lost — reconnecting…", {
          fontFamily: "system-ui, sans-serif",
          fontSize: "16px",
          color: "#ffffff",
          backgroundColor: "#b3261e",
          padding: { x: 12, y: 6 },
        })
        .setOrigin(0.5, 0)
        .setScrollFactor(0)
        .setDepth(10_000);
    }
  }
}
