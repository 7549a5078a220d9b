/**
 * The local GameLift through the real @aws-sdk/client-gamelift over HTTP: set-up calls, answers' shapes and
 * every exception that needs no live server process, then one game session hosted by a process on the
 * project's own server SDK.
 */
import assert from "node:assert/strict";
import { test, beforeAll, afterAll } from "vitest";
import {
  CreateAliasCommand,
  CreateFleetCommand,
  CreateGameSessionCommand,
  CreateGameSessionQueueCommand,
  CreateLocationCommand,
  CreatePlayerSessionCommand,
  DescribeAliasCommand,
  DescribeComputeCommand,
  DescribeFleetAttributesCommand,
  DescribeFleetCapacityCommand,
  DescribeGameSessionPlacementCommand,
  DescribeGameSessionQueuesCommand,
  DescribeGameSessionsCommand,
  DescribePlayerSessionsCommand,
  GameLiftClient,
  GameLiftServiceException,
  GetComputeAuthTokenCommand,
  ListComputeCommand,
  ListFleetsCommand,
  RegisterComputeCommand,
  ResolveAliasCommand,
  SearchGameSessionsCommand,
  StartGameSessionPlacementCommand,
  StopGameSessionPlacementCommand,
  TerminateGameSessionCommand,
  UpdateGameSessionCommand,
} from "@aws-sdk/client-gamelift";
import { startLocalStack, type LocalStack } from "../../../../local/stack.ts";
import { GameLiftServerSdk } from "../../../../server/index.ts";

let stack: LocalStack;
let client: GameLiftClient;
let fleetId: string;
let fleetArn: string;
const LOCATION = "custom-integration";

beforeAll(async () => {
  stack = await startLocalStack({
    port: 0,
    gameliftTimings: { placementPollMs: 10, placementTimeoutScale: 0.01, playerSessionReservationMs: 5_000 },
  });
  client = new GameLiftClient({ region: stack.region, endpoint: stack.endpoint, credentials: stack.developerCredentials, maxAttempts: 1 });
});

afterAll(async () => {
  client?.destroy();
  await stack?.stop();
});

/** The AWS exception a call ends with. */
async function failure(promise: Promise<unknown>): Promise<GameLiftServiceException> {
  try {
    await promise;
  } catch (e) {
    assert.ok(e instanceof GameLiftServiceException, `expected a GameLift exception, got ${String(e)}`);
    return e;
  }
  assert.fail("the call succeeded");
}

test("Anywhere set-up: location, fleet, compute with the SDK endpoint, auth token", async () => {
  const { Location } = await client.send(new CreateLocationCommand({ LocationName: LOCATION }));
  assert.equal(Location?.LocationName, LOCATION);

  const fleet = await client.send(new CreateFleetCommand({ Name: "integration", ComputeType: "ANYWHERE", Locations: [{ Location: LOCATION }] }));
  fleetId = fleet.FleetAttributes!.FleetId!;
  fleetArn = fleet.FleetAttributes!.FleetArn!;
  assert.match(fleetId, /^fleet-/);
  assert.equal(fleet.FleetAttributes?.ComputeType, "ANYWHERE");
  assert.ok(fleet.FleetAttributes?.CreationTime instanceof Date);
  assert.deepEqual(fleet.LocationStates?.map((l) => l.Location), [stack.region, LOCATION]);

  const { Compute } = await client.send(new RegisterComputeCommand({ FleetId: fleetId, ComputeName: "box-1", IpAddress: "127.0.0.1", Location: LOCATION }));
  assert.equal(Compute?.GameLiftServiceSdkEndpoint, stack.sdkEndpoint);
  assert.equal(Compute?.ComputeStatus, "ACTIVE");

  const token = await client.send(new GetComputeAuthTokenCommand({ FleetId: fleetId, ComputeName: "box-1" }));
  assert.match(token.AuthToken!, /^[a-zA-Z0-9-]+$/);
  assert.ok(token.ExpirationTimestamp!.getTime() > Date.now() + 14 * 60_000);

  assert.equal((await client.send(new DescribeComputeCommand({ FleetId: fleetArn, ComputeName: "box-1" }))).Compute?.IpAddress, "127.0.0.1");
  assert.deepEqual((await client.send(new ListComputeCommand({ FleetId: fleetId }))).ComputeList?.map((c) => c.ComputeName), ["box-1"]);
  assert.ok((await client.send(new ListFleetsCommand({}))).FleetIds?.includes(fleetId));
  assert.equal((await client.send(new DescribeFleetAttributesCommand({ FleetIds: [fleetId] }))).FleetAttributes?.[0]?.Name, "integration");
  assert.equal((await client.send(new DescribeFleetCapacityCommand({ FleetIds: [fleetId] }))).FleetCapacity?.[0]?.InstanceCounts?.ACTIVE, 1);
});

test("validation errors arrive as InvalidRequestException with AWS's wording", async () => {
  const e = await failure(client.send(new CreateGameSessionCommand({ FleetId: fleetId, MaximumPlayerSessionCount: -1 })));
  assert.equal(e.name, "InvalidRequestException");
  assert.equal(e.$fault, "client");
  assert.equal(e.$metadata.httpStatusCode, 400);
  assert.ok(e.$metadata.requestId);
  assert.equal(e.message, "1 validation error detected: Value '-1' at 'maximumPlayerSessionCount' failed to satisfy constraint: Member must have value greater than or equal to 0");

  const ec2 = await failure(client.send(new CreateFleetCommand({ Name: "ec2", EC2InstanceType: "c5.large" })));
  assert.equal(ec2.name, "InvalidRequestException");
  assert.match(ec2.message, /Anywhere fleets only/);

  const both = await failure(client.send(new SearchGameSessionsCommand({ FleetId: fleetId, AliasId: "alias-x" })));
  assert.equal(both.name, "InvalidRequestException");

  const filter = await failure(client.send(new SearchGameSessionsCommand({ FleetId: fleetId, FilterExpression: "playerSessionCount >" })));
  assert.equal(filter.name, "InvalidRequestException");
  assert.match(filter.message, /filter expression/i);

  const token = await failure(client.send(new SearchGameSessionsCommand({ FleetId: fleetId, NextToken: "AAAA.bbbb" })));
  assert.equal(token.name, "InvalidRequestException");

  const conflict = await failure(client.send(new CreateLocationCommand({ LocationName: LOCATION })));
  assert.equal(conflict.name, "ConflictException");
});

test("unknown ids are NotFoundException naming them", async () => {
  const cases: [Promise<unknown>, string][] = [
    [client.send(new DescribeAliasCommand({ AliasId: "alias-00000000-0000-0000-0000-000000000000" })), "alias-00000000-0000-0000-0000-000000000000"],
    [client.send(new CreateGameSessionCommand({ FleetId: "fleet-00000000-0000-0000-0000-000000000000", MaximumPlayerSessionCount: 1 })), "fleet-00000000-0000-0000-0000-000000000000"],
    [client.send(new DescribeGameSessionsCommand({ GameSessionId: "arn:aws:gamelift:us-west-2::gamesession/fleet-1/gsess-1" })), "gsess-1"],
    [client.send(new DescribePlayerSessionsCommand({ PlayerSessionId: "psess-404" })), "psess-404"],
    [client.send(new DescribeGameSessionPlacementCommand({ PlacementId: "no-such-placement" })), "no-such-placement"],
    [client.send(new DescribeComputeCommand({ FleetId: fleetId, ComputeName: "box-404" })), "box-404"],
  ];
  for (const [call, id] of cases) {
    const e = await failure(call);
    assert.equal(e.name, "NotFoundException");
    assert.ok(e.message.includes(id), e.message);
  }
});

test("a TERMINAL alias answers TerminalRoutingStrategyException with its message; a SIMPLE one resolves", async () => {
  const terminal = await client.send(new CreateAliasCommand({ Name: "closed", RoutingStrategy: { Type: "TERMINAL", Message: "Come back tomorrow" } }));
  const e = await failure(client.send(new CreateGameSessionCommand({ AliasId: terminal.Alias!.AliasArn, MaximumPlayerSessionCount: 2 })));
  assert.equal(e.name, "TerminalRoutingStrategyException");
  assert.equal(e.message, "Come back tomorrow");
  assert.equal((await failure(client.send(new ResolveAliasCommand({ AliasId: terminal.Alias!.AliasId })))).name, "TerminalRoutingStrategyException");

  const simple = await client.send(new CreateAliasCommand({ Name: "live", RoutingStrategy: { Type: "SIMPLE", FleetId: fleetId } }));
  assert.deepEqual(await client.send(new ResolveAliasCommand({ AliasId: simple.Alias!.AliasId })).then((r) => [r.FleetId, r.FleetArn]), [fleetId, fleetArn]);
});

test("no server process: FleetCapacityExceededException", async () => {
  const e = await failure(client.send(new CreateGameSessionCommand({ FleetId: fleetId, Location: LOCATION, MaximumPlayerSessionCount: 2 })));
  assert.equal(e.name, "FleetCapacityExceededException");
});

test("queues and placements: PENDING, TIMED_OUT, CANCELLED, placement ids never reused", async () => {
  const { GameSessionQueue } = await client.send(new CreateGameSessionQueueCommand({ Name: "integration-queue", TimeoutInSeconds: 10, Destinations: [{ DestinationArn: fleetArn }] }));
  assert.equal(GameSessionQueue?.TimeoutInSeconds, 10);
  assert.equal((await client.send(new DescribeGameSessionQueuesCommand({ Names: ["integration-queue"] }))).GameSessionQueues?.length, 1);
  const bad = await failure(client.send(new CreateGameSessionQueueCommand({ Name: "short", TimeoutInSeconds: 9 })));
  assert.equal(bad.name, "InvalidRequestException");

  const started = await client.send(new StartGameSessionPlacementCommand({ PlacementId: "int-p1", GameSessionQueueName: "integration-queue", MaximumPlayerSessionCount: 2 }));
  assert.equal(started.GameSessionPlacement?.Status, "PENDING");
  const reuse = await failure(client.send(new StartGameSessionPlacementCommand({ PlacementId: "int-p1", GameSessionQueueName: "integration-queue", MaximumPlayerSessionCount: 2 })));
  assert.equal(reuse.name, "InvalidRequestException");

  // 10 s scaled by 0.01: the placement gives up after about 100 ms.
  let status: string | undefined = started.GameSessionPlacement?.Status;
  for (let i = 0; i < 100 && status === "PENDING"; i++) {
    await new Promise((r) => setTimeout(r, 20));
    status = (await client.send(new DescribeGameSessionPlacementCommand({ PlacementId: "int-p1" }))).GameSessionPlacement?.Status;
  }
  assert.equal(status, "TIMED_OUT");

  await client.send(new StartGameSessionPlacementCommand({ PlacementId: "int-p2", GameSessionQueueName: "integration-queue", MaximumPlayerSessionCount: 2 }));
  const stopped = await client.send(new StopGameSessionPlacementCommand({ PlacementId: "int-p2" }));
  assert.equal(stopped.GameSessionPlacement?.Status, "CANCELLED");
  assert.ok(stopped.GameSessionPlacement?.EndTime instanceof Date);
});

test("unsigned requests and requests signed with a wrong secret are refused", async () => {
  const unsigned = await fetch(stack.endpoint, {
    method: "POST",
    headers: { "content-type": "application/x-amz-json-1.1", "x-amz-target": "GameLift.ListFleets" },
    body: "{}",
  });
  assert.equal(unsigned.status, 400);
  assert.equal(((await unsigned.json()) as { __type: string }).__type, "MissingAuthenticationTokenException");

  const forger = new GameLiftClient({
    region: stack.region,
    endpoint: stack.endpoint,
    credentials: { accessKeyId: stack.developerCredentials.accessKeyId, secretAccessKey: "wrong-secret-wrong-secret-wrong-secret00" },
    maxAttempts: 1,
  });
  try {
    const e = await failure(forger.send(new ListFleetsCommand({})));
    assert.equal(e.name, "InvalidSignatureException");
  } finally {
    forger.destroy();
  }
});

test("a game session hosted by a server process on the project's SDK", async () => {
  await client.send(new RegisterComputeCommand({ FleetId: fleetId, ComputeName: "box-2", IpAddress: "127.0.0.2", Location: LOCATION }));
  const { AuthToken } = await client.send(new GetComputeAuthTokenCommand({ FleetId: fleetId, ComputeName: "box-2" }));
  const sdk = new GameLiftServerSdk({ logger: { info() {}, warn() {}, error() {}, debug() {} }, exit: () => {} });
  let terminated!: () => void;
  const terminateRequested = new Promise<void>((resolve) => (terminated = resolve));
  try {
    await sdk.initSDK({ webSocketUrl: stack.sdkEndpoint, processId: "integration-proc-1", hostId: "box-2", fleetId, authToken: AuthToken });
    await sdk.processReady({
      port: 7777,
      onStartGameSession: () => sdk.activateGameSession(),
      onProcessTerminate: () => terminated(),
    });

    const request = { FleetId: fleetId, Location: LOCATION, MaximumPlayerSessionCount: 2, IdempotencyToken: "integration-gs-1", GameProperties: [{ Key: "mode", Value: "ctf" }] };
    const { GameSession } = await client.send(new CreateGameSessionCommand(request));
    assert.equal(GameSession?.IpAddress, "127.0.0.2");
    assert.equal(GameSession?.Port, 7777);
    const id = GameSession!.GameSessionId!;
    let status: string | undefined = GameSession?.Status;
    for (let i = 0; i < 100 && status !== "ACTIVE"; i++) {
      await new Promise((r) => setTimeout(r, 10));
      status = (await client.send(new DescribeGameSessionsCommand({ GameSessionId: id }))).GameSessions?.[0]?.Status;
    }
    assert.equal(status, "ACTIVE");

    assert.equal((await client.send(new CreateGameSessionCommand(request))).GameSession?.GameSessionId, id);
    const mismatch = await failure(client.send(new CreateGameSessionCommand({ ...request, MaximumPlayerSessionCount: 3 })));
    assert.equal(mismatch.name, "IdempotentParameterMismatchException");
    assert.equal((await failure(client.send(new CreateGameSessionCommand({ FleetId: fleetId, Location: LOCATION, MaximumPlayerSessionCount: 2 })))).name, "FleetCapacityExceededException");

    const found = await client.send(new SearchGameSessionsCommand({ FleetId: fleetId, FilterExpression: "gameSessionProperties.mode = 'ctf' AND hasAvailablePlayerSessions = true" }));
    assert.deepEqual(found.GameSessions?.map((g) => g.GameSessionId), [id]);

    const { PlayerSession } = await client.send(new CreatePlayerSessionCommand({ GameSessionId: id, PlayerId: "alice" }));
    assert.equal(PlayerSession?.Status, "RESERVED");
    await sdk.acceptPlayerSession(PlayerSession!.PlayerSessionId!);
    assert.equal((await client.send(new DescribePlayerSessionsCommand({ PlayerSessionId: PlayerSession!.PlayerSessionId }))).PlayerSessions?.[0]?.Status, "ACTIVE");

    await client.send(new UpdateGameSessionCommand({ GameSessionId: id, PlayerSessionCreationPolicy: "DENY_ALL" }));
    assert.equal((await failure(client.send(new CreatePlayerSessionCommand({ GameSessionId: id, PlayerId: "bob" })))).name, "GameSessionFullException");

    const terminating = await client.send(new TerminateGameSessionCommand({ GameSessionId: id, TerminationMode: "TRIGGER_ON_PROCESS_TERMINATE" }));
    assert.equal(terminating.GameSession?.Status, "TERMINATING");
    await terminateRequested;
    await sdk.processEnding();
    const [ended] = (await client.send(new DescribeGameSessionsCommand({ GameSessionId: id }))).GameSessions ?? [];
    assert.equal(ended?.Status, "TERMINATED");
    assert.equal(ended?.StatusReason, "TRIGGERED_ON_PROCESS_TERMINATE");
    assert.equal((await client.send(new DescribePlayerSessionsCommand({ GameSessionId: id }))).PlayerSessions?.[0]?.Status, "COMPLETED");
  } finally {
    await sdk.destroy();
  }
});
