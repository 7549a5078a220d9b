import type { ServiceDefinition } from "../http/service.ts";
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
import { Scheduler } from "./scheduler.ts";
import { resolveTimings, type GameLiftTimings } from "./timings.ts";

export type { GameLiftTimings } from "./timings.ts";
export { DEFAULT_TIMINGS } from "./timings.ts";

export interface GameLiftOptions {
  region: string;
  accountId: string;
  /** The server SDK WebSocket URL RegisterCompute hands out (known only once the stack listens). */
  sdkEndpoint: () => string;
  timings?: Partial<GameLiftTimings>;
  /** The clock for timestamps, token expiry and placement deadlines (tests move it); Date.now by default. */
  now?: () => number;
}

export interface GameLift {
  service: ServiceDefinition;
  processes: ServerProcessService;
  /** Stops every timer; the instance answers nothing useful afterwards. */
  close(): void;
}

/** A local Amazon GameLift: the client API as a service definition, and the model's side of the server SDK. */
export function createGameLift(options: GameLiftOptions): GameLift {
  const model = new GameLiftModel({
    account: { region: options.region, accountId: options.accountId },
    timings: resolveTimings(options.timings),
    scheduler: new Scheduler(),
    now: options.now ?? Date.now,
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
  return { service, processes: new ProcessService(model, options.sdkEndpoint), close: () => model.close() };
}
