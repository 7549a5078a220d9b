import type { JsonValue } from "../../../protocol/wire.ts";

/** The connection part of a GameLift player session (CreatePlayerSession's answer, camelCased). */
export interface PlayerSessionTarget {
  playerSessionId: string;
  ipAddress?: string;
  dnsName?: string;
  /** Required to connect; optional here because the sessions area types it so. */
  port?: number;
  gameSessionId?: string;
  playerId?: string;
}

/** Where a travel is headed, as onTravelStart reports it. */
export interface TravelTarget {
  playerSessionId: string;
  gameSessionId?: string;
  url: string;
}

/** The seat the server gave the player. */
export type TravelSession = {
  map: string;
  playerId: string;
  playerSessionId: string;
  gameSessionId: string;
  url: string;
};

/** What a completed join resolves with (a JoinResult for the sessions area). */
export type TravelResult = TravelSession & {
  /** The game state the server sent with its accept. */
  state: JsonValue;
};

/** Where a game server is, before any player session: a game session's address and port (from a search, say). */
export interface GameServerAddress {
  ipAddress?: string;
  dnsName?: string;
  port?: number;
  gameSessionId?: string;
}
