/** GameLift's lifecycle clocks. The defaults are the figures AWS documents; tests shorten them. */
export interface GameLiftTimings {
  /** A RESERVED player session not accepted in time becomes TIMEDOUT and frees its slot (AWS: 60 s). */
  playerSessionReservationMs: number;
  /** A process without a healthy heartbeat for this long is ended (AWS: 3 minutes). */
  processHealthTimeoutMs: number;
  /**
   * A game session still ACTIVATING after this long is ended as TERMINATED. AWS's
   * RuntimeConfiguration.GameSessionActivationTimeoutSeconds allows 1–600 s; 600 s is its upper bound and what
   * we default to, since Anywhere fleets have no runtime configuration to set it.
   */
  gameSessionActivationTimeoutMs: number;
  /** A connected process that never calls ActivateServerProcess (ProcessReady) is dropped. */
  processReadyTimeoutMs: number;
  /** How often a PENDING placement tries its queue's destinations again. */
  placementPollMs: number;
  /** GetComputeAuthToken tokens expire after this (AWS: 15 minutes). */
  computeAuthTokenTtlMs: number;
  /** An abnormally disconnected process stays registered this long for its SDK to reconnect. */
  reconnectGraceMs: number;
  /**
   * Multiplies a queue's TimeoutInSeconds when a placement times out, and its latency policies'
   * PolicyDurationSeconds, so tests can use AWS's minimum of 10 s and still finish quickly (0.01 → 100 ms). Not
   * an AWS setting; 1 outside tests.
   */
  placementTimeoutScale: number;
  /** How often the matchmaker looks at the waiting tickets (moves QUEUED ones on, forms matches, times out). */
  matchmakingTickMs: number;
  /**
   * How much of one tick the matcher may spend before it yields to the API; an unfinished run resumes where it
   * stopped at the next tick. Keeps thousands of waiting tickets from stalling requests.
   */
  matchmakingTickBudgetMs: number;
  /**
   * Multiplies every matchmaking duration a configuration or rule set gives in seconds (RequestTimeoutSeconds,
   * AcceptanceTimeoutSeconds, expansion waitTimeSeconds), so tests can use AWS's values and still finish
   * quickly. Not an AWS setting; 1 outside tests.
   */
  matchmakingTimeScale: number;
}

export const DEFAULT_TIMINGS: GameLiftTimings = {
  playerSessionReservationMs: 60_000,
  processHealthTimeoutMs: 180_000,
  gameSessionActivationTimeoutMs: 600_000,
  // The server SDKs give up on an unanswered ActivateServerProcess after 6 s; a process silent for a minute
  // after connecting is not coming.
  processReadyTimeoutMs: 60_000,
  placementPollMs: 200,
  computeAuthTokenTtlMs: 15 * 60_000,
  reconnectGraceMs: 30_000,
  placementTimeoutScale: 1,
  matchmakingTickMs: 1000,
  matchmakingTickBudgetMs: 50,
  matchmakingTimeScale: 1,
};

export function resolveTimings(overrides: Partial<GameLiftTimings> = {}): GameLiftTimings {
  const timings = { ...DEFAULT_TIMINGS };
  for (const [key, value] of Object.entries(overrides) as [keyof GameLiftTimings, number | undefined][]) {
    if (value === undefined) continue;
    if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
      throw new RangeError(`gameliftTimings.${key} must be a non-negative finite number, got ${String(value)}`);
    }
    timings[key] = value;
  }
  return timings;
}
