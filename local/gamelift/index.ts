import type { IncomingMessage, ServerResponse } from "node:http";
import type { ServiceDefinition } from "../http/service.ts";
import { GameLiftDefinitions } from "./model/definitions.ts";
import { GameLiftModel } from "./model/gamelift-model.ts";
import { aliasOperations } from "./operations/aliases.ts";
import { computeOperations } from "./operations/computes.ts";
import { fleetOperations } from "./operations/fleets.ts";
import { gameSessionOperations } from "./operations/game-sessions.ts";
import { matchmakingOperations } from "./operations/matchmaking.ts";
import { placementOperations } from "./operations/placements.ts";
import { playerSessionOperations } from "./operations/player-sessions.ts";
import type { ServerProcessService } from "./process-api.ts";
import { ProcessService } from "./process-service.ts";
import { processStatusHandler } from "./process-status.ts";
import { REAL_CLOCK, Scheduler, type GameLiftClock } from "./scheduler.ts";
import { resolveTimings, type GameLiftTimings } from "./timings.ts";

export type { GameLiftTimings } from "./timings.ts";
export type { GameLiftClock } from "./scheduler.ts";
export { REAL_CLOCK } from "./scheduler.ts";
export { DEFAULT_TIMINGS } from "./timings.ts";
export { PROCESS_STATUS_PATH, type ProcessStatus, type ProcessStatusRecord } from "./process-status.ts";

export interface GameLiftOptions {
  region: string;
  accountId: string;
  /** The server SDK WebSocket URL RegisterCompute hands out (known only once the stack listens). */
  sdkEndpoint: () => string;
  timings?: Partial<GameLiftTimings>;
  /** The clock for timestamps, token expiry, deadlines and every lifecycle timer (tests move it); real by default. */
  clock?: GameLiftClock;
  /** Timestamps and deadlines only, timers staying real (older tests); `clock` takes precedence. */
  now?: () => number;
  /** Where definitions (locations, fleets, aliases, queues) are kept across restarts; in memory when unset. */
  stateDir?: string;
}

export interface GameLift {
  service: ServiceDefinition;
  processes: ServerProcessService;
  /** Plain HTTP: the processes' status for the fleet launcher (GET /_local/gamelift/processes). */
  handle(req: IncomingMessage, res: ServerResponse): Promise<boolean>;
  /** Stops every timer and closes the definitions log; the instance answers nothing useful afterwards. */
  close(): void;
}

/** A local Amazon GameLift: the client API as a service definition, and the model's side of the server SDK. */
export function createGameLift(options: GameLiftOptions): GameLift {
  const clock = options.clock ?? (options.now ? { ...REAL_CLOCK, now: options.now } : REAL_CLOCK);
  const model = new GameLiftModel({
    account: { region: options.region, accountId: options.accountId },
    timings: resolveTimings(options.timings),
    scheduler: new Scheduler(clock),
    now: () => clock.now(),
    definitions: GameLiftDefinitions.open(options.stateDir),
  });
  const service: ServiceDefinition = {
    targetPrefix: "GameLift",
    cborServiceName: "GameLift",
    shapeNamespace: "com.amazonaws.gamelift",
    signingName: "gamelift",
    errorMessageMember: "Message",
    operations: {
      ...fleetOperations(model),
      ...computeOperations(model, options.sdkEndpoint),
      ...aliasOperations(model),
      ...gameSessionOperations(model),
      ...playerSessionOperations(model),
      ...placementOperations(model),
      ...matchmakingOperations(model),
    },
  };
  return { service, processes: new ProcessService(model, options.sdkEndpoint), handle: processStatusHandler(model), close: () => model.close() };
}
