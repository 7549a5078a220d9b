// The fleet launcher finds its fleet, location and alias again by name instead of making new ones, registers
// its compute anew, and takes the compute out of the fleet when it stops.
import { CreateFleetCommand, DescribeFleetCapacityCommand, GameLiftClient, ListAliasesCommand, ListComputeCommand, ListFleetsCommand, UpdateAliasCommand } from "@aws-sdk/client-gamelift";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { launchFleet, type LaunchFleetOptions } from "../../../../local/fleet/launcher.ts";
import { startLocalStack, type LocalStack } from "../../../../local/stack.ts";

let stack: LocalStack;
let client: GameLiftClient;

beforeAll(async () => {
  stack = await startLocalStack({ port: 0 });
  client = new GameLiftClient({ region: stack.region, endpoint: stack.endpoint, credentials: stack.developerCredentials, maxAttempts: 1 });
});
afterAll(async () => {
  client.destroy();
  await stack.stop();
});

const options = (overrides: Partial<LaunchFleetOptions> = {}): LaunchFleetOptions => ({
  endpoint: stack.endpoint,
  region: stack.region,
  credentials: stack.developerCredentials,
  fleetName: "reused",
  location: "custom-reuse",
  processes: 0,
  command: process.execPath,
  basePort: 0,
  ipAddress: "127.0.0.1",
  createAlias: true,
  log: () => undefined,
  ...overrides,
});

describe("launchFleet finds what it made before", () => {
  test("a second launch under the same name uses the same fleet and alias, with a compute of its own", async () => {
    const first = await launchFleet(options());
    const second = await launchFleet(options());
    try {
      expect(second.fleetId).toBe(first.fleetId);
      expect(second.fleetArn).toBe(first.fleetArn);
      expect(second.aliasId).toBe(first.aliasId);
      expect(second.aliasArn).toBe(first.aliasArn);
      expect(second.computeName).not.toBe(first.computeName);
      const fleets = (await client.send(new ListFleetsCommand({}))).FleetIds;
      expect(fleets).toEqual([first.fleetId]);
      const computes = (await client.send(new ListComputeCommand({ FleetId: first.fleetId }))).ComputeList?.map((c) => c.ComputeName).sort();
      expect(computes).toEqual([first.computeName, second.computeName].sort());
    } finally {
      await first.stop();
      await second.stop();
    }
    // Stopped launches leave the fleet (which stays, for the next launch) without their computes.
    expect((await client.send(new ListComputeCommand({ FleetId: first.fleetId }))).ComputeList).toEqual([]);
    const capacity = (await client.send(new DescribeFleetCapacityCommand({ FleetIds: [first.fleetId] }))).FleetCapacity?.[0];
    expect(capacity?.InstanceCounts?.ACTIVE).toBe(0);
  });

  test("an alias of the launch's name that routes to another fleet is pointed at this one, keeping its id", async () => {
    const other = await client.send(new CreateFleetCommand({ Name: "elsewhere", ComputeType: "ANYWHERE", Locations: [{ Location: "custom-reuse" }] }));
    const launched = await launchFleet(options({ fleetName: "moving", createAlias: "moving-alias" }));
    await launched.stop();
    await client.send(new UpdateAliasCommand({ AliasId: launched.aliasId, RoutingStrategy: { Type: "SIMPLE", FleetId: other.FleetAttributes!.FleetId } }));
    const again = await launchFleet(options({ fleetName: "moving", createAlias: "moving-alias" }));
    await again.stop();
    expect(again.aliasId).toBe(launched.aliasId);
    const aliases = (await client.send(new ListAliasesCommand({ Name: "moving-alias" }))).Aliases ?? [];
    expect(aliases.map((a) => [a.AliasId, a.RoutingStrategy?.FleetId])).toEqual([[launched.aliasId, launched.fleetId]]);
  });

  test("a fleet named otherwise, or given by id, is not taken for this one", async () => {
    const named = await launchFleet(options({ fleetName: "first-name", createAlias: false }));
    const renamed = await launchFleet(options({ fleetName: "second-name", createAlias: false }));
    const byId = await launchFleet(options({ fleetName: "third-name", fleetId: named.fleetId, createAlias: false }));
    await Promise.all([named.stop(), renamed.stop(), byId.stop()]);
    expect(renamed.fleetId).not.toBe(named.fleetId);
    expect(byId.fleetId).toBe(named.fleetId);
  });
});
