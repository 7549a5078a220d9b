/**
 * A GameLift server SDK 5 for Node: the official SDKs' calls (InitSDK, ProcessReady, ActivateGameSession, …)
 * over the same WebSocket protocol, so a Node game server registers with a real Anywhere fleet or the local one.
 */
import { DEFAULT_RECONNECT, heartbeatDelayMs, type ReconnectPolicy } from "./backoff.ts";
import { SdkConnection, type ConnectionGone } from "./connection.ts";
import { GameLiftServerError } from "./errors.ts";
import { createLogger, type SdkLogger } from "./logger.ts";
import {
  resolveServerParameters,
  validateDescribePlayerSessions,
  validateFleetRoleRequest,
  validateGameSessionArn,
  validatePlayerSessionId,
  validatePolicy,
  validatePort,
  validateStartMatchBackfill,
  validateStopMatchBackfill,
  type ResolvedServerParameters,
} from "./parameters.ts";
import type {
  DescribePlayerSessionsRequest,
  DescribePlayerSessionsResult,
  GetComputeCertificateResult,
  GetFleetRoleCredentialsRequest,
  GetFleetRoleCredentialsResult,
  PlayerSessionCreationPolicy,
  ProcessParameters,
  ProcessRelease,
  ServerParameters,
  StartMatchBackfillRequest,
  StartMatchBackfillResult,
  StopMatchBackfillRequest,
  ShutdownTask,
} from "./types.ts";
import {
  decodeComputeCertificate,
  decodeCreateGameSession,
  decodeDescribePlayerSessions,
  decodeFleetRoleCredentials,
  decodeRefreshConnection,
  decodeStartMatchBackfill,
  decodeTerminateProcess,
  decodeUpdateGameSession,
  describePlayerSessionsRequest,
  newRequest,
  startMatchBackfillRequest,
  stopMatchBackfillRequest,
  type IncomingFrame,
  type OutgoingRequest,
} from "./wire.ts";

/** The GameLift server SDK version this kit speaks and reports (the official SDK 5 protocol). */
export const SDK_VERSION = "5.6.0";

/** What players are told (the gateway's `ended` frame) when the kit ends the process; short, for players. */
export const END_REASONS = {
  /** GameLift asked the process to end (TerminateGameSession, a scale-down) and it ends in order. */
  terminated: "The server is shutting down.",
  /** The game called processEnding() of its own accord. */
  ended: "The game session has ended.",
  /** GameLift let the process go (force-terminated, or the connection to it was lost for good). */
  released: "The server was stopped.",
} as const;

/** How long the shutdown tasks (players being told) may hold up the process's end. */
const SHUTDOWN_TASKS_TIMEOUT_MS = 5_000;
/** The SDK language this kit reports to GameLift. */
export const SDK_LANGUAGE = "NodeJS";

/**
 * Tuning for a {@link GameLiftServerSdk}. Every field is optional and the defaults are the official SDKs'
 * values; a game server normally passes nothing. Tests and tools shorten the timings, or give `env` and `exit`
 * so that nothing touches the real process.
 */
export interface GameLiftServerSdkOptions {
  /** How long processReady waits for GameLift's answer to ActivateServerProcess, in ms (default 6000, as the official SDKs). */
  activateTimeoutMs?: number;
  /** How long every other call waits for GameLift's answer, in ms (default 20000, as the official SDKs). */
  requestTimeoutMs?: number;
  /** Time between health reports (HeartbeatServerProcess) once the process is ready, in ms (default 60000). */
  heartbeatIntervalMs?: number;
  /** Random spread added to or taken from each heartbeat interval, in ms (default 10000: 60 s ± 10 s). */
  heartbeatJitterMs?: number;
  /** How long onHealthCheck may take before the process counts as unhealthy, in ms (default 60000, as AWS documents). */
  healthCheckTimeoutMs?: number;
  /**
   * How the SDK reconnects when the WebSocket to GameLift drops: `retries` after the first attempt (default 7),
   * waiting `baseDelayMs` (4000) doubled each time up to `maxDelayMs` (32000), as the official SDKs do.
   */
  reconnect?: Partial<ReconnectPolicy>;
  /** How long opening the WebSocket to GameLift may take, in ms (default 10000). */
  handshakeTimeoutMs?: number;
  /** On RefreshConnection, how long the old connection stays open while the new one comes up, in ms (default 5000). */
  refreshGraceMs?: number;
  /** The SDK version reported in the connection URL and ActivateServerProcess (default the kit's, "5.6.0"). */
  sdkVersion?: string;
  /** The SDK language reported to GameLift (default `"NodeJS"`). */
  sdkLanguage?: string;
  /** Where the SDK's own messages go; levels left out use the default (warn and error to stderr, debug and info silent). */
  logger?: Partial<SdkLogger>;
  /** What an unhandled TerminateProcess (or a released process) ends with; `process.exit` by default. */
  exit?: (code: number) => void;
  /** Where initSDK reads the GAMELIFT_SDK_* variables from; `process.env` by default. */
  env?: Record<string, string | undefined>;
}

interface Timings {
  activateTimeoutMs: number;
  requestTimeoutMs: number;
  heartbeatIntervalMs: number;
  heartbeatJitterMs: number;
  healthCheckTimeoutMs: number;
}

/** Credentials stay cached while they have more than this left (Go InstanceRoleCredentialTTL). */
const ROLE_CREDENTIALS_MIN_TTL_MS = 15 * 60_000;

/**
 * A connection from one game server process to GameLift (a managed, Anywhere or container fleet, or the local
 * stack), with the calls of the official server SDK 5: initSDK, processReady, activateGameSession,
 * acceptPlayerSession, … GameLift drives the process through the callbacks in {@link ProcessParameters}.
 *
 * Most game servers use the module-level functions of `phaser-gamelift/server` (one SDK per process, like the
 * official SDKs); create instances of this class for several processes in one Node process (tests, tools).
 *
 * Every call that fails rejects with a {@link GameLiftServerError} whose `code` names the official SDKs' error
 * type; calls made out of order fail with GAMELIFT_SERVER_NOT_INITIALIZED, PROCESS_NOT_READY or
 * GAMESESSION_ID_NOT_SET.
 *
 * @example
 * ```ts
 * import { GameLiftServerSdk } from "phaser-gamelift/server";
 *
 * const sdk = new GameLiftServerSdk();
 * await sdk.initSDK(); // GAMELIFT_SDK_* from the environment
 * await sdk.processReady({
 *   port: 7777,
 *   onStartGameSession: async (session) => {
 *     // load the map for session.gameProperties, then:
 *     await sdk.activateGameSession();
 *   },
 * });
 * ```
 */
export class GameLiftServerSdk {
  private readonly timings: Timings;
  private readonly log: SdkLogger;
  private connection: SdkConnection | undefined;
  private server: ResolvedServerParameters | undefined;
  private parameters: ProcessParameters | undefined;
  private ready = false;
  private gameSessionId: string | undefined;
  private terminationTimeMs: number | undefined;
  private heartbeatTimer: NodeJS.Timeout | undefined;
  private onManagedFleet = true;
  private readonly roleCredentials = new Map<string, GetFleetRoleCredentialsResult>();
  private readonly shutdownTasks = new Set<ShutdownTask>();
  private ending: Promise<void> | undefined;
  /** processReady's ActivateServerProcess while it is under way. */
  private activation: Promise<unknown> | undefined;

  private readonly options: GameLiftServerSdkOptions;
  /** Makes an SDK that is not yet connected; call {@link initSDK} next. */
  constructor(options: GameLiftServerSdkOptions = {}) {
    this.options = options;
    this.timings = {
      activateTimeoutMs: options.activateTimeoutMs ?? 6_000,
      requestTimeoutMs: options.requestTimeoutMs ?? 20_000,
      heartbeatIntervalMs: options.heartbeatIntervalMs ?? 60_000,
      heartbeatJitterMs: options.heartbeatJitterMs ?? 10_000,
      healthCheckTimeoutMs: options.healthCheckTimeoutMs ?? 60_000,
    };
    this.log = createLogger(options.logger);
  }

  /** The server SDK version this process reports to GameLift (GetSdkVersion), e.g. `"5.6.0"`. */
  getSdkVersion(): string {
    return this.options.sdkVersion ?? SDK_VERSION;
  }

  /**
   * Connects this process to GameLift (InitSDK): opens the SDK's WebSocket to the fleet's endpoint. Call it once,
   * first, before any other call.
   *
   * On a managed EC2 or container fleet, call it without arguments: GameLift sets the GAMELIFT_SDK_WEBSOCKET_URL,
   * _PROCESS_ID, _HOST_ID, _FLEET_ID and _AUTH_TOKEN variables. On an Anywhere fleet (and the local stack), pass
   * the {@link ServerParameters} from RegisterCompute and GetComputeAuthToken; a field left out is read from the
   * environment.
   *
   * @throws {@link GameLiftServerError} ALREADY_INITIALIZED when called twice without {@link destroy};
   *   VALIDATION_EXCEPTION for a missing or malformed parameter; WEBSOCKET_CONNECT_FAILURE (or
   *   WEBSOCKET_CONNECT_FAILURE_FORBIDDEN when GameLift refuses the auth token) when the connection cannot be made.
   */
  async initSDK(params?: ServerParameters): Promise<void> {
    if (this.connection) {
      throw new GameLiftServerError("ALREADY_INITIALIZED", "The server SDK is already initialized; call destroy() first.");
    }
    const server = resolveServerParameters(params, this.options.env ?? process.env);
    const connection = new SdkConnection(server, {
      sdkVersion: this.getSdkVersion(),
      sdkLanguage: this.options.sdkLanguage ?? SDK_LANGUAGE,
      reconnect: { ...DEFAULT_RECONNECT, ...this.options.reconnect },
      handshakeTimeoutMs: this.options.handshakeTimeoutMs ?? 10_000,
      refreshGraceMs: this.options.refreshGraceMs ?? 5_000,
      onPush: (frame) => this.onPush(frame),
      onGone: (gone) => this.onReleased(gone),
      log: this.log,
    });
    this.connection = connection;
    this.server = server;
    try {
      await connection.open();
    } catch (error) {
      this.connection = undefined;
      this.server = undefined;
      await connection.close();
      throw error;
    }
  }

  /**
   * Tells GameLift this process is ready to host a game session (ProcessReady; ActivateServerProcess on the
   * wire), with the port players connect to and the callbacks GameLift drives it through. Call it after
   * {@link initSDK}, once the server has loaded what it needs. From then on the SDK reports health every
   * minute (asking `onHealthCheck` when given) until {@link processEnding} or {@link destroy}, and GameLift may
   * start a game session on the process (onStartGameSession) at any time.
   *
   * @throws {@link GameLiftServerError} GAMELIFT_SERVER_NOT_INITIALIZED before initSDK; VALIDATION_EXCEPTION for a
   *   port outside 1–60000 or bad log paths; PROCESS_NOT_READY when GameLift refuses or does not answer within
   *   `activateTimeoutMs` (the cause and statusCode say why).
   */
  async processReady(parameters: ProcessParameters): Promise<void> {
    const connection = this.requireConnection();
    if (!parameters || typeof parameters !== "object") throw new GameLiftServerError("PROCESS_NOT_READY", "ProcessParameters are required.");
    validatePort(parameters.port);
    if (parameters.logPaths !== undefined && !(Array.isArray(parameters.logPaths) && parameters.logPaths.every((p) => typeof p === "string"))) {
      throw new GameLiftServerError("VALIDATION_EXCEPTION", "LogPaths must be a list of strings.");
    }
    this.parameters = parameters;
    const request = newRequest("ActivateServerProcess", {
      SdkVersion: this.getSdkVersion(),
      SdkLanguage: this.options.sdkLanguage ?? SDK_LANGUAGE,
      Port: parameters.port,
      LogPaths: parameters.logPaths ?? [],
    });
    try {
      this.activation = connection.request(request, this.timings.activateTimeoutMs);
      await this.activation;
    } catch (error) {
      this.activation = undefined;
      throw new GameLiftServerError("PROCESS_NOT_READY", `ProcessReady failed: ${messageOf(error)}`, {
        cause: error,
        statusCode: error instanceof GameLiftServerError ? error.statusCode : undefined,
      });
    }
    this.ready = true;
    this.activation = undefined;
    this.startHeartbeat();
  }

  /**
   * Tells GameLift the process is going away (ProcessEnding; TerminateServerProcess on the wire) and stops the
   * heartbeat. Call it when the game session is over or from onProcessTerminate, then {@link destroy} and exit
   * (or use {@link endProcess}, which does all three).
   *
   * The shutdown tasks run first (every player gateway tells its players why and closes, at most 5 s), so a game
   * whose onProcessTerminate only calls this still says goodbye.
   *
   * @throws {@link GameLiftServerError} GAMELIFT_SERVER_NOT_INITIALIZED before initSDK; PROCESS_ENDING_FAILED when
   *   GameLift refuses or does not answer (the heartbeat stops all the same).
   */
  async processEnding(): Promise<void> {
    const connection = this.requireConnection();
    await this.runShutdownTasks(this.terminationTimeMs !== undefined ? END_REASONS.terminated : END_REASONS.ended);
    try {
      await connection.request(newRequest("TerminateServerProcess"), this.timings.requestTimeoutMs);
    } catch (error) {
      throw new GameLiftServerError("PROCESS_ENDING_FAILED", `ProcessEnding failed: ${messageOf(error)}`, { cause: error });
    } finally {
      this.stopHeartbeat();
      this.ready = false;
    }
  }

  /**
   * Tells GameLift the game session this process was given is ready for players (ActivateGameSession): its
   * status goes from ACTIVATING to ACTIVE and players can be placed in it. Call it from (or
   * after) `onStartGameSession`, once the session's world is set up.
   *
   * @throws {@link GameLiftServerError} GAMELIFT_SERVER_NOT_INITIALIZED, PROCESS_NOT_READY or GAMESESSION_ID_NOT_SET
   *   when called before initSDK, processReady, or a game session; a service error code when GameLift refuses.
   */
  async activateGameSession(): Promise<void> {
    const gameSessionId = this.requireGameSession();
    await this.call(newRequest("ActivateGameSession", { GameSessionId: gameSessionId }));
  }

  /**
   * Checks a connecting player's player session ID with GameLift and marks it taken (AcceptPlayerSession): the
   * player session goes from RESERVED to ACTIVE. Call it when a player connects, before letting them in; refuse
   * the player when it throws. A reserved player session that is not accepted within 60 seconds times out
   * (TIMEDOUT) and its slot is freed. The player gateway does this for you.
   *
   * @param playerSessionId - The `psess-…` ID the player got from CreatePlayerSession (or matchmaking).
   * @throws {@link GameLiftServerError} VALIDATION_EXCEPTION for a malformed ID; a service error code when the ID
   *   is unknown, of another game session, or no longer reserved; the not-initialized / not-ready / no-session
   *   codes when called out of order.
   */
  async acceptPlayerSession(playerSessionId: string): Promise<void> {
    const gameSessionId = this.requireGameSession();
    validatePlayerSessionId(playerSessionId);
    await this.call(newRequest("AcceptPlayerSession", { GameSessionId: gameSessionId, PlayerSessionId: playerSessionId }));
  }

  /**
   * Tells GameLift a player has left (RemovePlayerSession): the player session goes to COMPLETED and its slot in
   * the game session is free for a new player. Call it when a player disconnects for good; the player gateway
   * does this for you.
   *
   * @param playerSessionId - The player session ID the player was accepted with.
   * @throws {@link GameLiftServerError} VALIDATION_EXCEPTION for a malformed ID; a service error code when GameLift
   *   refuses; the not-initialized / not-ready / no-session codes when called out of order.
   */
  async removePlayerSession(playerSessionId: string): Promise<void> {
    const gameSessionId = this.requireGameSession();
    validatePlayerSessionId(playerSessionId);
    await this.call(newRequest("RemovePlayerSession", { GameSessionId: gameSessionId, PlayerSessionId: playerSessionId }));
  }

  /**
   * Opens or closes this game session to new players (UpdatePlayerSessionCreationPolicy): with DENY_ALL
   * GameLift refuses new player sessions (e.g. once a match has begun), ACCEPT_ALL lets them in again.
   * Players already in are not affected.
   *
   * @throws {@link GameLiftServerError} VALIDATION_EXCEPTION for any other policy; the not-initialized /
   *   not-ready / no-session codes when called out of order.
   */
  async updatePlayerSessionCreationPolicy(policy: PlayerSessionCreationPolicy): Promise<void> {
    const gameSessionId = this.requireGameSession();
    validatePolicy(policy);
    await this.call(newRequest("UpdatePlayerSessionCreationPolicy", { GameSessionId: gameSessionId, PlayerSessionPolicy: policy }));
  }

  /**
   * Lists player sessions (DescribePlayerSessions): of a game session, of a player, or one player session by
   * ID, optionally only those in one status. Results come in pages: pass the answer's `nextToken` back to get
   * the next page.
   *
   * @example
   * ```ts
   * const { playerSessions } = await describePlayerSessions({
   *   gameSessionId: getGameSessionId(),
   *   playerSessionStatusFilter: "ACTIVE",
   * });
   * ```
   * @throws {@link GameLiftServerError} VALIDATION_EXCEPTION unless exactly one of gameSessionId, playerId and
   *   playerSessionId is given (or for a malformed one, or a limit below 1); PROCESS_NOT_READY before processReady.
   */
  async describePlayerSessions(request: DescribePlayerSessionsRequest): Promise<DescribePlayerSessionsResult> {
    this.requireReady();
    validateDescribePlayerSessions(request);
    return decodeDescribePlayerSessions(await this.call(describePlayerSessionsRequest(request)));
  }

  /**
   * Where the fleet's TLS certificate for this compute is on disk, and the compute's name
   * (GetComputeCertificate). Only fleets created with certificate generation enabled have one; use it to serve
   * players over TLS (see the gateway's `tls` option).
   *
   * @throws {@link GameLiftServerError} PROCESS_NOT_READY before processReady; a service error code when the fleet
   *   has no certificate.
   */
  async getComputeCertificate(): Promise<GetComputeCertificateResult> {
    this.requireReady();
    return decodeComputeCertificate(await this.call(newRequest("GetComputeCertificate")));
  }

  /**
   * Temporary AWS credentials for an IAM role the fleet was given (GetFleetRoleCredentials), so the server can
   * call other AWS services (S3, DynamoDB, …) as that role. Only on managed EC2 fleets. Credentials are cached
   * per role while more than 15 minutes of them remain, as the official SDKs do.
   *
   * @throws {@link GameLiftServerError} BAD_REQUEST_EXCEPTION off a managed fleet (Anywhere, local) — after the
   *   first such answer the SDK stops asking; VALIDATION_EXCEPTION for a malformed role ARN or session name;
   *   PROCESS_NOT_READY before processReady.
   */
  async getFleetRoleCredentials(request: GetFleetRoleCredentialsRequest): Promise<GetFleetRoleCredentialsResult> {
    this.requireConnection();
    if (!request || typeof request !== "object") throw new GameLiftServerError("BAD_REQUEST_EXCEPTION", "GetFleetRoleCredentialsRequest is required.");
    if (!this.onManagedFleet) {
      throw new GameLiftServerError("BAD_REQUEST_EXCEPTION", "Fleet role credentials only available for servers hosted on managed fleet.");
    }
    const cached = this.roleCredentials.get(request.roleArn);
    if (cached && cached.expiration - Date.now() > ROLE_CREDENTIALS_MIN_TTL_MS) return cached;
    this.roleCredentials.delete(request.roleArn);
    const server = this.server as ResolvedServerParameters;
    const roleSessionName = request.roleSessionName || `${server.fleetId}-${server.hostId}`.slice(0, 64);
    validateFleetRoleRequest(request.roleArn, roleSessionName);
    this.requireReady();
    const result = decodeFleetRoleCredentials(
      await this.call(newRequest("GetFleetRoleCredentials", { RoleArn: request.roleArn, RoleSessionName: roleSessionName })),
    );
    if (!result.accessKeyId) {
      // The service answers empty credentials off managed EC2; the official SDKs stop asking from then on.
      this.onManagedFleet = false;
      throw new GameLiftServerError("BAD_REQUEST_EXCEPTION", "Fleet role credentials only available for servers hosted on managed fleet.");
    }
    this.roleCredentials.set(request.roleArn, result);
    return result;
  }

  /**
   * FlexMatch backfill (StartMatchBackfill): asks GameLift to find players for the open slots of this process's
   * game session, e.g. after players left a match. `players` is everyone in the session now with their teams
   * ({@link backfillPlayers}(session.matchmaker) builds it); the outcome arrives through onUpdateGameSession
   * (MATCHMAKING_DATA_UPDATED with the new match data, or BACKFILL_FAILED / BACKFILL_TIMED_OUT /
   * BACKFILL_CANCELLED).
   *
   * @example
   * ```ts
   * const session = currentSession; // from onStartGameSession
   * const { ticketId } = await startMatchBackfill({
   *   matchmakingConfigurationArn: session.matchmaker!.matchmakingConfigurationArn,
   *   players: backfillPlayers(session.matchmaker!, (id) => stillConnected.has(id)),
   * });
   * ```
   * @returns The backfill ticket, to stop it with {@link stopMatchBackfill}.
   * @throws {@link GameLiftServerError} VALIDATION_EXCEPTION for a malformed request (no players, more than 199, a
   *   bad attribute or ARN); PROCESS_NOT_READY / GAMESESSION_ID_NOT_SET when called out of order; a service
   *   error code when GameLift refuses.
   */
  async startMatchBackfill(request: StartMatchBackfillRequest): Promise<StartMatchBackfillResult> {
    this.requireReady();
    validateStartMatchBackfill(request);
    const gameSessionArn = request.gameSessionArn ?? this.requireGameSession();
    validateGameSessionArn(gameSessionArn);
    return decodeStartMatchBackfill(await this.call(startMatchBackfillRequest({ ...request, gameSessionArn })));
  }

  /**
   * Cancels a backfill ticket of this process's game session (StopMatchBackfill); onUpdateGameSession then
   * reports BACKFILL_CANCELLED.
   *
   * @throws {@link GameLiftServerError} VALIDATION_EXCEPTION for a missing ticket ID or malformed ARN;
   *   PROCESS_NOT_READY / GAMESESSION_ID_NOT_SET when called out of order; a service error code when GameLift refuses.
   */
  async stopMatchBackfill(request: StopMatchBackfillRequest): Promise<void> {
    this.requireReady();
    validateStopMatchBackfill(request);
    const gameSessionArn = request.gameSessionArn ?? this.requireGameSession();
    validateGameSessionArn(gameSessionArn);
    await this.call(stopMatchBackfillRequest({ ...request, gameSessionArn }));
  }

  /**
   * The ID (an ARN) of the game session this process hosts (GetGameSessionId), once GameLift has started one.
   *
   * @throws {@link GameLiftServerError} GAMESESSION_ID_NOT_SET before onStartGameSession.
   */
  getGameSessionId(): string {
    if (!this.gameSessionId) throw new GameLiftServerError("GAMESESSION_ID_NOT_SET", "No game session is bound to this process.");
    return this.gameSessionId;
  }

  /**
   * When GameLift will stop this process (GetTerminationTime), once it has sent TerminateProcess (a
   * scale-down, a spot interruption, TerminateGameSession): the time the game has to wind down.
   *
   * @throws {@link GameLiftServerError} TERMINATION_TIME_NOT_SET before GameLift has asked the process to end.
   */
  getTerminationTime(): Date {
    if (this.terminationTimeMs === undefined) {
      throw new GameLiftServerError("TERMINATION_TIME_NOT_SET", "TerminationTime has not been sent to this process.");
    }
    return new Date(this.terminationTimeMs);
  }

  /**
   * Work to finish before the process ends, given the reason players are to be told: run by processEnding (before
   * GameLift is told), by endProcess, and when GameLift lets the process go. The player gateway registers its
   * endSession here. Returns a function that removes the task.
   */
  beforeProcessEnds(task: ShutdownTask): () => void {
    this.shutdownTasks.add(task);
    return () => void this.shutdownTasks.delete(task);
  }

  /**
   * Ends the process the way GameLift expects, once: the shutdown tasks (players are told `reason`), ProcessEnding
   * when the process is ready, destroy, then exit (process.exit unless the options say otherwise). What the SDK
   * does on TerminateProcess when the game gives no onProcessTerminate; a game may call it from its own.
   */
  endProcess(reason: string = END_REASONS.ended, code = 0): Promise<void> {
    this.ending ??= (async () => {
      let exitCode = code;
      await this.runShutdownTasks(reason);
      if (this.ready && this.connection) {
        try {
          await this.processEnding();
        } catch (error) {
          this.log.error(messageOf(error));
          exitCode = exitCode || 1;
        }
      }
      await this.destroy();
      (this.options.exit ?? ((c: number) => process.exit(c)))(exitCode);
    })();
    return this.ending;
  }

  /**
   * Stops the heartbeat, forgets the game session and closes the connection to GameLift (Destroy; close code
   * 1000, so GameLift does not wait for a reconnect). Call it after {@link processEnding}, before the process
   * exits; {@link initSDK} may be called again afterwards.
   */
  async destroy(): Promise<void> {
    this.stopHeartbeat();
    this.ready = false;
    this.parameters = undefined;
    this.gameSessionId = undefined;
    this.terminationTimeMs = undefined;
    this.roleCredentials.clear();
    this.onManagedFleet = true;
    const connection = this.connection;
    this.connection = undefined;
    this.server = undefined;
    await connection?.close();
  }

  private async call(request: OutgoingRequest): Promise<Record<string, unknown>> {
    return this.requireConnection().request(request, this.timings.requestTimeoutMs);
  }

  private requireConnection(): SdkConnection {
    if (!this.connection) {
      throw new GameLiftServerError("GAMELIFT_SERVER_NOT_INITIALIZED", "You must call initSDK() before making calls to the server SDK.");
    }
    return this.connection;
  }

  private requireReady(): void {
    this.requireConnection();
    if (!this.ready) throw new GameLiftServerError("PROCESS_NOT_READY", "The process has not yet been activated by calling processReady().");
  }

  private requireGameSession(): string {
    this.requireReady();
    if (!this.gameSessionId) throw new GameLiftServerError("GAMESESSION_ID_NOT_SET", "No game session is bound to this process.");
    return this.gameSessionId;
  }

  private startHeartbeat(): void {
    this.stopHeartbeat();
    const beat = (): void => {
      if (!this.ready) return;
      void this.sendHeartbeat();
      const delay = heartbeatDelayMs(this.timings.heartbeatIntervalMs, this.timings.heartbeatJitterMs);
      this.heartbeatTimer = setTimeout(beat, delay);
    };
    beat();
  }

  private stopHeartbeat(): void {
    if (this.heartbeatTimer) clearTimeout(this.heartbeatTimer);
    this.heartbeatTimer = undefined;
  }

  private async sendHeartbeat(): Promise<void> {
    const healthy = await this.checkHealth();
    if (!this.ready || !this.connection) return;
    try {
      await this.connection.request(newRequest("HeartbeatServerProcess", { HealthStatus: healthy }), this.timings.requestTimeoutMs);
    } catch (error) {
      this.log.warn(`Could not send health status: ${messageOf(error)}`);
    }
  }

  private async checkHealth(): Promise<boolean> {
    const check = this.parameters?.onHealthCheck;
    if (!check) return true;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => {
        this.log.warn("onHealthCheck did not answer in time; reporting unhealthy");
        resolve(false);
      }, this.timings.healthCheckTimeoutMs);
    });
    try {
      return await Promise.race([Promise.resolve().then(check).then((answer) => answer === true), timeout]);
    } catch (error) {
      this.log.warn(`onHealthCheck threw; reporting unhealthy: ${messageOf(error)}`);
      return false;
    } finally {
      clearTimeout(timer);
    }
  }

  private onPush(frame: IncomingFrame): void {
    switch (frame.Action) {
      case "CreateGameSession": {
        const session = decodeCreateGameSession(frame.raw);
        const activating = this.activation;
        if (!this.ready && activating) {
          // GameLift may push a game session in the same breath as its answer to ActivateServerProcess: the
          // answer is in, processReady has not resumed yet. It is this process's game session all the same.
          activating.then(
            () => this.onPush(frame),
            () => this.log.warn("Got a game session while ProcessReady failed; ignoring it"),
          );
          return;
        }
        if (!this.ready) {
          this.log.warn("Got a game session on a process that is not ready; ignoring it");
          return;
        }
        if (!session.gameSessionId) return this.log.warn("Ignoring CreateGameSession without a GameSessionId");
        session.fleetId = this.server?.fleetId ?? session.fleetId;
        this.gameSessionId = session.gameSessionId;
        this.runCallback("onStartGameSession", () => this.parameters?.onStartGameSession?.(session));
        return;
      }
      case "UpdateGameSession": {
        if (!this.ready) return this.log.warn("Got a game session update on a process that is not ready; ignoring it");
        const update = decodeUpdateGameSession(frame.raw);
        this.runCallback("onUpdateGameSession", () => this.parameters?.onUpdateGameSession?.(update));
        return;
      }
      case "TerminateProcess": {
        this.terminationTimeMs = decodeTerminateProcess(frame.raw) ?? Date.now();
        const handler = this.parameters?.onProcessTerminate;
        if (handler) this.runCallback("onProcessTerminate", handler);
        else void this.endProcess(END_REASONS.terminated);
        return;
      }
      case "RefreshConnection": {
        const refresh = decodeRefreshConnection(frame.raw);
        if (!refresh || !this.connection) return this.log.warn("Ignoring RefreshConnection without an endpoint and token");
        this.connection.refresh(refresh.endpoint, refresh.authToken).catch((error: unknown) => {
          this.log.error(`Failed to refresh the connection to GameLift: ${messageOf(error)}`);
        });
        return;
      }
    }
  }

  /** GameLift let the process go: nothing more will come; the game decides, or the process ends. */
  private onReleased(gone: ConnectionGone): void {
    this.stopHeartbeat();
    this.ready = false;
    const release: ProcessRelease = { cause: gone.cause, code: gone.code, message: gone.message };
    const handler = this.parameters?.onProcessReleased;
    this.log.warn(`GameLift released this process (${gone.cause}, ${gone.code}): ${gone.message}${handler ? "" : "; ending it"}`);
    if (handler) this.runCallback("onProcessReleased", () => handler(release));
    else void this.endProcess(END_REASONS.released, 0);
  }

  /** Every shutdown task, at once, each failure logged; bounded, so a stuck one cannot keep the process alive. */
  private async runShutdownTasks(reason: string): Promise<void> {
    if (this.shutdownTasks.size === 0) return;
    const runs = [...this.shutdownTasks].map(async (task) => {
      try {
        await task(reason);
      } catch (error) {
        this.log.error(`A shutdown task failed: ${messageOf(error)}`);
      }
    });
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<void>((resolve) => {
      timer = setTimeout(() => {
        this.log.warn(`Shutdown tasks still running after ${SHUTDOWN_TASKS_TIMEOUT_MS} ms; going on without them`);
        resolve();
      }, SHUTDOWN_TASKS_TIMEOUT_MS);
    });
    await Promise.race([Promise.all(runs), deadline]);
    clearTimeout(timer);
  }

  /** A game callback that throws (or rejects) is logged; it never takes the SDK down. */
  private runCallback(name: string, callback: () => unknown): void {
    try {
      const result = callback();
      if (result instanceof Promise) result.catch((error: unknown) => this.log.error(`${name} failed: ${messageOf(error)}`));
    } catch (error) {
      this.log.error(`${name} failed: ${messageOf(error)}`);
    }
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
