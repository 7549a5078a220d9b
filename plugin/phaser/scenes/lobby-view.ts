import type * as Phaser from "phaser";
import { GameLiftKitError } from "../../core/errors.ts";
import type { GameSessionInfo } from "../../core/gamelift/session-types.ts";
import { gameliftOf, type GameLiftPlugin } from "../plugin.ts";
import type { LobbyReturnData } from "../travel-scenes.ts";
import { el } from "../widgets/dom.ts";
import { explainMissingDomContainer, hasDomContainer } from "../widgets/dom-container.ts";
import { isPending, runPending } from "../widgets/pending.ts";
import { DomPanel } from "../widgets/panel.ts";
import type { UiTheme } from "../widgets/theme.ts";
import { Toast } from "../widgets/toast.ts";
import type { LobbySceneOptions } from "./lobby-options.ts";

/**
 * The lobby's content, loaded after sign-in: search the sessions (with a filter), refresh, create one, join one.
 * Joining hands the player to travel, whose scene mapping then starts the map's scene; coming back shows why.
 */
export class LobbyView {
  private readonly options: LobbySceneOptions;
  private readonly theme: UiTheme;
  private readonly returned: LobbyReturnData | undefined;
  private panel!: DomPanel;
  private toast!: Toast;
  private list!: HTMLDivElement;
  private filterInput!: HTMLInputElement;
  private sessions: GameSessionInfo[] = [];

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
    const { width } = this.scene.scale;
    this.panel = new DomPanel(this.scene, this.theme, width / 2, this.options.subtitle || this.theme.subtitle ? 100 : 80, { wide: true, name: "lobby", originY: 0 });
    this.toast = new Toast(this.scene, this.theme, width / 2, 10);
    this.build();
    this.showReturn();
    void this.refresh();
    const every = this.options.autoRefreshSeconds ?? 0;
    if (every > 0) this.scene.time.addEvent({ delay: every * 1000, loop: true, callback: () => void this.refresh({ quiet: true }) });
  }

  private get kitPlugin(): GameLiftPlugin {
    return gameliftOf(this.scene);
  }

  private showReturn(): void {
    const back = this.returned;
    if (!back) return;
    if (back.cause === "left") this.toast.info("You left the session.");
    else this.toast.error(new GameLiftKitError(back.cause === "ended" ? "SessionEnded" : "UnknownMap", back.reason ?? "The session ended."));
  }

  private build(): void {
    this.filterInput = el("input", {
      attrs: { name: "filter", type: "text", placeholder: this.options.defaultFilter ?? "e.g. hasAvailablePlayerSessions=true", autocomplete: "off", spellcheck: "false" },
    });
    const searchButton = el("button", { class: "pgl-button pgl-primary", text: "Search", attrs: { type: "submit", "data-action": "search" } });
    const refreshButton = el("button", { class: "pgl-button", text: "Refresh", attrs: { type: "button", "data-action": "refresh" } });
    const search = el(
      "form",
      { class: "pgl-form" },
      el("div", { class: "pgl-row" }, el("label", { class: "pgl-field" }, "Filter", this.filterInput), el("div", { class: "pgl-row" }, searchButton, refreshButton)),
    );
    search.addEventListener("submit", (event) => {
      event.preventDefault();
      void this.refresh({ button: searchButton });
    });
    refreshButton.addEventListener("click", () => void this.refresh({ button: refreshButton }));

    this.list = el("div", { class: "pgl-sessions", attrs: { "data-sessions": "" } });

    const nameInput = el("input", { attrs: { name: "name", type: "text", placeholder: "My game", autocomplete: "off", maxlength: "64" } });
    const maxInput = el("input", {
      attrs: { name: "maxPlayers", type: "number", min: "1", max: "200", value: String(this.options.defaultMaxPlayers ?? 8), inputmode: "numeric" },
    });
    const createButton = el("button", { class: "pgl-button pgl-primary", text: "Create & join", attrs: { type: "submit", "data-action": "create" } });
    const create = el(
      "form",
      { class: "pgl-form" },
      el("div", { class: "pgl-row" }, el("label", { class: "pgl-field" }, "Name", nameInput), el("label", { class: "pgl-field" }, "Max players", maxInput), createButton),
    );
    create.addEventListener("submit", (event) => {
      event.preventDefault();
      void this.pending(createButton, () => this.createAndJoin(nameInput.value.trim(), Number(maxInput.value)));
    });

    const footer: Node[] = [];
    if (this.options.loginScene) {
      const signOut = el("button", { class: "pgl-link", text: "Sign out", attrs: { type: "button", "data-action": "sign-out" } });
      signOut.addEventListener("click", () => void this.pending(signOut, () => this.signOut()));
      footer.push(el("div", { class: "pgl-links" }, signOut));
    }
    this.panel.showContent("lobby", "Game sessions", undefined, [
      search,
      this.list,
      el("div", { class: "pgl-section" }, el("h3", { text: "Create a session" }), create),
      ...footer,
    ]);
    this.renderList();
  }

  private pending(button: HTMLButtonElement | undefined, task: () => Promise<void>): Promise<boolean> {
    return runPending(this.panel.root, button, task, (error) => this.toast.error(error));
  }

  private async refresh(options: { button?: HTMLButtonElement; quiet?: boolean } = {}): Promise<void> {
    const task = async () => {
      const filter = this.filterInput.value.trim() || this.options.defaultFilter;
      const result = await this.kitPlugin.sessions.searchSessions({ ...(filter ? { filter } : {}), ...(this.options.sort ? { sort: this.options.sort } : {}), limit: 20 });
      if (!this.scene.sys.isActive()) return;
      this.sessions = result.sessions;
      this.renderList();
    };
    // An automatic refresh waits for the player's own call instead of queuing behind it.
    if (options.quiet) {
      if (isPending(this.panel.root)) return;
      await task().catch(() => undefined);
      return;
    }
    await this.pending(options.button, task);
  }

  private renderList(): void {
    if (this.sessions.length === 0) {
      this.list.replaceChildren(el("div", { class: "pgl-empty", text: "No sessions found. Create one below." }));
      return;
    }
    const rows = this.sessions.map((session) => {
      const join = el("button", { class: "pgl-button", text: "Join", attrs: { type: "button", "data-action": "join", "data-session": session.gameSessionId } });
      const full = session.currentPlayers >= session.maxPlayers;
      if (full || session.status !== "ACTIVE") join.setAttribute("disabled", "");
      join.addEventListener("click", () => void this.pending(join, () => this.join(session.gameSessionId)));
      return el(
        "tr",
        { attrs: { "data-session-row": session.gameSessionId } },
        el("td", { text: session.name ?? shortId(session.gameSessionId) }),
        el("td", { text: `${session.currentPlayers}/${session.maxPlayers}` }),
        el("td", { text: (session.status ?? "").toLowerCase() }),
        el("td", {}, join),
      );
    });
    const head = el("tr", {}, ...["Name", "Players", "Status", ""].map((h) => el("th", { text: h })));
    this.list.replaceChildren(el("table", { class: "pgl-table" }, el("thead", {}, head), el("tbody", {}, ...rows)));
  }

  private async createAndJoin(name: string, maxPlayers: number): Promise<void> {
    if (!Number.isInteger(maxPlayers) || maxPlayers < 1 || maxPlayers > 200) {
      throw new GameLiftKitError("InvalidParameter", "Max players is a whole number from 1 to 200.");
    }
    const created = await this.kitPlugin.sessions.createSession({
      maxPlayers,
      ...(name ? { name } : {}),
      ...(this.options.gameProperties ? { gameProperties: this.options.gameProperties } : {}),
    });
    // The kit's join waits for the new session to become ACTIVE.
    await this.join(created.gameSessionId);
  }

  private async join(gameSessionId: string): Promise<void> {
    const sessions = this.kitPlugin.sessions;
    // The seat is reserved under the player's identity id, which the game server checks against its token.
    await sessions.joinSession({ gameSessionId });
    if (!this.kitPlugin.travelScenes) this.toast.info("Joined. Configure `travel` in the plugin config to change scenes on join.");
  }

  private async signOut(): Promise<void> {
    await this.kitPlugin.auth.signOut();
    if (this.options.loginScene) this.scene.scene.start(this.options.loginScene, { message: "You were signed out." });
  }
}

/** The tail of a game session ARN: enough to tell unnamed sessions apart. */
function shortId(arn: string): string {
  return arn.slice(arn.lastIndexOf("/") + 1).slice(-12);
}
