import { ServiceError, invalidRequest, notFound } from "../../http/service-error.ts";
import { newPlayerSessionId } from "../ids.ts";
import type { Timer } from "../scheduler.ts";
import type { ModelContext } from "./context.ts";
import type { GameSession } from "./game-sessions.ts";
import type { SearchIndex } from "./search-index.ts";

export type PlayerSessionStatus = "RESERVED" | "ACTIVE" | "COMPLETED" | "TIMEDOUT";
export const PLAYER_SESSION_STATUSES: readonly PlayerSessionStatus[] = ["RESERVED", "ACTIVE", "COMPLETED", "TIMEDOUT"];

export interface PlayerSession {
  readonly id: string;
  readonly playerId: string;
  readonly playerData?: string;
  readonly gameSession: GameSession;
  readonly creationTime: Date;
  terminationTime?: Date;
  status: PlayerSessionStatus;
  reservationTimer?: Timer;
}

export interface PlayerSessionQuery {
  gameSessionId?: string;
  playerId?: string;
  playerSessionId?: string;
  status?: PlayerSessionStatus;
}

/** Player slots: reservation, acceptance by the hosting process, completion and reservation timeouts. */
export class PlayerSessions {
  readonly byId = new Map<string, PlayerSession>();
  private readonly byPlayer = new Map<string, PlayerSession[]>();

  private readonly ctx: ModelContext;
  private readonly search: SearchIndex;
  constructor(
    ctx: ModelContext,
    search: SearchIndex,
  ) {
    this.ctx = ctx;
    this.search = search;
  }

  /**
   * Reserves one slot per player, all or none. Everything from the checks to the last reservation runs without
   * yielding, so concurrent requests can never overfill a game session.
   */
  reserve(session: GameSession, players: { playerId: string; playerData?: string }[]): PlayerSession[] {
    if (session.status !== "ACTIVE") {
      throw new ServiceError("InvalidGameSessionStatusException", `Game session ${session.id} is ${session.status}; player sessions can only be created in an ACTIVE game session.`);
    }
    if (session.playerSessionCreationPolicy !== "ACCEPT_ALL") {
      throw new ServiceError("GameSessionFullException", `Game session ${session.id} is not accepting new player sessions (PlayerSessionCreationPolicy is ${session.playerSessionCreationPolicy}).`);
    }
    const free = session.maximumPlayerSessionCount - session.occupied;
    if (players.length > free) {
      throw new ServiceError(
        "GameSessionFullException",
        `Game session ${session.id} has ${Math.max(0, free)} open player slot${free === 1 ? "" : "s"} of ${session.maximumPlayerSessionCount}; ${players.length} requested.`,
      );
    }
    const creationTime = new Date(this.ctx.now());
    const created = players.map(({ playerId, playerData }) => {
      const ps: PlayerSession = { id: newPlayerSessionId(), playerId, playerData, gameSession: session, creationTime, status: "RESERVED" };
      ps.reservationTimer = this.ctx.scheduler.after(this.ctx.timings.playerSessionReservationMs, () => this.timeOut(ps));
      this.byId.set(ps.id, ps);
      session.playerSessions.push(ps);
      let mine = this.byPlayer.get(playerId);
      if (!mine) this.byPlayer.set(playerId, (mine = []));
      mine.push(ps);
      return ps;
    });
    session.occupied += created.length;
    this.search.refresh(session);
    return created;
  }

  /** AcceptPlayerSession from the process hosting `session`. */
  accept(session: GameSession, playerSessionId: string): PlayerSession {
    const ps = this.ofGameSession(session, playerSessionId);
    if (ps.status !== "RESERVED") {
      throw invalidRequest(`Player session ${playerSessionId} is ${ps.status}; only a RESERVED player session can be accepted.`);
    }
    ps.reservationTimer?.cancel();
    ps.status = "ACTIVE";
    return ps;
  }

  /** RemovePlayerSession from the process hosting `session`: the player left (or was turned away). */
  remove(session: GameSession, playerSessionId: string): PlayerSession {
    const ps = this.ofGameSession(session, playerSessionId);
    if (ps.status !== "RESERVED" && ps.status !== "ACTIVE") {
      throw invalidRequest(`Player session ${playerSessionId} is already ${ps.status}.`);
    }
    this.finish(ps, "COMPLETED");
    this.search.refresh(session);
    return ps;
  }

  /** The game session ended: every player still in it is done. */
  completeAll(session: GameSession): void {
    for (const ps of session.playerSessions) if (ps.status === "RESERVED" || ps.status === "ACTIVE") this.finish(ps, "COMPLETED");
  }

  get(playerSessionId: string): PlayerSession {
    const ps = this.byId.get(playerSessionId);
    if (!ps) throw notFound(`Player session ${playerSessionId} not found.`);
    return ps;
  }

  /**
   * DescribePlayerSessions' selection. As AWS documents, the status filter applies only to a game session
   * query: a PlayerSessionId or PlayerId query ignores it.
   */
  find(query: PlayerSessionQuery, gameSession?: GameSession): PlayerSession[] {
    if (query.playerSessionId !== undefined) {
      const ps = this.get(query.playerSessionId);
      const fits = (query.gameSessionId === undefined || ps.gameSession.id === query.gameSessionId) && (query.playerId === undefined || ps.playerId === query.playerId);
      return fits ? [ps] : [];
    }
    if (query.playerId !== undefined) {
      const mine = this.byPlayer.get(query.playerId) ?? [];
      return query.gameSessionId === undefined ? [...mine] : mine.filter((ps) => ps.gameSession.id === query.gameSessionId);
    }
    const all = gameSession?.playerSessions ?? [];
    return query.status === undefined ? [...all] : all.filter((ps) => ps.status === query.status);
  }

  private ofGameSession(session: GameSession, playerSessionId: string): PlayerSession {
    const ps = this.byId.get(playerSessionId);
    if (!ps) throw notFound(`Player session ${playerSessionId} not found.`);
    if (ps.gameSession !== session) throw invalidRequest(`Player session ${playerSessionId} belongs to game session ${ps.gameSession.id}, not ${session.id}.`);
    return ps;
  }

  private timeOut(ps: PlayerSession): void {
    if (ps.status !== "RESERVED") return;
    this.finish(ps, "TIMEDOUT");
    this.search.refresh(ps.gameSession);
  }

  private finish(ps: PlayerSession, status: "COMPLETED" | "TIMEDOUT"): void {
    ps.reservationTimer?.cancel();
    ps.reservationTimer = undefined;
    ps.status = status;
    ps.terminationTime = new Date(this.ctx.now());
    ps.gameSession.occupied--;
  }
}
