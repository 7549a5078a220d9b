/**
 * kit.latency's bus (ours; the gems have none): the figures changed, or a measurement got none at all.
 *
 *   kit.latency.bus.connect({
 *     onLatencyChanged(report) { showPing(report.best); },
 *   });
 */
import type { GameLiftKitError } from "../errors.ts";
import type { LatencyReport } from "../latency/latency-types.ts";
import { NotificationBus, type EventNames } from "./bus.ts";

/** The notifications of `kit.latency.bus`: the figures changed, or a measurement got none at all. */
export type LatencyEvents = {
  /** A measurement ended with figures that differ from the last ones (a location's whole milliseconds, or which locations have one). */
  onLatencyChanged: [report: LatencyReport];
  /** A measurement ended without a figure for any location (offline, every endpoint unreachable). */
  onLatencyMeasureFail: [error: GameLiftKitError];
};

const LATENCY_EVENTS: EventNames<LatencyEvents> = { onLatencyChanged: true, onLatencyMeasureFail: true };

/** `kit.latency.bus`: connect handlers for {@link LatencyEvents}. */
export type LatencyBus = NotificationBus<LatencyEvents>;

export function createLatencyBus(): LatencyBus {
  return new NotificationBus<LatencyEvents>("LatencyNotificationBus", LATENCY_EVENTS);
}
