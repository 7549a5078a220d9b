import type { Operation } from "../../http/service.ts";
import { invalidRequest } from "../../http/service-error.ts";
import { queueNameOf } from "../ids.ts";
import type { GameLiftModel } from "../model/gamelift-model.ts";
import { DEFAULT_QUEUE_TIMEOUT_SECONDS } from "../model/placements.ts";
import { page } from "../page-tokens.ts";
import { placementShape, queueShape } from "../shapes.ts";
import { InputReader } from "../validation.ts";
import { RULES, checkDistinct, readGameProperties, readLimit, readMaxPlayers } from "./common.ts";

/** Queue settings the local queue accepts and echoes back without acting on them. */
const PASSTHROUGH = ["PlayerLatencyPolicies", "PriorityConfiguration", "CustomEventData", "NotificationTarget"] as const;

export function placementOperations(model: GameLiftModel): Record<string, Operation> {
  const placements = model.placements;

  function placementById(input: Record<string, unknown>) {
    const r = InputReader.of(input);
    const id = r.requiredString("PlacementId", RULES.idString);
    r.done();
    return placements.placement(id);
  }

  return {
    CreateGameSessionQueue(input) {
      const r = InputReader.of(input);
      const name = r.requiredString("Name", RULES.queueName);
      // The model says WholeNumber; the documentation: "The minimum value is 10 and the maximum value is 600."
      const timeout = r.integer("TimeoutInSeconds", { min: 10, max: 600 });
      const destinations = r.list("Destinations", {}, (e) => e.structure().requiredString("DestinationArn", RULES.arnString)) ?? [];
      const allowedLocations = r.structure("FilterConfiguration")?.list("AllowedLocations", { min: 1, max: 100 }, (e) => e.string(RULES.location));
      r.string("CustomEventData", { max: 256 });
      r.string("NotificationTarget", { max: 300 });
      r.done();
      const passthrough: Record<string, unknown> = {};
      for (const key of PASSTHROUGH) if (input[key] !== undefined && input[key] !== null) passthrough[key] = input[key];
      if (allowedLocations) passthrough.FilterConfiguration = { AllowedLocations: allowedLocations };
      const queue = placements.createQueue({ name, timeoutInSeconds: timeout ?? DEFAULT_QUEUE_TIMEOUT_SECONDS, destinations, allowedLocations, passthrough });
      return { GameSessionQueue: queueShape(queue) };
    },

    DescribeGameSessionQueues(input) {
      const r = InputReader.of(input);
      const names = r.list("Names", {}, (e) => e.string(RULES.queueNameOrArn));
      const limit = readLimit(r);
      const nextToken = r.string("NextToken", RULES.nextToken);
      r.done();
      // "Objects are returned only for queues that currently exist in the Region."
      const queues = names === undefined ? [...placements.queues.values()] : names.flatMap((n) => placements.queues.get(queueNameOf(n)) ?? []);
      const scope = ["DescribeGameSessionQueues", ...(names ?? [])].join("\0");
      const result = page(model.pageTokens, scope, queues, model.pageTokens.offsetOf(scope, nextToken), limit ?? queues.length);
      return { GameSessionQueues: result.items.map(queueShape), NextToken: result.nextToken };
    },

    DeleteGameSessionQueue(input) {
      const r = InputReader.of(input);
      const name = r.requiredString("Name", RULES.queueNameOrArn);
      r.done();
      placements.deleteQueue(placements.queue(name));
      return {};
    },

    StartGameSessionPlacement(input) {
      const r = InputReader.of(input);
      const id = r.requiredString("PlacementId", RULES.idString);
      const queueName = r.requiredString("GameSessionQueueName", RULES.queueNameOrArn);
      const gameProperties = readGameProperties(r) ?? [];
      const maximumPlayerSessionCount = readMaxPlayers(r, "MaximumPlayerSessionCount", true);
      const name = r.string("GameSessionName", RULES.nonZeroAndMax);
      const gameSessionData = r.string("GameSessionData", RULES.largeGameSessionData);
      const desiredPlayers =
        r.list("DesiredPlayerSessions", {}, (e) => {
          const d = e.structure();
          return { playerId: d.requiredString("PlayerId", RULES.playerId), playerData: d.string("PlayerData", RULES.playerData) };
        }) ?? [];
      checkDistinct(r, "DesiredPlayerSessions", desiredPlayers.map((d) => d.playerId));
      // Echoed back as given; only their shape is checked (the local queue does not weigh latencies).
      const playerLatencies = r.list("PlayerLatencies", {}, (e) => e.structure());
      r.done();
      if (desiredPlayers.length > maximumPlayerSessionCount) {
        throw invalidRequest(`DesiredPlayerSessions holds ${desiredPlayers.length} players but MaximumPlayerSessionCount is ${maximumPlayerSessionCount}.`);
      }
      const placement = placements.start({
        id,
        queue: placements.queue(queueName),
        request: { maximumPlayerSessionCount, name, gameProperties, gameSessionData },
        desiredPlayers,
        playerLatencies: playerLatencies === undefined ? undefined : (input.PlayerLatencies as unknown[]),
      });
      return { GameSessionPlacement: placementShape(placement) };
    },

    DescribeGameSessionPlacement(input) {
      return { GameSessionPlacement: placementShape(placementById(input)) };
    },

    StopGameSessionPlacement(input) {
      const placement = placementById(input);
      placements.stop(placement);
      return { GameSessionPlacement: placementShape(placement) };
    },
  };
}
