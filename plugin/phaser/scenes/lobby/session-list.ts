/**
 * The lobby's session list: filters (free slots, map, name contains), sort, pages through NextToken, and a Join
 * button per session. Its requests run with its own controls disabled (not the rest of the lobby).
 */
import type { GameSessionInfo } from "../../../core/gamelift/session-types.ts";
import type { GameLiftPlugin } from "../../plugin.ts";
import { el } from "../../widgets/dom.ts";
import { isPending, runPending } from "../../widgets/pending.ts";
import type { LobbySceneOptions } from "../lobby-options.ts";
import { PING_SORT, PING_SORT_CHOICE, pingLabel, type LobbyLatency } from "./lobby-latency.ts";
import { fetchPage, filterFor, PageTrail, SORT_CHOICES, type ListChoices } from "./session-query.ts";

export interface SessionListHost {
  kit(): GameLiftPlugin;
  /** Still on screen: an answer that arrives after the lobby left is dropped. */
  active(): boolean;
  report(error: unknown): void;
  /** Joins the session (the lobby's join: stops a quick match first, travels). */
  join(gameSessionId: string): Promise<void>;
  /** The player's pings (a column, a sort, the best location), when the game measures them. */
  latency?: LobbyLatency;
}

const DEFAULT_PAGE_SIZE = 8;
/** A row the pointer rests on this long is probably the one the player will join: its server is connected to. */
const PREPARE_AFTER_HOVER_MS = 150;

export class SessionList {
  readonly element: HTMLElement;
  private readonly host: SessionListHost;
  private readonly options: LobbySceneOptions;
  private readonly trail = new PageTrail();
  private readonly list: HTMLDivElement;
  private readonly openOnly: HTMLInputElement;
  private readonly mapSelect: HTMLSelectElement | undefined;
  private readonly nameInput: HTMLInputElement;
  private readonly sortSelect: HTMLSelectElement;
  private readonly refreshButton: HTMLButtonElement;
  private readonly previous: HTMLButtonElement;
  private readonly next: HTMLButtonElement;
  private readonly pageLabel: HTMLSpanElement;
  private sessions: GameSessionInfo[] = [];
  private loaded = false;
  private prepareTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(host: SessionListHost, options: LobbySceneOptions) {
    this.host = host;
    this.options = options;
    this.nameInput = el("input", { attrs: { name: "nameContains", type: "search", placeholder: "Name contains…", autocomplete: "off", spellcheck: "false", maxlength: "64" } });
    const maps = Object.entries(options.maps ?? {});
    this.mapSelect =
      maps.length > 0
        ? el("select", { attrs: { name: "map" } }, el("option", { text: "Any map", attrs: { value: "" } }), ...maps.map(([key, title]) => el("option", { text: title, attrs: { value: key } })))
        : undefined;
    const latency = host.latency?.enabled ? host.latency : undefined;
    const sorts = [...SORT_CHOICES, ...(latency ? [PING_SORT_CHOICE] : [])];
    if (options.sort && !sorts.some((s) => s.value === options.sort)) sorts.unshift({ value: options.sort, label: "Default" });
    this.sortSelect = el("select", { attrs: { name: "sort" } }, ...sorts.map((s) => el("option", { text: s.label, attrs: { value: s.value } })));
    this.sortSelect.value = options.sort ?? SORT_CHOICES[0]!.value;
    this.openOnly = el("input", { attrs: { name: "openOnly", type: "checkbox" } });
    this.openOnly.checked = true;
    this.refreshButton = el("button", { class: "pgl-button", text: "Refresh", attrs: { type: "button", "data-action": "refresh" } });
    this.previous = el("button", { class: "pgl-button", text: "‹ Previous", attrs: { type: "button", "data-action": "previous-page" } });
    this.next = el("button", { class: "pgl-button", text: "Next ›", attrs: { type: "button", "data-action": "next-page" } });
    this.pageLabel = el("span", { attrs: { "data-page": "1" } });
    this.list = el("div", { class: "pgl-sessions", attrs: { "data-sessions": "" } });

    const filters = el(
      "form",
      { class: "pgl-filters", attrs: { "data-filters": "" } },
      el("label", { class: "pgl-field" }, "Name", this.nameInput),
      this.mapSelect ? el("label", { class: "pgl-field" }, "Map", this.mapSelect) : el("span"),
      el("label", { class: "pgl-field" }, "Sort", this.sortSelect),
    );
    filters.addEventListener("submit", (event) => {
      event.preventDefault();
      void this.reload();
    });
    const row = el("div", { class: "pgl-filter-row" }, el("label", { class: "pgl-check" }, this.openOnly, "Free slots only"), this.refreshButton);
    const paging = el("div", { class: "pgl-paging" }, this.pageLabel, this.previous, this.next);

    // A changed choice starts again at page 1: a NextToken belongs to the query that made it.
    for (const control of [this.openOnly, this.mapSelect, this.sortSelect]) control?.addEventListener("change", () => void this.reload());
    let typing: ReturnType<typeof setTimeout> | undefined;
    this.nameInput.addEventListener("input", () => {
      clearTimeout(typing);
      typing = setTimeout(() => void this.reload(), 400);
    });
    this.refreshButton.addEventListener("click", () => {
      latency?.remeasure();
      void this.load(this.trail.current, this.refreshButton);
    });
    this.previous.addEventListener("click", () => void this.load(this.trail.back(), this.previous));
    this.next.addEventListener("click", () => void this.load(this.trail.forward(), this.next));

    this.element = el(
      "section",
      { class: "pgl-card pgl-session-list", attrs: { "data-section": "sessions" } },
      el("h3", { text: "Game sessions" }),
      filters,
      row,
      this.list,
      paging,
      latency?.element,
    );
    this.render();
  }

  /** The first page, for the current choices. */
  reload(): Promise<void> {
    this.trail.reset();
    return this.load(undefined);
  }

  /** New figures: the pings shown (and a page sorted by them) follow. */
  latencyChanged(): void {
    if (this.sortSelect.value === PING_SORT && this.host.latency) this.sessions = this.host.kit().latency.sortByLatency(this.sessions);
    this.render();
  }

  /** The page shown, asked again without disabling anything (the lobby's timer); skipped while a request runs. */
  async refreshQuietly(): Promise<void> {
    if (isPending(this.element)) return;
    await this.fetch(this.trail.current).catch(() => undefined);
  }

  private load(startToken: string | undefined, button?: HTMLButtonElement): Promise<void> {
    return runPending(this.element, button, () => this.fetch(startToken), (error) => this.host.report(error)).then(() => this.render());
  }

  private async fetch(startToken: string | undefined): Promise<void> {
    const choices: ListChoices = { openOnly: this.openOnly.checked, map: this.mapSelect?.value ?? "", nameContains: this.nameInput.value };
    const filter = filterFor(choices, this.options.defaultFilter);
    const pageSize = Math.min(20, Math.max(1, Math.floor(this.options.pageSize ?? DEFAULT_PAGE_SIZE)));
    const sessions = this.host.kit().sessions;
    // "Lowest ping" is the browser's order of each page: GameLift lists them newest first.
    const byPing = this.sortSelect.value === PING_SORT;
    const sort = byPing ? SORT_CHOICES[0]!.value : this.sortSelect.value;
    const page = await fetchPage(
      (nextToken) => sessions.searchSessions({ ...(filter ? { filter } : {}), sort, limit: pageSize, ...(nextToken ? { nextToken } : {}) }),
      startToken,
      pageSize,
      choices.nameContains,
    );
    if (!this.host.active()) return;
    this.sessions = byPing ? this.host.kit().latency.sortByLatency(page.sessions) : page.sessions;
    this.loaded = true;
    this.trail.shown(page.nextToken);
    this.render();
  }

  private render(): void {
    this.pageLabel.textContent = `Page ${this.trail.page}`;
    this.pageLabel.dataset["page"] = String(this.trail.page);
    // The paging buttons follow the trail; a request under way keeps every control disabled until it ends.
    if (!isPending(this.element)) {
      this.previous.disabled = !this.trail.hasPrevious;
      this.next.disabled = !this.trail.hasNext;
    }
    if (this.sessions.length === 0) {
      const text = !this.loaded ? "Looking for sessions…" : this.trail.page > 1 ? "No more sessions." : "No sessions found. Create one, or try a quick match.";
      this.list.replaceChildren(el("div", { class: "pgl-empty", text }));
      return;
    }
    const maps = this.options.maps ?? {};
    const latency = this.host.latency?.enabled ? this.host.latency : undefined;
    const rows = this.sessions.map((session) => {
      const join = el("button", { class: "pgl-button", text: "Join", attrs: { type: "button", "data-action": "join", "data-session": session.gameSessionId } });
      const full = session.currentPlayers >= session.maxPlayers;
      if (full || session.status !== "ACTIVE") join.setAttribute("disabled", "");
      join.addEventListener("click", () => void runPending(this.element, join, () => this.host.join(session.gameSessionId), (error) => this.host.report(error)));
      const map = session.gameProperties["map"];
      const row = el(
        "tr",
        { attrs: { "data-session-row": session.gameSessionId } },
        el("td", { text: session.name ?? shortId(session.gameSessionId) }),
        el("td", { text: map ? (Object.hasOwn(maps, map) ? maps[map]! : map) : "—" }),
        el("td", { text: `${session.currentPlayers}/${session.maxPlayers}` }),
        latency && el("td", {}, pingLabel(latency.msFor(session))),
        el("td", {}, join),
      );
      if (!full && session.status === "ACTIVE") {
        // Picking a row opens the connection to its server, so that Join costs the reservation and the accept only.
        row.addEventListener("pointerenter", () => this.prepare(session, PREPARE_AFTER_HOVER_MS));
        row.addEventListener("pointerleave", () => clearTimeout(this.prepareTimer));
        row.addEventListener("pointerdown", () => this.prepare(session, 0));
        row.addEventListener("focusin", () => this.prepare(session, 0));
      }
      return row;
    });
    const head = el("tr", {}, ...["Name", "Map", "Players", ...(latency ? ["Ping"] : []), ""].map((h) => el("th", { text: h })));
    this.list.replaceChildren(el("table", { class: "pgl-table" }, el("thead", {}, head), el("tbody", {}, ...rows)));
  }

  /** Tells the kit the player is about to join `session` (now, or once the pointer has rested on its row). */
  private prepare(session: GameSessionInfo, afterMs: number): void {
    clearTimeout(this.prepareTimer);
    this.prepareTimer = undefined;
    const go = () => {
      if (this.host.active()) this.host.kit().sessions.prepareJoin(session);
    };
    if (afterMs <= 0) return go();
    this.prepareTimer = setTimeout(go, afterMs);
  }
}

/** The tail of a game session ARN: enough to tell unnamed sessions apart. */
function shortId(arn: string): string {
  return arn.slice(arn.lastIndexOf("/") + 1).slice(-12);
}
