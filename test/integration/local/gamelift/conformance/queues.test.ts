// Game session queues and placements: CreateGameSessionQueue, DescribeGameSessionQueues,
// UpdateGameSessionQueue, DeleteGameSessionQueue, StartGameSessionPlacement, DescribeGameSessionPlacement,
// StopGameSessionPlacement; where a placement goes (latency policies, filter, priority).
import { expect } from "vitest";
import { eventually } from "../../../../helpers/eventually.ts";
import { REF, conformance, failure, fresh, rule, type Out } from "./harness.ts";

const POLL_MS = 100;

conformance(
  "queues and placements",
  (protocol, suite) => {
    const call = suite.call(protocol);

    async function queueOn(destinations: string[], extra: Record<string, unknown> = {}) {
      const name = fresh("queue");
      const { GameSessionQueue } = await call("CreateGameSessionQueue", { Name: name, Destinations: destinations.map((DestinationArn) => ({ DestinationArn })), ...extra });
      return GameSessionQueue as Out;
    }
    const placement = async (id: string) => (await call("DescribeGameSessionPlacement", { PlacementId: id })).GameSessionPlacement as Out;
    const placed = (id: string, status: string) => eventually(async () => ((await placement(id)).Status === status ? placement(id) : undefined), `placement ${id} to be ${status}`, 10_000);

    rule("CreateGameSessionQueue: the queue's ARN is arn:aws:gamelift:<region>::gamesessionqueue/<name>", REF.api("GameSessionQueue"), async () => {
      const fleet = await suite.fleet(protocol, "queue-arn");
      const queue = await queueOn([fleet.fleetArn], { TimeoutInSeconds: 30 });
      expect(queue.GameSessionQueueArn).toBe(`arn:aws:gamelift:${suite.stack.region}::gamesessionqueue/${queue.Name}`);
      expect(queue.Destinations).toEqual([{ DestinationArn: fleet.fleetArn }]);
      expect(queue.TimeoutInSeconds).toBe(30);
    });

    rule("CreateGameSessionQueue: TimeoutInSeconds is 10 to 600", REF.api("CreateGameSessionQueue"), async () => {
      for (const TimeoutInSeconds of [9, 601]) {
        expect((await failure(call("CreateGameSessionQueue", { Name: fresh("q"), TimeoutInSeconds }))).name).toBe("InvalidRequestException");
      }
      expect((await call("CreateGameSessionQueue", { Name: fresh("q"), TimeoutInSeconds: 10 })).GameSessionQueue.TimeoutInSeconds).toBe(10);
    });

    rule("CreateGameSessionQueue: queue names are unique within the Region", REF.api2019, async () => {
      const name = fresh("unique");
      await call("CreateGameSessionQueue", { Name: name });
      expect((await failure(call("CreateGameSessionQueue", { Name: name }))).name).toBe("InvalidRequestException");
    });

    rule("CreateGameSessionQueue: destinations are fleet or alias ARNs of existing resources", REF.api("CreateGameSessionQueue"), async () => {
      const e = await failure(call("CreateGameSessionQueue", { Name: fresh("q"), Destinations: [{ DestinationArn: `arn:aws:gamelift:${suite.stack.region}::fleet/fleet-00000000-0000-0000-0000-000000000000` }] }));
      expect(e.name).toBe("NotFoundException");
    });

    rule("DescribeGameSessionQueues: by name or ARN, only queues that exist are returned", REF.api("DescribeGameSessionQueues"), async () => {
      const queue = await queueOn([]);
      const out = await call("DescribeGameSessionQueues", { Names: [queue.Name, queue.GameSessionQueueArn, "no-such-queue"] });
      expect(out.GameSessionQueues.map((q: { Name: string }) => q.Name)).toEqual([queue.Name, queue.Name]);
    });

    rule("DeleteGameSessionQueue: by name or ARN; the queue is gone", REF.api("DeleteGameSessionQueue"), async () => {
      const queue = await queueOn([]);
      await call("DeleteGameSessionQueue", { Name: queue.GameSessionQueueArn });
      expect((await call("DescribeGameSessionQueues", { Names: [queue.Name] })).GameSessionQueues).toEqual([]);
      expect((await failure(call("DeleteGameSessionQueue", { Name: queue.Name }))).name).toBe("NotFoundException");
    });

    rule("StartGameSessionPlacement: PENDING, then FULFILLED with the game session's ARN, address and port; GameSessionArn equals GameSessionId", REF.api("GameSessionPlacement"), async () => {
      const fleet = await suite.fleet(protocol, "placed");
      const [host] = await suite.hosts(protocol, fleet, 1);
      const queue = await queueOn([fleet.fleetArn]);
      const id = fresh("placement");
      const started = (await call("StartGameSessionPlacement", { PlacementId: id, GameSessionQueueName: queue.Name, MaximumPlayerSessionCount: 4, GameSessionName: "queued" })).GameSessionPlacement;
      expect(started.Status).toBe("PENDING");
      const done = await placed(id, "FULFILLED");
      expect(done.GameSessionArn).toBe(done.GameSessionId);
      expect(done.GameSessionArn).toMatch(new RegExp(`^arn:aws:gamelift:${fleet.location}::gamesession/${fleet.fleetId}/`));
      expect(done).toMatchObject({ IpAddress: "127.0.0.1", Port: host!.port, GameSessionRegion: fleet.location, GameSessionName: "queued" });
      expect((await call("DescribeGameSessions", { GameSessionId: done.GameSessionArn })).GameSessions[0].Status).toBe("ACTIVE");
    });

    rule("StartGameSessionPlacement: connection details and placed player sessions appear only once FULFILLED", REF.api("GameSessionPlacement"), async () => {
      const fleet = await suite.fleet(protocol, "not-final");
      await suite.hosts(protocol, fleet, 1, { activate: false });
      const queue = await queueOn([fleet.fleetArn]);
      const id = fresh("placement");
      await call("StartGameSessionPlacement", { PlacementId: id, GameSessionQueueName: queue.Name, MaximumPlayerSessionCount: 2, DesiredPlayerSessions: [{ PlayerId: "p" }] });
      const pending = await placement(id);
      expect(pending.Status).toBe("PENDING");
      expect([pending.IpAddress, pending.Port, pending.GameSessionArn, pending.PlacedPlayerSessions]).toEqual([undefined, undefined, undefined, undefined]);
    });

    rule("StartGameSessionPlacement: DesiredPlayerSessions become player sessions, listed in PlacedPlayerSessions", REF.api("GameSessionPlacement"), async () => {
      const fleet = await suite.fleet(protocol, "players");
      await suite.hosts(protocol, fleet, 1);
      const queue = await queueOn([fleet.fleetArn]);
      const id = fresh("placement");
      await call("StartGameSessionPlacement", { PlacementId: id, GameSessionQueueName: queue.Name, MaximumPlayerSessionCount: 4, DesiredPlayerSessions: [{ PlayerId: "alice" }, { PlayerId: "bob", PlayerData: "blue" }] });
      const done = await placed(id, "FULFILLED");
      expect(done.PlacedPlayerSessions.map((p: { PlayerId: string }) => p.PlayerId).sort()).toEqual(["alice", "bob"]);
      const sessions = (await call("DescribePlayerSessions", { GameSessionId: done.GameSessionArn })).PlayerSessions;
      expect(sessions.map((p: { Status: string }) => p.Status)).toEqual(["RESERVED", "RESERVED"]);
    });

    rule("StartGameSessionPlacement: destinations are tried in the queue's order; an alias destination places on its fleet", REF.api("CreateGameSessionQueue"), async () => {
      const empty = await suite.fleet(protocol, "first-empty");
      const second = await suite.fleet(protocol, "second");
      await suite.hosts(protocol, second, 1);
      const { Alias } = await call("CreateAlias", { Name: "second", RoutingStrategy: { Type: "SIMPLE", FleetId: second.fleetId } });
      const queue = await queueOn([empty.fleetArn, Alias.AliasArn]);
      const id = fresh("placement");
      await call("StartGameSessionPlacement", { PlacementId: id, GameSessionQueueName: queue.Name, MaximumPlayerSessionCount: 2 });
      expect((await placed(id, "FULFILLED")).GameSessionArn).toContain(`/${second.fleetId}/`);
    });

    rule("StartGameSessionPlacement: a PlacementId is unique and cannot be reused", REF.api("StartGameSessionPlacement"), async () => {
      const queue = await queueOn([]);
      const id = fresh("once");
      await call("StartGameSessionPlacement", { PlacementId: id, GameSessionQueueName: queue.Name, MaximumPlayerSessionCount: 2 });
      await call("StopGameSessionPlacement", { PlacementId: id });
      expect((await failure(call("StartGameSessionPlacement", { PlacementId: id, GameSessionQueueName: queue.Name, MaximumPlayerSessionCount: 2 }))).name).toBe("InvalidRequestException");
    });

    rule("StartGameSessionPlacement: an unknown queue is a NotFoundException", REF.api("StartGameSessionPlacement"), async () => {
      const e = await failure(call("StartGameSessionPlacement", { PlacementId: fresh("p"), GameSessionQueueName: fresh("no-queue"), MaximumPlayerSessionCount: 2 }));
      expect(e.name).toBe("NotFoundException");
    });

    rule("A placement not fulfilled within the queue's TimeoutInSeconds is TIMED_OUT", REF.api("CreateGameSessionQueue"), async () => {
      const fleet = await suite.fleet(protocol, "timeout");
      const queue = await queueOn([fleet.fleetArn], { TimeoutInSeconds: 10 });
      const id = fresh("placement");
      await call("StartGameSessionPlacement", { PlacementId: id, GameSessionQueueName: queue.Name, MaximumPlayerSessionCount: 2 });
      suite.clock.advance(9_000);
      expect((await placement(id)).Status).toBe("PENDING");
      suite.clock.advance(1_000 + POLL_MS);
      const timedOut = await placement(id);
      expect(timedOut.Status).toBe("TIMED_OUT");
      expect(timedOut.EndTime).toBeGreaterThan(timedOut.StartTime);
    });

    rule("StopGameSessionPlacement: a PENDING placement is CANCELLED", REF.api("StopGameSessionPlacement"), async () => {
      const queue = await queueOn([]);
      const id = fresh("stop");
      await call("StartGameSessionPlacement", { PlacementId: id, GameSessionQueueName: queue.Name, MaximumPlayerSessionCount: 2 });
      expect((await call("StopGameSessionPlacement", { PlacementId: id })).GameSessionPlacement.Status).toBe("CANCELLED");
      expect((await placement(id)).Status).toBe("CANCELLED");
    });

    rule("StopGameSessionPlacement: once a game session has been created for the placement it is an InvalidRequestException", REF.api("StopGameSessionPlacement"), async () => {
      const fleet = await suite.fleet(protocol, "too-late");
      await suite.hosts(protocol, fleet, 1, { activate: false });
      const queue = await queueOn([fleet.fleetArn]);
      const id = fresh("placement");
      await call("StartGameSessionPlacement", { PlacementId: id, GameSessionQueueName: queue.Name, MaximumPlayerSessionCount: 2 });
      expect((await failure(call("StopGameSessionPlacement", { PlacementId: id }))).name).toBe("InvalidRequestException");
    });

    rule("DeleteGameSessionQueue: unfulfilled placements that reference the deleted queue fail", REF.api("DeleteGameSessionQueue"), async () => {
      const fleet = await suite.fleet(protocol, "orphan");
      const queue = await queueOn([fleet.fleetArn]);
      const id = fresh("placement");
      await call("StartGameSessionPlacement", { PlacementId: id, GameSessionQueueName: queue.Name, MaximumPlayerSessionCount: 2 });
      await call("DeleteGameSessionQueue", { Name: queue.Name });
      suite.clock.advance(POLL_MS);
      expect((await placement(id)).Status).toBe("FAILED");
    });

    /** One fleet in two custom locations, a near one and a far one, each with `hosts` ready processes. */
    async function twoLocations(tag: string, hosts: { near: number; far: number }) {
      const near = `custom-${fresh(`${tag}-near`)}`;
      const far = `custom-${fresh(`${tag}-far`)}`;
      for (const LocationName of [near, far]) await call("CreateLocation", { LocationName });
      const { FleetAttributes } = await call("CreateFleet", { Name: fresh(tag), ComputeType: "ANYWHERE", Locations: [{ Location: far }, { Location: near }] });
      const fleet = { fleetId: FleetAttributes.FleetId as string, fleetArn: FleetAttributes.FleetArn as string };
      await suite.hosts(protocol, { ...fleet, location: near }, hosts.near);
      await suite.hosts(protocol, { ...fleet, location: far }, hosts.far);
      return { ...fleet, near, far };
    }
    const latencies = (player: string, near: string, far: string) => [
      { PlayerId: player, RegionIdentifier: near, LatencyInMilliseconds: 20 },
      { PlayerId: player, RegionIdentifier: far, LatencyInMilliseconds: 120 },
    ];
    const CAP_100_FOR_10S = { PlayerLatencyPolicies: [{ MaximumIndividualPlayerLatencyMilliseconds: 100, PolicyDurationSeconds: 10 }] };

    rule("CreateGameSessionQueue: latency policies, filter and priority are kept as given", REF.api("CreateGameSessionQueue"), async () => {
      const settings = {
        PlayerLatencyPolicies: [{ MaximumIndividualPlayerLatencyMilliseconds: 50, PolicyDurationSeconds: 30 }, { MaximumIndividualPlayerLatencyMilliseconds: 150 }],
        FilterConfiguration: { AllowedLocations: ["custom-a", "custom-b"] },
        PriorityConfiguration: { PriorityOrder: ["LOCATION", "LATENCY"], LocationOrder: ["custom-b", "custom-a"] },
      };
      const queue = await queueOn([], settings);
      expect(queue).toMatchObject(settings);
      expect((await call("DescribeGameSessionQueues", { Names: [queue.Name] })).GameSessionQueues[0]).toMatchObject(settings);
    });

    rule("CreateGameSessionQueue: a priority order with LOCATION needs a LocationOrder; each priority once", "https://docs.aws.amazon.com/gameliftservers/latest/developerguide/queues-design.html", async () => {
      const noOrder = await failure(call("CreateGameSessionQueue", { Name: fresh("q"), PriorityConfiguration: { PriorityOrder: ["LOCATION"] } }));
      expect(noOrder.name).toBe("InvalidRequestException");
      expect(noOrder.message).toMatch(/locationOrder/);
      const twice = await failure(call("CreateGameSessionQueue", { Name: fresh("q"), PriorityConfiguration: { PriorityOrder: ["COST", "COST"] } }));
      expect(twice.name).toBe("InvalidRequestException");
      const policy = await failure(call("CreateGameSessionQueue", { Name: fresh("q"), PlayerLatencyPolicies: [{ PolicyDurationSeconds: 10 }] }));
      expect(policy.message).toMatch(/maximumIndividualPlayerLatencyMilliseconds/);
    });

    rule("UpdateGameSessionQueue: the settings given replace the queue's; the others stay", REF.api("UpdateGameSessionQueue"), async () => {
      const queue = await queueOn([], { TimeoutInSeconds: 30, ...CAP_100_FOR_10S });
      const updated = (await call("UpdateGameSessionQueue", { Name: queue.GameSessionQueueArn, PlayerLatencyPolicies: [], PriorityConfiguration: { PriorityOrder: ["COST"] } })).GameSessionQueue;
      expect(updated).toMatchObject({ Name: queue.Name, TimeoutInSeconds: 30, PlayerLatencyPolicies: [], PriorityConfiguration: { PriorityOrder: ["COST"] } });
      expect((await failure(call("UpdateGameSessionQueue", { Name: fresh("missing") }))).name).toBe("NotFoundException");
    });

    rule("StartGameSessionPlacement: with player latencies the location with the lowest average latency is used", REF.api("StartGameSessionPlacement"), async () => {
      const fleet = await twoLocations("lowest", { near: 1, far: 1 });
      const queue = await queueOn([fleet.fleetArn]);
      const id = fresh("placement");
      const started = (await call("StartGameSessionPlacement", { PlacementId: id, GameSessionQueueName: queue.Name, MaximumPlayerSessionCount: 2, PlayerLatencies: latencies("p", fleet.near, fleet.far) })).GameSessionPlacement;
      expect(started.PlayerLatencies).toEqual(latencies("p", fleet.near, fleet.far));
      expect((await placed(id, "FULFILLED")).GameSessionRegion).toBe(fleet.near);
    });

    rule("Player latency policy: a 100 ms cap places a player at 20 ms / 120 ms in the near location", REF.api("PlayerLatencyPolicy"), async () => {
      const fleet = await twoLocations("policy", { near: 1, far: 1 });
      const queue = await queueOn([fleet.fleetArn], CAP_100_FOR_10S);
      const id = fresh("placement");
      await call("StartGameSessionPlacement", { PlacementId: id, GameSessionQueueName: queue.Name, MaximumPlayerSessionCount: 2, PlayerLatencies: latencies("p", fleet.near, fleet.far) });
      expect((await placed(id, "FULFILLED")).GameSessionRegion).toBe(fleet.near);
    });

    rule("Player latency policy: with the near location full, the placement waits out the policy's duration, then uses the far one", REF.api("PlayerLatencyPolicy"), async () => {
      const fleet = await twoLocations("relax", { near: 1, far: 1 });
      const queue = await queueOn([fleet.fleetArn], CAP_100_FOR_10S);
      // The near location's one process hosts a game session already: the near location is full.
      const first = fresh("placement");
      await call("StartGameSessionPlacement", { PlacementId: first, GameSessionQueueName: queue.Name, MaximumPlayerSessionCount: 2, PlayerLatencies: latencies("a", fleet.near, fleet.far) });
      expect((await placed(first, "FULFILLED")).GameSessionRegion).toBe(fleet.near);

      const second = fresh("placement");
      await call("StartGameSessionPlacement", { PlacementId: second, GameSessionQueueName: queue.Name, MaximumPlayerSessionCount: 2, PlayerLatencies: latencies("b", fleet.near, fleet.far) });
      suite.clock.advance(9_900);
      expect((await placement(second)).Status).toBe("PENDING");
      suite.clock.advance(100 + POLL_MS);
      expect((await placed(second, "FULFILLED")).GameSessionRegion).toBe(fleet.far);
    });

    rule("Player latency policy: not enforced for a placement without player latencies", REF.api("PlayerLatencyPolicy"), async () => {
      const fleet = await twoLocations("no-data", { near: 0, far: 1 });
      const queue = await queueOn([fleet.fleetArn], CAP_100_FOR_10S);
      const id = fresh("placement");
      await call("StartGameSessionPlacement", { PlacementId: id, GameSessionQueueName: queue.Name, MaximumPlayerSessionCount: 2 });
      expect((await placed(id, "FULFILLED")).GameSessionRegion).toBe(fleet.far);
    });

    rule("FilterConfiguration: a queue places only in its allowed locations", REF.api("FilterConfiguration"), async () => {
      const fleet = await twoLocations("filter", { near: 1, far: 1 });
      const queue = await queueOn([fleet.fleetArn], { FilterConfiguration: { AllowedLocations: [fleet.far] } });
      const id = fresh("placement");
      await call("StartGameSessionPlacement", { PlacementId: id, GameSessionQueueName: queue.Name, MaximumPlayerSessionCount: 2, PlayerLatencies: latencies("p", fleet.near, fleet.far) });
      expect((await placed(id, "FULFILLED")).GameSessionRegion).toBe(fleet.far);
    });

    rule("PriorityConfiguration: LOCATION first follows LocationOrder over latency", REF.api("PriorityConfiguration"), async () => {
      const fleet = await twoLocations("location-first", { near: 1, far: 1 });
      const queue = await queueOn([fleet.fleetArn], { PriorityConfiguration: { PriorityOrder: ["LOCATION", "LATENCY"], LocationOrder: [fleet.far, fleet.near] } });
      const id = fresh("placement");
      await call("StartGameSessionPlacement", { PlacementId: id, GameSessionQueueName: queue.Name, MaximumPlayerSessionCount: 2, PlayerLatencies: latencies("p", fleet.near, fleet.far) });
      expect((await placed(id, "FULFILLED")).GameSessionRegion).toBe(fleet.far);
    });

    rule("PriorityConfiguration: COST first places on the cheaper fleet", REF.api("PriorityConfiguration"), async () => {
      const dear = await suite.fleet(protocol, "dear", { AnywhereConfiguration: { Cost: "2.5" } });
      const cheap = await suite.fleet(protocol, "cheap", { AnywhereConfiguration: { Cost: "0.5" } });
      await suite.hosts(protocol, dear, 1);
      await suite.hosts(protocol, cheap, 1);
      const queue = await queueOn([dear.fleetArn, cheap.fleetArn], { PriorityConfiguration: { PriorityOrder: ["COST", "DESTINATION"] } });
      const id = fresh("placement");
      await call("StartGameSessionPlacement", { PlacementId: id, GameSessionQueueName: queue.Name, MaximumPlayerSessionCount: 2 });
      expect((await placed(id, "FULFILLED")).GameSessionArn).toContain(`/${cheap.fleetId}/`);
    });

    rule("Without latencies a multi-location fleet's locations are tried alphabetically", REF.api("PriorityConfiguration"), async () => {
      // twoLocations lists the far location first in CreateFleet; "…-far-…" < "…-near-…" anyway, so use names that invert it.
      const a = `custom-${fresh("zz-second")}`;
      const b = `custom-${fresh("aa-first")}`;
      for (const LocationName of [a, b]) await call("CreateLocation", { LocationName });
      const { FleetAttributes } = await call("CreateFleet", { Name: fresh("alpha"), ComputeType: "ANYWHERE", Locations: [{ Location: a }, { Location: b }] });
      await suite.hosts(protocol, { fleetId: FleetAttributes.FleetId, location: a }, 1);
      await suite.hosts(protocol, { fleetId: FleetAttributes.FleetId, location: b }, 1);
      const queue = await queueOn([FleetAttributes.FleetArn]);
      const id = fresh("placement");
      await call("StartGameSessionPlacement", { PlacementId: id, GameSessionQueueName: queue.Name, MaximumPlayerSessionCount: 2 });
      expect((await placed(id, "FULFILLED")).GameSessionRegion).toBe(b);
    });

    rule("DescribeGameSessionPlacement: an unknown PlacementId is a NotFoundException", REF.api("DescribeGameSessionPlacement"), async () => {
      expect((await failure(call("DescribeGameSessionPlacement", { PlacementId: fresh("never") }))).name).toBe("NotFoundException");
    });
  },
  { placementPollMs: POLL_MS },
);
