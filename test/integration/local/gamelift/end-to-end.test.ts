// Issue 2's acceptance path end to end: the local stack, real demo game server processes from the fleet
// launcher, the real JavaScript SDK (awsJson1_1) and CBOR requests signed like other AWS SDKs send them.
import assert from "node:assert/strict";
import { test, beforeAll, afterAll, onTestFinished } from "vitest";
import {
  CreateGameSessionCommand,
  CreateGameSessionQueueCommand,
  CreatePlayerSessionCommand,
  DescribeGameSessionPlacementCommand,
  DescribeGameSessionsCommand,
  StartGameSessionPlacementCommand,
  StopGameSessionPlacementCommand,
  type GameLiftClient,
} from "@aws-sdk/client-gamelift";
import type { LaunchedFleet } from "../../../../local/fleet/launcher.ts";
import type { LocalStack } from "../../../../local/stack.ts";
import { GameLiftServerSdk } from "../../../../server/index.ts";
import { cborClient, epochSeconds } from "../../../helpers/cbor-client.ts";
import { startTestStack, type DemoFleet } from "../../../fixtures/local-stack.ts";

const LOCATION = "custom-e2e";
/** The port the race's in-test SDKs report to GameLift; nothing listens on it. */
const REPORTED_PORT = 7500;
const startEndToEndStack = () =>
  startTestStack({
    gameliftTimings: { playerSessionReservationMs: 800, placementTimeoutScale: 0.05, placementPollMs: 50 },
    demoFleet: { processes: 3, location: LOCATION, restart: { initialDelayMs: 100, maxDelayMs: 1000, minUptimeMs: 1000 } },
  });
let local: Awaited<ReturnType<typeof startEndToEndStack>>;
let stack: LocalStack;
let client: GameLiftClient;
let cbor: ReturnType<typeof cborClient>;
let demo: DemoFleet;
let hosts: LaunchedFleet;

beforeAll(async () => {
  local = await startEndToEndStack();
  ({ stack, gamelift: client, demoFleet: demo } = local);
  cbor = cborClient(stack.endpoint, stack.region, stack.developerCredentials);
  // A second fleet whose processes are SDK instances in this test, for the over-booking race (many 200-slot sessions).
  hosts = await local.sdkFleet("e2e-hosts", { location: LOCATION });
});

afterAll(() => local?.stop());

const eventually = <T>(probe: () => Promise<T | undefined | false> | T | undefined | false, what: string, timeoutMs?: number): Promise<T> =>
  local.eventually(probe, what, timeoutMs);

async function status(gameSessionId: string): Promise<string | undefined> {
  const out = await client.send(new DescribeGameSessionsCommand({ GameSessionId: gameSessionId }));
  return out.GameSessions?.[0]?.Status;
}

test("over CBOR: create → ACTIVE → search → player session → TIMEDOUT → terminate", async () => {
  const created = await cbor("CreateGameSession", {
    AliasId: demo.aliasId,
    Location: LOCATION,
    MaximumPlayerSessionCount: 4,
    Name: "cbor room",
    GameProperties: [{ Key: "level", Value: "forest" }],
  });
  assert.equal(created.status, 200, JSON.stringify(created.body));
  assert.equal(created.headers.get("smithy-protocol"), "rpc-v2-cbor");
  const id: string = created.body.GameSession.GameSessionId;
  assert.match(id, new RegExp(`^arn:aws:gamelift:${LOCATION}::gamesession/${demo.fleetId}/`));
  assert.ok(epochSeconds(created.body.GameSession.CreationTime) > 1_600_000_000);

  await eventually(async () => (await cbor("DescribeGameSessions", { GameSessionId: id })).body.GameSessions[0].Status === "ACTIVE", "ACTIVE over CBOR");

  const found = await cbor("SearchGameSessions", {
    AliasId: demo.aliasId,
    FilterExpression: "gameSessionName = 'cbor room' AND hasAvailablePlayerSessions = true",
    SortExpression: "creationTimeMillis DESC",
  });
  assert.deepEqual(found.body.GameSessions.map((g: { GameSessionId: string }) => g.GameSessionId), [id]);

  const bad = await cbor("SearchGameSessions", { AliasId: demo.aliasId, FilterExpression: "playerSessionCount <" });
  assert.equal(bad.status, 400);
  assert.equal(bad.body.__type, "com.amazonaws.gamelift#InvalidRequestException");
  assert.match(bad.body.Message, /position \d+/);

  const ps = await cbor("CreatePlayerSession", { GameSessionId: id, PlayerId: "player-1" });
  assert.equal(ps.body.PlayerSession.Status, "RESERVED");
  assert.match(ps.body.PlayerSession.PlayerSessionId, /^psess-/);
  assert.ok(demo.ports().includes(ps.body.PlayerSession.Port), "a demo process's port");
  // Nobody accepts it (the demo server has no player gateway yet): GameLift times the reservation out.
  await eventually(
    async () => (await cbor("DescribePlayerSessions", { PlayerSessionId: ps.body.PlayerSession.PlayerSessionId })).body.PlayerSessions[0].Status === "TIMEDOUT",
    "the reservation to time out",
  );

  const terminated = await cbor("TerminateGameSession", { GameSessionId: id, TerminationMode: "TRIGGER_ON_PROCESS_TERMINATE" });
  assert.equal(terminated.status, 200, JSON.stringify(terminated.body));
  await eventually(async () => (await status(id)) === "TERMINATED", "TERMINATED after the process ends");

  const missing = await cbor("DescribeGameSessions", { GameSessionId: `arn:aws:gamelift:${stack.region}::gamesession/${demo.fleetId}/nope` });
  assert.equal(missing.body.__type, "com.amazonaws.gamelift#NotFoundException");
});

test("idempotency: the same token gives the same game session; other parameters with it are refused", async () => {
  const request = { AliasId: demo.aliasId, Location: LOCATION, MaximumPlayerSessionCount: 2, IdempotencyToken: "match-42" };
  const first = await client.send(new CreateGameSessionCommand(request));
  const again = await client.send(new CreateGameSessionCommand(request));
  assert.equal(again.GameSession?.GameSessionId, first.GameSession?.GameSessionId);
  assert.match(first.GameSession!.GameSessionId!, /\/match-42$/);
  await assert.rejects(client.send(new CreateGameSessionCommand({ ...request, MaximumPlayerSessionCount: 3 })), { name: "IdempotentParameterMismatchException" });
});

test("queue placement on the alias: FULFILLED with connection info and placed player sessions", async () => {
  await client.send(new CreateGameSessionQueueCommand({ Name: "e2e-queue", TimeoutInSeconds: 60, Destinations: [{ DestinationArn: demo.aliasArn }] }));
  await eventually(() => demo.processes().filter((p) => p.state === "running").length === 3, "the fleet back at three processes", 30_000);
  const placementId = "e2e-placement-1";
  const started = await client.send(
    new StartGameSessionPlacementCommand({
      PlacementId: placementId,
      GameSessionQueueName: "e2e-queue",
      MaximumPlayerSessionCount: 4,
      GameSessionName: "queued",
      DesiredPlayerSessions: [{ PlayerId: "alice" }, { PlayerId: "bob", PlayerData: "blue" }],
    }),
  );
  assert.equal(started.GameSessionPlacement?.Status, "PENDING");
  assert.equal(started.GameSessionPlacement?.IpAddress, undefined, "connection info only once FULFILLED");
  const done = await eventually(async () => {
    const p = (await client.send(new DescribeGameSessionPlacementCommand({ PlacementId: placementId }))).GameSessionPlacement;
    return p?.Status === "FULFILLED" ? p : undefined;
  }, "the placement to be FULFILLED");
  assert.equal(done.IpAddress, "127.0.0.1");
  assert.ok(done.Port && demo.ports().includes(done.Port), "a demo process's port");
  assert.deepEqual(done.PlacedPlayerSessions?.map((p) => p.PlayerId).sort(), ["alice", "bob"]);
  assert.equal(await status(done.GameSessionArn!), "ACTIVE");
});

test("queue placement: TIMED_OUT when no destination has room, CANCELLED by StopGameSessionPlacement", async () => {
  // The hosts fleet has no server process, so nothing can be placed there.
  await client.send(new CreateGameSessionQueueCommand({ Name: "e2e-empty", TimeoutInSeconds: 10, Destinations: [{ DestinationArn: hosts.fleetArn }] }));
  await client.send(new StartGameSessionPlacementCommand({ PlacementId: "e2e-timeout", GameSessionQueueName: "e2e-empty", MaximumPlayerSessionCount: 2 }));
  await eventually(
    async () => (await client.send(new DescribeGameSessionPlacementCommand({ PlacementId: "e2e-timeout" }))).GameSessionPlacement?.Status === "TIMED_OUT",
    "TIMED_OUT",
  );
  await client.send(new CreateGameSessionQueueCommand({ Name: "e2e-slow", TimeoutInSeconds: 600, Destinations: [{ DestinationArn: hosts.fleetArn }] }));
  await client.send(new StartGameSessionPlacementCommand({ PlacementId: "e2e-cancel", GameSessionQueueName: "e2e-slow", MaximumPlayerSessionCount: 2 }));
  const stopped = await client.send(new StopGameSessionPlacementCommand({ PlacementId: "e2e-cancel" }));
  assert.equal(stopped.GameSessionPlacement?.Status, "CANCELLED");
});

test("1,000 concurrent CreatePlayerSession calls on a 200-slot session reserve exactly 200, three times over", async () => {
  // A stack of its own with GameLift's 60 s reservation: with the short one above, reservations that time out
  // during the race would rightly free slots for later calls.
  const race = await startTestStack();
  const { gamelift: raceClient } = race;
  const raceHosts = await race.sdkFleet("e2e-race", { location: LOCATION });
  const raceSdks: GameLiftServerSdk[] = [];
  onTestFinished(async () => {
    await Promise.all(raceSdks.map((s) => s.destroy()));
    await race.stop();
  });
  const token = await raceHosts.authToken();
  for (let round = 0; round < 3; round++) {
    const sdk = new GameLiftServerSdk({ logger: { info() {}, warn() {}, debug() {} }, exit: () => undefined });
    raceSdks.push(sdk);
    let activated!: () => void;
    const active = new Promise<void>((r) => (activated = r));
    await sdk.initSDK({ webSocketUrl: raceHosts.webSocketUrl, processId: `race-${round}`, hostId: raceHosts.computeName, fleetId: raceHosts.fleetId, authToken: token });
    await sdk.processReady({ port: REPORTED_PORT + round, onStartGameSession: () => void sdk.activateGameSession().then(activated) });
    const gs = await raceClient.send(new CreateGameSessionCommand({ FleetId: raceHosts.fleetId, Location: LOCATION, MaximumPlayerSessionCount: 200 }));
    await active;
    const results = await Promise.allSettled(
      Array.from({ length: 1000 }, (_, i) => raceClient.send(new CreatePlayerSessionCommand({ GameSessionId: gs.GameSession!.GameSessionId, PlayerId: `p${i}` }))),
    );
    const reserved = results.filter((r) => r.status === "fulfilled").length;
    const full = results.filter((r) => r.status === "rejected" && (r.reason as Error).name === "GameSessionFullException").length;
    assert.deepEqual({ reserved, full }, { reserved: 200, full: 800 }, `round ${round}`);
    const described = await raceClient.send(new DescribeGameSessionsCommand({ GameSessionId: gs.GameSession!.GameSessionId }));
    assert.equal(described.GameSessions?.[0]?.CurrentPlayerSessionCount, 200);
  }
});
