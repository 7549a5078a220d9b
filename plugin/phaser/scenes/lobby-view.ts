import type * as Phaser from "phaser";
import { GameLiftKitError } from "../../core/errors.ts";
import { gameliftOf, type GameLiftPlugin } from "../plugin.ts";
import type { LobbyReturnData } from "../travel-scenes.ts";
import { el } from "../widgets/dom.ts";
import { explainMissingDomContainer, hasDomContainer } from "../widgets/dom-container.ts";
import { runPending } from "../widgets/pending.ts";
import { DomPanel } from "../widgets/panel.ts";
import type { UiTheme } from "../widgets/theme.ts";
import { Toast } from "../widgets/toast.ts";
import { CreateForm } from "./lobby/create-form.ts";
import { LobbyLatency } from "./lobby/lobby-latency.ts";
import { ensureLobbyStyles } from "./lobby/lobby-styles.ts";
import { QuickMatchPanel } from "./lobby/quick-match-panel.ts";
import { SessionList } from "./lobby/session-list.ts";
import type { LobbySceneOptions, QuickMatchOptions } from "./lobby-options.ts";

/**
 * The lobby's content, loaded after sign-in: Quick match (FlexMatch), the session list (filters, sort, pages,
 * join) and the create form (on the queue, with the placement's progress, or on the fleet). Each part is a module
 * of its own under lobby/; this puts them in the panel and gives them what they share: the kit, the toast, joining.
 * Joining hands the player to travel, whose scene mapping then starts the map's scene; coming back shows why.
 */
export class LobbyView {
  private readonly options: LobbySceneOptions;
  private readonly theme: UiTheme;
  private readonly returned: LobbyReturnData | undefined;
  private panel!: DomPanel;
  private toast!: Toast;
  private list!: SessionList;
  private latency!: LobbyLatency;

  private readonly scene: Phaser.Scene;
  constructor(scene: Phaser.Scene, options: LobbySceneOptions, theme: UiTheme, returned: LobbyReturnData | undefined) {
    this.scene = scene;
    this.options = options;
    this.theme = theme;
    this.returned = returned;
  }

  /** Draws the lobby into its scene (the backdrop is already there) and starts listing sessions. */
  show(): void {
    if (!hasDomContainer(this.scene)) {
      explainMissingDomContainer(this.scene, this.theme, "LobbyScene");
      return;
    }
    ensureLobbyStyles();
    const { width } = this.scene.scale;
    this.panel = new DomPanel(this.scene, this.theme, width / 2, this.options.subtitle || this.theme.subtitle ? 96 : 76, { wide: true, name: "lobby", originY: 0 });
    this.panel.root.classList.add("pgl-lobby");
    this.toast = new Toast(this.scene, this.theme, width / 2, 10);
    this.build();
    // Phaser measured the panel before it was the lobby's width: measure again, so it centres.
    this.panel.object.updateSize();
    this.showReturn();
    void this.list.reload();
    // Pings measured while the lobby shows: the list's column, and what quick match and create send GameLift.
    this.latency.start();
    this.scene.events.once("shutdown", () => this.latency.stop());
    const every = this.options.autoRefreshSeconds ?? 0;
    if (every > 0) this.scene.time.addEvent({ delay: every * 1000, loop: true, callback: () => void this.list.refreshQuietly() });
  }

  private get kitPlugin(): GameLiftPlugin {
    return gameliftOf(this.scene);
  }

  private showReturn(): void {
    const back = this.returned;
    if (!back) return;
    if (back.cause === "left") return this.toast.info("You left the session.");
    const code = back.cause === "ended" ? (back.code ?? "SessionEnded") : "UnknownMap";
    // The reason is already the player's words (travel's, or the game server's own); the detail is the developer's.
    const reason = back.reason ?? "The game session has ended.";
    this.toast.error(new GameLiftKitError(code, back.detail ? `${reason} (${back.detail})` : reason, { playerMessage: reason }));
  }

  private build(): void {
    const shared = {
      kit: () => this.kitPlugin,
      active: () => this.scene.sys.isActive(),
      report: (error: unknown) => this.toast.error(error),
      info: (message: string) => this.toast.info(message),
      join: (gameSessionId: string) => this.join(gameSessionId),
    };
    this.latency = new LobbyLatency(() => this.kitPlugin, () => this.list?.latencyChanged());
    this.list = new SessionList({ ...shared, latency: this.latency }, this.options);
    const side: Node[] = [];
    const quickMatch = this.quickMatchOptions();
    if (quickMatch) side.push(new QuickMatchPanel(this.scene, shared, quickMatch).element);
    side.push(new CreateForm(this.scene, shared, this.options).element);

    const footer: Node[] = [];
    if (this.options.loginScene) {
      const signOut = el("button", { class: "pgl-link", text: "Sign out", attrs: { type: "button", "data-action": "sign-out" } });
      signOut.addEventListener("click", () => void runPending(this.panel.root, signOut, () => this.signOut(), (error) => this.toast.error(error)));
      footer.push(el("div", { class: "pgl-links" }, signOut));
    }
    this.panel.showContent("lobby", "Play", undefined, [
      el("div", { class: "pgl-lobby-grid" }, el("div", { class: "pgl-lobby-side" }, ...side), this.list.element),
      ...footer,
    ]);
  }

  /** Quick match shows when the game has a matchmaking configuration, unless the options turn it off. */
  private quickMatchOptions(): QuickMatchOptions | undefined {
    if (this.options.quickMatch === false) return undefined;
    const options = this.options.quickMatch ?? {};
    const configured = options.configurationName ?? this.kitPlugin.config.gamelift?.matchmakingConfigurationName;
    return configured ? options : undefined;
  }

  private async join(gameSessionId: string): Promise<void> {
    const kit = this.kitPlugin;
    // One way into a game at a time: a quick match still looking would offer a match nobody answers.
    if (kit.matchmaking.tracking) await kit.matchmaking.stopMatchmaking();
    try {
      // The seat is reserved under the player's identity id, which the game server checks against its token.
      await kit.sessions.joinSession({ gameSessionId });
    } catch (error) {
      // The list is out of date (the session ended, filled up, or is gone): search again once this join's
      // failure is shown, so an ended session disappears instead of inviting another failed join.
      setTimeout(() => {
        if (this.scene.sys.isActive()) void this.list.refreshQuietly();
      }, 0);
      throw error;
    }
    if (!kit.travelScenes) this.toast.info("Joined. Configure `travel` in the plugin config to change scenes on join.");
  }

  private async signOut(): Promise<void> {
    const kit = this.kitPlugin;
    if (kit.matchmaking.tracking) await kit.matchmaking.stopMatchmaking().catch(() => undefined);
    await kit.auth.signOut();
    if (this.options.loginScene) this.scene.scene.start(this.options.loginScene, { message: "You were signed out." });
  }
}
