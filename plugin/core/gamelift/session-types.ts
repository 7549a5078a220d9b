/**
 * Requests and results of the sessions area, in camelCase. Results keep the AWS SDK's own object as `raw`,
 * so a field GameLift adds later is there before this kit learns its name.
 */
import type { GameSession, GameSessionPlacement, PlayerSession } from "@aws-sdk/client-gamelift";
import type { FilterExpression, SortExpression } from "./filter.ts";
import type { JoinResult } from "./traveler.ts";

/** Fleet or alias: exactly one, from the request or else from config.gamelift. */
export interface SessionTarget {
  /** The fleet's ID or ARN; default config.gamelift.fleetId. */
  fleetId?: string;
  /** The alias's ID or ARN (an alias lets you swap fleets without a new client build); default config.gamelift.aliasId. */
  aliasId?: string;
  /** A fleet location (a custom location for Anywhere fleets); default config.gamelift.location. */
  location?: string;
}

/** What `kit.sessions.createSession` takes (GameLift CreateGameSession on a fleet or alias). */
export interface CreateSessionRequest extends SessionTarget {
  /** The most players the session holds at once, 0–200. */
  maxPlayers: number;
  /** A name to show players, 1–1024 characters; need not be unique. */
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

/** A player to reserve a seat for in a queue placement (GameLift's DesiredPlayerSession). */
export interface DesiredPlayer {
  /** The player's ID (with Cognito: the player's identity ID, which the game server checks). */
  playerId: string;
  /**
   * Free-form data the game server can read, ≤ 2048 characters. Unset on the signed-in player's own seat, the kit
   * fills in the player's name (`{"name": …}`), as joinSession does.
   */
  playerData?: string;
}

/** One player's round trip to one location, for a queue placement (GameLift's PlayerLatency). */
export interface PlayerLatencyReport {
  /** The player the figure is for. */
  playerId: string;
  /** An AWS Region or location name, e.g. "us-west-2". */
  regionIdentifier: string;
  /** The round trip, in ms. */
  latencyInMilliseconds: number;
}

/**
 * What `kit.sessions.createSessionOnQueue` takes (GameLift StartGameSessionPlacement): the queue picks the
 * fleet and location, by its priorities and the players' latencies.
 */
export interface CreateSessionOnQueueRequest {
  /** Name or ARN; default config.gamelift.queueName. */
  queueName?: string;
  /** The most players the session holds at once, 0–200. */
  maxPlayers: number;
  /** Generated (a UUID) when unset; it names the placement for stopPlacement. */
  placementId?: string;
  /** A name to show players. */
  name?: string;
  /** Up to 16; keys ≤ 32 characters, values ≤ 96. The game server reads them. */
  gameProperties?: Record<string, string>;
  /** Free-form data for the game server. */
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

/** What `kit.sessions.searchSessions` takes (GameLift SearchGameSessions: ACTIVE sessions of one fleet or alias). */
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

/** What `kit.sessions.createPlayerSession` takes (GameLift CreatePlayerSession: reserve a seat, do not travel). */
export interface CreatePlayerSessionRequest {
  /** The game session's ID (its ARN). */
  gameSessionId: string;
  /** createPlayerId() makes one; a signed-in game usually uses its player's stable id. */
  playerId: string;
  /** Free-form data the game server can read, ≤ 2048 characters. */
  playerData?: string;
}

/** What `kit.sessions.joinSession` takes: reserve a seat (CreatePlayerSession) and travel to the server. */
export interface JoinSessionRequest {
  /** The game session's ID (its ARN), e.g. from a search result. */
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

/** A game session as GameLift describes it, in camelCase; `raw` is the AWS SDK's own object. */
export interface GameSessionInfo {
  /** The game session ARN: what CreatePlayerSession and the filter's gameSessionId take. */
  gameSessionId: string;
  /** The name given at creation. */
  name?: string;
  /** The fleet hosting it. */
  fleetId?: string;
  /** The hosting fleet's ARN. */
  fleetArn?: string;
  /** The fleet location it runs in (a Region or custom location). */
  location?: string;
  /** The compute it runs on (Anywhere and container fleets). */
  computeName?: string;
  /** ACTIVATING, ACTIVE (players may join), TERMINATING, TERMINATED or ERROR. */
  status?: string;
  /** Why, for some statuses (e.g. INTERRUPTED on a spot interruption). */
  statusReason?: string;
  /** Players in it now (its player session count); changes quickly. */
  currentPlayers: number;
  /** The most players it holds at once. */
  maxPlayers: number;
  /** The game's properties from creation (e.g. map, mode). */
  gameProperties: Record<string, string>;
  /** The server's address; connect by `dnsName` when there is one. */
  ipAddress?: string;
  /** Set for fleets with TLS certificates; connect by name there, the address alone fails verification. */
  dnsName?: string;
  /** The port players connect to. */
  port?: number;
  /** ACCEPT_ALL, or DENY_ALL when the game server has closed it to new players. */
  playerSessionCreationPolicy?: string;
  /** The player ID that created it, when a creatorId was given. */
  creatorId?: string;
  /** The free-form data given at creation. */
  gameSessionData?: string;
  /** The match data JSON, for a session FlexMatch made. */
  matchmakerData?: string;
  /** When it was created. */
  creationTime?: Date;
  /** When it ended, once it has. */
  terminationTime?: Date;
  /** The player's round trip to the session's location, whole ms, from kit.latency (searchSessions sets it when measured). */
  latencyMs?: number;
  /** The AWS SDK's GameSession, for fields this type does not name. */
  raw: GameSession;
}

/** One page of search results. */
export interface SearchSessionsResult {
  /** The sessions on this page (at most 20). */
  sessions: GameSessionInfo[];
  /** Pass back as nextToken for the next page; unset on the last page. */
  nextToken?: string;
}

/**
 * Where a queue placement is: PENDING (the queue is looking), FULFILLED (a session was made), CANCELLED
 * (stopped), TIMED_OUT (no session within the queue's timeout), FAILED (GameLift could not place it).
 */
export type PlacementStatus = "PENDING" | "FULFILLED" | "CANCELLED" | "TIMED_OUT" | "FAILED";

/** A game session placement on a queue, as DescribeGameSessionPlacement reports it. */
export interface PlacementInfo {
  /** The placement's ID, for stopPlacement. */
  placementId: string;
  /** Where the placement is. */
  status: PlacementStatus;
  /** The queue it was placed through. */
  queueName?: string;
  /** Set once FULFILLED: the game session ARN. */
  gameSessionId?: string;
  /** The name asked for. */
  gameSessionName?: string;
  /** Where the session was placed (a Region or location). */
  location?: string;
  /** The most players the session holds at once. */
  maxPlayers?: number;
  /** The game properties asked for. */
  gameProperties: Record<string, string>;
  /** The server's address, once FULFILLED. */
  ipAddress?: string;
  /** The server's DNS name, once FULFILLED on a fleet with TLS certificates. */
  dnsName?: string;
  /** The port players connect to, once FULFILLED. */
  port?: number;
  /** The player sessions reserved for desiredPlayers, once FULFILLED. */
  placedPlayerSessions: { playerId: string; playerSessionId: string }[];
  /** The free-form data asked for. */
  gameSessionData?: string;
  /** The match data, for a placement FlexMatch made. */
  matchmakerData?: string;
  /** When the placement was asked for. */
  startTime?: Date;
  /** When it ended (fulfilled, cancelled, timed out or failed). */
  endTime?: Date;
  /** The AWS SDK's GameSessionPlacement, for fields this type does not name. */
  raw: GameSessionPlacement;
}

/** A session made directly on a fleet or alias (createSession). */
export interface SessionCreatedOnFleet {
  /** Tells the two kinds of {@link CreatedSession} apart. */
  via: "fleet";
  /** The new game session's ARN. */
  gameSessionId: string;
  /** The new game session. */
  session: GameSessionInfo;
}

/** A session placed through a queue (createSessionOnQueue). */
export interface SessionPlacedOnQueue {
  /** Tells the two kinds of {@link CreatedSession} apart. */
  via: "queue";
  /** "" while the placement is PENDING (waitForPlacement: false). */
  gameSessionId: string;
  /** The placement, as last seen. */
  placement: PlacementInfo;
}

/** What createSession and createSessionOnQueue resolve with, and onCreateSessionAsyncComplete carries. */
export type CreatedSession = SessionCreatedOnFleet | SessionPlacedOnQueue;

/** A player's seat in a game session (a player session), in camelCase; `raw` is the AWS SDK's own object. */
export interface PlayerSessionInfo {
  /** The `psess-…` ID the player connects with. */
  playerSessionId: string;
  /** The player the seat is reserved for. */
  playerId?: string;
  /** The game session's ARN. */
  gameSessionId?: string;
  /** The fleet hosting the game session. */
  fleetId?: string;
  /** The hosting fleet's ARN. */
  fleetArn?: string;
  /** RESERVED until the game server accepts it (then ACTIVE); TIMEDOUT after 60 s without an accept. */
  status?: string;
  /** The server's address. */
  ipAddress?: string;
  /** The server's DNS name, on fleets with TLS certificates; connect by it there. */
  dnsName?: string;
  /** The port to connect to. */
  port?: number;
  /** The data given with the seat, which the game server can read. */
  playerData?: string;
  /** When the seat was reserved. */
  creationTime?: Date;
  /** When the seat was given up (COMPLETED or TIMEDOUT). */
  terminationTime?: Date;
  /** The AWS SDK's PlayerSession, for fields this type does not name. */
  raw: PlayerSession;
}

/** What `kit.sessions.joinSession` resolves with: the seat, and how travel to the server went. */
export interface JoinedSession {
  /** The seat reserved for the player. */
  playerSession: PlayerSessionInfo;
  /** What the traveler reported; undefined when the kit has no traveler (the game connects itself). */
  travel?: JoinResult;
}
