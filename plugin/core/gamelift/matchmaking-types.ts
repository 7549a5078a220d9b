/**
 * Requests and results of the matchmaking area (FlexMatch), in camelCase. Tickets keep the AWS SDK's own object
 * as `raw`, so a field GameLift adds later is there before this kit learns its name.
 */
import type { MatchmakingTicket } from "@aws-sdk/client-gamelift";

/** A ticket's status, as DescribeMatchmaking reports it. */
export type MatchmakingStatus = "QUEUED" | "SEARCHING" | "REQUIRES_ACCEPTANCE" | "PLACING" | "COMPLETED" | "FAILED" | "CANCELLED" | "TIMED_OUT";

/** The statuses a ticket never leaves. */
export const FINAL_MATCHMAKING_STATUSES: ReadonlySet<MatchmakingStatus> = new Set(["COMPLETED", "FAILED", "CANCELLED", "TIMED_OUT"]);

/**
 * A player attribute the rule set reads, as a plain value: a string (S), a number (N), a list of strings (SL) or
 * an object of numbers (SDM, e.g. `{ pve: 12, pvp: 30 }`).
 */
export type PlayerAttributeValue = string | number | readonly string[] | Readonly<Record<string, number>>;

/**
 * Round trip in milliseconds from the player to each Region or location that can host the match, e.g.
 * `{ "us-west-2": 40, "custom-home": 12 }`: what a rule set's latency rules and the queue weigh. Left out of a
 * request, the kit sends kit.latency's figures when its config has a `latency` block; `{}` sends none.
 */
export type PlayerLatencies = Readonly<Record<string, number>>;

/** Another player in the same ticket (a party): matched onto one team with the player. */
export interface MatchmakingPartyMember {
  /** The member's player ID (with Cognito: its identity ID, so the game server lets it in). */
  playerId: string;
  /** The member's attributes, as for the player. */
  attributes?: Readonly<Record<string, PlayerAttributeValue>>;
  /** The member's latencies, as for the player. */
  latencies?: PlayerLatencies;
}

/** What `kit.matchmaking.startMatchmaking` takes (GameLift StartMatchmaking: one ticket for the player and its party). */
export interface StartMatchmakingRequest {
  /** Name or ARN; default config.gamelift.matchmakingConfigurationName. */
  configurationName?: string;
  /** Letters, digits, '-' and '.', ≤ 128; generated (a UUID) when unset. */
  ticketId?: string;
  /**
   * Default: the player's Cognito identity id, the id the kit proves to the game server. The seat a match gives
   * is reserved under it, so a game server that verifies identities seats nobody matched under another id.
   */
  playerId?: string;
  /** The player's attributes, by the names the rule set's playerAttributes declare (≤ 10). */
  attributes?: Readonly<Record<string, PlayerAttributeValue>>;
  /** The player's latencies, for latency rules and for placement (see PlayerLatencies). */
  latencies?: PlayerLatencies;
  /** Up to 9 more players matched together with the player; each tracks the ticket with startPolling. */
  party?: readonly MatchmakingPartyMember[];
  /**
   * Follow the ticket (default true): the tracker reports its changes on the bus and travels to the match's
   * game session when it is COMPLETED. With false the game calls startPolling itself, or polls on its own.
   */
  track?: boolean;
}

/**
 * What `kit.matchmaking.acceptMatch` takes (GameLift AcceptMatch): every player's answer to a proposed match,
 * for configurations that require acceptance (ticket status REQUIRES_ACCEPTANCE).
 */
export interface AcceptMatchRequest {
  /** true accepts the proposed match, false rejects it (REJECT cancels the ticket and puts the others back to searching). */
  accept: boolean;
  /** Default: the ticket being tracked. */
  ticketId?: string;
  /** Default: the player's own id, as the tracked ticket knows it. */
  playerIds?: readonly string[];
}

/** The match's game session, once the ticket is COMPLETED. */
export interface MatchConnectionInfo {
  /** The game session ARN. */
  gameSessionId: string;
  /** The server's address. */
  ipAddress?: string;
  /** Set for fleets with TLS certificates; connect by name there. */
  dnsName?: string;
  /** The port to connect to. */
  port?: number;
  /** The seats GameLift reserved for this ticket's players: each player joins with its own. */
  matchedPlayerSessions: { playerId: string; playerSessionId: string }[];
}

/** A matchmaking ticket as DescribeMatchmaking reports it, in camelCase; `raw` is the AWS SDK's own object. */
export interface MatchmakingTicketInfo {
  /** The ticket's ID. */
  ticketId: string;
  /** Where the ticket is; COMPLETED, FAILED, CANCELLED and TIMED_OUT are final. */
  status: MatchmakingStatus;
  /** Why the ticket is where it is, e.g. TimedOut, Rejected, MatchRejected (back to searching), PlacementFailed. */
  statusReason?: string;
  /** GameLift's words on the status, for logs. */
  statusMessage?: string;
  /** The matchmaking configuration's name. */
  configurationName?: string;
  /** The matchmaking configuration's ARN. */
  configurationArn?: string;
  /** When the ticket was made. */
  startTime?: Date;
  /** When it reached a final status. */
  endTime?: Date;
  /** Seconds players of this configuration wait on average, when GameLift has recent data. */
  estimatedWaitSeconds?: number;
  /** The ticket's players and, once matched, their teams. */
  players: { playerId: string; team?: string }[];
  /** Set once COMPLETED. */
  connection?: MatchConnectionInfo;
  /** The AWS SDK's MatchmakingTicket, for fields this type does not name. */
  raw: MatchmakingTicket;
}
