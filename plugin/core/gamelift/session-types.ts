/**
 * Requests and results of the sessions area, in camelCase. Results keep the AWS SDK's own object as `raw`,
 * so a field GameLift adds later is there before this kit learns its name.
 */
import type { GameSession, GameSessionPlacement, PlayerSession } from "@aws-sdk/client-gamelift";
import type { FilterExpression, SortExpression } from "./filter.ts";
import type { JoinResult } from "./traveler.ts";

/** Fleet or alias: exactly one, from the request or else from config.gamelift. */
export interface SessionTarget {
  fleetId?: string;
  aliasId?: string;
  /** A fleet location (a custom location for Anywhere fleets); default config.gamelift.location. */
  location?: string;
}

export interface CreateSessionRequest extends SessionTarget {
  /** 0–200. */
  maxPlayers: number;
  name?: string;
  /** Up to 16; keys ≤ 32 characters, values ≤ 96. The game server reads them, e.g. `level`. */
  gameProperties?: Record<string, string>;
  /** Free-form data for the game server, ≤ 262,144 characters. */
  gameSessionData?: string;
  /** Letters, digits and '-', ≤ 48: the same token returns the session it first created. */
  idempotencyToken?: string;
  /** A player id that limits how many sessions one player may create (the fleet's creation limit policy). */
  creatorId?: string;
}

export interface DesiredPlayer {
  playerId: string;
  playerData?: string;
}

export interface PlayerLatencyReport {
  playerId: string;
  /** An AWS Region or location name, e.g. "us-west-2". */
  regionIdentifier: string;
  latencyInMilliseconds: number;
}

export interface CreateSessionOnQueueRequest {
  /** Name or ARN; default config.gamelift.queueName. */
  queueName?: string;
  maxPlayers: number;
  /** Generated (a UUID) when unset; it names the placement for stopPlacement. */
  placementId?: string;
  name?: string;
  gameProperties?: Record<string, string>;
  gameSessionData?: string;
  /** Player sessions GameLift reserves in the new session (1–25 players). */
  desiredPlayers?: DesiredPlayer[];
  /**
   * Each player's round trip to each location, for the queue's latency policies and LATENCY priority. Left out,
   * the kit sends kit.latency's figures for the desired players (or for the player, when it reserves no seats)
   * if the kit's config has a `latency` block; `[]` sends none.
   */
  playerLatencies?: PlayerLatencyReport[];
  /**
   * Follow the placement to its end (default). With false, resolves with the PENDING placement right away,
   * as the O3DE gem does; the game then follows it itself.
   */
  waitForPlacement?: boolean;
  /** Aborting stops the placement (StopGameSessionPlacement). */
  signal?: AbortSignal;
}

export interface SearchSessionsRequest extends SessionTarget {
  /**
   * One location to search in. Left out, every location of the fleet is searched (GameLift's behaviour without a
   * Location); config.gamelift.location does not narrow searches, only creations.
   */
  location?: string;
  /** A FilterExpression: text, or built with where()/and()/or()/not(). ≤ 1024 characters. */
  filter?: string | FilterExpression;
  /** A SortExpression: text, or sortBy(operand, "ASC" | "DESC"). */
  sort?: string | SortExpression;
  /** Page size; GameLift returns at most 20 whatever is asked. */
  limit?: number;
  /**
   * Orders the page by the player's latency to each session's location (kit.latency), lowest first, sessions
   * without a figure last. Done in the browser after the page arrives, so it orders one page, not the whole
   * result; `sort` (GameLift's) still decides which sessions are on the page.
   */
  sortByLatency?: boolean;
  /** From the previous page's result. */
  nextToken?: string;
}

export interface CreatePlayerSessionRequest {
  gameSessionId: string;
  /** createPlayerId() makes one; a signed-in game usually uses its player's stable id. */
  playerId: string;
  /** Free-form data the game server can read, ≤ 2048 characters. */
  playerData?: string;
}

export interface JoinSessionRequest {
  gameSessionId: string;
  /**
   * Default: the player's Cognito identity id, the one identity the kit can prove to the game server (its
   * hello carries the identity pool's token for it). A game server that verifies identities refuses a seat
   * reserved under any other id; set one only for a server that does not (no Cognito).
   */
  playerId?: string;
  /**
   * The name other players see (at most 32 characters, cleaned). Default: the signed-in player's name (the
   * Cognito username or preferred_username, the Google account's name), or "Guest-…" for a guest. Sent as
   * PlayerData `{"name": …}`, which the gateway reads back (GatewayPlayer.name); left out when `playerData`
   * is given, which is then the game's own.
   */
  displayName?: string;
  /** Free-form data the game server can read, ≤ 2048 characters; replaces the name the kit would send. */
  playerData?: string;
}

export interface GameSessionInfo {
  /** The game session ARN: what CreatePlayerSession and the filter's gameSessionId take. */
  gameSessionId: string;
  name?: string;
  fleetId?: string;
  fleetArn?: string;
  location?: string;
  computeName?: string;
  status?: string;
  statusReason?: string;
  currentPlayers: number;
  maxPlayers: number;
  gameProperties: Record<string, string>;
  ipAddress?: string;
  /** Set for fleets with TLS certificates; connect by name there, the address alone fails verification. */
  dnsName?: string;
  port?: number;
  playerSessionCreationPolicy?: string;
  creatorId?: string;
  gameSessionData?: string;
  matchmakerData?: string;
  creationTime?: Date;
  terminationTime?: Date;
  /** The player's round trip to the session's location, whole ms, from kit.latency (searchSessions sets it when measured). */
  latencyMs?: number;
  raw: GameSession;
}

export interface SearchSessionsResult {
  sessions: GameSessionInfo[];
  /** Pass back as nextToken for the next page; unset on the last page. */
  nextToken?: string;
}

export type PlacementStatus = "PENDING" | "FULFILLED" | "CANCELLED" | "TIMED_OUT" | "FAILED";

export interface PlacementInfo {
  placementId: string;
  status: PlacementStatus;
  queueName?: string;
  /** Set once FULFILLED: the game session ARN. */
  gameSessionId?: string;
  gameSessionName?: string;
  /** Where the session was placed (a Region or location). */
  location?: string;
  maxPlayers?: number;
  gameProperties: Record<string, string>;
  ipAddress?: string;
  dnsName?: string;
  port?: number;
  /** The player sessions reserved for desiredPlayers, once FULFILLED. */
  placedPlayerSessions: { playerId: string; playerSessionId: string }[];
  gameSessionData?: string;
  matchmakerData?: string;
  startTime?: Date;
  endTime?: Date;
  raw: GameSessionPlacement;
}

export interface SessionCreatedOnFleet {
  via: "fleet";
  gameSessionId: string;
  session: GameSessionInfo;
}

export interface SessionPlacedOnQueue {
  via: "queue";
  /** "" while the placement is PENDING (waitForPlacement: false). */
  gameSessionId: string;
  placement: PlacementInfo;
}

/** What createSession and createSessionOnQueue resolve with, and onCreateSessionAsyncComplete carries. */
export type CreatedSession = SessionCreatedOnFleet | SessionPlacedOnQueue;

export interface PlayerSessionInfo {
  playerSessionId: string;
  playerId?: string;
  gameSessionId?: string;
  fleetId?: string;
  fleetArn?: string;
  /** RESERVED until the game server accepts it (then ACTIVE); TIMEDOUT after 60 s without an accept. */
  status?: string;
  ipAddress?: string;
  dnsName?: string;
  port?: number;
  playerData?: string;
  creationTime?: Date;
  terminationTime?: Date;
  raw: PlayerSession;
}

export interface JoinedSession {
  playerSession: PlayerSessionInfo;
  /** What the traveler reported; undefined when the kit has no traveler (the game connects itself). */
  travel?: JoinResult;
}
