import { GameLiftKitError } from "../errors.ts";
import { playerMessageForRejection } from "../player-messages.ts";
import type { RejectCode } from "../../../protocol/wire.ts";

/** A player refused by the game server; `rejectCode` says why. */
export class ConnectionRejectedError extends GameLiftKitError {
  readonly rejectCode: RejectCode;
  constructor(
    rejectCode: RejectCode,
    reason: string,
  ) {
    super("ConnectionRejected", `The game server refused the player session (${rejectCode}): ${reason}`, { playerMessage: playerMessageForRejection(rejectCode) });
    this.rejectCode = rejectCode;
  }
}
