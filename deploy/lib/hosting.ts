/**
 * Where the game server runs: a managed container fleet built from the game-server folder, or an Anywhere fleet
 * whose computes the developer registers (with the kit's own fleet launcher, say), and the alias games connect to.
 */
import { Aws, Fn } from "aws-cdk-lib";
import { Platform, DockerImageAsset } from "aws-cdk-lib/aws-ecr-assets";
import { CfnAlias, CfnContainerFleet, CfnContainerGroupDefinition, CfnFleet, CfnLocation } from "aws-cdk-lib/aws-gamelift";
import { ManagedPolicy, Role, ServicePrincipal } from "aws-cdk-lib/aws-iam";
import { Construct } from "constructs";
import type { GameConfig } from "@phaser-gamelift/local/game-config";
import { serverImageContext } from "./server-image.ts";

/**
 * The server SDK version the kit's GameLift server SDK reports (server/sdk/server-sdk.ts SDK_VERSION; a test keeps
 * the two equal). GameLift needs it to run the container's processes.
 */
export const SERVER_SDK_VERSION = "5.6.0";
const CONTAINER_NAME = "game-server";

export class Hosting extends Construct {
  readonly fleetId: string;
  readonly fleetArn: string;
  readonly aliasId: string;
  readonly aliasArn: string;

  constructor(scope: Construct, id: string, config: GameConfig) {
    super(scope, id);
    const fleet = config.gamelift.fleet.type === "container" ? this.containerFleet(config) : this.anywhereFleet(config);
    this.fleetId = fleet.fleetId;
    this.fleetArn = fleet.fleetArn;
    const alias = new CfnAlias(this, "Alias", {
      name: config.gamelift.alias.name,
      description: config.gamelift.alias.description ?? `Where ${config.game}'s players are sent`,
      routingStrategy: { type: "SIMPLE", fleetId: fleet.fleetId },
    });
    this.aliasId = alias.attrAliasId;
    // Alias ARNs carry no account: arn:${Partition}:gamelift:${Region}::alias/${AliasId}.
    this.aliasArn = Fn.join("", ["arn:", Aws.PARTITION, ":gamelift:", Aws.REGION, "::alias/", alias.attrAliasId]);
  }

  private containerFleet(config: GameConfig): { fleetId: string; fleetArn: string } {
    const fleet = config.gamelift.fleet;
    const container = fleet.container;
    const context = serverImageContext(config);
    const image = new DockerImageAsset(this, "ServerImage", { directory: context.directory, platform: Platform.LINUX_AMD64 });
    const group = new CfnContainerGroupDefinition(this, "ServerGroup", {
      name: `${config.game}-server`,
      containerGroupType: "GAME_SERVER",
      operatingSystem: "AMAZON_LINUX_2023",
      totalMemoryLimitMebibytes: container.memoryMiB,
      totalVcpuLimit: container.vcpu,
      gameServerContainerDefinition: {
        containerName: CONTAINER_NAME,
        imageUri: image.imageUri,
        serverSdkVersion: SERVER_SDK_VERSION,
        // One game server process per container group; GameLift maps a connection port to this one.
        portConfiguration: { containerPortRanges: [{ fromPort: container.containerPort, toPort: container.containerPort, protocol: "TCP" }] },
        environmentOverride: [{ name: "PORT", value: String(container.containerPort) }],
      },
    });
    // GameLift runs the containers with this role (the managed policy AWS documents for container fleets).
    const role = new Role(this, "FleetRole", {
      assumedBy: new ServicePrincipal("gamelift.amazonaws.com"),
      managedPolicies: [ManagedPolicy.fromAwsManagedPolicyName("GameLiftContainerFleetPolicy")],
      description: `Runs ${config.game}'s game server containers`,
    });
    const containerFleet = new CfnContainerFleet(this, "Fleet", {
      description: `${config.game} game servers`,
      fleetRoleArn: role.roleArn,
      gameServerContainerGroupDefinitionName: group.name,
      gameServerContainerGroupsPerInstance: fleet.processesPerCompute,
      instanceType: container.instanceType,
      billingType: container.billing,
      instanceConnectionPortRange: { fromPort: fleet.ports.from, toPort: fleet.ports.to },
      instanceInboundPermissions: [{ fromPort: fleet.ports.from, toPort: fleet.ports.to, ipRange: container.inboundCidr, protocol: "TCP" }],
      locations: fleet.locations.map((location) => ({
        location,
        locationCapacity: { desiredEc2Instances: container.capacity.desired, minSize: container.capacity.min, maxSize: container.capacity.max },
      })),
      // A running match is never ended by scaling in.
      newGameSessionProtectionPolicy: "FullProtection",
      tags: [{ key: "game", value: config.game }],
    });
    containerFleet.addResourceDependency(group);
    return { fleetId: containerFleet.attrFleetId, fleetArn: containerFleet.attrFleetArn };
  }

  private anywhereFleet(config: GameConfig): { fleetId: string; fleetArn: string } {
    const fleet = config.gamelift.fleet;
    const locations = fleet.locations.map((name, i) => new CfnLocation(this, `Location${i}`, { locationName: name }));
    const anywhere = new CfnFleet(this, "Fleet", {
      name: fleet.name,
      description: `${config.game} game servers on the developer's own computes`,
      computeType: "ANYWHERE",
      locations: fleet.locations.map((location) => ({ location })),
      newGameSessionProtectionPolicy: "FullProtection",
    });
    for (const location of locations) anywhere.addResourceDependency(location);
    return { fleetId: anywhere.attrFleetId, fleetArn: anywhere.attrFleetArn };
  }
}
