/**
 * The demo's placement and FlexMatch set-up, made (or found again by name and brought in line) over the wire with
 * the GameLift client, the way a set-up script would do it against AWS: a game session queue on the fleet's
 * alias, a rule set (two teams of one or two, close average skill), and a matchmaking configuration that asks the
 * players to accept and places matches through the queue on the arena. Names are stable, so a game keeps them.
 *
 * The names, rule set and settings are the ones the demo's gamelift.config.json gives (the game config work
 * applies that file through the same calls); when the local stack applies the config, this module has done its
 * part.
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
  GameLiftClient,
  UpdateMatchmakingConfigurationCommand,
  type MatchmakingConfiguration,
} from "@aws-sdk/client-gamelift";

export interface DemoMatchmaking {
  queueName: string;
  queueArn: string;
  ruleSetName: string;
  configurationName: string;
  configurationArn: string;
}

export const DEMO_QUEUE_NAME = "phaser-gamelift-demo-queue";
export const DEMO_RULE_SET_NAME = "phaser-gamelift-demo-rules";
export const DEMO_CONFIGURATION_NAME = "phaser-gamelift-demo-match";

/** Two teams of one or two: two players make a 1v1 at once, four a 2v2; a skill gap widens after 10 s. */
export const DEMO_RULE_SET = {
  name: DEMO_RULE_SET_NAME,
  ruleLanguageVersion: "1.0",
  playerAttributes: [{ name: "skill", type: "number", default: 10 }],
  teams: [
    { name: "red", minPlayers: 1, maxPlayers: 2 },
    { name: "blue", minPlayers: 1, maxPlayers: 2 },
  ],
  rules: [
    {
      name: "FairTeamSkill",
      description: "The teams' average skills are close",
      type: "distance",
      measurements: ["avg(teams[*].players.attributes[skill])"],
      referenceValue: "avg(flatten(teams[*].players.attributes[skill]))",
      maxDistance: 10,
    },
  ],
  expansions: [{ target: "rules[FairTeamSkill].maxDistance", steps: [{ waitTimeSeconds: 10, value: 50 }] }],
};

const QUEUE_TIMEOUT_SECONDS = 120;

/** The configuration's settings; Name and RuleSetName are added where it is made or updated. */
const CONFIGURATION = {
  Description: "Quick match in the demo's arena",
  RequestTimeoutSeconds: 60,
  AcceptanceRequired: true,
  AcceptanceTimeoutSeconds: 20,
  BackfillMode: "MANUAL",
  FlexMatchMode: "WITH_QUEUE",
  AdditionalPlayerCount: 0,
  GameProperties: [{ Key: "map", Value: "arena" }],
} as const;

export interface DemoMatchmakingTarget {
  endpoint: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  /** Where the queue places sessions: the demo fleet's alias (or the fleet) ARN. */
  destinationArn: string;
}

export async function ensureDemoMatchmaking(target: DemoMatchmakingTarget): Promise<DemoMatchmaking> {
  const client = new GameLiftClient({ region: target.region, endpoint: target.endpoint, credentials: target.credentials });
  try {
    const queueArn = await ensureQueue(client, target.destinationArn);
    const body = JSON.stringify(DEMO_RULE_SET);
    const ruleSet = (await client.send(new DescribeMatchmakingRuleSetsCommand({ Names: [DEMO_RULE_SET_NAME] })).catch(notFoundAsNothing))?.RuleSets?.[0];
    let configuration = await describeConfiguration(client);
    // A rule set cannot change: another body (an older demo's) is replaced under the same name, after the
    // configuration that uses it.
    if (ruleSet && ruleSet.RuleSetBody !== body) {
      if (configuration) await client.send(new DeleteMatchmakingConfigurationCommand({ Name: DEMO_CONFIGURATION_NAME }));
      configuration = undefined;
      await client.send(new DeleteMatchmakingRuleSetCommand({ Name: DEMO_RULE_SET_NAME }));
    }
    if (!ruleSet || ruleSet.RuleSetBody !== body) await client.send(new CreateMatchmakingRuleSetCommand({ Name: DEMO_RULE_SET_NAME, RuleSetBody: body }));
    const settings = { ...CONFIGURATION, GameProperties: [...CONFIGURATION.GameProperties], RuleSetName: DEMO_RULE_SET_NAME, GameSessionQueueArns: [queueArn] };
    const made = configuration
      ? (await client.send(new UpdateMatchmakingConfigurationCommand({ Name: DEMO_CONFIGURATION_NAME, ...settings }))).Configuration
      : (await client.send(new CreateMatchmakingConfigurationCommand({ Name: DEMO_CONFIGURATION_NAME, ...settings }))).Configuration;
    return {
      queueName: DEMO_QUEUE_NAME,
      queueArn,
      ruleSetName: DEMO_RULE_SET_NAME,
      configurationName: DEMO_CONFIGURATION_NAME,
      configurationArn: made?.ConfigurationArn ?? "",
    };
  } finally {
    client.destroy();
  }
}

/** The queue, pointed at the destination: kept when it already is (its ARN is its name's either way). */
async function ensureQueue(client: GameLiftClient, destinationArn: string): Promise<string> {
  const existing = (await client.send(new DescribeGameSessionQueuesCommand({ Names: [DEMO_QUEUE_NAME] })).catch(notFoundAsNothing))?.GameSessionQueues?.[0];
  const destinations = existing?.Destinations?.map((d) => d.DestinationArn) ?? [];
  if (existing?.GameSessionQueueArn && destinations.length === 1 && destinations[0] === destinationArn && existing.TimeoutInSeconds === QUEUE_TIMEOUT_SECONDS) {
    return existing.GameSessionQueueArn;
  }
  // The local stack has no UpdateGameSessionQueue: the queue is made again under its name.
  if (existing) await client.send(new DeleteGameSessionQueueCommand({ Name: DEMO_QUEUE_NAME }));
  const made = await client.send(
    new CreateGameSessionQueueCommand({ Name: DEMO_QUEUE_NAME, TimeoutInSeconds: QUEUE_TIMEOUT_SECONDS, Destinations: [{ DestinationArn: destinationArn }] }),
  );
  return made.GameSessionQueue!.GameSessionQueueArn!;
}

async function describeConfiguration(client: GameLiftClient): Promise<MatchmakingConfiguration | undefined> {
  const answer = await client.send(new DescribeMatchmakingConfigurationsCommand({ Names: [DEMO_CONFIGURATION_NAME] })).catch(notFoundAsNothing);
  return answer?.Configurations?.[0];
}

function notFoundAsNothing(error: unknown): undefined {
  if ((error as { name?: string }).name === "NotFoundException") return undefined;
  throw error;
}
