/**
 * The seam between the sessions area and travel. GameLift's part of a join ends with a player session
 * (an address, a port and a ticket); connecting to the game server with that ticket and moving the game to the
 * server's map is travel's job, as in O3DE where the AWSGameLift gem hands the player session to the
 * Multiplayer gem. The travel part implements this interface and the kit injects it into the sessions area.
 */
import type { JoinSessionRequest, PlayerSessionInfo } from "./session-types.ts";

/** What travel reports once the game server accepted the player session. */
export interface JoinResult {
  /** The player session the game server accepted. */
  playerSessionId: string;
  /** The map the server put the player on, when its accept names one. */
  map?: string;
  /** Whatever else the server's accept carried; travel defines it. */
  [detail: string]: unknown;
}

export interface Traveler {
  /**
   * Connects to the game server with the reserved player session and travels to its map. Rejects (ideally with
   * a GameLiftKitError such as "ConnectionRejected") when the server refuses or cannot be reached.
   */
  join(playerSession: PlayerSessionInfo, request: JoinSessionRequest): Promise<JoinResult>;
  /** Disconnects from the game server and travels back. Resolves when nothing is joined. */
  leave(): Promise<void>;
  /**
   * Opens the connection to a game server ahead of a join there (a hint: never fails, holds no seat), so that
   * the join costs the reservation and the server's accept only.
   */
  preconnect?(server: { ipAddress?: string; dnsName?: string; port?: number; gameSessionId?: string }): void;
}
