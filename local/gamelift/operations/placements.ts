import type { Operation } from "../../http/service.ts";
import { invalidRequest } from "../../http/service-error.ts";
import { queueNameOf } from "../ids.ts";
import type { GameLiftModel } from "../model/gamelift-model.ts";
import { DEFAULT_QUEUE_TIMEOUT_SECONDS, type QueueSettings } from "../model/placements.ts";
import { PRIORITY_TYPES, type PlayerLatency, type PriorityType } from "../model/queue-priority.ts";
import { page } from "../page-tokens.ts";
import { placementShape, queueShape } from "../shapes.ts";
import { InputReader } from "../validation.ts";
import { RULES, checkDistinct, readGameProperties, readLimit, readMaxPlayers } from "./common.ts";

/** Queue settings the local queue accepts and echoes back without acting on them (it sends no notifications). */
const PASSTHROUGH = ["CustomEventData", "NotificationTarget"] as const;

/**
 * The settings CreateGameSessionQueue and UpdateGameSessionQueue share, as given (unset members stay unset).
 * Constraints from the service model; "if you include LOCATION you must also provide an ordered list of
 * locations" from the developer guide (queues-design: custom priority order).
 */
function readQueueSettings(r: InputReader, input: Record<string, unknown>): Partial<QueueSettings> {
  // The model says WholeNumber; the documentation: "The minimum value is 10 and the maximum value is 600."
  const timeoutInSeconds = r.integer("TimeoutInSeconds", { min: 10, max: 600 });
  const destinations = r.list("Destinations", {}, (e) => e.structure().requiredString("DestinationArn", RULES.arnString));
  const allowedLocations = r.structure("FilterConfiguration")?.list("AllowedLocations", { min: 1, max: 100 }, (e) => e.string(RULES.location));
  const playerLatencyPolicies = r.list("PlayerLatencyPolicies", {}, (e) => {
    const p = e.structure();
    // "All policies must have a value set for this property."
    const cap = p.requiredInteger("MaximumIndividualPlayerLatencyMilliseconds", { min: 0 });
    const duration = p.integer("PolicyDurationSeconds", { min: 0 });
    return { maximumIndividualPlayerLatencyMs: cap, ...(duration !== undefined ? { policyDurationSeconds: duration } : {}) };
  });
  const priorityReader = r.structure("PriorityConfiguration");
  let priority: QueueSettings["priority"];
  if (priorityReader) {
    const order = priorityReader.list("PriorityOrder", { min: 1, max: 4 }, (e) => e.string({ enum: PRIORITY_TYPES }) as PriorityType) ?? [];
    const locationOrder = priorityReader.list("LocationOrder", { min: 1, max: 100 }, (e) => e.string(RULES.location));
    checkDistinct(priorityReader, "PriorityOrder", order);
    if (locationOrder) checkDistinct(priorityReader, "LocationOrder", locationOrder);
    if (order.includes("LOCATION") && !locationOrder) {
      priorityReader.violation("LocationOrder", undefined, "Member must not be null when PriorityOrder includes LOCATION");
    }
    priority = { order: order.length > 0 ? order : [...PRIORITY_TYPES], ...(locationOrder ? { locationOrder } : {}) };
  }
  r.string("CustomEventData", { max: 256 });
  r.string("NotificationTarget", { max: 300 });
  const passthrough: Record<string, unknown> = {};
  for (const key of PASSTHROUGH) if (input[key] !== undefined && input[key] !== null) passthrough[key] = input[key];
  return { timeoutInSeconds, destinations, allowedLocations, playerLatencyPolicies, priority, passthrough };
}

/**
 * StartGameSessionPlacement's PlayerLatencies: PlayerId and RegionIdentifier (1–1024 characters each) and a
 * non-negative LatencyInMilliseconds. The model leaves the members optional; an entry missing one could not be
 * weighed, so it is refused here rather than quietly ignored.
 */
function readPlayerLatencies(r: InputReader): PlayerLatency[] | undefined {
  return r.list("PlayerLatencies", {}, (e) => {
    const l = e.structure();
    return {
      playerId: l.requiredString("PlayerId", RULES.playerId),
      regionIdentifier: l.requiredString("RegionIdentifier", RULES.nonZeroAndMax),
      latencyInMilliseconds: l.number("LatencyInMilliseconds", { min: 0 }) ?? requiredMissing(l, "LatencyInMilliseconds"),
    };
  });
}

function requiredMissing(r: InputReader, member: string): number {
  r.violation(member, undefined, "Member must not be null");
  return 0;
}

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
      const settings = readQueueSettings(r, input);
      r.done();
      const queue = placements.createQueue({
        ...settings,
        name,
        timeoutInSeconds: settings.timeoutInSeconds ?? DEFAULT_QUEUE_TIMEOUT_SECONDS,
        destinations: settings.destinations ?? [],
        playerLatencyPolicies: settings.playerLatencyPolicies ?? [],
        passthrough: settings.passthrough ?? {},
      });
      return { GameSessionQueue: queueShape(queue) };
    },

    UpdateGameSessionQueue(input) {
      const r = InputReader.of(input);
      const name = r.requiredString("Name", RULES.queueNameOrArn);
      const settings = readQueueSettings(r, input);
      r.done();
      return { GameSessionQueue: queueShape(placements.updateQueue(placements.queue(name), settings)) };
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
      const playerLatencies = readPlayerLatencies(r);
      r.done();
      if (desiredPlayers.length > maximumPlayerSessionCount) {
        throw invalidRequest(`DesiredPlayerSessions holds ${desiredPlayers.length} players but MaximumPlayerSessionCount is ${maximumPlayerSessionCount}.`);
      }
      const placement = placements.start({
        id,
        queue: placements.queue(queueName),
        request: { maximumPlayerSessionCount, name, gameProperties, gameSessionData },
        desiredPlayers,
        playerLatencies,
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
