/**
 * A game config's GameLift definitions, made (or found again by name and brought in line) through the GameLift
 * client: the custom locations, the Anywhere fleet the local processes register with, the alias, the queue, and
 * the FlexMatch rule set and matchmaking configuration when the stack answers FlexMatch operations.
 */
import {
  CreateGameSessionQueueCommand,
  CreateMatchmakingConfigurationCommand,
  CreateMatchmakingRuleSetCommand,
  DeleteGameSessionQueueCommand,
  DeleteMatchmakingConfigurationCommand,
  DeleteMatchmakingRuleSetCommand,
  DescribeGameSessionQueuesCommand,
  DescribeMatchmakingConfigurationsCommand,
  DescribeMatchmakingRuleSetsCommand,
  UpdateGameSessionQueueCommand,
  UpdateMatchmakingConfigurationCommand,
  type GameLiftClient,
  type PriorityType,
} from "@aws-sdk/client-gamelift";
import { createAnywhereFleet, ensureCustomLocation, ensureFleetAlias, findAnywhereFleet, waitForFleetActive } from "../fleet/setup.ts";
import { localLocationName, type GameConfig, type MatchmakingConfig, type QueueConfig } from "../game-config/index.ts";

export interface AppliedGameLift {
  fleetId: string;
  fleetArn: string;
  aliasId: string;
  aliasArn: string;
  /** The local (custom-…) name of each config location, in the config's order. */
  locations: string[];
  queueName: string;
  queueArn: string;
  /** Absent when the game has no matchmaking, or the stack does not answer FlexMatch operations yet. */
  matchmaking?: { ruleSetName: string; configurationName: string; configurationArn: string };
}

const errorName = (error: unknown): string | undefined => (error as { name?: string }).name;
/** What the stack answers for an operation it does not have. */
const isUnknownOperation = (error: unknown): boolean => errorName(error) === "UnknownOperationException";

export async function applyGameLift(client: GameLiftClient, config: GameConfig, log: (message: string) => void = () => {}): Promise<AppliedGameLift> {
  const { fleet: fleetConfig, alias: aliasConfig } = config.gamelift;
  const locations = fleetConfig.locations.map(localLocationName);
  for (const location of locations) await ensureCustomLocation(client, location);

  // Found again by name (the stack keeps GameLift definitions across restarts), else made with every location.
  const found = await findAnywhereFleet(client, fleetConfig.name);
  const fleet = await waitForFleetActive(client, (found ?? (await createAnywhereFleet(client, fleetConfig.name, locations))).fleetId, 60_000);

  const alias = await ensureFleetAlias(client, { name: aliasConfig.name, fleetId: fleet.fleetId });
  return { ...fleet, ...alias, locations, ...(await applyPlacement(client, config, { fleetArn: fleet.fleetArn, aliasArn: alias.aliasArn }, log)) };
}

/**
 * The config's queue, its destinations ("alias", "fleet") resolved to the fleet and alias given, and its FlexMatch
 * rule set and configuration on that queue: what applyGameLift does once the fleet is there. Tests that launch a
 * fleet of their own give the demo's matchmaking to it with this.
 */
export async function applyPlacement(
  client: GameLiftClient,
  config: GameConfig,
  target: { fleetArn: string; aliasArn: string },
  log: (message: string) => void = () => {},
): Promise<Pick<AppliedGameLift, "queueName" | "queueArn" | "matchmaking">> {
  const { queue: queueConfig, matchmaking } = config.gamelift;
  const destinations = queueConfig.destinations.map((d) => (d === "alias" ? target.aliasArn : d === "fleet" ? target.fleetArn : d));
  const queue = await applyQueue(client, queueConfig, destinations, log);
  const applied: Pick<AppliedGameLift, "queueName" | "queueArn" | "matchmaking"> = { queueName: queueConfig.name, queueArn: queue };
  if (matchmaking) {
    const mm = await applyMatchmaking(client, matchmaking, queue, log);
    if (mm) applied.matchmaking = mm;
  }
  return applied;
}

/** The queue's settings with the config's locations in their local (custom-…) names. */
function queueSettings(queue: QueueConfig, destinations: string[]) {
  return {
    TimeoutInSeconds: queue.timeoutSeconds,
    Destinations: destinations.map((DestinationArn) => ({ DestinationArn })),
    PlayerLatencyPolicies: queue.playerLatencyPolicies.map((p) => ({
      MaximumIndividualPlayerLatencyMilliseconds: p.maximumIndividualPlayerLatencyMs,
      ...(p.policyDurationSeconds !== undefined ? { PolicyDurationSeconds: p.policyDurationSeconds } : {}),
    })),
    ...(queue.priority
      ? {
          PriorityConfiguration: {
            PriorityOrder: queue.priority.order as PriorityType[],
            ...(queue.priority.locationOrder ? { LocationOrder: queue.priority.locationOrder.map(localLocationName) } : {}),
          },
        }
      : {}),
    ...(queue.filter ? { FilterConfiguration: { AllowedLocations: queue.filter.allowedLocations.map(localLocationName) } } : {}),
  };
}

/** Returns the queue's ARN. A queue's name is its identity, so remaking it keeps what games know of it. */
async function applyQueue(client: GameLiftClient, queue: QueueConfig, destinations: string[], log: (message: string) => void): Promise<string> {
  const settings = queueSettings(queue, destinations);
  const existing = (await client.send(new DescribeGameSessionQueuesCommand({ Names: [queue.name] }))).GameSessionQueues?.[0];
  if (existing) {
    try {
      const updated = await client.send(new UpdateGameSessionQueueCommand({ Name: queue.name, ...settings }));
      return updated.GameSessionQueue!.GameSessionQueueArn!;
    } catch (error) {
      if (!isUnknownOperation(error)) throw error;
      log(`this stack cannot update queues: making ${queue.name} again`);
      await client.send(new DeleteGameSessionQueueCommand({ Name: queue.name }));
    }
  }
  return (await client.send(new CreateGameSessionQueueCommand({ Name: queue.name, ...settings }))).GameSessionQueue!.GameSessionQueueArn!;
}

/**
 * The rule set and the matchmaking configuration. A stack without FlexMatch answers UnknownOperationException:
 * then they are skipped with a note, and made on the first start of a stack that has them.
 */
async function applyMatchmaking(
  client: GameLiftClient,
  mm: MatchmakingConfig,
  queueArn: string,
  log: (message: string) => void,
): Promise<AppliedGameLift["matchmaking"]> {
  const body = JSON.stringify(mm.ruleSet.body);
  let ruleSets;
  try {
    ruleSets = await client.send(new DescribeMatchmakingRuleSetsCommand({ Names: [mm.ruleSet.name] }));
  } catch (error) {
    if (isUnknownOperation(error)) {
      log("this local stack has no FlexMatch yet: the rule set and matchmaking configuration are not made");
      return undefined;
    }
    if (errorName(error) !== "NotFoundException") throw error;
  }
  const c = mm.configuration;
  const settings = {
    Description: c.description,
    GameSessionQueueArns: c.mode === "WITH_QUEUE" ? [queueArn] : undefined,
    RequestTimeoutSeconds: c.requestTimeoutSeconds,
    AcceptanceTimeoutSeconds: c.acceptanceTimeoutSeconds,
    AcceptanceRequired: c.acceptanceRequired,
    RuleSetName: mm.ruleSet.name,
    AdditionalPlayerCount: c.additionalPlayerCount,
    GameProperties: Object.entries(c.gameProperties).map(([Key, Value]) => ({ Key, Value })),
    GameSessionData: c.gameSessionData,
    BackfillMode: c.backfill,
    FlexMatchMode: c.mode,
  };
  const existingConfig = await client
    .send(new DescribeMatchmakingConfigurationsCommand({ Names: [c.name] }))
    .then((r) => r.Configurations?.[0])
    .catch((error: unknown) => (errorName(error) === "NotFoundException" ? undefined : Promise.reject(error)));
  const existingRuleSet = ruleSets?.RuleSets?.[0];
  // Rule sets cannot change: a different body means a new rule set under the same name, after the configuration
  // that uses it is gone.
  let configurationExists = existingConfig !== undefined;
  if (existingRuleSet && existingRuleSet.RuleSetBody !== body) {
    if (configurationExists) await client.send(new DeleteMatchmakingConfigurationCommand({ Name: c.name }));
    configurationExists = false;
    await client.send(new DeleteMatchmakingRuleSetCommand({ Name: mm.ruleSet.name }));
  }
  if (!existingRuleSet || existingRuleSet.RuleSetBody !== body) {
    await client.send(new CreateMatchmakingRuleSetCommand({ Name: mm.ruleSet.name, RuleSetBody: body }));
  }
  const configuration = configurationExists
    ? (await client.send(new UpdateMatchmakingConfigurationCommand({ Name: c.name, ...settings }))).Configuration
    : (await client.send(new CreateMatchmakingConfigurationCommand({ Name: c.name, ...settings }))).Configuration;
  return { ruleSetName: mm.ruleSet.name, configurationName: c.name, configurationArn: configuration?.ConfigurationArn ?? "" };
}
