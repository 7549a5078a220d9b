import { ServiceError, invalidRequest, notFound } from "../http/service-error.ts";
import { fleetIdOf } from "./ids.ts";
import type { GameSession } from "./model/game-sessions.ts";
import type { Fleet } from "./model/fleets.ts";
import type { GameLiftModel } from "./model/gamelift-model.ts";
import { PLAYER_SESSION_STATUSES, type PlayerSession, type PlayerSessionStatus } from "./model/player-sessions.ts";
import { ServerProcess } from "./model/processes.ts";
import { page } from "./page-tokens.ts";
import { playerSessionShape } from "./shapes.ts";
import { readPlayer } from "./operations/matchmaking.ts";
import type {
  DescribePlayerSessionsQuery,
  PlayerSessionRecord,
  ProcessChannel,
  ProcessConnectParams,
  ProcessHandle,
  ProcessStartMatchBackfill,
  ProcessStopMatchBackfill,
  ServerProcessService,
} from "./process-api.ts";
import { InputReader } from "./validation.ts";

/** The model's side of the server SDK endpoint: process registration, lifecycle and the SDK's calls. */
export class ProcessService implements ServerProcessService {
  private readonly model: GameLiftModel;
  private readonly sdkEndpoint: () => string;
  constructor(
    model: GameLiftModel,
    sdkEndpoint: () => string,
  ) {
    this.model = model;
    this.sdkEndpoint = sdkEndpoint;
  }

  /**
   * GameLift keeps a connected process's credentials fresh: before the token it connected with expires, the
   * service pushes RefreshConnection with a new one, and the SDK reconnects with it. Without this a process
   * that lost its socket after the token's lifetime could never come back.
   */
  private scheduleRefresh(process: ServerProcess, fleet: Fleet): void {
    const { timings, scheduler } = this.model.ctx;
    process.refreshTimer?.cancel();
    process.refreshTimer = scheduler.after(Math.floor(timings.computeAuthTokenTtlMs * 0.75), () => {
      if (process.state === "ENDED" || !fleet.computes.has(process.compute.name)) return;
      // A process between sockets gets its refresh when it reconnects (connect() schedules it again).
      if (!process.channel) return;
      const { token } = this.model.fleets.issueAuthToken(fleet, process.compute);
      try {
        process.channel.refreshConnection(this.sdkEndpoint(), token);
      } catch (e) {
        console.error(`[gamelift] RefreshConnection to process ${process.id} failed:`, e);
      }
      this.scheduleRefresh(process, fleet);
    });
  }

  connect(params: ProcessConnectParams, channel: ProcessChannel): ProcessHandle {
    for (const [name, value] of [["pID", params.processId], ["FleetId", params.fleetId], ["ComputeId", params.computeId], ["Authorization", params.authToken]] as const) {
      if (typeof value !== "string" || value === "") throw invalidRequest(`The server SDK connection is missing ${name}.`);
    }
    const fleet = this.model.fleets.fleets.get(fleetIdOf(params.fleetId));
    if (!fleet) throw notFound(`Fleet ${params.fleetId} not found.`);
    const compute = fleet.computes.get(params.computeId);
    if (!compute) throw notFound(`Compute ${params.computeId} is not registered in fleet ${fleet.id}; call RegisterCompute first.`);
    const problem = this.model.fleets.tokenProblem(params.authToken, fleet.id, compute.name);
    if (problem) throw new ServiceError("UnauthorizedException", `Connection refused for compute ${compute.name}: ${problem}.`);

    const existing = this.model.processes.byId.get(params.processId);
    if (existing && existing.state !== "ENDED") {
      if (existing.compute !== compute) {
        throw new ServiceError("ConflictException", `Process ID ${params.processId} is already in use on compute ${existing.compute.name} of fleet ${existing.fleetId}.`);
      }
      this.scheduleRefresh(existing, fleet);
      return this.reattach(existing, channel);
    }
    const process = new ServerProcess(params.processId, compute, channel, { version: params.sdkVersion, language: params.sdkLanguage });
    const { timings, scheduler } = this.model.ctx;
    process.readyTimer = scheduler.after(timings.processReadyTimeoutMs, () => {
      if (process.state === "CONNECTED") {
        this.model.endProcess(process, { status: "TERMINATED", close: `ActivateServerProcess (ProcessReady) not called within ${timings.processReadyTimeoutMs} ms` });
      }
    });
    this.model.processes.add(process);
    this.scheduleRefresh(process, fleet);
    return new Handle(this.model, process, channel);
  }

  /** The SDK reconnected (after a drop, or for RefreshConnection): the new socket replaces the old one. */
  private reattach(process: ServerProcess, channel: ProcessChannel): ProcessHandle {
    process.graceTimer?.cancel();
    process.graceTimer = undefined;
    process.channel = channel;
    const owed = process.terminationTimeMs;
    if (owed !== undefined) {
      try {
        channel.terminateProcess(owed);
      } catch (e) {
        console.error(`[gamelift] push to process ${process.id} failed:`, e);
      }
    }
    this.model.processes.refresh(process);
    return new Handle(this.model, process, channel);
  }
}

/** One socket's view of a process. A handle whose socket was replaced by a reconnection goes quiet. */
class Handle implements ProcessHandle {
  private readonly model: GameLiftModel;
  private readonly process: ServerProcess;
  private readonly channel: ProcessChannel;
  constructor(
    model: GameLiftModel,
    process: ServerProcess,
    channel: ProcessChannel,
  ) {
    this.model = model;
    this.process = process;
    this.channel = channel;
  }

  get processId(): string {
    return this.process.id;
  }

  private get current(): boolean {
    return this.process.state !== "ENDED" && this.process.channel === this.channel;
  }

  private live(): ServerProcess {
    if (this.process.state === "ENDED") throw invalidRequest(`Process ${this.process.id} has ended.`);
    if (this.process.channel !== this.channel) throw invalidRequest(`This connection of process ${this.process.id} was replaced by a newer one.`);
    return this.process;
  }

  activateServerProcess(req: { SdkVersion: string; SdkLanguage: string; Port: number; LogPaths?: string[] }): void {
    const process = this.live();
    const port = req.Port;
    if (typeof port !== "number" || !Number.isInteger(port) || port < 1 || port > 60000) {
      throw invalidRequest(`1 validation error detected: Value '${String(port)}' at 'port' failed to satisfy constraint: Member must be an integer from 1 to 60000`);
    }
    if (process.state === "ACTIVE") {
      if (process.port === port) return;
      throw new ServiceError("ConflictException", `Process ${process.id} is already active on port ${process.port}.`);
    }
    process.state = "ACTIVE";
    process.port = port;
    if (typeof req.SdkVersion === "string" && req.SdkVersion) process.sdkVersion = req.SdkVersion;
    if (typeof req.SdkLanguage === "string" && req.SdkLanguage) process.sdkLanguage = req.SdkLanguage;
    if (Array.isArray(req.LogPaths)) process.logPaths = req.LogPaths.filter((p): p is string => typeof p === "string");
    process.readyTimer?.cancel();
    const { timings, scheduler } = this.model.ctx;
    process.healthTimer = scheduler.after(timings.processHealthTimeoutMs, () => {
      this.model.endProcess(process, { status: "ERROR", close: `no healthy heartbeat for ${timings.processHealthTimeoutMs} ms` });
    });
    this.model.processes.refresh(process);
  }

  heartbeat(healthy: boolean): void {
    // Heartbeats from a process that just called ProcessEnding are harmless; no point answering them with errors.
    if (!this.current) return;
    if (healthy === true) this.process.healthTimer?.restart();
  }

  activateGameSession(gameSessionId: string): void {
    this.model.sessions.activate(this.hosted(gameSessionId));
  }

  acceptPlayerSession(gameSessionId: string, playerSessionId: string): void {
    this.model.players.accept(this.hosted(gameSessionId), requireString(playerSessionId, "PlayerSessionId"));
  }

  removePlayerSession(gameSessionId: string, playerSessionId: string): void {
    this.model.players.remove(this.hosted(gameSessionId), requireString(playerSessionId, "PlayerSessionId"));
  }

  updatePlayerSessionCreationPolicy(gameSessionId: string, policy: "ACCEPT_ALL" | "DENY_ALL"): void {
    if (policy !== "ACCEPT_ALL" && policy !== "DENY_ALL") {
      throw invalidRequest(`1 validation error detected: Value '${String(policy)}' at 'playerSessionPolicy' failed to satisfy constraint: Member must satisfy enum value set: [ACCEPT_ALL, DENY_ALL]`);
    }
    this.model.sessions.setCreationPolicy(this.hosted(gameSessionId), policy);
  }

  describePlayerSessions(query: DescribePlayerSessionsQuery): { PlayerSessions: PlayerSessionRecord[]; NextToken?: string } {
    this.live();
    const { GameSessionId, PlayerId, PlayerSessionId, PlayerSessionStatusFilter, NextToken, Limit } = query;
    if (GameSessionId === undefined && PlayerId === undefined && PlayerSessionId === undefined) {
      throw invalidRequest("DescribePlayerSessions needs one of GameSessionId, PlayerId or PlayerSessionId.");
    }
    if (PlayerSessionStatusFilter !== undefined && !PLAYER_SESSION_STATUSES.includes(PlayerSessionStatusFilter as PlayerSessionStatus)) {
      throw invalidRequest(`PlayerSessionStatusFilter must be one of ${PLAYER_SESSION_STATUSES.join(", ")}; got '${PlayerSessionStatusFilter}'.`);
    }
    if (Limit !== undefined && (!Number.isInteger(Limit) || Limit < 1)) throw invalidRequest(`Limit must be a positive integer; got ${String(Limit)}.`);
    const gameSession = GameSessionId !== undefined ? this.model.sessions.get(GameSessionId) : undefined;
    const found = this.model.players.find({ gameSessionId: GameSessionId, playerId: PlayerId, playerSessionId: PlayerSessionId, status: PlayerSessionStatusFilter as PlayerSessionStatus | undefined }, gameSession);
    const scope = `process:DescribePlayerSessions\0${GameSessionId ?? ""}\0${PlayerId ?? ""}\0${PlayerSessionId ?? ""}\0${PlayerSessionStatusFilter ?? ""}`;
    const tokens = this.model.pageTokens;
    const result = page(tokens, scope, found, tokens.offsetOf(scope, NextToken), Limit ?? found.length);
    return { PlayerSessions: result.items.map(toRecord), ...(result.nextToken ? { NextToken: result.nextToken } : {}) };
  }

  terminateServerProcess(): void {
    this.model.endProcess(this.live(), { status: "TERMINATED", by: "process", reason: "ProcessEnding" });
  }

  getComputeCertificate(): { CertificatePath: string; ComputeName: string } {
    const { compute } = this.live();
    if (compute.certificatePath === undefined) {
      throw invalidRequest(`Compute ${compute.name} was registered without a CertificatePath; pass one to RegisterCompute to use GetComputeCertificate.`);
    }
    return { CertificatePath: compute.certificatePath, ComputeName: compute.name };
  }

  getFleetRoleCredentials(): never {
    this.live();
    throw invalidRequest(`Fleet ${this.process.fleetId} has no instance role: GetFleetRoleCredentials serves managed EC2 fleets created with InstanceRoleArn, and this local GameLift hosts Anywhere fleets only.`);
  }

  startMatchBackfill(req: ProcessStartMatchBackfill): { TicketId: string } {
    const session = this.hosted(req.GameSessionArn);
    // The same checks as the client API's StartMatchBackfill, with the same messages.
    const r = InputReader.of({ Players: req.Players });
    const players = r.requiredList("Players", { min: 1, max: 199 }, (e) => readPlayer(e));
    r.done();
    const ticket = this.model.matchmaking.startBackfill({
      ticketId: req.TicketId,
      configurationName: req.MatchmakingConfigurationArn,
      gameSessionArn: session.id,
      players,
    });
    return { TicketId: ticket.id };
  }

  stopMatchBackfill(req: ProcessStopMatchBackfill): void {
    const session = this.hosted(req.GameSessionArn);
    this.model.matchmaking.stopBackfill(req.TicketId, session.id);
  }

  disconnected(normal: boolean): void {
    if (!this.current) return;
    const process = this.process;
    if (normal) {
      this.model.endProcess(process, { status: "TERMINATED", by: "process", reason: "the process closed its connection" });
      return;
    }
    process.channel = undefined;
    this.model.processes.refresh(process);
    const { timings, scheduler } = this.model.ctx;
    process.graceTimer = scheduler.after(timings.reconnectGraceMs, () =>
      this.model.endProcess(process, { status: "ERROR", reason: `the connection was lost and not re-established within ${timings.reconnectGraceMs} ms` }),
    );
  }

  /** The game session this process hosts, if `gameSessionId` names it. */
  private hosted(gameSessionId: string): GameSession {
    const process = this.live();
    requireString(gameSessionId, "GameSessionId");
    const session = process.gameSession;
    if (!session || session.id !== gameSessionId) {
      if (!this.model.sessions.byId.has(gameSessionId)) throw notFound(`Game session ${gameSessionId} not found.`);
      throw invalidRequest(`Game session ${gameSessionId} is not hosted by process ${process.id}.`);
    }
    return session;
  }
}

function requireString(value: unknown, name: string): string {
  if (typeof value !== "string" || value === "") throw invalidRequest(`${name} is required.`);
  return value;
}

/** The client API's player session, with the integer epoch-millisecond times the server SDKs decode. */
function toRecord(ps: PlayerSession): PlayerSessionRecord {
  const shape = playerSessionShape(ps);
  return {
    ...shape,
    IpAddress: shape.IpAddress ?? "",
    CreationTime: ps.creationTime.getTime(),
    TerminationTime: ps.terminationTime?.getTime(),
  };
}
