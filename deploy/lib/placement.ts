/** How players reach a game server: the game session queue, and FlexMatch's rule set and configuration. */
import { CfnGameSessionQueue, CfnMatchmakingConfiguration, CfnMatchmakingRuleSet } from "aws-cdk-lib/aws-gamelift";
import { Construct } from "constructs";
import type { GameConfig } from "@phaser-gamelift/local/game-config";

export class Placement extends Construct {
  readonly queueName: string;
  readonly queueArn: string;
  readonly matchmakingConfigurationName?: string;
  readonly matchmakingConfigurationArn?: string;

  constructor(scope: Construct, id: string, config: GameConfig, destinations: { aliasArn: string; fleetArn: string }) {
    super(scope, id);
    const q = config.gamelift.queue;
    const queue = new CfnGameSessionQueue(this, "Queue", {
      name: q.name,
      timeoutInSeconds: q.timeoutSeconds,
      destinations: q.destinations.map((d) => ({ destinationArn: d === "alias" ? destinations.aliasArn : d === "fleet" ? destinations.fleetArn : d })),
      ...(q.playerLatencyPolicies.length
        ? {
            playerLatencyPolicies: q.playerLatencyPolicies.map((p) => ({
              maximumIndividualPlayerLatencyMilliseconds: p.maximumIndividualPlayerLatencyMs,
              ...(p.policyDurationSeconds !== undefined ? { policyDurationSeconds: p.policyDurationSeconds } : {}),
            })),
          }
        : {}),
      ...(q.priority ? { priorityConfiguration: { priorityOrder: q.priority.order, ...(q.priority.locationOrder ? { locationOrder: q.priority.locationOrder } : {}) } } : {}),
      ...(q.filter ? { filterConfiguration: { allowedLocations: q.filter.allowedLocations } } : {}),
    });
    this.queueName = q.name;
    this.queueArn = queue.attrArn;

    const mm = config.gamelift.matchmaking;
    if (!mm) return;
    const ruleSet = new CfnMatchmakingRuleSet(this, "RuleSet", { name: mm.ruleSet.name, ruleSetBody: JSON.stringify(mm.ruleSet.body) });
    const c = mm.configuration;
    const configuration = new CfnMatchmakingConfiguration(this, "Matchmaking", {
      name: c.name,
      ...(c.description ? { description: c.description } : {}),
      ruleSetName: ruleSet.attrName,
      flexMatchMode: c.mode,
      ...(c.mode === "WITH_QUEUE" ? { gameSessionQueueArns: [queue.attrArn] } : {}),
      acceptanceRequired: c.acceptanceRequired,
      ...(c.acceptanceTimeoutSeconds !== undefined ? { acceptanceTimeoutSeconds: c.acceptanceTimeoutSeconds } : {}),
      requestTimeoutSeconds: c.requestTimeoutSeconds,
      backfillMode: c.backfill,
      additionalPlayerCount: c.additionalPlayerCount,
      ...(Object.keys(c.gameProperties).length ? { gameProperties: Object.entries(c.gameProperties).map(([key, value]) => ({ key, value })) } : {}),
      ...(c.gameSessionData ? { gameSessionData: c.gameSessionData } : {}),
    });
    this.matchmakingConfigurationName = c.name;
    this.matchmakingConfigurationArn = configuration.attrArn;
  }
}
