/**
 * Matchmaking tickets: their records, the index of players waiting in them, status changes with AWS's
 * fields (Status, StatusReason, StatusMessage, EndTime), recent wait times, and how long finished tickets are
 * kept for DescribeMatchmaking.
 */
import type { FormedMatch, MatchData, MatchPlayer, RuleSet, TicketPlayerInput } from "../matchmaking/index.ts";
import type { ConfigurationRecord, RuleSetRecord } from "./matchmaking-definitions.ts";

export type TicketStatus = "QUEUED" | "SEARCHING" | "REQUIRES_ACCEPTANCE" | "PLACING" | "COMPLETED" | "FAILED" | "CANCELLED" | "TIMED_OUT";
export type FinalStatus = "COMPLETED" | "FAILED" | "CANCELLED" | "TIMED_OUT";

export interface TicketPlayer extends TicketPlayerInput {
  /** Set once the player is on a team of a final match (and given by backfill requests). */
  team?: string;
}

export interface ConnectionInfo {
  gameSessionArn: string;
  ipAddress?: string;
  dnsName?: string;
  port: number;
  matchedPlayerSessions: { playerId: string; playerSessionId: string }[];
}

/** A match waiting for acceptance or placement. */
export interface Proposal {
  matchId: string;
  configuration: ConfigurationRecord;
  ruleSet: RuleSet;
  /** The tickets that joined (all of a new match's; the new ones of a backfill). */
  tickets: Ticket[];
  backfill?: Ticket;
  formed: FormedMatch;
  accepted: Set<string>;
  acceptanceDeadline?: number;
  /** While placing: the match data the game session gets, and the id its first automatic backfill will have. */
  placement?: { data: MatchData; nextAutoTicketId?: string };
}

export interface Ticket {
  id: string;
  kind: "matchmaking" | "backfill";
  configurationName: string;
  configurationArn: string;
  /** The rule set the ticket was checked against; it keeps it if the configuration changes. */
  ruleSet: RuleSetRecord;
  status: TicketStatus;
  statusReason?: string;
  statusMessage?: string;
  startTime: number;
  endTime?: number;
  /** Past this (epoch ms), a ticket still searching is TIMED_OUT. */
  deadline: number;
  players: TicketPlayer[];
  resolved: MatchPlayer[];
  /** Backfill: the game session it fills (absent for a STANDALONE backfill without one). */
  gameSessionArn?: string;
  /** Backfill: started by GameLift for an AUTOMATIC configuration rather than by the game. */
  auto?: boolean;
  connection?: ConnectionInfo;
  proposal?: Proposal;
}

export const ACTIVE_STATUSES: ReadonlySet<TicketStatus> = new Set(["QUEUED", "SEARCHING", "REQUIRES_ACCEPTANCE", "PLACING"]);

/** Finished tickets DescribeMatchmaking can still show; the oldest go first beyond this. */
const KEEP_FINISHED = 50_000;
/** Matched tickets whose waits make up EstimatedWaitTime. */
const WAIT_SAMPLES = 100;

export class TicketBook {
  readonly byId = new Map<string, Ticket>();
  readonly active = new Set<Ticket>();
  private readonly finished: Ticket[] = [];
  private finishedHead = 0;
  /** Player id → the matchmaking ticket (not backfill) it waits in. */
  private readonly waitingPlayers = new Map<string, Ticket>();
  private readonly activePerConfiguration = new Map<string, number>();
  private readonly waits = new Map<string, number[]>();

  add(ticket: Ticket): void {
    this.byId.set(ticket.id, ticket);
    this.active.add(ticket);
    this.activePerConfiguration.set(ticket.configurationName, this.activeIn(ticket.configurationName) + 1);
    if (ticket.kind === "matchmaking") for (const p of ticket.players) this.waitingPlayers.set(p.playerId, ticket);
  }

  activeIn(configurationName: string): number {
    return this.activePerConfiguration.get(configurationName) ?? 0;
  }

  /** The active matchmaking ticket a player is already in, if any. */
  ticketOfPlayer(playerId: string): Ticket | undefined {
    return this.waitingPlayers.get(playerId);
  }

  finish(ticket: Ticket, status: FinalStatus, now: number, reason?: string, message?: string): void {
    if (!this.active.has(ticket)) return;
    ticket.status = status;
    ticket.statusReason = reason;
    ticket.statusMessage = message;
    ticket.endTime = now;
    ticket.proposal = undefined;
    this.active.delete(ticket);
    this.activePerConfiguration.set(ticket.configurationName, this.activeIn(ticket.configurationName) - 1);
    if (ticket.kind === "matchmaking") for (const p of ticket.players) if (this.waitingPlayers.get(p.playerId) === ticket) this.waitingPlayers.delete(p.playerId);
    this.finished.push(ticket);
    while (this.finished.length - this.finishedHead > KEEP_FINISHED) {
      const old = this.finished[this.finishedHead++]!;
      if (this.byId.get(old.id) === old) this.byId.delete(old.id);
    }
    if (this.finishedHead > KEEP_FINISHED) {
      this.finished.splice(0, this.finishedHead);
      this.finishedHead = 0;
    }
  }

  /** Back to the pool after a proposed match fell through. */
  backToSearching(ticket: Ticket, reason: string, message: string): void {
    if (!this.active.has(ticket)) return;
    ticket.status = "SEARCHING";
    ticket.statusReason = reason;
    ticket.statusMessage = message;
    ticket.proposal = undefined;
    for (const p of ticket.players) if (ticket.kind === "matchmaking") delete p.team;
  }

  recordWait(configurationName: string, seconds: number): void {
    let list = this.waits.get(configurationName);
    if (!list) this.waits.set(configurationName, (list = []));
    list.push(seconds);
    if (list.length > WAIT_SAMPLES) list.shift();
  }

  /** Seconds, rounded; undefined until some ticket of the configuration has been matched. */
  estimatedWait(configurationName: string): number | undefined {
    const list = this.waits.get(configurationName);
    if (!list || list.length === 0) return undefined;
    return Math.round(list.reduce((a, b) => a + b, 0) / list.length);
  }
}
