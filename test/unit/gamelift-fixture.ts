/**
 * Drives the GameLift model directly: operations called as the HTTP front would call them, and server
 * processes as in-memory channels that record what the service pushed to them.
 */
import { createGameLift, type GameLiftTimings } from "../../local/gamelift/index.ts";
import type { ProcessChannel, ProcessGameSession, ProcessHandle } from "../../local/gamelift/process-api.ts";
import type { RequestContext } from "../../local/http/service.ts";

export const REGION = "us-west-2";
export const SDK_ENDPOINT = "ws://127.0.0.1:1/gamelift-sdk";

export type Push =
  | { type: "createGameSession"; session: ProcessGameSession }
  | { type: "updateGameSession"; update: unknown }
  | { type: "terminateProcess"; terminationTimeMs: number }
  | { type: "refreshConnection"; endpoint: string; authToken: string }
  | { type: "close"; code: number; reason: string };

export class RecordingChannel implements ProcessChannel {
  readonly pushes: Push[] = [];
  createGameSession(session: ProcessGameSession): void {
    this.pushes.push({ type: "createGameSession", session });
  }
  updateGameSession(update: unknown): void {
    this.pushes.push({ type: "updateGameSession", update });
  }
  terminateProcess(terminationTimeMs: number): void {
    this.pushes.push({ type: "terminateProcess", terminationTimeMs });
  }
  refreshConnection(endpoint: string, authToken: string): void {
    this.pushes.push({ type: "refreshConnection", endpoint, authToken });
  }
  close(code: number, reason: string): void {
    this.pushes.push({ type: "close", code, reason });
  }
  of<T extends Push["type"]>(type: T): Extract<Push, { type: T }>[] {
    return this.pushes.filter((p): p is Extract<Push, { type: T }> => p.type === type);
  }
}

/** Long enough never to fire during a unit test unless the test shortens it. */
const QUIET: GameLiftTimings = {
  playerSessionReservationMs: 60_000,
  processHealthTimeoutMs: 60_000,
  gameSessionActivationTimeoutMs: 60_000,
  processReadyTimeoutMs: 60_000,
  placementPollMs: 10,
  computeAuthTokenTtlMs: 60_000,
  reconnectGraceMs: 60_000,
  placementTimeoutScale: 1,
};

export type Output = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export function createWorld(timings: Partial<GameLiftTimings> = {}, now?: () => number) {
  const gamelift = createGameLift({ region: REGION, accountId: "123456789012", sdkEndpoint: () => SDK_ENDPOINT, timings: { ...QUIET, ...timings }, now });
  let requests = 0;

  function call(operation: string, input: Record<string, unknown> = {}): Output {
    const op = gamelift.service.operations[operation];
    if (!op) throw new Error(`no operation ${operation}`);
    const ctx: RequestContext = { requestId: `req-${++requests}`, operation, host: "127.0.0.1" };
    return op(structuredClone(input), ctx) as Output;
  }

  /** A location, an Anywhere fleet in it and `computes` registered computes. */
  function anywhereFleet(opts: { location?: string; computes?: number } = {}) {
    const location = opts.location ?? `custom-loc-${Math.random().toString(36).slice(2, 8)}`;
    call("CreateLocation", { LocationName: location });
    const fleet = call("CreateFleet", { Name: "test fleet", ComputeType: "ANYWHERE", Locations: [{ Location: location }] }).FleetAttributes;
    const computes = Array.from({ length: opts.computes ?? 1 }, (_, i) => {
      const name = `compute-${i + 1}`;
      call("RegisterCompute", { FleetId: fleet.FleetId, ComputeName: name, IpAddress: `10.0.0.${i + 1}`, Location: location });
      return name;
    });
    return { fleetId: fleet.FleetId as string, fleetArn: fleet.FleetArn as string, location, computes };
  }

  let processes = 0;
  /** Connects a server process to a compute; `ready` also calls ActivateServerProcess on `port`. */
  function connectProcess(fleetId: string, computeName: string, opts: { ready?: boolean; port?: number; processId?: string } = {}) {
    const { AuthToken } = call("GetComputeAuthToken", { FleetId: fleetId, ComputeName: computeName });
    const channel = new RecordingChannel();
    const processId = opts.processId ?? `proc-${++processes}`;
    const handle = gamelift.processes.connect(
      { processId, sdkVersion: "5.0.0", sdkLanguage: "NodeJS", computeId: computeName, fleetId, authToken: AuthToken },
      channel,
    );
    if (opts.ready ?? true) handle.activateServerProcess({ SdkVersion: "5.0.0", SdkLanguage: "NodeJS", Port: opts.port ?? 7000 + processes });
    return { handle, channel, processId, authToken: AuthToken as string };
  }

  /** A fleet with one ready process and an ACTIVE game session on it. */
  function activeGameSession(input: Record<string, unknown> = {}) {
    const fleet = anywhereFleet();
    const process = connectProcess(fleet.fleetId, fleet.computes[0]!);
    const created = call("CreateGameSession", { FleetId: fleet.fleetId, Location: fleet.location, MaximumPlayerSessionCount: 10, ...input }).GameSession;
    process.handle.activateGameSession(created.GameSessionId);
    return { fleet, process, gameSessionId: created.GameSessionId as string };
  }

  return { gamelift, call, anywhereFleet, connectProcess, activeGameSession, close: () => gamelift.close() };
}

export type World = ReturnType<typeof createWorld>;
export type Process = { handle: ProcessHandle; channel: RecordingChannel; processId: string; authToken: string };

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until `check` passes (polling), failing after `timeoutMs`. */
export async function eventually(check: () => void, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      check();
      return;
    } catch (e) {
      if (Date.now() > deadline) throw e;
      await sleep(5);
    }
  }
}
