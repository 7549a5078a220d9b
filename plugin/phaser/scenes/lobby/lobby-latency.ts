/**
 * The lobby's latency: a ping per session (the player's round trip to the session's location, coloured by
 * quality), "Lowest ping" among the list's sorts, and the player's best location. kit.latency measures in the
 * background while the lobby shows (its figures are what quick match and create-on-queue send GameLift, too);
 * the list's Refresh measures again. Shown only when the game's config has a `latency` block.
 */
import type { GameSessionInfo } from "../../../core/gamelift/session-types.ts";
import type { BusConnection } from "../../../core/events/bus.ts";
import type { GameLiftPlugin } from "../../plugin.ts";
import { el } from "../../widgets/dom.ts";

/** The sort value "Lowest ping" stands for: not a GameLift sort expression, the page is ordered in the browser. */
export const PING_SORT = "ping";
export const PING_SORT_CHOICE = { value: PING_SORT, label: "Lowest ping" } as const;

/** Round trips up to these are good, then fair; above, poor (a fast-paced game notices beyond ~100 ms). */
export const PING_GOOD_MS = 50;
export const PING_FAIR_MS = 100;

export type PingQuality = "good" | "fair" | "poor" | "unknown";

export function pingQuality(ms: number | undefined): PingQuality {
  if (ms === undefined) return "unknown";
  return ms <= PING_GOOD_MS ? "good" : ms <= PING_FAIR_MS ? "fair" : "poor";
}

/** One ping as the lobby shows it: "20 ms" in its quality's colour, "—" while unknown. */
export function pingLabel(ms: number | undefined): HTMLSpanElement {
  const quality = pingQuality(ms);
  return el("span", { class: `pgl-ping pgl-ping-${quality}`, text: ms === undefined ? "—" : `${ms} ms`, attrs: { "data-ping": ms === undefined ? "" : String(ms), "data-quality": quality } });
}

export class LobbyLatency {
  /** "Best location: … 20 ms", kept up to date; empty until the first figures. */
  readonly element: HTMLDivElement;
  private readonly kit: () => GameLiftPlugin;
  private readonly changed: () => void;
  private connection?: BusConnection;

  constructor(kit: () => GameLiftPlugin, changed: () => void) {
    this.kit = kit;
    this.changed = changed;
    this.element = el("div", { class: "pgl-best-location", attrs: { "data-best-location": "" } });
    ensureLatencyStyles();
  }

  /** The game configured where to measure: the lobby shows pings. */
  get enabled(): boolean {
    return this.kit().config.latency !== undefined;
  }

  /** Measures now and every refresh period while the lobby shows; redraws on each change. */
  start(): void {
    if (!this.enabled) return;
    const latency = this.kit().latency;
    this.connection = latency.bus.connect({ onLatencyChanged: () => this.update() });
    this.update();
    latency.startRefreshing();
  }

  stop(): void {
    this.connection?.disconnect();
    this.connection = undefined;
    if (this.enabled) this.kit().latency.stopRefreshing();
  }

  /** Measures again now (the list's Refresh). */
  remeasure(): void {
    if (this.enabled) this.kit().latency.measureAsync({ force: true });
  }

  /** The player's round trip to a session's location, as measured now. */
  msFor(session: GameSessionInfo): number | undefined {
    return this.kit().latency.latencyOf(session.location) ?? session.latencyMs;
  }

  private update(): void {
    const latency = this.kit().latency;
    const best = latency.best();
    const report = latency.report;
    this.element.dataset["bestLocation"] = best?.location ?? "";
    this.element.dataset["measuredAt"] = report ? String(report.measuredAt) : "";
    this.element.replaceChildren(...(best ? ["Best location: ", el("b", { text: best.location }), " ", pingLabel(best.ms)] : ["Measuring your connection…"]));
    this.changed();
  }
}

const STYLE_ID = "phaser-gamelift-lobby-latency";

const STYLES = `
.pgl-ping { font-variant-numeric: tabular-nums; font-weight: 600; white-space: nowrap; }
.pgl-ping-good { color: var(--pgl-success); }
.pgl-ping-fair { color: #e3b341; }
.pgl-ping-poor { color: var(--pgl-error); }
.pgl-ping-unknown { color: var(--pgl-muted); font-weight: 400; }
.pgl-best-location { font-size: 13px; color: var(--pgl-muted); margin-top: 4px; }
.pgl-best-location:empty { display: none; }
.pgl-best-location b { color: var(--pgl-text); font-weight: 600; }
`;

function ensureLatencyStyles(doc: Document = document): void {
  if (doc.getElementById(STYLE_ID)) return;
  const style = doc.createElement("style");
  style.id = STYLE_ID;
  style.textContent = STYLES;
  doc.head.append(style);
}
