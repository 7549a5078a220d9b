/**
 * Timing rules of the official SDKs: reconnects wait 2^(2+attempt) s capped at 32 s (C# GameLiftWebSocket,
 * Go transport), heartbeats come every interval ± jitter (Go getNextHealthCheckIntervalSeconds).
 */

export interface ReconnectPolicy {
  /** Attempts after the first; 7 in the official SDKs. */
  retries: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RECONNECT: ReconnectPolicy = { retries: 7, baseDelayMs: 4000, maxDelayMs: 32000 };

/** The wait after failed attempt `attempt` (0-based): base, 2×base, 4×base, … capped. */
export function reconnectDelayMs(attempt: number, policy: ReconnectPolicy): number {
  const exponent = Math.max(0, Math.min(attempt, 30));
  return Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** exponent);
}

/** interval ± a uniform jitter, never below zero. `random` in [0, 1). */
export function heartbeatDelayMs(intervalMs: number, jitterMs: number, random: () => number = Math.random): number {
  const jitter = (2 * random() - 1) * jitterMs;
  return Math.max(0, Math.round(intervalMs + jitter));
}
