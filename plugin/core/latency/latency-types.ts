/** What kit.latency reports. */
import type { GameLiftKitError } from "../errors.ts";

/** One location's figure from one measurement. */
export interface LocationLatency {
  /** The location's name, as GameLift has it (an AWS Region such as "us-west-2", or a custom location). */
  location: string;
  /** The median round trip in ms (fractional), or undefined when the location could not be measured. */
  ms?: number;
  /** The timed round trips the median came from. */
  samples: number[];
  /** The URL that was timed. */
  endpoint?: string;
  /** Why there is no figure: unreachable, no answer in time, or no endpoint for the location. */
  error?: GameLiftKitError;
}

/** One measurement of every location: what kit.latency.measure() resolves with and onLatencyChanged carries. */
export interface LatencyReport {
  /** Every location the kit measures, by name. */
  locations: Record<string, LocationLatency>;
  /** When the measurement ended (epoch ms). */
  measuredAt: number;
  /** How long it took, ms. */
  tookMs: number;
  /** The location with the lowest figure. */
  best?: { location: string; ms: number };
}

/** Something with a location (a GameSessionInfo, a PlacementInfo), for sorting by latency. */
export interface Located {
  /** The item's location; items without one sort last. */
  location?: string;
}
