// Game session queues and placements in the local GameLift model: PENDING → FULFILLED, TIMED_OUT, CANCELLED, FAILED.
import assert from "node:assert/strict";
import { test, onTestFinished } from "vitest";
import { createWorld, eventually } from "../../../../fixtures/gamelift-world.ts";

test("CreateGameSessionQueue validates its settings and destinations", () => {
  const w = createWorld();
  onTestFinished(w.close);
  const fleet = w.anywhereFleet();
  const queue = w.call("CreateGameSessionQueue", { Name: "main", Destinations: [{ DestinationArn: fleet.fleetArn }], CustomEventData: "x" }).GameSessionQueue;
  assert.equal(queue.TimeoutInSeconds, 600);
  assert.equal(queue.GameSessionQueueArn, "arn:aws:gamelift:us-west-2::gamesessionqueue/main");
  assert.deepEqual(queue.Destinations, [{ DestinationArn: fleet.fleetArn }]);
  assert.equal(queue.CustomEventData, "x");
  assert.throws(() => w.call("CreateGameSessionQueue", { Name: "main" }), { name: "InvalidRequestException", message: /already exists/ });
  assert.throws(() => w.call("CreateGameSessionQueue", { Name: "q2", TimeoutInSeconds: 5 }), { message: /'timeoutInSeconds' failed to satisfy constraint: Member must have value greater than or equal to 10/ });
  assert.throws(() => w.call("CreateGameSessionQueue", { Name: "q2", TimeoutInSeconds: 601 }), { message: /less than or equal to 600/ });
  assert.throws(() => w.call("CreateGameSessionQueue", { Name: "bad name" }), { message: /'name' failed to satisfy constraint: Member must satisfy regular expression pattern/ });
  assert.throws(() => w.call("CreateGameSessionQueue", { Name: "q3", Destinations: [{ DestinationArn: "arn:aws:gamelift:us-west-2::fleet/fleet-missing" }] }), { name: "NotFoundException" });
  assert.throws(() => w.call("CreateGameSessionQueue", { Name: "q3", Destinations: [{ DestinationArn: "arn:aws:s3:::bucket" }] }), { name: "InvalidRequestException" });
  assert.deepEqual(w.call("DescribeGameSessionQueues", { Names: [queue.GameSessionQueueArn, "missing"] }).GameSessionQueues.map((q: { Name: string }) => q.Name), ["main"]);
  w.call("DeleteGameSessionQueue", { Name: "main" });
  assert.throws(() => w.call("DeleteGameSessionQueue", { Name: "main" }), { name: "NotFoundException" });
});

test("a placement is PENDING, then FULFILLED once its game session is ACTIVE, with the desired players placed", async () => {
  const w = createWorld({ placementPollMs: 5 });
  onTestFinished(w.close);
  const empty = w.anywhereFleet();
  const fleet = w.anywhereFleet();
  const alias = w.call("CreateAlias", { Name: "a", RoutingStrategy: { Type: "SIMPLE", FleetId: fleet.fleetId } }).Alias;
  w.call("CreateGameSessionQueue", { Name: "q", TimeoutInSeconds: 10, Destinations: [{ DestinationArn: empty.fleetArn }, { DestinationArn: alias.AliasArn }] });

  const started = w.call("StartGameSessionPlacement", {
    PlacementId: "placement-1",
    GameSessionQueueName: "q",
    MaximumPlayerSessionCount: 4,
    GameSessionName: "queued",
    GameProperties: [{ Key: "level", Value: "forest" }],
    DesiredPlayerSessions: [{ PlayerId: "alice", PlayerData: "a" }, { PlayerId: "bob" }],
  }).GameSessionPlacement;
  assert.equal(started.Status, "PENDING");
  assert.ok(started.StartTime instanceof Date);

  // No process yet: the placement keeps trying its destinations.
  const p = w.connectProcess(fleet.fleetId, fleet.computes[0]!, { port: 4321 });
  await eventually(() => assert.equal(p.channel.of("createGameSession").length, 1));
  const pending = w.call("DescribeGameSessionPlacement", { PlacementId: "placement-1" }).GameSessionPlacement;
  assert.equal(pending.Status, "PENDING");
  assert.equal(pending.IpAddress, undefined);
  assert.equal(pending.GameSessionArn, undefined);
  assert.equal(pending.PlacedPlayerSessions, undefined);

  const pushed = p.channel.of("createGameSession")[0]!.session;
  assert.equal(pushed.GameSessionName, "queued");
  assert.deepEqual(pushed.GameProperties, { level: "forest" });
  p.handle.activateGameSession(pushed.GameSessionId);

  const done = w.call("DescribeGameSessionPlacement", { PlacementId: "placement-1" }).GameSessionPlacement;
  assert.equal(done.Status, "FULFILLED");
  assert.equal(done.GameSessionId, pushed.GameSessionId);
  assert.equal(done.GameSessionArn, pushed.GameSessionId);
  assert.equal(done.GameSessionRegion, fleet.location);
  assert.equal(done.IpAddress, "10.0.0.1");
  assert.equal(done.Port, 4321);
  assert.ok(done.EndTime instanceof Date);
  assert.deepEqual(done.PlacedPlayerSessions.map((x: { PlayerId: string }) => x.PlayerId), ["alice", "bob"]);
  const players = w.call("DescribePlayerSessions", { GameSessionId: pushed.GameSessionId }).PlayerSessions;
  assert.deepEqual(players.map((x: { PlayerSessionId: string }) => x.PlayerSessionId), done.PlacedPlayerSessions.map((x: { PlayerSessionId: string }) => x.PlayerSessionId));
  assert.equal(players[0].PlayerData, "a");

  assert.throws(() => w.call("StartGameSessionPlacement", { PlacementId: "placement-1", GameSessionQueueName: "q", MaximumPlayerSessionCount: 4 }), { name: "InvalidRequestException", message: /cannot be reused/ });
  assert.throws(() => w.call("StopGameSessionPlacement", { PlacementId: "placement-1" }), { name: "InvalidRequestException" });
});

test("a placement with nowhere to go is TIMED_OUT after TimeoutInSeconds (scaled for tests)", async () => {
  const w = createWorld({ placementPollMs: 5, placementTimeoutScale: 0.005 });
  onTestFinished(w.close);
  const fleet = w.anywhereFleet();
  w.call("CreateGameSessionQueue", { Name: "q", TimeoutInSeconds: 10, Destinations: [{ DestinationArn: fleet.fleetArn }] });
  w.call("StartGameSessionPlacement", { PlacementId: "p-timeout", GameSessionQueueName: "q", MaximumPlayerSessionCount: 2 });
  await eventually(() => assert.equal(w.call("DescribeGameSessionPlacement", { PlacementId: "p-timeout" }).GameSessionPlacement.Status, "TIMED_OUT"));
});

test("placement deadlines follow the injected clock", async () => {
  let clock = 5_000_000;
  const w = createWorld({ placementPollMs: 5 }, () => clock);
  onTestFinished(w.close);
  const fleet = w.anywhereFleet();
  w.call("CreateGameSessionQueue", { Name: "q", TimeoutInSeconds: 10, Destinations: [{ DestinationArn: fleet.fleetArn }] });
  w.call("StartGameSessionPlacement", { PlacementId: "p-clock", GameSessionQueueName: "q", MaximumPlayerSessionCount: 2 });
  await new Promise((r) => setTimeout(r, 20));
  assert.equal(w.call("DescribeGameSessionPlacement", { PlacementId: "p-clock" }).GameSessionPlacement.Status, "PENDING");
  clock += 10_000;
  await eventually(() => assert.equal(w.call("DescribeGameSessionPlacement", { PlacementId: "p-clock" }).GameSessionPlacement.Status, "TIMED_OUT"));
});

test("StopGameSessionPlacement cancels a PENDING placement, but not one whose game session exists", () => {
  const w = createWorld();
  onTestFinished(w.close);
  const fleet = w.anywhereFleet();
  w.call("CreateGameSessionQueue", { Name: "q", Destinations: [{ DestinationArn: fleet.fleetArn }] });
  w.call("StartGameSessionPlacement", { PlacementId: "p-stop", GameSessionQueueName: "q", MaximumPlayerSessionCount: 2 });
  const stopped = w.call("StopGameSessionPlacement", { PlacementId: "p-stop" }).GameSessionPlacement;
  assert.equal(stopped.Status, "CANCELLED");
  w.connectProcess(fleet.fleetId, fleet.computes[0]!);
  w.call("StartGameSessionPlacement", { PlacementId: "p-started", GameSessionQueueName: "q", MaximumPlayerSessionCount: 2 });
  assert.throws(() => w.call("StopGameSessionPlacement", { PlacementId: "p-started" }), { name: "InvalidRequestException", message: /TerminateGameSession/ });
  assert.throws(() => w.call("DescribeGameSessionPlacement", { PlacementId: "p-unknown" }), { name: "NotFoundException", message: /p-unknown/ });
  assert.throws(() => w.call("StartGameSessionPlacement", { PlacementId: "p-x", GameSessionQueueName: "nope", MaximumPlayerSessionCount: 2 }), { name: "NotFoundException" });
  assert.throws(() => w.call("StartGameSessionPlacement", { PlacementId: "p-x", GameSessionQueueName: "q", MaximumPlayerSessionCount: 1, DesiredPlayerSessions: [{ PlayerId: "a" }, { PlayerId: "b" }] }), { name: "InvalidRequestException" });
});

test("a placement whose game session ends before activating is FAILED", async () => {
  const w = createWorld({ gameSessionActivationTimeoutMs: 20 });
  onTestFinished(w.close);
  const fleet = w.anywhereFleet();
  w.connectProcess(fleet.fleetId, fleet.computes[0]!);
  w.call("CreateGameSessionQueue", { Name: "q", Destinations: [{ DestinationArn: fleet.fleetArn }] });
  w.call("StartGameSessionPlacement", { PlacementId: "p-fail", GameSessionQueueName: "q", MaximumPlayerSessionCount: 2 });
  await eventually(() => assert.equal(w.call("DescribeGameSessionPlacement", { PlacementId: "p-fail" }).GameSessionPlacement.Status, "FAILED"));
});
