/**
 * The lobby's "create a session" form: a name, the most players, and a map when the game has several. With a queue
 * (config.gamelift.queueName) the session is placed through it: the form shows the placement's progress (waiting
 * for a server, then joining) with a Cancel that stops the placement, and the player's seat is reserved by the
 * placement itself. Without one, the session is made on the fleet or alias and joined (the kit's join waits for it
 * to be ACTIVE).
 */
import type * as Phaser from "phaser";
import { GameLiftKitError } from "../../../core/errors.ts";
import type { PlacementInfo } from "../../../core/gamelift/session-types.ts";
import type { GameLiftPlugin } from "../../plugin.ts";
import { formatRemaining } from "../../widgets/countdown.ts";
import { el, spinner } from "../../widgets/dom.ts";
import { runPending } from "../../widgets/pending.ts";
import type { LobbySceneOptions } from "../lobby-options.ts";

export interface CreateFormHost {
  kit(): GameLiftPlugin;
  active(): boolean;
  report(error: unknown): void;
  /** Joins a game session by id (the lobby's join). */
  join(gameSessionId: string): Promise<void>;
}

export class CreateForm {
  readonly element: HTMLElement;
  private readonly scene: Phaser.Scene;
  private readonly host: CreateFormHost;
  private readonly options: LobbySceneOptions;
  private readonly progress: HTMLDivElement;
  private ticker?: Phaser.Time.TimerEvent;
  private placing?: AbortController;

  constructor(scene: Phaser.Scene, host: CreateFormHost, options: LobbySceneOptions) {
    this.scene = scene;
    this.host = host;
    this.options = options;
    const nameInput = el("input", { attrs: { name: "name", type: "text", placeholder: "My game", autocomplete: "off", maxlength: "64" } });
    const maxInput = el("input", {
      attrs: { name: "maxPlayers", type: "number", min: "1", max: "200", value: String(options.defaultMaxPlayers ?? 8), inputmode: "numeric" },
    });
    const maps = Object.entries(options.maps ?? {});
    const mapSelect = maps.length > 0 ? el("select", { attrs: { name: "createMap" } }, ...maps.map(([key, title]) => el("option", { text: title, attrs: { value: key } }))) : undefined;
    const createButton = el("button", { class: "pgl-button pgl-primary", text: "Create & join", attrs: { type: "submit", "data-action": "create" } });
    this.progress = el("div", { class: "pgl-progress pgl-hidden-part", attrs: { "data-placement": "", "aria-live": "polite" } });
    const form = el(
      "form",
      { class: "pgl-form" },
      el("label", { class: "pgl-field" }, "Name", nameInput),
      el("div", { class: "pgl-row" }, el("label", { class: "pgl-field" }, "Max players", maxInput), mapSelect ? el("label", { class: "pgl-field" }, "Map", mapSelect) : null),
      createButton,
    );
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const properties = { ...options.gameProperties, ...(mapSelect ? { map: mapSelect.value } : {}) };
      void runPending(this.element, createButton, () => this.create(nameInput.value.trim(), Number(maxInput.value), properties), (error) => host.report(error)).then(() =>
        this.showProgress(undefined),
      );
    });
    this.element = el("section", { class: "pgl-card pgl-create", attrs: { "data-section": "create" } }, el("h3", { text: "Create a session" }), form, this.progress);
    scene.events.once("shutdown", () => this.placing?.abort());
  }

  private get queueName(): string | undefined {
    return this.options.createOn === "fleet" ? undefined : this.host.kit().config.gamelift?.queueName;
  }

  private async create(name: string, maxPlayers: number, gameProperties: Record<string, string>): Promise<void> {
    if (!Number.isInteger(maxPlayers) || maxPlayers < 1 || maxPlayers > 200) {
      const words = "Max players is a whole number from 1 to 200.";
      throw new GameLiftKitError("InvalidParameter", words, { playerMessage: words });
    }
    const request = { maxPlayers, ...(name ? { name } : {}), ...(Object.keys(gameProperties).length ? { gameProperties } : {}) };
    const queueName = this.queueName;
    if (queueName) return this.placeOnQueue(queueName, request);
    const created = await this.host.kit().sessions.createSession(request);
    // The kit's join waits for the new session to become ACTIVE.
    await this.host.join(created.gameSessionId);
  }

  /**
   * StartGameSessionPlacement with the player's own seat among the desired players: FULFILLED, the placement holds
   * it, and travel connects with it (no CreatePlayerSession after).
   */
  private async placeOnQueue(queueName: string, request: { maxPlayers: number; name?: string; gameProperties?: Record<string, string> }): Promise<void> {
    const kit = this.host.kit();
    // The kit gives the player's own seat the player's name as its PlayerData, as a join does.
    const playerId = await kit.credentials.playerIdentityId();
    const abort = new AbortController();
    this.placing = abort;
    this.showProgress("Finding a server…", true);
    let placement: PlacementInfo;
    try {
      ({ placement } = await kit.sessions.createSessionOnQueue({ ...request, queueName, desiredPlayers: [{ playerId }], signal: abort.signal }));
    } catch (error) {
      // The player's own Cancel (or leaving the lobby): nothing went wrong.
      if (abort.signal.aborted) return;
      throw error;
    } finally {
      if (this.placing === abort) this.placing = undefined;
    }
    // Cancelled after all (the placement had just been fulfilled): the unused seat times out by itself.
    if (!this.host.active() || abort.signal.aborted) return;
    const seat = placement.placedPlayerSessions.find((s) => s.playerId === playerId);
    if (!seat) throw new GameLiftKitError("ProtocolError", `placement ${placement.placementId} was fulfilled without the player's seat`);
    this.showProgress("Server found: joining…");
    await kit.travel.join({
      playerSessionId: seat.playerSessionId,
      playerId,
      ...(placement.gameSessionId ? { gameSessionId: placement.gameSessionId } : {}),
      ...(placement.ipAddress ? { ipAddress: placement.ipAddress } : {}),
      ...(placement.dnsName ? { dnsName: placement.dnsName } : {}),
      ...(placement.port !== undefined ? { port: placement.port } : {}),
    });
  }

  /** The placement's progress line (with a Cancel while waiting for a server), or nothing. */
  private showProgress(text: string | undefined, cancellable = false): void {
    this.ticker?.remove();
    this.ticker = undefined;
    if (text === undefined) {
      this.progress.classList.add("pgl-hidden-part");
      this.progress.replaceChildren();
      return;
    }
    const elapsed = el("span", { class: "pgl-elapsed" });
    const parts: Node[] = [spinner(), el("span", { text }), elapsed];
    if (cancellable) {
      const cancel = el("button", { class: "pgl-link", text: "Cancel", attrs: { type: "button", "data-action": "cancel-create" } });
      // Outside the form's pending set: it must work while the form waits.
      cancel.addEventListener("click", () => this.placing?.abort());
      parts.push(cancel);
    }
    this.progress.replaceChildren(...parts);
    this.progress.classList.remove("pgl-hidden-part");
    const since = this.scene.time.now;
    const render = () => (elapsed.textContent = formatRemaining(Math.floor((this.scene.time.now - since) / 1000)));
    render();
    this.ticker = this.scene.time.addEvent({ delay: 250, loop: true, callback: render });
  }
}
