/**
 * Whether a player session may take a seat. Its record is read first (DescribePlayerSessions): it names the
 * game session and the PlayerId, which the player must have proven before anything is spent. Only then is
 * GameLift asked to accept it (AcceptPlayerSession), so a refused hello never uses up someone's reservation.
 */
import type { GameLiftServerSdk } from "../sdk/server-sdk.ts";
import { GameLiftServerError } from "../sdk/errors.ts";
import type { PlayerSession } from "../sdk/types.ts";
import type { RejectCode } from "../../protocol/wire.ts";

/**
 * What the gateway needs of the server SDK: the player-session calls; and, when there (a GameLiftServerSdk has
 * them), the shutdown hook that makes the process's end tell players why, endProcess for the empty-session
 * policy, and getComputeCertificate for TLS.
 */
export type GatewaySdk = Pick<GameLiftServerSdk, "acceptPlayerSession" | "removePlayerSession" | "describePlayerSessions"> &
  Partial<Pick<GameLiftServerSdk, "beforeProcessEnds" | "endProcess" | "getComputeCertificate">>;

export interface Refusal {
  code: RejectCode;
  reason: string;
}

export type Lookup = { ok: true; record: PlayerSession & { playerId: string } } | ({ ok: false } & Refusal);

/** Errors that say the id itself is no good; any other failure means the record could not be read right now. */
const ABOUT_THE_ID = new Set(["VALIDATION_EXCEPTION", "NOT_FOUND_EXCEPTION", "BAD_REQUEST_EXCEPTION"]);

/** The player session's record, or why there is none to go by. Never throws. */
export async function lookUp(sdk: GatewaySdk, playerSessionId: string): Promise<Lookup> {
  let record: PlayerSession | undefined;
  try {
    record = (await sdk.describePlayerSessions({ playerSessionId })).playerSessions[0];
  } catch (error) {
    if (error instanceof GameLiftServerError && ABOUT_THE_ID.has(error.code)) {
      return { ok: false, code: "InvalidPlayerSession", reason: `GameLift does not know player session ${playerSessionId}: ${error.message}` };
    }
    // Without the record there is no PlayerId to check the player against: refuse, do not guess.
    return { ok: false, code: "TryAgainLater", reason: `the player session could not be checked with GameLift just now: ${messageOf(error)}` };
  }
  if (!record || record.playerSessionId !== playerSessionId) {
    return { ok: false, code: "InvalidPlayerSession", reason: `GameLift does not know player session ${playerSessionId}` };
  }
  if (!record.playerId) return { ok: false, code: "InvalidPlayerSession", reason: `player session ${playerSessionId} names no player` };
  return { ok: true, record: { ...record, playerId: record.playerId } };
}

/** Why a player session whose record was read cannot be accepted here, if it cannot. */
export function recordRefusal(record: PlayerSession, gameSessionId: string): Refusal | undefined {
  const id = record.playerSessionId;
  if (record.gameSessionId !== gameSessionId) return { code: "WrongGameSession", reason: `player session ${id} belongs to another game session` };
  switch (record.status) {
    case "RESERVED":
    case undefined:
      return undefined;
    case "TIMEDOUT":
      return { code: "PlayerSessionTimedOut", reason: `player session ${id} was not used in time and has timed out` };
    case "COMPLETED":
      return { code: "PlayerSessionCompleted", reason: `player session ${id} has already been used and ended` };
    case "ACTIVE":
      return { code: "AlreadyConnected", reason: `player session ${id} is already in use` };
    default:
      return { code: "AcceptFailed", reason: `player session ${id} is ${String(record.status)}` };
  }
}

/** AcceptPlayerSession; a refusal says why in the player session's terms. */
export async function accept(sdk: GatewaySdk, record: PlayerSession): Promise<Refusal | undefined> {
  try {
    await sdk.acceptPlayerSession(record.playerSessionId);
    return undefined;
  } catch (error) {
    const transient = error instanceof GameLiftServerError && !ABOUT_THE_ID.has(error.code) && error.code !== "CONFLICT_EXCEPTION";
    return {
      code: transient ? "TryAgainLater" : "AcceptFailed",
      reason: `GameLift did not accept player session ${record.playerSessionId}: ${messageOf(error)}`,
    };
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
