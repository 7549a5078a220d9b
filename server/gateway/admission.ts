/**
 * Whether a player session may take a seat: GameLift decides (AcceptPlayerSession), and on a refusal the
 * player session's own record says why, so the client gets a reason it can act on instead of "400".
 */
import type { GameLiftServerSdk } from "../sdk/server-sdk.ts";
import type { PlayerSession } from "../sdk/types.ts";
import type { RejectCode } from "../../protocol/wire.ts";

export type GatewaySdk = Pick<GameLiftServerSdk, "acceptPlayerSession" | "removePlayerSession" | "describePlayerSessions">;

export type Admission =
  | { ok: true; playerId: string; playerData?: string }
  | { ok: false; code: RejectCode; reason: string };

export async function admit(sdk: GatewaySdk, gameSessionId: string, playerSessionId: string): Promise<Admission> {
  // Both at once: the record is needed either way (the player id, or the reason), and a join should cost
  // one round trip to GameLift, not two.
  const [accepted, described] = await Promise.allSettled([
    sdk.acceptPlayerSession(playerSessionId),
    sdk.describePlayerSessions({ playerSessionId }),
  ]);
  const record = described.status === "fulfilled" ? described.value.playerSessions[0] : undefined;
  if (accepted.status === "fulfilled") {
    return { ok: true, playerId: record?.playerId || playerSessionId, ...(record?.playerData ? { playerData: record.playerData } : {}) };
  }
  return { ok: false, ...refusal(accepted.reason, record, gameSessionId, playerSessionId) };
}

function refusal(error: unknown, record: PlayerSession | undefined, gameSessionId: string, id: string): { code: RejectCode; reason: string } {
  const message = error instanceof Error ? error.message : String(error);
  if (!record) return { code: "InvalidPlayerSession", reason: `GameLift does not know player session ${id}: ${message}` };
  if (record.gameSessionId && record.gameSessionId !== gameSessionId) {
    return { code: "WrongGameSession", reason: `player session ${id} belongs to another game session` };
  }
  switch (record.status) {
    case "TIMEDOUT":
      return { code: "PlayerSessionTimedOut", reason: `player session ${id} was not used in time and has timed out` };
    case "COMPLETED":
      return { code: "PlayerSessionCompleted", reason: `player session ${id} has already been used and ended` };
    case "ACTIVE":
      return { code: "AlreadyConnected", reason: `player session ${id} is already in use` };
    default:
      return { code: "AcceptFailed", reason: `GameLift refused player session ${id}: ${message}` };
  }
}
