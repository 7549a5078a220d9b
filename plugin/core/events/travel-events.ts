/**
 * The travel and session bus (ours; the gems have no equivalent): the way to a game server and back, the
 * connection's health, other players coming and going, and the game's own messages.
 */
import type { GameLiftKitError } from "../errors.ts";
import type { TravelState } from "../travel/state-machine.ts";
import type { TravelSession, TravelTarget } from "../travel/types.ts";
import type { JsonValue } from "../../../protocol/wire.ts";
import { eventNames, NotificationBus, type EventNames } from "./bus.ts";

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
  onPlayerJoined: [playerId: string];
  onPlayerLeft: [playerId: string];
  /** Back to the lobby without asking: the server ended the session, closed the connection, or reconnection gave up. */
  onSessionEnded: [reason: string];
  /** Back to the lobby after the player's own leave. */
  onLeaveComplete: [];
  /** A game message from the server; `from` is the sending player's id when the server relays one. */
  onMessage: [type: string, data: JsonValue, from: string | undefined];
  onStateChange: [state: TravelState, previous: TravelState];
};

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

export type TravelBus = NotificationBus<TravelEvents>;

export function createTravelBus(): TravelBus {
  return new NotificationBus<TravelEvents>("TravelNotificationBus", TRAVEL_EVENTS);
}
