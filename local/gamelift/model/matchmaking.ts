/**
 * FlexMatch's ticket lifecycle: QUEUED → SEARCHING → (REQUIRES_ACCEPTANCE) → PLACING → COMPLETED, or FAILED,
 * CANCELLED, TIMED_OUT. Matching runs on a timer of its own (matchmakingTickMs) with a time budget per tick,
 * so requests never wait behind it. WITH_QUEUE matches are placed through the configuration's game session
 * queue with the match data as MatchmakerData; STANDALONE matches complete without a game session.
 * Backfill (manual, and automatic for AUTOMATIC configurations) fills open slots of running matches and tells
 * the hosting process through UpdateGameSession.
 */
import { randomUUID } from "node:crypto";
import { ServiceError, invalidRequest, notFound } from "../../http/service-error.ts";
import { queueNameOf } from "../ids.ts";
import {
  concreteTeams,
  matchDataAttributes,
  matchDataJson,
  maxPlayersOf,
  resolvePlayer,
  toWire,
  type FormedMatch,
  type MatchData,
  type MatchDataAttribute,
  type MatchPlayer,
  type PoolTicket,
  type RuleSet,
} from "../matchmaking/index.ts";
import type { Timer } from "../scheduler.ts";
import type { ModelContext } from "./context.ts";
import { MAX_PLAYERS_PER_GAME_SESSION, push, type GameSession } from "./game-sessions.ts";
import type { GameLiftModel } from "./gamelift-model.ts";
import type { ConfigurationRecord, MatchmakingDefinitions, RuleSetRecord } from "./matchmaking-definitions.ts";
import { ACTIVE_STATUSES, TicketBook, type Proposal, type Ticket, type TicketPlayer } from "./matchmaking-tickets.ts";
import type { Placement } from "./placements.ts";

/** Waiting tickets one configuration may hold: a bound on what a client can make the stack keep. */
export const MAX_ACTIVE_TICKETS_PER_CONFIGURATION = 10_000;

/** StatusReason codes (AWS documents the field, not a list; these follow its event reasons). */
const REASON = {
  timedOut: ["TimedOut", "Removed from matchmaking due to timing out."],
  cancelled: ["Cancelled", "Cancelled by request."],
  rejected: ["Rejected", "A player in this ticket rejected the proposed match."],
  acceptanceTimedOut: ["AcceptanceTimedOut", "Not every player in this ticket accepted the proposed match in time."],
  otherRejected: ["MatchRejected", "The proposed match was rejected by a player in another ticket; searching again."],
  otherTimedOut: ["MatchAcceptanceTimedOut", "The proposed match was not accepted in time by players in other tickets; searching again."],
} as const;

type UpdateReason = "MATCHMAKING_DATA_UPDATED" | "BACKFILL_FAILED" | "BACKFILL_TIMED_OUT" | "BACKFILL_CANCELLED";

/** A game session FlexMatch placed (or backfilled): what backfill needs to know about it. */
interface MatchedSession {
  session: GameSession;
  configurationName: string;
  matchData: MatchData;
  /** The id the next automatic backfill ticket will have (it is in the match data before it starts). */
  nextAutoTicketId?: string;
  activeBackfill?: Ticket;
}

export interface StartRequest {
  ticketId?: string;
  configurationName: string;
  players: TicketPlayer[];
}

export interface BackfillRequest extends StartRequest {
  gameSessionArn?: string;
}

export class Matchmaking {
  readonly book = new TicketBook();
  /** Matches waiting for acceptance or placement, by match id (which is also the placement id). */
  private readonly proposals = new Map<string, Proposal>();
  private readonly matched = new Map<string, MatchedSession>();
  private readonly cursors = new Map<string, string>();
  private timer?: Timer;

  private readonly ctx: ModelContext;
  private readonly model: Pick<GameLiftModel, "placements" | "players" | "sessions">;
  private readonly definitions: MatchmakingDefinitions;
  constructor(ctx: ModelContext, model: Pick<GameLiftModel, "placements" | "players" | "sessions">, definitions: MatchmakingDefinitions) {
    this.ctx = ctx;
    this.model = model;
    this.definitions = definitions;
    model.placements.listeners.add((placement) => {
      // Runs inside whatever settled the placement (often a process's ActivateGameSession): a bug here must not
      // fail that request.
      try {
        this.placementSettled(placement);
      } catch (e) {
        console.error(`[gamelift] matchmaking could not take placement ${placement.id} (${placement.status}):`, e);
      }
    });
  }

  ticket(id: string): Ticket {
    const ticket = this.book.byId.get(id);
    if (!ticket) throw notFound(`Matchmaking ticket ${id} not found.`);
    return ticket;
  }

  hasActiveTickets(configurationName: string): boolean {
    return this.book.activeIn(configurationName) > 0;
  }

  estimatedWait(ticket: Ticket): number | undefined {
    return ACTIVE_STATUSES.has(ticket.status) ? this.book.estimatedWait(ticket.configurationName) : undefined;
  }

  /** StartMatchmaking. */
  start(request: StartRequest): Ticket {
    const configuration = this.definitions.configuration(request.configurationName);
    const { record, ruleSet } = this.ruleSetOf(configuration);
    const resolved = this.resolve(ruleSet, request.players);
    const biggestTeam = largestTeam(ruleSet);
    if (request.players.length > biggestTeam) {
      throw invalidRequest(`The ticket holds ${request.players.length} players, who play on one team; the largest team of rule set ${record.name} holds ${biggestTeam}.`);
    }
    for (const p of request.players) {
      const other = this.book.ticketOfPlayer(p.playerId);
      if (other) throw invalidRequest(`Player ${p.playerId} is already in matchmaking ticket ${other.id} (${other.status}); stop it first or wait for it to end.`);
    }
    return this.open("matchmaking", request, configuration, record, resolved);
  }

  /** StartMatchBackfill, from the client API or from the hosting server process. */
  startBackfill(request: BackfillRequest): Ticket {
    const configuration = this.definitions.configuration(request.configurationName);
    const { record, ruleSet } = this.ruleSetOf(configuration);
    const teams = new Set(concreteTeams(ruleSet).map((t) => t.name));
    for (const p of request.players) {
      if (p.team === undefined) throw invalidRequest(`Player ${p.playerId} has no Team: a backfill request names the team of every player already in the match.`);
      if (!teams.has(p.team)) throw invalidRequest(`Player ${p.playerId}'s team '${p.team}' is not a team of rule set ${record.name} (${[...teams].join(", ")}).`);
    }
    const resolved = this.resolve(ruleSet, request.players);
    let arn = request.gameSessionArn;
    if (configuration.flexMatchMode === "WITH_QUEUE") {
      if (arn === undefined) throw invalidRequest("GameSessionArn is required to backfill a match of a WITH_QUEUE configuration.");
      const session = this.model.sessions.get(arn);
      arn = session.id;
      if (session.status !== "ACTIVE" && session.status !== "ACTIVATING") {
        throw new ServiceError("InvalidGameSessionStatusException", `Game session ${arn} is ${session.status}; only a running game session can be backfilled.`);
      }
      const busy = this.matched.get(arn)?.activeBackfill ?? [...this.book.active].find((t) => t.kind === "backfill" && t.gameSessionArn === arn);
      if (busy) throw invalidRequest(`Game session ${arn} already has backfill ticket ${busy.id} (${busy.status}); stop it before starting another.`);
    }
    const ticket = this.open("backfill", { ...request, gameSessionArn: arn }, configuration, record, resolved);
    if (arn !== undefined) {
      ticket.gameSessionArn = arn;
      const matched = this.matched.get(arn);
      if (matched) matched.activeBackfill = ticket;
    }
    return ticket;
  }

  /** StopMatchmaking (and the server SDK's StopMatchBackfill). */
  stop(ticket: Ticket): void {
    switch (ticket.status) {
      case "CANCELLED":
        return;
      case "QUEUED":
      case "SEARCHING":
        this.end(ticket, "CANCELLED", REASON.cancelled);
        return;
      case "REQUIRES_ACCEPTANCE": {
        const proposal = ticket.proposal!;
        this.dropProposal(proposal, (t) => (t === ticket ? REASON.cancelled : undefined), REASON.otherRejected);
        return;
      }
      default:
        throw invalidRequest(`Matchmaking ticket ${ticket.id} is ${ticket.status}; only a ticket that is queued, searching or waiting for acceptance can be stopped.`);
    }
  }

  /** AcceptMatch. */
  accept(ticket: Ticket, playerIds: string[], acceptance: "ACCEPT" | "REJECT"): void {
    if (ticket.status !== "REQUIRES_ACCEPTANCE" || !ticket.proposal) {
      throw invalidRequest(`Matchmaking ticket ${ticket.id} is ${ticket.status}; AcceptMatch needs a ticket in REQUIRES_ACCEPTANCE.`);
    }
    const own = new Set(ticket.players.map((p) => p.playerId));
    const stranger = playerIds.find((id) => !own.has(id));
    if (stranger !== undefined) throw invalidRequest(`Player ${stranger} is not in matchmaking ticket ${ticket.id}.`);
    const proposal = ticket.proposal;
    if (acceptance === "REJECT") {
      // "If any player rejects the match … the proposed match is dropped": the rejecting ticket is cancelled,
      // the others (accepted or not yet answered) search again.
      this.dropProposal(proposal, (t) => (t === ticket ? REASON.rejected : undefined), REASON.otherRejected);
      return;
    }
    for (const id of playerIds) proposal.accepted.add(id);
    const everyone = proposal.tickets.flatMap((t) => t.players.map((p) => p.playerId));
    if (everyone.every((id) => proposal.accepted.has(id))) {
      proposal.acceptanceDeadline = undefined;
      this.proceed(proposal);
    }
  }

  /** The server SDK's StopMatchBackfill: the ticket must be a backfill of that game session. */
  stopBackfill(ticketId: string, gameSessionArn: string): void {
    const ticket = this.ticket(ticketId);
    if (ticket.kind !== "backfill" || ticket.gameSessionArn !== gameSessionArn) {
      throw invalidRequest(`Matchmaking ticket ${ticketId} is not a backfill ticket of game session ${gameSessionArn}.`);
    }
    this.stop(ticket);
  }

  close(): void {
    this.timer?.cancel();
    this.timer = undefined;
  }

  // ── internals ─────────────────────────────────────────────────────────────────────────────────────

  private ruleSetOf(configuration: ConfigurationRecord): { record: RuleSetRecord; ruleSet: RuleSet } {
    const record = this.definitions.ruleSet(configuration.ruleSetName);
    return { record, ruleSet: this.definitions.compile(record).ruleSet };
  }

  private resolve(ruleSet: RuleSet, players: TicketPlayer[]): MatchPlayer[] {
    return players.map((p) => {
      const resolved = resolvePlayer(ruleSet, p);
      if (typeof resolved === "string") throw invalidRequest(`Player attributes do not fit the rule set: ${resolved}.`);
      return resolved;
    });
  }

  private open(kind: Ticket["kind"], request: BackfillRequest, configuration: ConfigurationRecord, record: RuleSetRecord, resolved: MatchPlayer[]): Ticket {
    const id = request.ticketId ?? randomUUID();
    if (this.book.byId.has(id)) throw invalidRequest(`Matchmaking ticket ID ${id} is already in use; use a new ticket ID.`);
    if (this.book.activeIn(configuration.name) >= MAX_ACTIVE_TICKETS_PER_CONFIGURATION) {
      throw new ServiceError("LimitExceededException", `Matchmaking configuration ${configuration.name} already holds ${MAX_ACTIVE_TICKETS_PER_CONFIGURATION} active tickets.`);
    }
    const now = this.ctx.now();
    const ticket: Ticket = {
      id,
      kind,
      configurationName: configuration.name,
      configurationArn: configuration.arn,
      ruleSet: record,
      status: "QUEUED",
      startTime: now,
      deadline: now + configuration.requestTimeoutSeconds * 1000 * this.ctx.timings.matchmakingTimeScale,
      players: request.players,
      resolved,
    };
    this.book.add(ticket);
    this.schedule();
    return ticket;
  }

  private schedule(): void {
    if (this.timer) return;
    this.timer = this.ctx.scheduler.every(this.ctx.timings.matchmakingTickMs, () => {
      // A timer callback that throws would take the whole stack down: log it, keep ticking.
      try {
        this.tick();
      } catch (e) {
        console.error("[gamelift] matchmaking tick failed:", e);
      }
    });
  }

  /** One pass of the matchmaker. Public for tests that drive it by hand. */
  tick(): void {
    const now = this.ctx.now();
    for (const ticket of [...this.book.active]) {
      if (ticket.status === "QUEUED") ticket.status = "SEARCHING";
      if (ticket.status === "SEARCHING" && now >= ticket.deadline) this.end(ticket, "TIMED_OUT", REASON.timedOut);
    }
    for (const proposal of [...this.proposals.values()]) {
      if (proposal.acceptanceDeadline !== undefined && now >= proposal.acceptanceDeadline) this.acceptanceTimedOut(proposal);
    }
    this.automaticBackfills();
    this.match(now);
    const automatic = [...this.matched.values()].some((m) => this.definitions.configurations.get(m.configurationName)?.backfillMode === "AUTOMATIC");
    if (this.book.active.size === 0 && this.proposals.size === 0 && !automatic) this.close();
  }

  private match(now: number): void {
    const pools = new Map<string, Ticket[]>();
    for (const ticket of this.book.active) {
      if (ticket.status !== "SEARCHING") continue;
      const key = `${ticket.configurationName}\0${ticket.ruleSet.arn}`;
      let pool = pools.get(key);
      if (!pool) pools.set(key, (pool = []));
      pool.push(ticket);
    }
    const clock = () => performance.now();
    const deadline = clock() + this.ctx.timings.matchmakingTickBudgetMs;
    for (const [key, tickets] of pools) {
      const configuration = this.definitions.configurations.get(tickets[0]!.configurationName);
      if (!configuration) continue;
      const { matchmaker } = this.definitions.compile(tickets[0]!.ruleSet);
      const pool = tickets.map((t) => this.poolTicket(t, matchmaker.ruleSet)).filter((t): t is PoolTicket => t !== undefined);
      const run = matchmaker.run(pool, {
        now,
        additionalPlayerCount: configuration.flexMatchMode === "WITH_QUEUE" ? configuration.additionalPlayerCount : 0,
        budgetMs: Math.max(0, deadline - clock()),
        clock,
        cursor: this.cursors.get(key),
      });
      if (run.complete) this.cursors.delete(key);
      else if (run.cursor !== undefined) this.cursors.set(key, run.cursor);
      for (const formed of run.matches) this.propose(formed, configuration, matchmaker.ruleSet, now);
    }
  }

  private poolTicket(ticket: Ticket, ruleSet: RuleSet): PoolTicket | undefined {
    if (ticket.kind === "matchmaking") return { id: ticket.id, players: ticket.resolved, since: ticket.startTime };
    const teams = new Map<string, MatchPlayer[]>();
    ticket.players.forEach((p, i) => {
      const list = teams.get(p.team!) ?? [];
      list.push(ticket.resolved[i]!);
      teams.set(p.team!, list);
    });
    let room = maxPlayersOf(ruleSet) - ticket.players.length;
    if (ticket.gameSessionArn !== undefined) {
      const session = this.model.sessions.byId.get(ticket.gameSessionArn);
      if (!session || session.ended) {
        this.endBackfill(ticket, "FAILED", ["GameSessionEnded", `Game session ${ticket.gameSessionArn} has ended.`], "BACKFILL_FAILED");
        return undefined;
      }
      room = session.playerSessionCreationPolicy === "ACCEPT_ALL" && session.status === "ACTIVE" ? Math.min(room, session.maximumPlayerSessionCount - session.occupied) : 0;
    }
    return { id: ticket.id, players: [], since: ticket.startTime, backfill: { teams, room } };
  }

  private propose(formed: FormedMatch, configuration: ConfigurationRecord, ruleSet: RuleSet, now: number): void {
    const tickets = formed.ticketIds.map((id) => this.book.byId.get(id)!);
    const backfill = formed.backfillTicketId === undefined ? undefined : this.book.byId.get(formed.backfillTicketId);
    const proposal: Proposal = { matchId: randomUUID(), configuration, ruleSet, tickets, backfill, formed, accepted: new Set() };
    for (const t of tickets) this.book.recordWait(configuration.name, (now - t.startTime) / 1000);
    for (const t of [...tickets, ...(backfill ? [backfill] : [])]) {
      t.proposal = proposal;
      t.statusReason = undefined;
      t.statusMessage = undefined;
    }
    if (!configuration.acceptanceRequired) {
      this.proceed(proposal);
      return;
    }
    // The players already in a backfilled match do not vote again.
    for (const p of backfill?.players ?? []) proposal.accepted.add(p.playerId);
    for (const t of tickets) t.status = "REQUIRES_ACCEPTANCE";
    if (backfill) backfill.status = "REQUIRES_ACCEPTANCE";
    proposal.acceptanceDeadline = now + (configuration.acceptanceTimeoutSeconds ?? 0) * 1000 * this.ctx.timings.matchmakingTimeScale;
    this.proposals.set(proposal.matchId, proposal);
  }

  /** Everyone accepted (or nobody had to): on to placement, backfill, or (STANDALONE) done. */
  private proceed(proposal: Proposal): void {
    this.proposals.delete(proposal.matchId);
    const teamOf = new Map(proposal.formed.teams.flatMap((t) => t.players.map((p) => [p.playerId, t.name] as const)));
    for (const t of proposal.tickets) for (const p of t.players) p.team = teamOf.get(p.playerId);
    if (proposal.configuration.flexMatchMode === "STANDALONE" || (proposal.backfill && proposal.backfill.gameSessionArn === undefined)) {
      for (const t of this.ticketsOf(proposal)) this.end(t, "COMPLETED");
      return;
    }
    if (proposal.backfill) this.completeBackfill(proposal);
    else this.place(proposal);
  }

  private ticketsOf(proposal: Proposal): Ticket[] {
    return [...proposal.tickets, ...(proposal.backfill ? [proposal.backfill] : [])];
  }

  /** Match data for the players of a proposal, in the shape AWS documents. */
  private matchData(proposal: Proposal, matchId: string, auto: { mode: "AUTOMATIC" | null; ticketId: string | null }): MatchData {
    const players = new Map<string, TicketPlayer>();
    for (const t of this.ticketsOf(proposal)) for (const p of t.players) players.set(p.playerId, p);
    return {
      matchId,
      matchmakingConfigurationArn: proposal.configuration.arn,
      teams: proposal.formed.teams.map((team) => ({
        name: team.name,
        players: team.players.map(({ playerId }) => ({ playerId, attributes: matchDataAttributes(proposal.ruleSet, players.get(playerId)!) })),
      })),
      autoBackfillMode: auto.mode,
      autoBackfillTicketId: auto.ticketId,
    };
  }

  private place(proposal: Proposal): void {
    const { configuration } = proposal;
    const automatic = configuration.backfillMode === "AUTOMATIC";
    const nextAutoTicketId = automatic ? randomUUID() : undefined;
    const data = this.matchData(proposal, proposal.matchId, { mode: automatic ? "AUTOMATIC" : null, ticketId: nextAutoTicketId ?? null });
    for (const t of proposal.tickets) t.status = "PLACING";
    const queue = this.model.placements.queues.get(queueNameOf(configuration.gameSessionQueueArns[0] ?? ""));
    if (!queue) {
      this.failMatch(proposal, ["PlacementFailed", `Game session queue ${configuration.gameSessionQueueArns[0] ?? "(none)"} of configuration ${configuration.name} no longer exists.`]);
      return;
    }
    const players = proposal.tickets.flatMap((t) => t.players);
    this.proposals.set(proposal.matchId, proposal);
    proposal.placement = { data, nextAutoTicketId };
    try {
      this.model.placements.start({
        id: proposal.matchId,
        queue,
        request: {
          maximumPlayerSessionCount: Math.min(MAX_PLAYERS_PER_GAME_SESSION, maxPlayersOf(proposal.ruleSet)),
          gameProperties: configuration.gameProperties,
          gameSessionData: configuration.gameSessionData,
          matchmakerData: matchDataJson(data),
        },
        desiredPlayers: players.map((p) => ({ playerId: p.playerId })),
        playerLatencies: players.flatMap((p) =>
          Object.entries(p.latencyInMs ?? {}).map(([regionIdentifier, latencyInMilliseconds]) => ({ playerId: p.playerId, regionIdentifier, latencyInMilliseconds })),
        ),
      });
    } catch (e) {
      this.proposals.delete(proposal.matchId);
      this.failMatch(proposal, ["PlacementFailed", `The game session placement could not start: ${(e as Error).message}`]);
    }
  }

  private placementSettled(placement: Placement): void {
    const proposal = this.proposals.get(placement.id);
    if (!proposal || proposal.backfill) return;
    this.proposals.delete(placement.id);
    const pending = proposal.placement;
    const session = placement.gameSession;
    if (placement.status !== "FULFILLED" || !session || !pending) {
      const why = placement.status === "TIMED_OUT" ? "the game session placement timed out" : `the game session placement ended ${placement.status}`;
      this.failMatch(proposal, ["PlacementFailed", `Players were matched, but ${why}.`]);
      return;
    }
    const sessions = new Map((placement.placedPlayers ?? []).map((p) => [p.playerId, p.playerSessionId]));
    for (const ticket of proposal.tickets) {
      ticket.connection = connectionOf(session, ticket.players.map((p) => p.playerId), sessions);
      this.end(ticket, "COMPLETED");
    }
    this.matched.set(session.id, { session, configurationName: proposal.configuration.name, matchData: pending.data, nextAutoTicketId: pending.nextAutoTicketId });
    this.schedule();
  }

  private failMatch(proposal: Proposal, reason: readonly [string, string]): void {
    for (const t of proposal.tickets) this.end(t, "FAILED", reason);
  }

  /** A backfill match was made (and accepted): seat the new players, update the match data, tell the server. */
  private completeBackfill(proposal: Proposal): void {
    const backfill = proposal.backfill!;
    const session = this.model.sessions.byId.get(backfill.gameSessionArn!);
    const searchAgain = () => {
      for (const t of proposal.tickets) this.book.backToSearching(t, "BackfillFailed", "The game session could not take the players; searching again.");
    };
    if (!session || session.ended) {
      searchAgain();
      this.endBackfill(backfill, "FAILED", ["GameSessionEnded", `Game session ${backfill.gameSessionArn} has ended.`], "BACKFILL_FAILED");
      return;
    }
    const newPlayers = proposal.tickets.flatMap((t) => t.players);
    let reserved;
    try {
      reserved = this.model.players.reserve(session, newPlayers.map((p) => ({ playerId: p.playerId })));
    } catch (e) {
      searchAgain();
      this.endBackfill(backfill, "FAILED", ["BackfillFailed", `The game session could not take the new players: ${(e as Error).message}`], "BACKFILL_FAILED");
      return;
    }
    const sessions = new Map(reserved.map((ps) => [ps.playerId, ps.id]));
    const existing = this.matched.get(session.id);
    const previous = existing?.matchData ?? parseMatchData(session.matchmakerData);
    const automatic = proposal.configuration.backfillMode === "AUTOMATIC";
    const nextAutoTicketId = automatic ? randomUUID() : undefined;
    const data = this.matchData(proposal, previous?.matchId ?? proposal.matchId, { mode: automatic ? "AUTOMATIC" : null, ticketId: nextAutoTicketId ?? null });
    session.matchmakerData = matchDataJson(data);
    this.matched.set(session.id, { session, configurationName: proposal.configuration.name, matchData: data, nextAutoTicketId });
    for (const t of proposal.tickets) {
      t.connection = connectionOf(session, t.players.map((p) => p.playerId), sessions);
      this.end(t, "COMPLETED");
    }
    backfill.connection = connectionOf(session, newPlayers.map((p) => p.playerId), sessions);
    this.end(backfill, "COMPLETED");
    this.notifyServer(session, "MATCHMAKING_DATA_UPDATED", backfill.id);
  }

  private notifyServer(session: GameSession, reason: UpdateReason, ticketId: string): void {
    const process = session.process;
    if (!process || session.ended) return;
    push(process, (channel) => channel.updateGameSession({ GameSession: session.toProcessGameSession(), UpdateReason: reason, BackfillTicketId: ticketId }));
  }

  private endBackfill(ticket: Ticket, status: "FAILED" | "TIMED_OUT" | "CANCELLED", reason: readonly [string, string], update: UpdateReason): void {
    this.book.finish(ticket, status, this.ctx.now(), reason[0], reason[1]);
    this.afterBackfillEnded(ticket);
    const session = ticket.gameSessionArn === undefined ? undefined : this.model.sessions.byId.get(ticket.gameSessionArn);
    if (session) this.notifyServer(session, update, ticket.id);
  }

  private afterBackfillEnded(ticket: Ticket): void {
    const matched = ticket.gameSessionArn === undefined ? undefined : this.matched.get(ticket.gameSessionArn);
    if (matched?.activeBackfill === ticket) matched.activeBackfill = undefined;
  }

  /** Ends a ticket; a backfill that ends without success tells its game server why. */
  private end(ticket: Ticket, status: "COMPLETED" | "FAILED" | "CANCELLED" | "TIMED_OUT", reason?: readonly [string, string]): void {
    if (ticket.kind === "backfill" && status !== "COMPLETED") {
      const update = status === "CANCELLED" ? "BACKFILL_CANCELLED" : status === "TIMED_OUT" ? "BACKFILL_TIMED_OUT" : "BACKFILL_FAILED";
      this.endBackfill(ticket, status, reason ?? ["", ""], update);
      return;
    }
    this.book.finish(ticket, status, this.ctx.now(), reason?.[0], reason?.[1]);
    if (ticket.kind === "backfill") this.afterBackfillEnded(ticket);
  }

  /**
   * A proposed match falls through: tickets `cancel` names end CANCELLED, the others (and the backfill) search
   * again with `others` as their status reason.
   */
  private dropProposal(proposal: Proposal, cancel: (t: Ticket) => readonly [string, string] | undefined, others: readonly [string, string]): void {
    this.proposals.delete(proposal.matchId);
    for (const t of proposal.tickets) {
      const reason = cancel(t);
      if (reason) this.end(t, "CANCELLED", reason);
      else this.book.backToSearching(t, others[0], others[1]);
    }
    if (proposal.backfill) {
      const reason = cancel(proposal.backfill);
      if (reason) this.end(proposal.backfill, "CANCELLED", reason);
      else this.book.backToSearching(proposal.backfill, others[0], others[1]);
    }
  }

  /** The acceptance timeout: tickets with a player who did not accept are cancelled, the rest search again. */
  private acceptanceTimedOut(proposal: Proposal): void {
    const silent = (t: Ticket) => t.players.some((p) => !proposal.accepted.has(p.playerId));
    this.dropProposal(proposal, (t) => (silent(t) ? REASON.acceptanceTimedOut : undefined), REASON.otherTimedOut);
  }

  /** AUTOMATIC configurations: a running match with open slots gets a backfill ticket of GameLift's own. */
  private automaticBackfills(): void {
    for (const [arn, matched] of this.matched) {
      const { session } = matched;
      const configuration = this.definitions.configurations.get(matched.configurationName);
      if (session.ended || !configuration) {
        this.matched.delete(arn);
        continue;
      }
      if (configuration.backfillMode !== "AUTOMATIC" || matched.activeBackfill || session.status !== "ACTIVE") continue;
      if (session.playerSessionCreationPolicy !== "ACCEPT_ALL" || session.occupied >= session.maximumPlayerSessionCount) continue;
      const seated = new Set(session.playerSessions.filter((ps) => ps.status === "RESERVED" || ps.status === "ACTIVE").map((ps) => ps.playerId));
      const players: TicketPlayer[] = matched.matchData.teams.flatMap((team) =>
        team.players.filter((p) => seated.has(p.playerId)).map((p) => ({ playerId: p.playerId, team: team.name, attributes: wireAttributes(p.attributes) })),
      );
      const record = this.definitions.ruleSets.get(configuration.ruleSetName);
      if (!record || players.length >= maxPlayersOf(this.definitions.compile(record).ruleSet)) continue;
      const ticketId = matched.nextAutoTicketId && !this.book.byId.has(matched.nextAutoTicketId) ? matched.nextAutoTicketId : randomUUID();
      try {
        const ticket = this.startBackfill({ ticketId, configurationName: configuration.name, gameSessionArn: arn, players });
        ticket.auto = true;
        matched.nextAutoTicketId = undefined;
        if (matched.matchData.autoBackfillTicketId !== ticket.id) {
          matched.matchData = { ...matched.matchData, autoBackfillTicketId: ticket.id };
          session.matchmakerData = matchDataJson(matched.matchData);
        }
      } catch (e) {
        // The players no longer fit the rule set (it changed under the configuration): no automatic backfill.
        console.error(`[gamelift] automatic backfill of ${arn} could not start:`, (e as Error).message);
        this.matched.delete(arn);
      }
    }
  }
}

/** The most players one team can ever hold, expansions included: a larger party can never be matched. */
function largestTeam(ruleSet: RuleSet): number {
  return Math.max(
    ...ruleSet.teams.map((def) =>
      Math.max(
        def.maxPlayers,
        ...ruleSet.expansions
          .filter((e) => e.target.kind === "team" && e.target.property === "maxPlayers" && (e.target.team === "*" || e.target.team === def.name))
          .flatMap((e) => e.steps.map((s) => s.value)),
      ),
    ),
  );
}

function connectionOf(session: GameSession, playerIds: string[], sessions: ReadonlyMap<string, string>) {
  return {
    gameSessionArn: session.id,
    ipAddress: session.ipAddress,
    dnsName: session.dnsName,
    port: session.port,
    matchedPlayerSessions: playerIds.flatMap((playerId) => {
      const playerSessionId = sessions.get(playerId);
      return playerSessionId === undefined ? [] : [{ playerId, playerSessionId }];
    }),
  };
}

function wireAttributes(attributes: Record<string, MatchDataAttribute> | undefined): TicketPlayer["attributes"] {
  const out: TicketPlayer["attributes"] = {};
  // defineProperty: an attribute named "__proto__" stays an attribute.
  for (const [name, a] of Object.entries(attributes ?? {})) Object.defineProperty(out, name, { value: toWire(a.valueAttribute), enumerable: true, writable: true, configurable: true });
  return out;
}

/** Match data a game session already carries (a backfill of a session this stack did not match itself). */
function parseMatchData(json: string | undefined): MatchData | undefined {
  if (json === undefined) return undefined;
  try {
    const value = JSON.parse(json) as MatchData;
    return typeof value?.matchId === "string" ? value : undefined;
  } catch {
    return undefined;
  }
}
