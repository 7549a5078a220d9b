/** How a dropped connection is retried: a bounded number of attempts with growing, jittered waits. */
export interface ReconnectPolicy {
  /** 0 turns reconnection off: a drop ends the session at once. */
  attempts: number;
  initialDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RECONNECT: ReconnectPolicy = { attempts: 5, initialDelayMs: 250, maxDelayMs: 4_000 };

/**
 * The wait before attempt `n` (0-based). Jittered into [d/2, d] so that every player of a server that blipped
 * does not come back in the same millisecond.
 */
export function reconnectDelayMs(n: number, policy: ReconnectPolicy, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** Math.min(n, 30));
  return Math.round(ceiling / 2 + (ceiling / 2) * random());
}
