/**
 * The travel and session bus (ours; the gems have no equivalent): the way to a game server and back, the
 * connection's health, other players coming and going, and the game's own messages.
 */
import type { GameLiftKitError } from "../errors.ts";
import type { TravelState } from "../travel/state-machine.ts";
import type { TravelSession, TravelTarget } from "../travel/types.ts";
import type { JsonValue } from "../../../protocol/wire.ts";
import { eventNames, NotificationBus, type EventNames } from "./bus.ts";

/**
 * The notifications of `kit.travel.bus`: the way to a game server and back, the connection's health, other
 * players coming and going, and the game's own messages from the server.
 */
export type TravelEvents = {
  /** A player session is known and the connection to its game server is opening. */
  onTravelStart: [target: TravelTarget];
  /** The server seated the player: time for the scene transition to `map`. */
  onTravelComplete: [map: string, state: JsonValue, session: TravelSession];
  /** The join did not reach the session (rejected, unreachable, timed out, cancelled); the player is in the lobby. */
  onTravelFail: [error: GameLiftKitError];
  /** The live connection dropped; reconnection starts. */
  onConnectionLost: [reason: string];
  /** The same seat is back after a drop; `state` is the server's current game state. */
  onReconnected: [state: JsonValue];
  /** Another player took a seat; `name` is the name it joined with (for display only: the player chose it). */
  onPlayerJoined: [playerId: string, name: string | undefined];
  /** Another player's seat went (it left, its drop was not resumed in time, or it was kicked). */
  onPlayerLeft: [playerId: string];
  /**
   * Back to the lobby without asking: the server ended the session, GameLift reports it over, the server is
   * gone, or reconnection gave up. `reason` is for the player (the game server's own words when it ended the
   * session); `ending` says why for the game's logic and the developer.
   */
  onSessionEnded: [reason: string, ending: SessionEnding];
  /** Back to the lobby after the player's own leave. */
  onLeaveComplete: [];
  /** A game message from the server; `from` is the sending player's id when the server relays one. */
  onMessage: [type: string, data: JsonValue, from: string | undefined];
  /** The travel state machine moved (e.g. joining → connecting → traveling → in-session); for status displays and logs. */
  onStateChange: [state: TravelState, previous: TravelState];
};

/** How a session the player did not leave came to an end. */
export type SessionEndCause =
  | "ServerEnded" // the game server ended it and said why (the reason is its own)
  | "ServerClosed" // the game server closed the connection for good (a kick, a policy close)
  | "SessionTerminated" // GameLift reports the game session TERMINATING, TERMINATED, ERROR, or no longer knows it
  | "ServerGone" // the game server refuses every reconnection while GameLift still lists the session: it died
  | "ReconnectFailed" // the connection could not be restored within the reconnection attempts
  | "ReconnectTimedOut" // … or within the reconnection window
  | "ResumeRefused"; // the game server answered the reconnection with a refusal

/** Why a session ended without the player leaving, for the game's logic and the developer (onSessionEnded). */
export interface SessionEnding {
  /** How it came to an end. */
  cause: SessionEndCause;
  /** What happened, for the developer console: close codes, GameLift's status, the server's refusal. */
  detail: string;
  /** GameLift's status of the game session, when it was asked (DescribeGameSessions). */
  gameSessionStatus?: string;
  /** GameLift's StatusReason, when it gave one: FORCE_TERMINATED, TRIGGERED_ON_PROCESS_TERMINATE, INTERRUPTED. */
  gameSessionStatusReason?: string;
}

const TRAVEL_EVENTS: EventNames<TravelEvents> = {
  onTravelStart: true,
  onTravelComplete: true,
  onTravelFail: true,
  onConnectionLost: true,
  onReconnected: true,
  onPlayerJoined: true,
  onPlayerLeft: true,
  onSessionEnded: true,
  onLeaveComplete: true,
  onMessage: true,
  onStateChange: true,
};

export const TRAVEL_EVENT_NAMES = eventNames(TRAVEL_EVENTS);

/** `kit.travel.bus`: connect handlers for {@link TravelEvents}. */
export type TravelBus = NotificationBus<TravelEvents>;

export function createTravelBus(): TravelBus {
  return new NotificationBus<TravelEvents>("TravelNotificationBus", TRAVEL_EVENTS);
}
