// GameLift's definitions (locations, fleets, aliases, queues, matchmaking rule sets and configurations) survive a
// restart on the same state dir; what GameLift keeps in its hosting processes (computes, game sessions,
// matchmaking tickets) does not.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, test } from "vitest";
import { createGameLift, type GameLift } from "../../../../../local/gamelift/index.ts";
import { GameLiftDefinitions, recordCodec } from "../../../../../local/gamelift/model/definitions.ts";
import type { RequestContext } from "../../../../../local/http/service.ts";

type Output = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const dirs: string[] = [];
const open: GameLift[] = [];
afterEach(() => {
  for (const g of open.splice(0)) g.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function stateDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "pgl-gamelift-defs-"));
  dirs.push(dir);
  return dir;
}

function start(dir: string | undefined) {
  const gamelift = createGameLift({ region: "us-west-2", accountId: "123456789012", sdkEndpoint: () => "ws://127.0.0.1:1/gamelift-sdk", stateDir: dir });
  open.push(gamelift);
  let n = 0;
  const call = (operation: string, input: Record<string, unknown> = {}): Output => {
    const ctx: RequestContext = { requestId: `req-${++n}`, operation, host: "127.0.0.1" };
    return gamelift.service.operations[operation]!(structuredClone(input), ctx) as Output;
  };
  const stop = () => {
    gamelift.close();
    open.splice(open.indexOf(gamelift), 1);
  };
  return { call, stop };
}

function define(call: ReturnType<typeof start>["call"]) {
  call("CreateLocation", { LocationName: "custom-home" });
  const fleet = call("CreateFleet", { Name: "arena", ComputeType: "ANYWHERE", Locations: [{ Location: "custom-home" }], Description: "the arena" }).FleetAttributes;
  const alias = call("CreateAlias", { Name: "arena-live", RoutingStrategy: { Type: "SIMPLE", FleetId: fleet.FleetId } }).Alias;
  const queue = call("CreateGameSessionQueue", {
    Name: "arena-queue",
    TimeoutInSeconds: 30,
    Destinations: [{ DestinationArn: alias.AliasArn }],
    PlayerLatencyPolicies: [{ MaximumIndividualPlayerLatencyMilliseconds: 80, PolicyDurationSeconds: 20 }, { MaximumIndividualPlayerLatencyMilliseconds: 200 }],
    PriorityConfiguration: { PriorityOrder: ["LATENCY", "LOCATION"], LocationOrder: ["custom-home"] },
    FilterConfiguration: { AllowedLocations: ["custom-home"] },
  }).GameSessionQueue;
  return { fleet, alias, queue };
}

describe("GameLift definitions across a restart", () => {
  test("locations, fleets, aliases and queues come back with the same ids, ARNs and attributes", () => {
    const dir = stateDir();
    const first = start(dir);
    const made = define(first.call);
    first.call("RegisterCompute", { FleetId: made.fleet.FleetId, ComputeName: "host-1", IpAddress: "10.0.0.1", Location: "custom-home" });
    const before = {
      fleets: first.call("DescribeFleetAttributes").FleetAttributes,
      aliases: first.call("ListAliases").Aliases,
      queues: first.call("DescribeGameSessionQueues").GameSessionQueues,
    };
    first.stop();

    const second = start(dir);
    expect(second.call("DescribeFleetAttributes").FleetAttributes).toEqual(before.fleets);
    expect(second.call("ListAliases").Aliases).toEqual(before.aliases);
    expect(second.call("DescribeGameSessionQueues").GameSessionQueues).toEqual(before.queues);
    expect(before.queues[0].PlayerLatencyPolicies).toHaveLength(2);
    expect(second.call("ResolveAlias", { AliasId: made.alias.AliasId })).toEqual({ FleetId: made.fleet.FleetId, FleetArn: made.fleet.FleetArn });
    // The location is there: creating it again is a conflict, and the fleet still hosts in it.
    expect(() => second.call("CreateLocation", { LocationName: "custom-home" })).toThrow(expect.objectContaining({ name: "ConflictException" }));
    // Computes are the hosting side's: a restarted fleet has none until its hosts register again.
    expect(second.call("ListCompute", { FleetId: made.fleet.FleetId }).ComputeList).toEqual([]);
    const again = second.call("RegisterCompute", { FleetId: made.fleet.FleetId, ComputeName: "host-1", IpAddress: "10.0.0.1", Location: "custom-home" });
    expect(again.Compute.FleetArn).toBe(made.fleet.FleetArn);
    expect(second.call("DescribeFleetAttributes").FleetAttributes[0].CreationTime).toBeInstanceOf(Date);
  });

  test("updates and deletes are kept too", () => {
    const dir = stateDir();
    const first = start(dir);
    const made = define(first.call);
    const other = first.call("CreateFleet", { Name: "other", ComputeType: "ANYWHERE", Locations: [{ Location: "custom-home" }] }).FleetAttributes;
    first.call("UpdateAlias", { AliasId: made.alias.AliasId, Description: "moved", RoutingStrategy: { Type: "SIMPLE", FleetId: other.FleetId } });
    first.call("DeleteGameSessionQueue", { Name: "arena-queue" });
    first.call("DeleteFleet", { FleetId: made.fleet.FleetId });
    first.stop();

    const second = start(dir);
    expect(second.call("ResolveAlias", { AliasId: made.alias.AliasId }).FleetId).toBe(other.FleetId);
    expect(second.call("DescribeAlias", { AliasId: made.alias.AliasId }).Alias.Description).toBe("moved");
    expect(second.call("DescribeGameSessionQueues").GameSessionQueues).toEqual([]);
    expect(second.call("ListFleets").FleetIds).toEqual([other.FleetId]);
  });

  test("matchmaking rule sets and configurations come back with their names, ARNs and settings, and match players again", () => {
    const dir = stateDir();
    const first = start(dir);
    const { queue } = define(first.call);
    const body = JSON.stringify({
      name: "duel",
      ruleLanguageVersion: "1.0",
      playerAttributes: [{ name: "skill", type: "number", default: 10 }],
      teams: [
        { name: "red", minPlayers: 1, maxPlayers: 1 },
        { name: "blue", minPlayers: 1, maxPlayers: 1 },
      ],
      rules: [{ name: "Close", type: "distance", measurements: ["avg(teams[*].players.attributes[skill])"], referenceValue: "avg(flatten(teams[*].players.attributes[skill]))", maxDistance: 20 }],
    });
    first.call("CreateMatchmakingRuleSet", { Name: "duel-rules", RuleSetBody: body });
    first.call("CreateMatchmakingRuleSet", { Name: "gone-rules", RuleSetBody: body });
    first.call("CreateMatchmakingConfiguration", {
      Name: "duel",
      RuleSetName: "duel-rules",
      GameSessionQueueArns: [queue.GameSessionQueueArn],
      RequestTimeoutSeconds: 60,
      AcceptanceRequired: true,
      AcceptanceTimeoutSeconds: 20,
      GameProperties: [{ Key: "map", Value: "arena" }],
      BackfillMode: "MANUAL",
    });
    first.call("UpdateMatchmakingConfiguration", { Name: "duel", Description: "one on one", AdditionalPlayerCount: 0 });
    first.call("CreateMatchmakingConfiguration", { Name: "gone", RuleSetName: "gone-rules", FlexMatchMode: "STANDALONE", RequestTimeoutSeconds: 30, AcceptanceRequired: false });
    first.call("DeleteMatchmakingConfiguration", { Name: "gone" });
    first.call("DeleteMatchmakingRuleSet", { Name: "gone-rules" });
    first.call("StartMatchmaking", { ConfigurationName: "duel", TicketId: "before", Players: [{ PlayerId: "ann", PlayerAttributes: { skill: { N: 10 } } }] });
    const before = {
      ruleSets: first.call("DescribeMatchmakingRuleSets").RuleSets,
      configurations: first.call("DescribeMatchmakingConfigurations").Configurations,
    };
    expect(before.ruleSets.map((r: Output) => r.RuleSetName)).toEqual(["duel-rules"]);
    expect(before.configurations).toHaveLength(1);
    first.stop();

    const second = start(dir);
    expect(second.call("DescribeMatchmakingRuleSets").RuleSets).toEqual(before.ruleSets);
    expect(second.call("DescribeMatchmakingConfigurations").Configurations).toEqual(before.configurations);
    expect(before.configurations[0]).toMatchObject({
      Name: "duel",
      ConfigurationArn: "arn:aws:gamelift:us-west-2::matchmakingconfiguration/duel",
      RuleSetArn: "arn:aws:gamelift:us-west-2::matchmakingruleset/duel-rules",
      Description: "one on one",
      AcceptanceRequired: true,
      AcceptanceTimeoutSeconds: 20,
      GameProperties: [{ Key: "map", Value: "arena" }],
    });
    expect(before.configurations[0].CreationTime).toBeInstanceOf(Date);
    // Tickets lived in the old instance only; the configuration takes new ones by name and by ARN.
    expect(second.call("DescribeMatchmaking", { TicketIds: ["before"] }).TicketList).toEqual([]);
    expect(second.call("StartMatchmaking", { ConfigurationName: "duel", Players: [{ PlayerId: "ann", PlayerAttributes: { skill: { N: 10 } } }] }).MatchmakingTicket.Status).toBe("QUEUED");
    expect(
      second.call("StartMatchmaking", { ConfigurationName: before.configurations[0].ConfigurationArn, Players: [{ PlayerId: "bo", PlayerAttributes: { skill: { N: 12 } } }] }).MatchmakingTicket.Status,
    ).toBe("QUEUED");
    // The rule set is in use by the restored configuration, and its name is taken.
    expect(() => second.call("DeleteMatchmakingRuleSet", { Name: "duel-rules" })).toThrow(expect.objectContaining({ name: "InvalidRequestException" }));
    expect(() => second.call("CreateMatchmakingRuleSet", { Name: "duel-rules", RuleSetBody: body })).toThrow(expect.objectContaining({ name: "InvalidRequestException" }));
  });

  test("without a state dir nothing is written and a new instance starts empty", () => {
    const first = start(undefined);
    define(first.call);
    first.stop();
    expect(start(undefined).call("ListFleets").FleetIds).toEqual([]);
  });

  test("a new kind of definition plugs in with a table of its own", () => {
    interface RuleSet {
      name: string;
      body: string;
      creationTime: Date;
    }
    const dir = stateDir();
    const a = GameLiftDefinitions.open(dir);
    const ruleSets = a.table<RuleSet>("matchmakingRuleSets", recordCodec<RuleSet>({ dates: ["creationTime"] }));
    ruleSets.save("duel", { name: "duel", body: "{}", creationTime: new Date(1_700_000_000_123) });
    ruleSets.save("brawl", { name: "brawl", body: "{}", creationTime: new Date(1_700_000_000_456) });
    ruleSets.delete("brawl");
    expect(() => a.table("matchmakingRuleSets")).toThrow(/already open/);
    a.close();

    const b = GameLiftDefinitions.open(dir);
    const back = b.table<RuleSet>("matchmakingRuleSets", recordCodec<RuleSet>({ dates: ["creationTime"] }));
    expect([...back.values()]).toEqual([{ name: "duel", body: "{}", creationTime: new Date(1_700_000_000_123) }]);
    b.close();
  });
});
