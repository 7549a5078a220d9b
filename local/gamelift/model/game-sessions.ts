import { ServiceError, notFound } from "../../http/service-error.ts";
import { gameSessionArn, newGameSessionSuffix } from "../ids.ts";
import type { ProcessGameSession } from "../process-api.ts";
import type { Timer } from "../scheduler.ts";
import type { ModelContext } from "./context.ts";
import type { Fleet, ProtectionPolicy } from "./fleets.ts";
import type { GameLiftModel } from "./gamelift-model.ts";
import type { PlayerSession } from "./player-sessions.ts";
import type { ServerProcess, TerminationMode } from "./processes.ts";

export type GameSessionStatus = "ACTIVATING" | "ACTIVE" | "TERMINATING" | "TERMINATED" | "ERROR";
export type GameSessionStatusReason = "INTERRUPTED" | "TRIGGERED_ON_PROCESS_TERMINATE" | "FORCE_TERMINATED";
export type PlayerSessionCreationPolicy = "ACCEPT_ALL" | "DENY_ALL";

export const GAME_SESSION_STATUSES: readonly GameSessionStatus[] = ["ACTIVE", "ACTIVATING", "TERMINATED", "TERMINATING", "ERROR"];
/** "The maximum number of players per game session is 200. It is not adjustable." */
export const MAX_PLAYERS_PER_GAME_SESSION = 200;
/** How far ahead TerminateProcess's TerminationTime lies; AWS documents no figure for TerminateGameSession. */
const TERMINATION_NOTICE_MS = 60_000;

export interface GameSessionRequest {
  maximumPlayerSessionCount: number;
  name?: string;
  gameProperties: [string, string][];
  creatorId?: string;
  gameSessionData?: string;
  matchmakerData?: string;
  idempotencyToken?: string;
}

export class GameSession {
  status: GameSessionStatus = "ACTIVATING";
  statusReason?: GameSessionStatusReason;
  terminationTime?: Date;
  playerSessionCreationPolicy: PlayerSessionCreationPolicy = "ACCEPT_ALL";
  /** Player sessions in creation order. */
  readonly playerSessions: PlayerSession[] = [];
  /** RESERVED + ACTIVE player sessions: the slots taken. */
  occupied = 0;
  activationTimer?: Timer;
  /** Asked to end by TerminateGameSession; decides the StatusReason once the process goes. */
  terminationMode?: TerminationMode;
  /** Match data from FlexMatch: set at placement, replaced when a backfill adds players. */
  matchmakerData: string | undefined;

  readonly id: string;
  readonly fleetId: string;
  readonly fleetArn: string;
  readonly location: string;
  readonly creationTime: Date;
  readonly request: GameSessionRequest;
  public process: ServerProcess | undefined;
  public protectionPolicy: ProtectionPolicy;
  public name: string | undefined;
  public maximumPlayerSessionCount: number;
  readonly gameProperties: Map<string, string>;
  readonly ipAddress: string | undefined;
  readonly dnsName: string | undefined;
  readonly port: number;
  readonly computeName: string;
  constructor(
    id: string,
    fleetId: string,
    fleetArn: string,
    location: string,
    creationTime: Date,
    request: GameSessionRequest,
    process: ServerProcess | undefined,
    protectionPolicy: ProtectionPolicy,
    name: string | undefined,
    maximumPlayerSessionCount: number,
    gameProperties: Map<string, string>,
    ipAddress: string | undefined,
    dnsName: string | undefined,
    port: number,
    computeName: string,
  ) {
    this.id = id;
    this.fleetId = fleetId;
    this.fleetArn = fleetArn;
    this.location = location;
    this.creationTime = creationTime;
    this.request = request;
    this.process = process;
    this.protectionPolicy = protectionPolicy;
    this.name = name;
    this.maximumPlayerSessionCount = maximumPlayerSessionCount;
    this.gameProperties = gameProperties;
    this.ipAddress = ipAddress;
    this.dnsName = dnsName;
    this.port = port;
    this.computeName = computeName;
    this.matchmakerData = request.matchmakerData;
  }

  get ended(): boolean {
    return this.status === "TERMINATED" || this.status === "ERROR";
  }

  /** What the server process is told in CreateGameSession / UpdateGameSession. */
  toProcessGameSession(): ProcessGameSession {
    return {
      GameSessionId: this.id,
      GameSessionName: this.name,
      FleetId: this.fleetId,
      MaximumPlayerSessionCount: this.maximumPlayerSessionCount,
      IpAddress: this.ipAddress ?? "",
      DnsName: this.dnsName,
      Port: this.port,
      GameProperties: Object.fromEntries(this.gameProperties),
      GameSessionData: this.request.gameSessionData,
      MatchmakerData: this.matchmakerData,
    };
  }
}

/** Game session records and their lifecycle: ACTIVATING → ACTIVE → TERMINATING → TERMINATED / ERROR. */
export class GameSessions {
  readonly byId = new Map<string, GameSession>();
  private readonly byFleet = new Map<string, GameSession[]>();
  private readonly byToken = new Map<string, GameSession>();
  /** Told about every activation and every end (placements wait on these). */
  readonly listeners = new Set<(session: GameSession) => void>();

  private readonly ctx: ModelContext;
  private readonly model: Pick<GameLiftModel, "processes" | "players" | "search" | "endProcess">;
  constructor(
    ctx: ModelContext,
    model: Pick<GameLiftModel, "processes" | "players" | "search" | "endProcess">,
  ) {
    this.ctx = ctx;
    this.model = model;
  }

  get(id: string): GameSession {
    const session = this.byId.get(id);
    if (!session) throw notFound(`Game session ${id} not found.`);
    return session;
  }

  ofFleet(fleetId: string): readonly GameSession[] {
    return this.byFleet.get(fleetId) ?? [];
  }

  /** The game session an idempotency token already made in this fleet, if any. */
  byIdempotencyToken(fleetId: string, token: string): GameSession | undefined {
    return this.byToken.get(`${fleetId}/${token}`);
  }

  /**
   * Starts a game session on an idle process of the fleet in `location`, or returns undefined when there is
   * none. Synchronous from the pick to the push: no other request can take the same process.
   */
  start(fleet: Fleet, location: string, request: GameSessionRequest): GameSession | undefined {
    const process = this.model.processes.takeIdle(fleet.id, location);
    if (!process) return undefined;
    const suffix = request.idempotencyToken ?? newGameSessionSuffix();
    const session = new GameSession(
      gameSessionArn(fleet.id, location, suffix),
      fleet.id,
      fleet.arn,
      location,
      new Date(this.ctx.now()),
      request,
      process,
      fleet.protectionPolicy,
      request.name,
      request.maximumPlayerSessionCount,
      new Map(request.gameProperties),
      process.compute.ipAddress,
      process.compute.dnsName,
      process.port ?? 0,
      process.compute.name,
    );
    this.byId.set(session.id, session);
    let list = this.byFleet.get(fleet.id);
    if (!list) this.byFleet.set(fleet.id, (list = []));
    list.push(session);
    if (request.idempotencyToken !== undefined) this.byToken.set(`${fleet.id}/${request.idempotencyToken}`, session);

    process.gameSession = session;
    this.model.processes.refresh(process);
    session.activationTimer = this.ctx.scheduler.after(this.ctx.timings.gameSessionActivationTimeoutMs, () => this.activationTimedOut(session));
    push(process, (channel) => channel.createGameSession(session.toProcessGameSession()));
    return session;
  }

  /** ActivateGameSession from the hosting process. */
  activate(session: GameSession): void {
    if (session.status === "ACTIVE") return;
    if (session.status !== "ACTIVATING") {
      throw new ServiceError("InvalidGameSessionStatusException", `Game session ${session.id} is ${session.status} and cannot be activated.`);
    }
    session.activationTimer?.cancel();
    session.status = "ACTIVE";
    this.model.search.add(session);
    this.notify(session);
  }

  /**
   * TerminateGameSession. TRIGGER_ON_PROCESS_TERMINATE asks the process to end (OnProcessTerminate → its
   * ProcessEnding concludes it); FORCE_TERMINATE ends the process at once.
   */
  terminate(session: GameSession, mode: TerminationMode): void {
    if (session.status === "TERMINATING") return;
    if (session.ended) {
      throw new ServiceError("InvalidGameSessionStatusException", `Game session ${session.id} is already ${session.status}.`);
    }
    session.terminationMode = mode;
    session.activationTimer?.cancel();
    session.status = "TERMINATING";
    this.model.search.remove(session);
    const process = session.process;
    if (!process) {
      this.end(session, "TERMINATED");
      return;
    }
    if (mode === "FORCE_TERMINATE") {
      this.model.endProcess(process, { status: "TERMINATED", close: "game session force-terminated (TerminateGameSession FORCE_TERMINATE)" });
      return;
    }
    askToTerminate(process, this.ctx.now() + TERMINATION_NOTICE_MS);
    this.model.processes.refresh(process);
  }

  /** The session's process went away, or the service gave up on the session: it ends, its players leave. */
  end(session: GameSession, status: "TERMINATED" | "ERROR", reason?: GameSessionStatusReason): void {
    if (session.ended) return;
    session.activationTimer?.cancel();
    session.status = status;
    session.statusReason = reason ?? reasonFor(session.terminationMode);
    session.terminationTime = new Date(this.ctx.now());
    this.model.search.remove(session);
    this.model.players.completeAll(session);
    this.notify(session);
  }

  update(
    session: GameSession,
    changes: { maximumPlayerSessionCount?: number; name?: string; policy?: PlayerSessionCreationPolicy; protectionPolicy?: ProtectionPolicy; gameProperties?: [string, string][] },
  ): void {
    if (session.status !== "ACTIVE" && session.status !== "ACTIVATING") {
      throw new ServiceError("InvalidGameSessionStatusException", `Game session ${session.id} is ${session.status}; only an ACTIVE or ACTIVATING game session can be updated.`);
    }
    if (changes.gameProperties) {
      const merged = new Map(session.gameProperties);
      for (const [k, v] of changes.gameProperties) merged.set(k, v);
      if (merged.size > 16) {
        throw new ServiceError("InvalidRequestException", `A game session can have at most 16 game properties; this update would give game session ${session.id} ${merged.size}. Game properties cannot be deleted.`);
      }
      for (const [k, v] of changes.gameProperties) session.gameProperties.set(k, v);
    }
    if (changes.maximumPlayerSessionCount !== undefined) session.maximumPlayerSessionCount = changes.maximumPlayerSessionCount;
    if (changes.name !== undefined) session.name = changes.name;
    if (changes.policy !== undefined) session.playerSessionCreationPolicy = changes.policy;
    if (changes.protectionPolicy !== undefined) session.protectionPolicy = changes.protectionPolicy;
    this.model.search.refresh(session);
  }

  /** UpdatePlayerSessionCreationPolicy from the hosting process. */
  setCreationPolicy(session: GameSession, policy: PlayerSessionCreationPolicy): void {
    if (session.ended) throw new ServiceError("InvalidGameSessionStatusException", `Game session ${session.id} is ${session.status}.`);
    session.playerSessionCreationPolicy = policy;
    this.model.search.refresh(session);
  }

  private activationTimedOut(session: GameSession): void {
    if (session.status !== "ACTIVATING") return;
    // AWS: "If the game session does not become active before the timeout, it is ended and the game session
    // status is changed to TERMINATED." The process that failed to start it is asked to end too.
    this.end(session, "TERMINATED");
    if (session.process && session.process.state !== "ENDED") askToTerminate(session.process, this.ctx.now() + TERMINATION_NOTICE_MS);
  }

  private notify(session: GameSession): void {
    for (const listener of this.listeners) listener(session);
  }
}

function reasonFor(mode: TerminationMode | undefined): GameSessionStatusReason | undefined {
  if (mode === "FORCE_TERMINATE") return "FORCE_TERMINATED";
  if (mode === "TRIGGER_ON_PROCESS_TERMINATE") return "TRIGGERED_ON_PROCESS_TERMINATE";
  return undefined;
}

/** Records the termination request and pushes it; a reconnecting process gets it when it is back. */
export function askToTerminate(process: ServerProcess, terminationTimeMs: number): void {
  if (process.terminationTimeMs !== undefined) return;
  process.terminationTimeMs = terminationTimeMs;
  push(process, (channel) => channel.terminateProcess(terminationTimeMs));
}

/**
 * Sends a push to the process if it is connected. A channel that throws (its socket just died) must not fail
 * the client request that caused the push: the disconnect path deals with the process.
 */
export function push(process: ServerProcess, send: (channel: NonNullable<ServerProcess["channel"]>) => void): void {
  const channel = process.channel;
  if (!channel) return;
  try {
    send(channel);
  } catch (e) {
    console.error(`[gamelift] push to process ${process.id} failed:`, e);
  }
}
