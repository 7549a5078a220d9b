/**
 * kit.latency: the player's round trip to each location the game can be hosted in, measured from the browser,
 * and handed to GameLift wherever it takes one (createSessionOnQueue's PlayerLatencies, startMatchmaking's
 * LatencyInMs) and to the lobby (a ping per session, sorting, the best location).
 *
 * A measurement probes every location at once (probe.ts: a warm-up request, then `samples` timed ones over the
 * same connection; the figure is their median), ends after `timeoutMs` with what it has, and is kept with its
 * time: figures younger than `maxAgeMs` are used as they are, older ones are measured again first. A location
 * that fails once keeps its previous figure while that one is still young enough. startRefreshing() measures
 * again every `refreshMs` in the background; onLatencyChanged fires when the figures change.
 *
 * The error of a figure, against what the game's own traffic to that location sees: an HTTP round trip on a warm
 * connection is one network round trip plus the endpoint's answer time (the server kit's ping route: well under
 * a millisecond; an AWS Region's DynamoDB /ping: a few) plus, when the environment gives no Resource Timing
 * entry, the time the page's thread takes to notice the answer. So figures err high, by a few milliseconds;
 * never low. For an AWS Region the endpoint is the Region's front door, not the game server's zone: within a
 * Region that differs by a millisecond or two.
 */
import type { GameLiftKitConfig } from "../config.ts";
import { GameLiftKitError } from "../errors.ts";
import { createLatencyBus, type LatencyBus } from "../events/latency-events.ts";
import type { PlayerLatencyReport } from "../gamelift/session-types.ts";
import type { Timers } from "../timers.ts";
import { pingTargets } from "./endpoints.ts";
import type { LatencyReport, Located, LocationLatency } from "./latency-types.ts";
import { median, probe, resourceTimings, type FetchLike } from "./probe.ts";
import { checkRefreshInterval, latencySettings, type LatencySettings } from "./settings.ts";

export interface LatencyAreaOptions {
  config: GameLiftKitConfig;
  /** The area's scope of the kit's timers (stopped on destroy); their clock dates the figures. */
  timers: Timers;
  /** The bus to notify on; the kit makes it before this area's code has loaded. */
  bus?: LatencyBus;
  /** The browser's fetch by default. */
  fetch?: FetchLike;
  /** The stopwatch round trips are timed with (performance.now by default): finer than the timers' clock. */
  now?: () => number;
}

/** A location's figure as kept: the last good one, with its time. */
interface Kept {
  ms: number;
  at: number;
}

/**
 * `kit.latency`: the player's round trip to each location the game can be hosted in, in ms, measured from the
 * browser with small HTTP requests (where and how: the config's `latency` block). When the config has that
 * block the kit hands the figures to GameLift by itself (createSessionOnQueue's PlayerLatencies,
 * startMatchmaking's LatencyInMs); the lobby uses them too (a ping per session, searchSessions' `sortByLatency`); a game uses this area
 * to show them or to pick a location.
 *
 * Figures err high by a few ms, never low. Measurements never reject for an unreachable location: it has no
 * figure, and `error` on its entry says why.
 *
 * @example
 * ```ts
 * const report = await kit.latency.measure();
 * console.log(`best: ${report.best?.location} (${report.best?.ms} ms)`);
 * kit.latency.startRefreshing(); // every refreshMs, onLatencyChanged when the figures change
 * ```
 */
export class LatencyArea {
  /** The latency notifications (see {@link LatencyEvents}). */
  readonly bus: LatencyBus;
  private readonly options: LatencyAreaOptions;
  private readonly settings: LatencySettings;
  private readonly fetch: FetchLike;
  private readonly now: () => number;
  private readonly kept = new Map<string, Kept>();
  private last?: LatencyReport;
  /** When a measurement last got no figure at all: current() does not wait on another one for a while after. */
  private lastFailureAt?: number;
  private running?: Promise<LatencyReport>;
  private stopRefresh?: () => void;
  private destroyed = false;
  private readonly lifetime = new AbortController();

  /** Made by the kit; games use `kit.latency`. */
  constructor(options: LatencyAreaOptions) {
    this.options = options;
    this.settings = latencySettings(options.config.latency);
    this.bus = options.bus ?? createLatencyBus();
    const fetchImpl = options.fetch ?? (globalThis.fetch as FetchLike | undefined);
    this.fetch = fetchImpl ? (url, init) => fetchImpl(url, init) : () => Promise.reject(new GameLiftKitError("NotConfigured", "kit.latency: this environment has no fetch; pass one in the kit's options"));
    this.now = options.now ?? (() => performance.now());
  }

  /** The last measurement's report (undefined before the first one has ended). */
  get report(): LatencyReport | undefined {
    return this.last;
  }

  /** How old the last measurement is, ms. */
  get ageMs(): number | undefined {
    return this.last ? this.options.timers.now() - this.last.measuredAt : undefined;
  }

  /** True while a measurement is under way. */
  get measuring(): boolean {
    return this.running !== undefined;
  }

  /** True between startRefreshing() and stopRefreshing(). */
  get refreshing(): boolean {
    return this.stopRefresh !== undefined;
  }

  /** Location → round trip in whole milliseconds (at least 1, as GameLift's LatencyInMs wants), for the locations with a figure. */
  figures(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [location, { ms }] of this.kept) out[location] = wholeMs(ms);
    return out;
  }

  /** A location's round trip in whole milliseconds, if the kit has one. */
  latencyOf(location: string | undefined): number | undefined {
    const kept = location === undefined ? undefined : this.kept.get(location);
    return kept && wholeMs(kept.ms);
  }

  /** The location with the lowest figure. */
  best(): { location: string; ms: number } | undefined {
    let best: { location: string; ms: number } | undefined;
    for (const [location, { ms }] of this.kept) if (!best || ms < best.ms) best = { location, ms: wholeMs(ms) };
    return best;
  }

  /**
   * Measures every location (or returns the last report while it is younger than maxAgeMs, unless `force`);
   * a measurement already under way is shared. Resolves when it ends; rejects only when the kit is destroyed.
   */
  measure(options: { force?: boolean } = {}): Promise<LatencyReport> {
    this.assertAlive("measure");
    if (this.running) return this.running;
    if (!options.force && this.last && this.isFresh()) return Promise.resolve(this.last);
    const run = this.measureNow().finally(() => {
      if (this.running === run) this.running = undefined;
    });
    this.running = run;
    return run;
  }

  /** measure() that returns nothing: the outcome arrives on the bus. */
  measureAsync(options: { force?: boolean } = {}): void {
    this.measure(options).catch(() => undefined);
  }

  /**
   * The figures to send GameLift now: the kept ones while young enough, else those of a new measurement (which
   * ends within timeoutMs). Never rejects: with nothing measured it resolves with what there is, maybe nothing.
   */
  async current(): Promise<Record<string, number>> {
    if (this.destroyed) return {};
    // Every endpoint just failed (offline, blocked): a placement does not wait timeoutMs again for each call.
    const failedLately = this.lastFailureAt !== undefined && this.options.timers.now() - this.lastFailureAt < FAILURE_BACKOFF_MS;
    if (this.running || (!this.isFresh() && !failedLately)) await this.measure().catch(() => undefined);
    return this.figures();
  }

  /** PlayerLatencies for createSessionOnQueue: each player with every figure the kit has (this browser's). */
  playerLatencies(playerIds: readonly string[], figures: Record<string, number> = this.figures()): PlayerLatencyReport[] {
    return playerIds.flatMap((playerId) => Object.entries(figures).map(([regionIdentifier, latencyInMilliseconds]) => ({ playerId, regionIdentifier, latencyInMilliseconds })));
  }

  /** A copy of `items` sorted by their location's figure, lowest first; those without one keep their order, last. */
  sortByLatency<T extends Located>(items: readonly T[]): T[] {
    return items
      .map((item, index) => ({ item, index, ms: this.latencyOf(item.location) ?? Infinity }))
      .sort((a, b) => (a.ms === b.ms ? a.index - b.index : a.ms < b.ms ? -1 : 1))
      .map(({ item }) => item);
  }

  /** Measures now when the figures are not fresh, then again every refreshMs (or `everyMs`) until stopped. */
  startRefreshing(everyMs: number = this.settings.refreshMs): void {
    this.assertAlive("startRefreshing");
    checkRefreshInterval(everyMs);
    this.stopRefreshing();
    let stopped = false;
    let cancel = () => {};
    const tick = () => {
      if (stopped) return;
      this.measure({ force: true })
        .catch(() => undefined)
        .finally(() => {
          if (!stopped) cancel = this.options.timers.after(everyMs, tick);
        });
    };
    this.stopRefresh = () => {
      stopped = true;
      cancel();
    };
    if (this.isFresh()) cancel = this.options.timers.after(everyMs, tick);
    else tick();
  }

  /** Stops the background measurements startRefreshing() began; one under way still ends and reports. */
  stopRefreshing(): void {
    this.stopRefresh?.();
    this.stopRefresh = undefined;
  }

  /**
   * Stops refreshing, aborts a measurement under way and drops the bus's handlers; a pending measure()
   * rejects with a GameLiftKitError Cancelled. The kit's destroy calls it.
   */
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.stopRefreshing();
    this.options.timers.stop();
    this.lifetime.abort(new GameLiftKitError("Cancelled", "kit.latency was destroyed"));
    this.bus.clear();
  }

  private isFresh(): boolean {
    return this.last !== undefined && this.options.timers.now() - this.last.measuredAt < this.settings.maxAgeMs;
  }

  private async measureNow(): Promise<LatencyReport> {
    const { config } = this.options;
    const { targets, unreachable } = pingTargets(config.latency, config.gamelift?.location ?? config.region);
    const controller = new AbortController();
    const timeout = new GameLiftKitError("Timeout", `kit.latency: no timed round trip within ${this.settings.timeoutMs} ms`);
    const cancelTimer = this.options.timers.after(this.settings.timeoutMs, () => controller.abort(timeout));
    const onDestroy = () => controller.abort(this.lifetime.signal.reason);
    this.lifetime.signal.addEventListener("abort", onDestroy, { once: true });
    const timings = resourceTimings();
    const started = this.now();
    let results: LocationLatency[];
    try {
      results = await Promise.all(
        targets.map(async ({ location, url }): Promise<LocationLatency> => {
          try {
            const samples = await probe(url, { samples: this.settings.samples, signal: controller.signal, fetch: this.fetch, now: this.now, timings });
            const ms = median(samples);
            return ms === undefined ? { location, samples, endpoint: url, error: timeout } : { location, ms, samples, endpoint: url };
          } catch (error) {
            const reason = controller.signal.aborted ? controller.signal.reason : error;
            const kitError = GameLiftKitError.from(reason, "NetworkError");
            return { location, samples: [], endpoint: url, error: kitError.code === "Cancelled" || kitError.code === "Timeout" ? kitError : new GameLiftKitError("NetworkError", `kit.latency: ${url} did not answer: ${kitError.message}`, { cause: error }) };
          }
        }),
      );
    } finally {
      cancelTimer();
      this.lifetime.signal.removeEventListener("abort", onDestroy);
      timings?.close();
    }
    if (this.destroyed) throw this.lifetime.signal.reason;
    for (const location of unreachable) {
      results.push({ location, samples: [], error: new GameLiftKitError("NotConfigured", `kit.latency: no ping endpoint for ${location} (set config.latency.endpoints["${location}"])`) });
    }
    return this.record(results, this.now() - started);
  }

  /** Keeps the new figures (a failed location keeps a young enough old one), reports, and tells the bus. */
  private record(results: LocationLatency[], tookMs: number): LatencyReport {
    const at = this.options.timers.now();
    const before = JSON.stringify(this.figures());
    for (const result of results) {
      if (result.ms !== undefined) this.kept.set(result.location, { ms: result.ms, at });
      else if (at - (this.kept.get(result.location)?.at ?? -Infinity) >= this.settings.maxAgeMs) this.kept.delete(result.location);
    }
    // Locations no longer measured (the config changed) go.
    for (const location of [...this.kept.keys()]) if (!results.some((r) => r.location === location)) this.kept.delete(location);
    const report: LatencyReport = { locations: Object.fromEntries(results.map((r) => [r.location, r])), measuredAt: at, tookMs };
    const best = this.best();
    if (best) report.best = best;
    const measuredAny = results.some((r) => r.ms !== undefined);
    // A measurement that got nothing leaves the last good report (and its age) alone: a later use measures again,
    // after a short back-off.
    if (measuredAny) {
      this.last = report;
      this.lastFailureAt = undefined;
    } else {
      this.lastFailureAt = at;
      const first = results.find((r) => r.error)?.error;
      this.bus.emit("onLatencyMeasureFail", first ?? new GameLiftKitError("NotConfigured", "kit.latency: there is no location to measure"));
    }
    if (JSON.stringify(this.figures()) !== before) this.bus.emit("onLatencyChanged", report);
    return report;
  }

  private assertAlive(operation: string): void {
    if (this.destroyed) throw new GameLiftKitError("NotConfigured", `kit.latency.${operation}: the kit was destroyed`);
  }
}

/** After a measurement that got no figure, how long current() answers with what it has instead of measuring. */
const FAILURE_BACKOFF_MS = 10_000;

/** A round trip as GameLift takes it in LatencyInMs: whole milliseconds, at least 1. */
function wholeMs(ms: number): number {
  return Math.max(1, Math.round(ms));
}
