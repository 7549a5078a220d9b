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
export const SDK_LANGUAGE = "NodeJS";

export interface GameLiftServerSdkOptions {
  /** ActivateServerProcess answer deadline; 6 s in the official SDKs. */
  activateTimeoutMs?: number;
  /** Every other call's deadline; 20 s in the official SDKs. */
  requestTimeoutMs?: number;
  /** 60 s ± 10 s in the official SDKs. */
  heartbeatIntervalMs?: number;
  heartbeatJitterMs?: number;
  /** How long onHealthCheck may take before the process counts as unhealthy (60 s, as AWS documents). */
  healthCheckTimeoutMs?: number;
  reconnect?: Partial<ReconnectPolicy>;
  handshakeTimeoutMs?: number;
  refreshGraceMs?: number;
  /** Reported in the connection URL and ActivateServerProcess. */
  sdkVersion?: string;
  sdkLanguage?: string;
  logger?: Partial<SdkLogger>;
  /** What an unhandled TerminateProcess ends with; process.exit by default. */
  exit?: (code: number) => void;
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

  getSdkVersion(): string {
    return this.options.sdkVersion ?? SDK_VERSION;
  }

  /** Connects to GameLift. Without arguments (or for any field left out) reads the GAMELIFT_SDK_* variables. */
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

  /** Tells GameLift the process can host game sessions, then heartbeats until processEnding or destroy. */
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
   * Tells GameLift the process is going away; stops the heartbeat. The shutdown tasks run first (every player
   * gateway tells its players why and closes), so a game whose onProcessTerminate only calls this still says
   * goodbye.
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

  async activateGameSession(): Promise<void> {
    const gameSessionId = this.requireGameSession();
    await this.call(newRequest("ActivateGameSession", { GameSessionId: gameSessionId }));
  }

  async acceptPlayerSession(playerSessionId: string): Promise<void> {
    const gameSessionId = this.requireGameSession();
    validatePlayerSessionId(playerSessionId);
    await this.call(newRequest("AcceptPlayerSession", { GameSessionId: gameSessionId, PlayerSessionId: playerSessionId }));
  }

  async removePlayerSession(playerSessionId: string): Promise<void> {
    const gameSessionId = this.requireGameSession();
    validatePlayerSessionId(playerSessionId);
    await this.call(newRequest("RemovePlayerSession", { GameSessionId: gameSessionId, PlayerSessionId: playerSessionId }));
  }

  async updatePlayerSessionCreationPolicy(policy: PlayerSessionCreationPolicy): Promise<void> {
    const gameSessionId = this.requireGameSession();
    validatePolicy(policy);
    await this.call(newRequest("UpdatePlayerSessionCreationPolicy", { GameSessionId: gameSessionId, PlayerSessionPolicy: policy }));
  }

  async describePlayerSessions(request: DescribePlayerSessionsRequest): Promise<DescribePlayerSessionsResult> {
    this.requireReady();
    validateDescribePlayerSessions(request);
    return decodeDescribePlayerSessions(await this.call(describePlayerSessionsRequest(request)));
  }

  async getComputeCertificate(): Promise<GetComputeCertificateResult> {
    this.requireReady();
    return decodeComputeCertificate(await this.call(newRequest("GetComputeCertificate")));
  }

  /** Credentials of the fleet's IAM role; cached while more than 15 minutes remain, as the official SDKs do. */
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
   * FlexMatch backfill: asks GameLift to find players for the open slots of this process's game session.
   * `players` is everyone in the session now with their teams (backfillPlayers(session.matchmaker) builds it);
   * the outcome arrives through onUpdateGameSession (MATCHMAKING_DATA_UPDATED, or BACKFILL_FAILED /
   * BACKFILL_TIMED_OUT / BACKFILL_CANCELLED).
   */
  async startMatchBackfill(request: StartMatchBackfillRequest): Promise<StartMatchBackfillResult> {
    this.requireReady();
    validateStartMatchBackfill(request);
    const gameSessionArn = request.gameSessionArn ?? this.requireGameSession();
    validateGameSessionArn(gameSessionArn);
    return decodeStartMatchBackfill(await this.call(startMatchBackfillRequest({ ...request, gameSessionArn })));
  }

  /** Cancels a backfill ticket of this process's game session. */
  async stopMatchBackfill(request: StopMatchBackfillRequest): Promise<void> {
    this.requireReady();
    validateStopMatchBackfill(request);
    const gameSessionArn = request.gameSessionArn ?? this.requireGameSession();
    validateGameSessionArn(gameSessionArn);
    await this.call(stopMatchBackfillRequest({ ...request, gameSessionArn }));
  }

  /** The ARN of the game session this process hosts. */
  getGameSessionId(): string {
    if (!this.gameSessionId) throw new GameLiftServerError("GAMESESSION_ID_NOT_SET", "No game session is bound to this process.");
    return this.gameSessionId;
  }

  /** When GameLift will stop this process, once it has sent TerminateProcess. */
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

  /** Stops the heartbeat and closes the connection (1000: GameLift does not wait for a reconnect). */
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
