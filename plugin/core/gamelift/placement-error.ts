import { GameLiftKitError, type KitErrorCode } from "../errors.ts";
import type { PlacementInfo } from "./session-types.ts";

/**
 * A placement that ended without a game session (TIMED_OUT, CANCELLED, FAILED). The code is the kit's
 * "Timeout" / "Cancelled" or "PlacementFailed"; the placement as GameLift last described it comes along.
 */
export class PlacementError extends GameLiftKitError {
  readonly placement: PlacementInfo;

  constructor(code: KitErrorCode, message: string, placement: PlacementInfo) {
    super(code, message);
    this.placement = placement;
  }
}

const OUTCOMES: Record<string, { code: KitErrorCode; why: string }> = {
  TIMED_OUT: { code: "Timeout", why: "timed out: no queue destination could host it within the queue's timeout" },
  CANCELLED: { code: "Cancelled", why: "was cancelled (StopGameSessionPlacement)" },
  FAILED: { code: "PlacementFailed", why: "failed: GameLift could not start a game session for it" },
};

/** The error for a placement that ended without a session; undefined for FULFILLED or PENDING. */
export function placementFailure(placement: PlacementInfo): PlacementError | undefined {
  const outcome = OUTCOMES[placement.status];
  if (!outcome) return undefined;
  return new PlacementError(outcome.code, `placement ${placement.placementId} on queue ${placement.queueName ?? "?"} ${outcome.why}`, placement);
}
