import type { ProcessChannel } from "../process-api.ts";
import type { Timer } from "../scheduler.ts";
import type { Compute } from "./fleets.ts";
import type { GameSession } from "./game-sessions.ts";

export type TerminationMode = "TRIGGER_ON_PROCESS_TERMINATE" | "FORCE_TERMINATE";

/** One server process on a compute, from its first connection until it ends. */
export class ServerProcess {
  /** Undefined while an abnormally disconnected process waits for its SDK to reconnect. */
  channel?: ProcessChannel;
  state: "CONNECTED" | "ACTIVE" | "ENDED" = "CONNECTED";
  port?: number;
  sdkVersion: string;
  sdkLanguage: string;
  logPaths?: string[];
  /** A process hosts at most one game session in its life: after it, the process is expected to end. */
  gameSession?: GameSession;
  /** TerminateProcess was pushed (or is owed to a reconnecting process) at this epoch-ms termination time. */
  terminationTimeMs?: number;
  readyTimer?: Timer;
  healthTimer?: Timer;
  graceTimer?: Timer;
  /** Hands the process a fresh auth token (RefreshConnection) before the one it connected with expires. */
  refreshTimer?: Timer;

  readonly id: string;
  readonly compute: Compute;
  constructor(
    id: string,
    compute: Compute,
    channel: ProcessChannel,
    sdk: { version: string; language: string },
  ) {
    this.id = id;
    this.compute = compute;
    this.channel = channel;
    this.sdkVersion = sdk.version;
    this.sdkLanguage = sdk.language;
  }

  get fleetId(): string {
    return this.compute.fleetId;
  }

  get location(): string {
    return this.compute.location;
  }

  /** Ready for a new game session: activated, connected, not hosting and not asked to end. */
  get idle(): boolean {
    return this.state === "ACTIVE" && this.channel !== undefined && this.gameSession === undefined && this.terminationTimeMs === undefined;
  }

  cancelTimers(): void {
    this.readyTimer?.cancel();
    this.healthTimer?.cancel();
    this.graceTimer?.cancel();
    this.refreshTimer?.cancel();
  }
}

/** How a process ended, kept for a while so whoever runs it (the fleet launcher) can tell. */
export interface EndedProcess {
  fleetId: string;
  computeName: string;
  by: "process" | "service";
  reason: string;
  /** Epoch ms. */
  at: number;
}

/** Ended processes remembered, the oldest forgotten first. */
const ENDED_KEPT = 1024;

/**
 * The live processes, with an index of the idle ones per fleet and location so picking a host for a new game
 * session is O(1) however many processes are busy.
 */
export class ProcessRegistry {
  readonly byId = new Map<string, ServerProcess>();
  readonly ended = new Map<string, EndedProcess>();
  private readonly idleByPlace = new Map<string, Set<ServerProcess>>();

  recordEnd(process: ServerProcess, end: Omit<EndedProcess, "fleetId" | "computeName">): void {
    this.ended.delete(process.id);
    this.ended.set(process.id, { fleetId: process.fleetId, computeName: process.compute.name, ...end });
    if (this.ended.size > ENDED_KEPT) this.ended.delete(this.ended.keys().next().value!);
  }

  add(process: ServerProcess): void {
    this.byId.set(process.id, process);
  }

  remove(process: ServerProcess): void {
    if (this.byId.get(process.id) === process) this.byId.delete(process.id);
    this.unmarkIdle(process);
  }

  /** Re-files a process after any change that may affect whether it is idle. */
  refresh(process: ServerProcess): void {
    if (process.idle && this.byId.get(process.id) === process) this.idleSet(process.fleetId, process.location).add(process);
    else this.unmarkIdle(process);
  }

  /** Takes the longest-idle process of the fleet in that location out of the idle index. */
  takeIdle(fleetId: string, location: string): ServerProcess | undefined {
    const set = this.idleByPlace.get(place(fleetId, location));
    if (!set) return undefined;
    for (const process of set) {
      set.delete(process);
      if (process.idle) return process;
    }
    return undefined;
  }

  ofFleet(fleetId: string): ServerProcess[] {
    return [...this.byId.values()].filter((p) => p.fleetId === fleetId);
  }

  ofCompute(fleetId: string, computeName: string): ServerProcess[] {
    return [...this.byId.values()].filter((p) => p.fleetId === fleetId && p.compute.name === computeName);
  }

  private unmarkIdle(process: ServerProcess): void {
    this.idleByPlace.get(place(process.fleetId, process.location))?.delete(process);
  }

  private idleSet(fleetId: string, location: string): Set<ServerProcess> {
    const key = place(fleetId, location);
    let set = this.idleByPlace.get(key);
    if (!set) this.idleByPlace.set(key, (set = new Set()));
    return set;
  }
}

const place = (fleetId: string, location: string): string => `${fleetId}\0${location}`;
