/**
 * A game's whole production set-up, from its gamelift.config.json: players (Cognito and the player roles),
 * hosting (fleet and alias), placement (queue and FlexMatch), and the public config the game's browser code is
 * built with, as stack outputs.
 */
import { CfnOutput, Stack, type StackProps } from "aws-cdk-lib";
import type { Construct } from "constructs";
import type { GameConfig } from "@phaser-gamelift/local/game-config";
// A type only: the public config's shape is the dev stack's (and the plugin's); nothing of the stack is loaded.
import type { PublicGameConfig } from "@phaser-gamelift/local";
import { Hosting } from "./hosting.ts";
import { Placement } from "./placement.ts";
import { Players } from "./players.ts";

/**
 * The output holding the whole public config as JSON: the Vite plugin reads it (CONFIG_OUTPUT_KEY) from the file
 * `cdk deploy --outputs-file` writes.
 */
export const PUBLIC_CONFIG_OUTPUT = "PhaserGameLiftConfig";

export interface GameStackProps extends StackProps {
  config: GameConfig;
}

export class GameStack extends Stack {
  readonly players: Players;
  readonly hosting: Hosting;
  readonly placement: Placement;
  /** Tokens until deploy: what PhaserGameLiftConfig holds. */
  readonly publicConfig: PublicGameConfig;

  constructor(scope: Construct, id: string, props: GameStackProps) {
    super(scope, id, { description: `${props.config.game}: players, game servers and matchmaking (phaser-gamelift)`, ...props });
    const { config } = props;
    this.hosting = new Hosting(this, "Hosting", config);
    this.placement = new Placement(this, "Placement", config, this.hosting);
    this.players = new Players(this, "Players", config, { queueArn: this.placement.queueArn });
    this.tags.setTag("game", config.game);

    const { providers } = config.cognito;
    this.publicConfig = {
      region: this.region,
      cognito: {
        userPoolId: this.players.userPool.userPoolId,
        appClientId: this.players.appClient.userPoolClientId,
        identityPoolId: this.players.identityPool.ref,
      },
      ...(providers.loginWithAmazon || providers.google ? { providers } : {}),
      gamelift: {
        aliasId: this.hosting.aliasId,
        location: config.gamelift.fleet.locations[0],
        queueName: this.placement.queueName,
        ...(this.placement.matchmakingConfigurationName ? { matchmakingConfigurationName: this.placement.matchmakingConfigurationName } : {}),
      },
      // Where kit.latency measures: every fleet location; AWS Regions have a default endpoint, custom ones the config's.
      latency: {
        locations: config.gamelift.fleet.locations,
        ...(config.gamelift.fleet.pingEndpoints ? { endpoints: config.gamelift.fleet.pingEndpoints } : {}),
      },
    };
    new CfnOutput(this, PUBLIC_CONFIG_OUTPUT, {
      description: "The public config of phaser-gamelift's Vite plugin (no secrets): region, Cognito ids, alias, queue, matchmaking",
      value: this.toJsonString(this.publicConfig),
    });
    // The same, field by field, for people and scripts.
    const outputs: Record<string, string | undefined> = {
      Region: this.region,
      UserPoolId: this.publicConfig.cognito.userPoolId,
      AppClientId: this.publicConfig.cognito.appClientId,
      IdentityPoolId: this.publicConfig.cognito.identityPoolId,
      AliasId: this.hosting.aliasId,
      FleetId: this.hosting.fleetId,
      QueueName: this.placement.queueName,
      MatchmakingConfigurationName: this.placement.matchmakingConfigurationName,
      PlayerRoleArn: this.players.playerRole.roleArn,
      GuestRoleArn: this.players.guestRole?.roleArn,
    };
    for (const [name, value] of Object.entries(outputs)) if (value !== undefined) new CfnOutput(this, name, { value });
  }
}
