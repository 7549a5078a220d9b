/** The server SDK's public model, camelCased from the official SDKs' (Go model/, C# Model/). */

export interface GameSession {
  /** The game session ARN. */
  gameSessionId: string;
  name?: string;
  fleetId?: string;
  location?: string;
  maximumPlayerSessionCount: number;
  ipAddress?: string;
  dnsName?: string;
  port: number;
  gameProperties: Record<string, string>;
  gameSessionData?: string;
  matchmakerData?: string;
  status?: string;
  statusReason?: string;
}

export type UpdateReason =
  | "UNKNOWN"
  | "MATCHMAKING_DATA_UPDATED"
  | "BACKFILL_FAILED"
  | "BACKFILL_TIMED_OUT"
  | "BACKFILL_CANCELLED";

export interface UpdateGameSession {
  gameSession: GameSession;
  updateReason: UpdateReason;
  backfillTicketId?: string;
}

export type PlayerSessionCreationPolicy = "ACCEPT_ALL" | "DENY_ALL";
export type PlayerSessionStatus = "RESERVED" | "ACTIVE" | "COMPLETED" | "TIMEDOUT";

export interface PlayerSession {
  playerSessionId: string;
  playerId?: string;
  gameSessionId: string;
  fleetId?: string;
  playerData?: string;
  ipAddress?: string;
  dnsName?: string;
  port?: number;
  status?: PlayerSessionStatus;
  /** Epoch milliseconds, as the service sends them. */
  creationTime?: number;
  terminationTime?: number;
}

/** Exactly one of gameSessionId, playerId, playerSessionId. */
export interface DescribePlayerSessionsRequest {
  gameSessionId?: string;
  playerId?: string;
  playerSessionId?: string;
  playerSessionStatusFilter?: PlayerSessionStatus;
  nextToken?: string;
  limit?: number;
}

export interface DescribePlayerSessionsResult {
  playerSessions: PlayerSession[];
  nextToken?: string;
}

export interface GetComputeCertificateResult {
  certificatePath: string;
  computeName: string;
}

export interface GetFleetRoleCredentialsRequest {
  roleArn: string;
  /** Defaults to `<fleetId>-<hostId>`, cut to 64 characters, as the official SDKs do. */
  roleSessionName?: string;
}

export interface GetFleetRoleCredentialsResult {
  assumedRoleUserArn: string;
  assumedRoleId: string;
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  /** Epoch milliseconds. */
  expiration: number;
}

/** InitSDK's ServerParameters. Anything left out is read from the GAMELIFT_SDK_* environment variables. */
export interface ServerParameters {
  webSocketUrl?: string;
  processId?: string;
  /** The compute name (Anywhere) — the SDKs' HostID. */
  hostId?: string;
  /** Alias of hostId. */
  computeId?: string;
  fleetId?: string;
  authToken?: string;
}

export interface ProcessParameters {
  port: number;
  logPaths?: string[];
  onStartGameSession?: (gameSession: GameSession) => void | Promise<void>;
  onUpdateGameSession?: (update: UpdateGameSession) => void | Promise<void>;
  /** Without it the SDK does what the official ones do: ProcessEnding, Destroy, exit. */
  onProcessTerminate?: () => void | Promise<void>;
  /** Healthy when absent; a throw, a non-true answer or no answer within the health-check timeout is unhealthy. */
  onHealthCheck?: () => boolean | Promise<boolean>;
}
