import { PageTokens } from "../page-tokens.ts";
import { AliasRegistry } from "./aliases.ts";
import type { ModelContext } from "./context.ts";
import { CreatorLimits } from "./creator-limits.ts";
import { FleetRegistry, type Compute, type Fleet } from "./fleets.ts";
import { GameSessions } from "./game-sessions.ts";
import { Matchmaking } from "./matchmaking.ts";
import { MatchmakingDefinitions } from "./matchmaking-definitions.ts";
import { Placements } from "./placements.ts";
import { PlayerSessions } from "./player-sessions.ts";
import { ProcessRegistry, type ServerProcess } from "./processes.ts";
import { SearchIndex } from "./search-index.ts";

/** How a process's end lands on the game session it hosted. */
export interface ProcessEnd {
  /** TERMINATED for an orderly end (or one the service ordered), ERROR for a process that was lost. */
  status: "TERMINATED" | "ERROR";
  /** When set, the service closes the process's socket with this reason (code 1000: the SDK must not reconnect). */
  close?: string;
  /** Who ended it: the process itself (ProcessEnding, or closing its connection) or the service. Default service. */
  by?: "process" | "service";
  /** Why, for whoever watches the processes (the fleet launcher); `close` when not given. */
  reason?: string;
}

/** The whole GameLift state of one local stack, and the operations that cut across its parts. */
export class GameLiftModel {
  readonly fleets: FleetRegistry;
  readonly aliases: AliasRegistry;
  readonly processes = new ProcessRegistry();
  readonly search = new SearchIndex();
  readonly players: PlayerSessions;
  readonly sessions: GameSessions;
  readonly placements: Placements;
  readonly matchmakingDefinitions: MatchmakingDefinitions;
  readonly matchmaking: Matchmaking;
  readonly pageTokens = new PageTokens();
  readonly creatorLimits: CreatorLimits;

  readonly ctx: ModelContext;
  constructor(ctx: ModelContext) {
    this.ctx = ctx;
    this.fleets = new FleetRegistry(ctx);
    this.aliases = new AliasRegistry(ctx, this.fleets);
    this.players = new PlayerSessions(ctx, this.search);
    this.sessions = new GameSessions(ctx, this);
    this.placements = new Placements(ctx, this);
    this.creatorLimits = new CreatorLimits(ctx);
    this.matchmakingDefinitions = new MatchmakingDefinitions(ctx);
    this.matchmaking = new Matchmaking(ctx, this, this.matchmakingDefinitions);
  }

  endProcess(process: ServerProcess, end: ProcessEnd): void {
    if (process.state === "ENDED") return;
    process.state = "ENDED";
    process.cancelTimers();
    this.processes.remove(process);
    this.processes.recordEnd(process, { by: end.by ?? "service", reason: end.reason ?? end.close ?? "ended", at: this.ctx.now() });
    const session = process.gameSession;
    if (session && !session.ended) {
      // A session already being terminated ends as asked, even if its process then vanished.
      this.sessions.end(session, session.status === "TERMINATING" ? "TERMINATED" : end.status);
    }
    const channel = process.channel;
    process.channel = undefined;
    if (end.close !== undefined && channel) {
      try {
        channel.close(1000, end.close);
      } catch (e) {
        console.error(`[gamelift] closing process ${process.id} failed:`, e);
      }
    }
  }

  /** DeregisterCompute: its processes are stopped and the compute forgotten. */
  deregisterCompute(fleet: Fleet, compute: Compute): void {
    for (const process of this.processes.ofCompute(fleet.id, compute.name)) {
      this.endProcess(process, { status: "TERMINATED", close: `compute ${compute.name} was deregistered` });
    }
    this.fleets.deregisterCompute(fleet, compute);
  }

  deleteFleet(fleet: Fleet): void {
    for (const process of this.processes.ofFleet(fleet.id)) {
      this.endProcess(process, { status: "TERMINATED", close: `fleet ${fleet.id} was deleted` });
    }
    this.fleets.deleteFleet(fleet);
  }

  close(): void {
    this.matchmaking.close();
    this.placements.close();
    this.ctx.scheduler.close();
    this.ctx.definitions.close();
  }
}
