import * as Phaser from "phaser";
import { GameLiftKitError } from "../../core/errors.ts";
import { gameliftOf } from "../plugin.ts";
import type { LobbyReturnData } from "../travel-scenes.ts";
import { drawBackdrop } from "../widgets/backdrop.ts";
import { resolveTheme } from "../widgets/theme.ts";
import { Toast } from "../widgets/toast.ts";
import { loadLobbyView } from "./lobby-chunk.ts";
import type { LobbySceneOptions } from "./lobby-options.ts";

export type { LobbySceneOptions } from "./lobby-options.ts";

/**
 * A ready-made lobby: search the sessions (with a filter), refresh, create one, join one. Joining hands the
 * player to travel, whose scene mapping then starts the map's scene; coming back shows why. The scene draws its
 * backdrop at once and its content when that has loaded (the plugin prefetches it while the player signs in).
 *
 * With a matchmaking configuration it offers Quick match too (ticket, acceptance prompt, cancel). It needs the
 * GameLiftPlugin with a `travel` mapping and `dom: { createContainer: true }`.
 *
 * @example
 * ```ts
 * new LobbyScene({ gameProperties: { map: "arena" }, maps: { arena: "Crate Arena" }, loginScene: "LoginScene" })
 * ```
 */
export class LobbyScene extends Phaser.Scene {
  private readonly sceneOptions: LobbySceneOptions;
  private returned?: LobbyReturnData;
  /** Bumped on every create, so content loaded for an earlier visit of the scene is not drawn into this one. */
  private visit = 0;

  constructor(options: LobbySceneOptions = {}) {
    super({ key: options.key ?? "LobbyScene" });
    this.sceneOptions = options;
  }

  /** Phaser's init: the {@link LobbyReturnData} travel passes when the player comes back, to show why. */
  init(data?: Partial<LobbyReturnData>): void {
    this.returned = data?.cause ? (data as LobbyReturnData) : undefined;
  }

  /** Phaser's create: draws the lobby and starts loading its content. */
  create(): void {
    const visit = ++this.visit;
    const defaults = gameliftOf(this).config.ui;
    const options = { ...defaults?.lobby, ...this.sceneOptions };
    const theme = resolveTheme(defaults?.theme, options.theme);
    drawBackdrop(this, theme, { title: options.title, subtitle: options.subtitle });
    loadLobbyView().then(
      ({ LobbyView }) => {
        if (visit === this.visit && this.sys.isActive()) new LobbyView(this, options, theme, this.returned).show();
      },
      (error: unknown) => {
        if (visit !== this.visit || !this.sys.isActive()) return;
        new Toast(this, theme, this.scale.width / 2, 10).error(
          new GameLiftKitError("NetworkError", `The lobby's code could not be loaded: ${(error as Error)?.message ?? String(error)}`, {
            playerMessage: "The lobby could not be loaded. Check your connection and reload the game.",
          }),
        );
      },
    );
  }
}
