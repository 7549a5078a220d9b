/**
 * The seam between the GameLift model (game sessions, player sessions, fleets, computes) and the server SDK 5
 * WebSocket endpoint that server processes connect to (local/serverprocess/).
 *
 * The endpoint owns the socket, the JSON envelope (Action, RequestId, StatusCode, ErrorMessage) and timeouts;
 * the model owns every rule. Methods throw ServiceError (local/http/service-error.ts) for a refused
 * request; the endpoint turns that into a non-200 StatusCode with ErrorMessage.
 */

/** A game session as pushed to a server process (CreateGameSession / UpdateGameSession). Wire names. */
export interface ProcessGameSession {
  GameSessionId: string; // the game session ARN
  GameSessionName?: string;
  FleetId: string;
  MaximumPlayerSessionCount: number;
  IpAddress: string;
  DnsName?: string;
  Port: number;
  GameProperties: Record<string, string>;
  GameSessionData?: string;
  MatchmakerData?: string;
}

/** The pushes the service sends to one connected server process. Implemented by the WebSocket endpoint. */
export interface ProcessChannel {
  createGameSession(session: ProcessGameSession): void;
  updateGameSession(update: { GameSession: ProcessGameSession; UpdateReason: string; BackfillTicketId?: string }): void;
  /** TerminationTime in epoch milliseconds. */
  terminateProcess(terminationTimeMs: number): void;
  refreshConnection(endpoint: string, authToken: string): void;
  /** Ends the socket (1000 = normal, the SDK does not reconnect). */
  close(code: number, reason: string): void;
}

/** The query parameters of the SDK's connection URL. */
export interface ProcessConnectParams {
  processId: string; // pID
  sdkVersion: string;
  sdkLanguage: string;
  computeId: string; // ComputeId (older SDKs: hostId)
  fleetId: string;
  idempotencyToken?: string;
  authToken: string; // Authorization (a GetComputeAuthToken token)
}

export interface PlayerSessionRecord {
  PlayerSessionId: string;
  PlayerId?: string;
  GameSessionId: string;
  FleetId: string;
  FleetArn?: string;
  IpAddress: string;
  DnsName?: string;
  Port: number;
  Status: "RESERVED" | "ACTIVE" | "COMPLETED" | "TIMEDOUT";
  PlayerData?: string;
  /** epoch milliseconds; the endpoint writes them as integers as the server SDKs decode them. */
  CreationTime: number;
  TerminationTime?: number;
}

export interface DescribePlayerSessionsQuery {
  GameSessionId?: string;
  PlayerId?: string;
  PlayerSessionId?: string;
  PlayerSessionStatusFilter?: string;
  NextToken?: string;
  Limit?: number;
}

/** StartMatchBackfill from the server SDK; Players as the SDK sent them (checked by the model). */
export interface ProcessStartMatchBackfill {
  TicketId?: string;
  GameSessionArn: string;
  MatchmakingConfigurationArn: string;
  Players: unknown[];
}

export interface ProcessStopMatchBackfill {
  TicketId: string;
  GameSessionArn: string;
  MatchmakingConfigurationArn: string;
}

/** One connected (or reconnecting) server process, as the endpoint sees it. */
export interface ProcessHandle {
  readonly processId: string;
  activateServerProcess(req: { SdkVersion: string; SdkLanguage: string; Port: number; LogPaths?: string[] }): void;
  heartbeat(healthy: boolean): void;
  activateGameSession(gameSessionId: string): void;
  acceptPlayerSession(gameSessionId: string, playerSessionId: string): void;
  removePlayerSession(gameSessionId: string, playerSessionId: string): void;
  updatePlayerSessionCreationPolicy(gameSessionId: string, policy: "ACCEPT_ALL" | "DENY_ALL"): void;
  describePlayerSessions(query: DescribePlayerSessionsQuery): { PlayerSessions: PlayerSessionRecord[]; NextToken?: string };
  /** ProcessEnding: the process is going away on purpose. */
  terminateServerProcess(): void;
  getComputeCertificate(): { CertificatePath: string; ComputeName: string };
  getFleetRoleCredentials(roleArn: string, roleSessionName?: string): {
    AssumedRoleUserArn: string;
    AssumedRoleId: string;
    AccessKeyId: string;
    SecretAccessKey: string;
    SessionToken: string;
    Expiration: number; // epoch ms
  };
  /** FlexMatch backfill for the game session this process hosts. */
  startMatchBackfill(req: ProcessStartMatchBackfill): { TicketId: string };
  stopMatchBackfill(req: ProcessStopMatchBackfill): void;
  /** The socket closed. Abnormal closes leave the process registered for a while so the SDK can reconnect. */
  disconnected(normal: boolean): void;
}

/** What the WebSocket endpoint calls on the model. */
export interface ServerProcessService {
  /**
   * A process opens its socket. Checks the fleet, the compute and the auth token; throws ServiceError
   * (the endpoint answers the upgrade with 403). Reconnecting with the same pID attaches the new channel to the
   * existing process.
   */
  connect(params: ProcessConnectParams, channel: ProcessChannel): ProcessHandle;
}
