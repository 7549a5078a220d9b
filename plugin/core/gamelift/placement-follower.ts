/**
 * Follows a game session placement with DescribeGameSessionPlacement until it ends. Polls start quick (a
 * placement with a free process is usually FULFILLED within a second) and slow down geometrically, so a long
 * queue wait costs few requests; the whole wait is bounded because a queue's timeout is at most 600 s.
 */
import type { GameSessionPlacement } from "@aws-sdk/client-gamelift";
import { GameLiftKitError } from "../errors.ts";
import type { Timers } from "../timers.ts";

export interface PlacementPolling {
  /** First wait after StartGameSessionPlacement. */
  initialDelayMs: number;
  maxDelayMs: number;
  /** Each wait is the previous one times this, up to maxDelayMs. */
  multiplier: number;
  /** Give up (Timeout) after this long; GameLift's own queue timeout is at most 600 s. */
  maxWaitMs: number;
  /** Describe failures in a row tolerated when they look transient (network, throttling, 5xx). */
  maxConsecutiveErrors: number;
}

export const DEFAULT_PLACEMENT_POLLING: PlacementPolling = {
  initialDelayMs: 500,
  maxDelayMs: 5_000,
  multiplier: 1.5,
  maxWaitMs: 620_000,
  maxConsecutiveErrors: 3,
};

export type PlacementDescriber = (placementId: string, signal: AbortSignal) => Promise<GameSessionPlacement>;

const TRANSIENT = new Set(["NetworkError", "Timeout", "ThrottlingException", "InternalServiceException", "LimitExceededException"]);

export function isPending(placement: GameSessionPlacement): boolean {
  return (placement.Status ?? "PENDING") === "PENDING";
}

/** The waits between polls: initial, then ×multiplier, capped. */
export function* pollDelays(polling: PlacementPolling): Generator<number, never> {
  let delay = polling.initialDelayMs;
  for (;;) {
    yield delay;
    delay = Math.min(polling.maxDelayMs, delay * polling.multiplier);
  }
}

/**
 * Resolves with the placement once it is no longer PENDING. Rejects with the signal's reason when aborted,
 * with GameLiftKitError "Timeout" once polling.maxWaitMs has passed, or with the describe error.
 */
export async function followPlacement(
  placementId: string,
  describe: PlacementDescriber,
  timers: Pick<Timers, "now" | "sleep">,
  signal: AbortSignal,
  polling: PlacementPolling = DEFAULT_PLACEMENT_POLLING,
): Promise<GameSessionPlacement> {
  const deadline = timers.now() + polling.maxWaitMs;
  const delays = pollDelays(polling);
  let failures = 0;
  for (;;) {
    const remaining = deadline - timers.now();
    if (remaining <= 0) {
      throw new GameLiftKitError("Timeout", `placement ${placementId} was still PENDING after ${polling.maxWaitMs} ms`);
    }
    // The last wait is cut short so the final poll lands on the deadline rather than past it.
    await timers.sleep(Math.min(delays.next().value, remaining), signal);
    try {
      const placement = await describe(placementId, signal);
      failures = 0;
      if (!isPending(placement)) return placement;
    } catch (error) {
      if (signal.aborted) throw signal.reason;
      const kitError = GameLiftKitError.from(error);
      if (!TRANSIENT.has(kitError.code) || ++failures > polling.maxConsecutiveErrors) throw kitError;
    }
  }
}
