// GameLift fleets in the local model: locations, Anywhere fleets, capacity, computes and their auth tokens.
import assert from "node:assert/strict";
import { test, onTestFinished } from "vitest";
import { RecordingChannel, SDK_ENDPOINT, createWorld, eventually, sleep } from "../../../../fixtures/gamelift-world.ts";

test("CreateLocation makes custom-… locations once", () => {
  const w = createWorld();
  onTestFinished(w.close);
  const { Location } = w.call("CreateLocation", { LocationName: "custom-home" });
  assert.deepEqual(Location, { LocationName: "custom-home", LocationArn: "arn:aws:gamelift:us-west-2::location/custom-home" });
  assert.throws(() => w.call("CreateLocation", { LocationName: "custom-home" }), { name: "ConflictException" });
  assert.throws(() => w.call("CreateLocation", { LocationName: "home-office" }), { message: /'locationName' failed to satisfy constraint: Member must satisfy regular expression pattern: \^custom-/ });
});

test("CreateFleet makes ANYWHERE fleets only, in existing custom locations", () => {
  const w = createWorld();
  onTestFinished(w.close);
  w.call("CreateLocation", { LocationName: "custom-a" });
  assert.throws(() => w.call("CreateFleet", { Name: "f", Locations: [{ Location: "custom-a" }] }), { name: "InvalidRequestException", message: /Anywhere fleets only.*not set, which means EC2/ });
  assert.throws(() => w.call("CreateFleet", { Name: "f", ComputeType: "EC2", EC2InstanceType: "c5.large" }), { name: "InvalidRequestException", message: /ANYWHERE/ });
  assert.throws(() => w.call("CreateFleet", { Name: "f", ComputeType: "ANYWHERE" }), { name: "InvalidRequestException", message: /at least one custom location/ });
  assert.throws(() => w.call("CreateFleet", { Name: "f", ComputeType: "ANYWHERE", Locations: [{ Location: "custom-b" }] }), { name: "NotFoundException", message: /custom-b/ });
  assert.throws(() => w.call("CreateFleet", { Name: "f", ComputeType: "ANYWHERE", Locations: [{ Location: "eu-west-1" }] }), { name: "InvalidRequestException", message: /not a custom location/ });
  assert.throws(() => w.call("CreateFleet", { ComputeType: "ANYWHERE" }), { message: /'name' failed to satisfy constraint: Member must not be null/ });
  const out = w.call("CreateFleet", { Name: "f", ComputeType: "ANYWHERE", Locations: [{ Location: "us-west-2" }, { Location: "custom-a" }], AnywhereConfiguration: { Cost: "0.5" } });
  assert.match(out.FleetAttributes.FleetId, /^fleet-[0-9a-f-]{36}$/);
  assert.equal(out.FleetAttributes.FleetArn, `arn:aws:gamelift:us-west-2::fleet/${out.FleetAttributes.FleetId}`);
  assert.equal(out.FleetAttributes.ComputeType, "ANYWHERE");
  assert.equal(out.FleetAttributes.Status, "ACTIVE");
  assert.deepEqual(out.FleetAttributes.AnywhereConfiguration, { Cost: "0.5" });
  assert.deepEqual(out.LocationStates, [{ Location: "us-west-2", Status: "ACTIVE" }, { Location: "custom-a", Status: "ACTIVE" }]);
});

test("ListFleets, DescribeFleetAttributes and DescribeFleetCapacity page and skip unknown ids", () => {
  const w = createWorld();
  onTestFinished(w.close);
  const a = w.anywhereFleet({ computes: 2 });
  const b = w.anywhereFleet();
  const c = w.anywhereFleet();
  const page1 = w.call("ListFleets", { Limit: 2 });
  assert.deepEqual(page1.FleetIds, [a.fleetId, b.fleetId]);
  assert.deepEqual(w.call("ListFleets", { Limit: 2, NextToken: page1.NextToken }).FleetIds, [c.fleetId]);
  assert.throws(() => w.call("ListFleets", { NextToken: `${page1.NextToken}x` }), { name: "InvalidRequestException" });
  assert.deepEqual(w.call("ListFleets", { BuildId: "build-123" }).FleetIds, []);
  const attrs = w.call("DescribeFleetAttributes", { FleetIds: [b.fleetArn, "fleet-unknown"] }).FleetAttributes;
  assert.deepEqual(attrs.map((f: { FleetId: string }) => f.FleetId), [b.fleetId]);
  assert.equal(w.call("DescribeFleetAttributes", {}).FleetAttributes.length, 3);

  w.connectProcess(a.fleetId, "compute-1");
  w.call("CreateGameSession", { FleetId: a.fleetId, Location: a.location, MaximumPlayerSessionCount: 2 });
  const [capacity] = w.call("DescribeFleetCapacity", { FleetIds: [a.fleetId] }).FleetCapacity;
  assert.deepEqual(capacity.InstanceCounts, { DESIRED: 2, MINIMUM: 0, MAXIMUM: 2, PENDING: 0, ACTIVE: 2, IDLE: 1, TERMINATING: 0 });
});

test("RegisterCompute answers the SDK endpoint; computes are described, listed and deregistered", () => {
  const w = createWorld();
  onTestFinished(w.close);
  w.call("CreateLocation", { LocationName: "custom-a" });
  w.call("CreateLocation", { LocationName: "custom-b" });
  const fleet = w.call("CreateFleet", { Name: "f", ComputeType: "ANYWHERE", Locations: [{ Location: "custom-a" }, { Location: "custom-b" }] }).FleetAttributes;
  const { Compute } = w.call("RegisterCompute", { FleetId: fleet.FleetId, ComputeName: "box-1", IpAddress: "192.168.1.10", DnsName: "box-1.lan", Location: "custom-a" });
  assert.deepEqual(
    { ...Compute, CreationTime: undefined },
    {
      FleetId: fleet.FleetId,
      FleetArn: fleet.FleetArn,
      ComputeName: "box-1",
      ComputeArn: "arn:aws:gamelift:us-west-2::compute/box-1",
      IpAddress: "192.168.1.10",
      DnsName: "box-1.lan",
      ComputeStatus: "ACTIVE",
      Location: "custom-a",
      CreationTime: undefined,
      GameLiftServiceSdkEndpoint: SDK_ENDPOINT,
    },
  );
  assert.equal(w.call("RegisterCompute", { FleetId: fleet.FleetId, ComputeName: "box-1", IpAddress: "192.168.1.10", DnsName: "box-1.lan", Location: "custom-a" }).Compute.ComputeArn, Compute.ComputeArn);
  assert.throws(() => w.call("RegisterCompute", { FleetId: fleet.FleetId, ComputeName: "box-1", IpAddress: "192.168.1.11", Location: "custom-a" }), { name: "ConflictException" });
  assert.throws(() => w.call("RegisterCompute", { FleetId: fleet.FleetId, ComputeName: "box-2", IpAddress: "192.168.1.11" }), { name: "InvalidRequestException", message: /Location is required/ });
  assert.throws(() => w.call("RegisterCompute", { FleetId: fleet.FleetId, ComputeName: "box-2", Location: "custom-a" }), { name: "InvalidRequestException", message: /IpAddress is required/ });
  assert.throws(() => w.call("RegisterCompute", { FleetId: fleet.FleetId, ComputeName: "box-2", IpAddress: "1.2.3.4", Location: "custom-z" }), { name: "InvalidRequestException", message: /custom-z/ });
  assert.throws(() => w.call("RegisterCompute", { FleetId: fleet.FleetId, ComputeName: "box 2", IpAddress: "not an ip", Location: "custom-a" }), { message: /^2 validation errors detected/ });
  w.call("RegisterCompute", { FleetId: fleet.FleetId, ComputeName: "box-2", IpAddress: "192.168.1.11", Location: "custom-b" });

  assert.equal(w.call("DescribeCompute", { FleetId: fleet.FleetId, ComputeName: Compute.ComputeArn }).Compute.ComputeName, "box-1");
  assert.deepEqual(w.call("ListCompute", { FleetId: fleet.FleetId, Location: "custom-b" }).ComputeList.map((c: { ComputeName: string }) => c.ComputeName), ["box-2"]);
  assert.equal(w.call("ListCompute", { FleetId: fleet.FleetId }).ComputeList.length, 2);
  assert.throws(() => w.call("DescribeCompute", { FleetId: fleet.FleetId, ComputeName: "box-9" }), { name: "NotFoundException", message: /box-9/ });

  const token = w.call("GetComputeAuthToken", { FleetId: fleet.FleetId, ComputeName: "box-1" });
  assert.match(token.AuthToken, /^[a-zA-Z0-9-]{1,64}$/);
  assert.equal(token.ComputeArn, Compute.ComputeArn);
  assert.ok(token.ExpirationTimestamp instanceof Date);

  const p = w.connectProcess(fleet.FleetId, "box-1");
  const gs = w.call("CreateGameSession", { FleetId: fleet.FleetId, Location: "custom-a", MaximumPlayerSessionCount: 2 }).GameSession;
  w.call("DeregisterCompute", { FleetId: fleet.FleetId, ComputeName: "box-1" });
  assert.equal(p.channel.of("close").length, 1);
  assert.equal(w.call("DescribeGameSessions", { GameSessionId: gs.GameSessionId }).GameSessions[0].Status, "TERMINATED");
  assert.throws(() => w.call("GetComputeAuthToken", { FleetId: fleet.FleetId, ComputeName: "box-1" }), { name: "NotFoundException" });
  assert.throws(() => w.call("DeregisterCompute", { FleetId: fleet.FleetId, ComputeName: "box-1" }), { name: "NotFoundException" });
});

test("DeleteFleet ends its processes and forgets the fleet", () => {
  const w = createWorld();
  onTestFinished(w.close);
  const { gameSessionId, process, fleet } = w.activeGameSession();
  w.call("DeleteFleet", { FleetId: fleet.fleetId });
  assert.equal(process.channel.of("close").length, 1);
  assert.equal(w.call("DescribeGameSessions", { GameSessionId: gameSessionId }).GameSessions[0].Status, "TERMINATED");
  assert.throws(() => w.call("DescribeGameSessions", { FleetId: fleet.fleetId }), { name: "NotFoundException" });
  assert.throws(() => w.call("DeleteFleet", { FleetId: fleet.fleetId }), { name: "NotFoundException" });
});

test("before its auth token expires a connected process gets RefreshConnection with a new one", async () => {
  const w = createWorld({ computeAuthTokenTtlMs: 400 });
  onTestFinished(w.close);
  const fleet = w.anywhereFleet();
  const p = w.connectProcess(fleet.fleetId, fleet.computes[0]!);
  await eventually(() => assert.equal(p.channel.of("refreshConnection").length, 1), 2000);
  const [refresh] = p.channel.of("refreshConnection");
  assert.equal(refresh!.endpoint, SDK_ENDPOINT);
  assert.notEqual(refresh!.authToken, p.authToken);

  await sleep(150); // past the first token's lifetime
  const connect = (authToken: string) =>
    w.gamelift.processes.connect(
      { processId: p.processId, sdkVersion: "5.0.0", sdkLanguage: "NodeJS", computeId: fleet.computes[0]!, fleetId: fleet.fleetId, authToken },
      new RecordingChannel(),
    );
  assert.throws(() => connect(p.authToken), { name: "UnauthorizedException" });
  // The SDK reconnects with the refreshed token and keeps its process.
  const again = connect(refresh!.authToken);
  assert.equal(again.processId, p.processId);
});
