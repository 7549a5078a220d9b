/**
 * The session async-request bus: the O3DE SessionAsyncRequestNotificationBus, one notification per request.
 * Each fires for the awaited form and the …Async form alike, and on failure too, as the gem does with an
 * empty result: here the result is `undefined` and the second argument is the error.
 *
 *   kit.sessions.bus.connect({
 *     onCreateSessionAsyncComplete(created, error) { if (created) kit.sessions.joinSessionAsync({ gameSessionId: created.gameSessionId, playerId }); },
 *   });
 */
import type { GameLiftKitError } from "../errors.ts";
import type { CreatedSession, JoinedSession, SearchSessionsResult } from "../gamelift/session-types.ts";
import { eventNames, NotificationBus, type EventNames } from "./bus.ts";

/**
 * The notifications of `kit.sessions.bus`: one per request, for the awaited form and the …Async form alike.
 * On failure the result is `undefined` and the second argument is the GameLiftKitError.
 */
export type SessionEvents = {
  /** createSession and createSessionOnQueue (the gem passes the new game session id, "" on failure). */
  onCreateSessionAsyncComplete: [result: CreatedSession | undefined, error?: GameLiftKitError];
  /** searchSessions (the gem passes a SearchSessionsResponse, empty on failure). */
  onSearchSessionsAsyncComplete: [result: SearchSessionsResult | undefined, error?: GameLiftKitError];
  /** joinSession (the gem passes a bool: joined or not). */
  onJoinSessionAsyncComplete: [result: JoinedSession | undefined, error?: GameLiftKitError];
  /** leaveSession (the gem passes nothing). */
  onLeaveSessionAsyncComplete: [error?: GameLiftKitError];
};

const SESSION_EVENTS: EventNames<SessionEvents> = {
  onCreateSessionAsyncComplete: true,
  onSearchSessionsAsyncComplete: true,
  onJoinSessionAsyncComplete: true,
  onLeaveSessionAsyncComplete: true,
};

export const SESSION_EVENT_NAMES = eventNames(SESSION_EVENTS);

/** `kit.sessions.bus`: connect handlers for {@link SessionEvents}. */
export type SessionBus = NotificationBus<SessionEvents>;

export function createSessionBus(): SessionBus {
  return new NotificationBus<SessionEvents>("SessionAsyncRequestNotificationBus", SESSION_EVENTS);
}
