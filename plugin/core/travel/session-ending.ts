/**
 * Why a session ended without the player asking, in two voices: a sentence for the player, and the cause and
 * the details (close codes, GameLift's status, the server's refusal) for the game and its developer.
 */
import type { SessionEndCause, SessionEnding } from "../events/travel-events.ts";
import { playerMessageForRejection } from "../player-messages.ts";

export interface EndedSession {
  /** The player's words. */
  reason: string;
  ending: SessionEnding;
}

/** GameLift's statuses after which a game session takes no player back. */
export const ENDED_GAME_SESSION_STATUSES: ReadonlySet<string> = new Set(["TERMINATING", "TERMINATED", "ERROR"]);

const LOST_FOR_GOOD = "The connection to the game server was lost and could not be restored.";

function ended(cause: SessionEndCause, reason: string, detail: string, extra: Partial<SessionEnding> = {}): EndedSession {
  return { reason, ending: { cause, detail, ...extra } };
}

/** The game server ended the session and said why: its words are for the player. */
export function endedByServer(serverReason: string): EndedSession {
  return ended("ServerEnded", serverReason, `the game server ended the session: ${serverReason}`);
}

/** A close after which the server takes nobody back (a kick, a policy breach). */
export function closedByServer(described: string): EndedSession {
  return ended("ServerClosed", "The game server closed the connection.", `the game server closed the connection: ${described}`);
}

export function reconnectFailed(lostReason: string, attempts: number): EndedSession {
  return ended("ReconnectFailed", LOST_FOR_GOOD, `${lostReason}; reconnection failed after ${attempts} attempt${attempts === 1 ? "" : "s"}`);
}

export function reconnectTimedOut(lostReason: string, windowMs: number): EndedSession {
  return ended("ReconnectTimedOut", LOST_FOR_GOOD, `${lostReason}; reconnection timed out after ${windowMs} ms`);
}

export function resumeRefused(lostReason: string, rejectCode: string, serverReason: string): EndedSession {
  return ended(
    "ResumeRefused",
    `You could not rejoin the game. ${playerMessageForRejection(rejectCode)}`,
    `${lostReason}; the server did not take the player back (${rejectCode}): ${serverReason}`,
  );
}

/** GameLift says the game session is over (or no longer knows it: `status` undefined). */
export function terminatedInGameLift(lostReason: string, status: string | undefined, statusReason: string | undefined): EndedSession {
  const reason =
    status === undefined
      ? "The game session no longer exists."
      : status === "ERROR"
        ? "The game server stopped working, so the game has ended."
        : statusReason === "FORCE_TERMINATED"
          ? "The game session was shut down."
          : statusReason === "TRIGGERED_ON_PROCESS_TERMINATE"
            ? "The game server was shut down, so the game has ended."
            : statusReason === "INTERRUPTED"
              ? "The game server was interrupted, so the game has ended."
              : "The game session has ended.";
  const gamelift = status === undefined ? "GameLift no longer knows the game session" : `GameLift reports the game session ${status}${statusReason ? ` (${statusReason})` : ""}`;
  return ended("SessionTerminated", reason, `${lostReason}; ${gamelift}`, {
    ...(status !== undefined ? { gameSessionStatus: status } : {}),
    ...(statusReason ? { gameSessionStatusReason: statusReason } : {}),
  });
}

/** Every reconnection refused at once while GameLift still lists the session: the server process is gone. */
export function serverGone(lostReason: string, refusals: number, status: string | undefined): EndedSession {
  return ended(
    "ServerGone",
    "The game server stopped, so the game has ended.",
    `${lostReason}; ${refusals} reconnection attempts were refused at once while GameLift still reports the game session ${status ?? "ACTIVE"}`,
    status ? { gameSessionStatus: status } : {},
  );
}
