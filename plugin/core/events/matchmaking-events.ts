/**
 * The matchmaking bus: the O3DE gem's MatchmakingAsyncRequestNotificationBus (one notification per request,
 * for the awaited form and the …Async form alike, on failure too) and its MatchmakingNotificationBus (the ticket
 * tracker's OnMatchAcceptance, OnMatchComplete, OnMatchError, OnMatchFailure), plus onTicketStatus.
 *
 * Unlike the gem's tracker, which repeats OnMatchAcceptance on every poll while a match waits for acceptance,
 * every tracker notification here fires once per change of the ticket's status (or status reason).
 *
 *   kit.matchmaking.bus.connect({
 *     onMatchAcceptance(ticket) { showPrompt(ticket); },   // then kit.matchmaking.acceptMatch({ accept: true })
 *     onMatchComplete(ticket, travel) { console.log("playing on", travel.map); },
 *     onMatchFailure(ticket) { console.log(ticket.status, ticket.statusReason); },
 *   });
 */
import type { GameLiftKitError } from "../errors.ts";
import type { MatchmakingStatus, MatchmakingTicketInfo } from "../gamelift/matchmaking-types.ts";
import type { TravelResult } from "../travel/types.ts";
import { eventNames, NotificationBus, type EventNames } from "./bus.ts";

/**
 * The notifications of `kit.matchmaking.bus`, each with its arguments: one per request (for the awaited and
 * …Async forms alike, on failure too), and the ticket tracker's, each once per change of the ticket.
 */
export type MatchmakingEvents = {
  /** startMatchmaking: the new ticket (QUEUED), or undefined and the error. */
  onStartMatchmakingAsyncComplete: [ticket: MatchmakingTicketInfo | undefined, error?: GameLiftKitError];
  /** stopMatchmaking (and stopPolling, which stops the ticket it tracks). */
  onStopMatchmakingAsyncComplete: [error?: GameLiftKitError];
  /** acceptMatch: the answer went in (the ticket moves on once every player answered). */
  onAcceptMatchAsyncComplete: [error?: GameLiftKitError];
  /** The tracked ticket changed status (or status reason): every change once, none repeated. */
  onTicketStatus: [ticket: MatchmakingTicketInfo, previous: MatchmakingStatus | undefined];
  /** A match was proposed and waits for the players to accept (REQUIRES_ACCEPTANCE). */
  onMatchAcceptance: [ticket: MatchmakingTicketInfo];
  /** The match's game session seated the player: the ticket is COMPLETED and travel is done. */
  onMatchComplete: [ticket: MatchmakingTicketInfo, travel: TravelResult];
  /**
   * Tracking stopped on an error: DescribeMatchmaking kept failing or was refused, the ticket vanished, or the
   * COMPLETED match could not be joined. `ticket` is the last one seen.
   */
  onMatchError: [error: GameLiftKitError, ticket: MatchmakingTicketInfo | undefined];
  /** The ticket ended without a match: FAILED, TIMED_OUT, or CANCELLED (by a rejection, or by another client). */
  onMatchFailure: [ticket: MatchmakingTicketInfo];
};

const MATCHMAKING_EVENTS: EventNames<MatchmakingEvents> = {
  onStartMatchmakingAsyncComplete: true,
  onStopMatchmakingAsyncComplete: true,
  onAcceptMatchAsyncComplete: true,
  onTicketStatus: true,
  onMatchAcceptance: true,
  onMatchComplete: true,
  onMatchError: true,
  onMatchFailure: true,
};

export const MATCHMAKING_EVENT_NAMES = eventNames(MATCHMAKING_EVENTS);

/** `kit.matchmaking.bus`: connect handlers for {@link MatchmakingEvents}. */
export type MatchmakingBus = NotificationBus<MatchmakingEvents>;

export function createMatchmakingBus(): MatchmakingBus {
  return new NotificationBus<MatchmakingEvents>("MatchmakingNotificationBus", MATCHMAKING_EVENTS);
}
