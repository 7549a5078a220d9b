/**
 * kit.sessions against the local stack: an Anywhere fleet whose server processes are GameLiftServerSdk
 * instances in this test (so each created session goes ACTIVE at once), the real AWS SDK underneath, and the
 * stack's developer credentials as the credential provider the auth part would otherwise supply.
 */
import assert from "node:assert/strict";
import { test, beforeAll, afterAll } from "vitest";
import { CreateGameSessionQueueCommand, GetComputeAuthTokenCommand, RegisterComputeCommand, type GameLiftClient } from "@aws-sdk/client-gamelift";
import type { LaunchedFleet } from "../../../../../local/fleet/launcher.ts";
import type { LocalStack } from "../../../../../local/stack.ts";
import { GameLiftKitError } from "../../../../../plugin/core/errors.ts";
import {
  InvalidParameterError,
  PlacementError,
  type JoinResult,
  type SessionsArea,
  type Traveler,
  createSessions,
  sortBy,
  where,
} from "../../../../../plugin/core/gamelift/index.ts";
import { GameLiftServerSdk } from "../../../../../server/index.ts";
import { startTestStack, type TestStack } from "../../../../fixtures/local-stack.ts";
import { eventually } from "../../../../helpers/eventually.ts";

const LOCATION = "custom-plugin";
const DNS_NAME = "game-host.local.test";
const PROCESSES = 12;

/** The ports the in-test server processes report to GameLift; nothing listens on them. */
const REPORTED_BASE_PORT = 7600;

let local: TestStack;
let stack: LocalStack;
let admin: GameLiftClient;
let hosts: LaunchedFleet;
let empty: LaunchedFleet;
let kit: ReturnType<typeof createSessions>;
let sessions: SessionsArea;
const sdks: GameLiftServerSdk[] = [];
const served: { operation: string; errorType?: string }[] = [];

beforeAll(async () => {
  local = await startTestStack({
    gameliftTimings: { placementTimeoutScale: 0.05, placementPollMs: 50 },
    onServed: (r) => void served.push({ operation: r.operation, errorType: r.errorType }),
  });
  ({ stack, gamelift: admin } = local);
  hosts = await local.sdkFleet("plugin-hosts", { location: LOCATION, createAlias: true });
  empty = await local.sdkFleet("plugin-empty", { location: LOCATION });
  await startProcesses();
  await admin.send(new CreateGameSessionQueueCommand({ Name: "plugin-queue", TimeoutInSeconds: 60, Destinations: [{ DestinationArn: hosts.aliasArn }] }));
  // Nothing can be placed on the empty fleet: 10 s × placementTimeoutScale = 0.5 s to TIMED_OUT.
  await admin.send(new CreateGameSessionQueueCommand({ Name: "plugin-empty", TimeoutInSeconds: 10, Destinations: [{ DestinationArn: empty.fleetArn }] }));
  await admin.send(new CreateGameSessionQueueCommand({ Name: "plugin-slow", TimeoutInSeconds: 600, Destinations: [{ DestinationArn: empty.fleetArn }] }));

  kit = createSessions(
    { region: stack.region, endpoint: stack.endpoint, gamelift: { location: LOCATION } },
    { credentials: async () => stack.developerCredentials, placementPolling: { initialDelayMs: 50, maxDelayMs: 200 } },
  );
  sessions = kit.sessions;
  sessions.configureGameLiftClient({ maxAttempts: 1 });
});

afterAll(async () => {
  kit?.destroy();
  await Promise.all(sdks.map((s) => s.destroy()));
  await local?.stop();
});

/** Server processes on a compute registered with a DNS name, so sessions carry DnsName as TLS fleets' do. */
async function startProcesses(): Promise<void> {
  const computeName = "dns-host";
  await admin.send(new RegisterComputeCommand({ FleetId: hosts.fleetId, ComputeName: computeName, IpAddress: "127.0.0.1", DnsName: DNS_NAME, Location: LOCATION }));
  const { AuthToken } = await admin.send(new GetComputeAuthTokenCommand({ FleetId: hosts.fleetId, ComputeName: computeName }));
  for (let i = 0; i < PROCESSES; i++) {
    const sdk = new GameLiftServerSdk({ logger: { info() {}, warn() {}, debug() {} }, exit: () => undefined });
    sdks.push(sdk);
    await sdk.initSDK({ webSocketUrl: hosts.webSocketUrl, processId: `plugin-${i}`, hostId: computeName, fleetId: hosts.fleetId, authToken: AuthToken! });
    await sdk.processReady({ port: REPORTED_BASE_PORT + i, onStartGameSession: () => void sdk.activateGameSession() });
  }
}

async function active(gameSessionId: string) {
  return eventually(async () => {
    const { sessions: found } = await sessions.searchSessions({ aliasId: hosts.aliasId, filter: where("gameSessionId").eq(gameSessionId) });
    return found[0];
  }, `${gameSessionId} to be ACTIVE`);
}

function sentSince(mark: number): string[] {
  return served.slice(mark).map((r) => r.operation);
}

test("createSession on the fleet and on the alias; the session goes ACTIVE with address, DNS name and port", async () => {
  const onFleet = await sessions.createSession({ fleetId: hosts.fleetId, maxPlayers: 4, name: "on fleet", gameProperties: { level: "forest" }, creatorId: "creator-1" });
  assert.equal(onFleet.via, "fleet");
  assert.match(onFleet.gameSessionId, new RegExp(`^arn:aws:gamelift:${LOCATION}::gamesession/${hosts.fleetId}/`));
  assert.equal(onFleet.session.maxPlayers, 4);
  assert.deepEqual(onFleet.session.gameProperties, { level: "forest" });
  assert.equal(onFleet.session.location, LOCATION);
  assert.equal(onFleet.session.creatorId, "creator-1");
  assert.ok(onFleet.session.creationTime instanceof Date);

  const onAlias = await sessions.createSession({ aliasId: hosts.aliasId, maxPlayers: 2, idempotencyToken: "plugin-room-1" });
  assert.match(onAlias.gameSessionId, /\/plugin-room-1$/);
  assert.equal(onAlias.session.fleetId, hosts.fleetId);

  const listed = await active(onFleet.gameSessionId);
  assert.equal(listed.status, "ACTIVE");
  assert.equal(listed.ipAddress, "127.0.0.1");
  assert.equal(listed.dnsName, DNS_NAME);
  assert.ok(listed.port !== undefined && listed.port >= REPORTED_BASE_PORT);
  assert.equal(listed.name, "on fleet");
  assert.equal(listed.raw.DnsName, DNS_NAME, "the SDK's own object comes along");
});

test("searchSessions: builder and raw filters, sort, and paging with nextToken", async () => {
  const created = await Promise.all(
    [
      { name: "alpha", rank: "1", maxPlayers: 2 },
      { name: "beta", rank: "2", maxPlayers: 3 },
      { name: "it's \\gamma\\", rank: "3", maxPlayers: 4 },
    ].map((s) => sessions.createSession({ aliasId: hosts.aliasId, maxPlayers: s.maxPlayers, name: s.name, gameProperties: { suite: "search", rank: s.rank } })),
  );
  await Promise.all(created.map((c) => active(c.gameSessionId)));
  const suite = where("gameSessionProperties.suite").eq("search");

  const quoted = await sessions.searchSessions({ aliasId: hosts.aliasId, filter: suite.and(where("gameSessionName").eq("it's \\gamma\\")) });
  assert.deepEqual(quoted.sessions.map((s) => s.name), ["it's \\gamma\\"]);
  assert.equal(quoted.sessions[0]?.dnsName, DNS_NAME);
  assert.equal(quoted.nextToken, undefined);

  const raw = await sessions.searchSessions({
    aliasId: hosts.aliasId,
    filter: "gameSessionProperties.suite = 'search' AND maximumSessions >= 3",
    sort: "maximumSessions ASC",
  });
  assert.deepEqual(raw.sessions.map((s) => s.maxPlayers), [3, 4]);

  const none = await sessions.searchSessions({ fleetId: hosts.fleetId, filter: suite.and(where("hasAvailablePlayerSessions").eq(false)) });
  assert.deepEqual(none.sessions, []);

  const first = await sessions.searchSessions({ aliasId: hosts.aliasId, filter: suite, sort: sortBy("gameSessionProperties.rank", "DESC"), limit: 2 });
  assert.deepEqual(first.sessions.map((s) => s.gameProperties.rank), ["3", "2"]);
  assert.ok(first.nextToken);
  const second = await sessions.searchSessions({ aliasId: hosts.aliasId, filter: suite, sort: sortBy("gameSessionProperties.rank", "DESC"), limit: 2, nextToken: first.nextToken });
  assert.deepEqual(second.sessions.map((s) => s.gameProperties.rank), ["1"]);
  assert.equal(second.nextToken, undefined);
});

test("createPlayerSession reserves a slot with connection info; a full session and a missing one fail by AWS name", async () => {
  const { gameSessionId } = await sessions.createSession({ aliasId: hosts.aliasId, maxPlayers: 1, name: "tiny" });
  await active(gameSessionId);
  const playerId = sessions.createPlayerId();
  const ps = await sessions.createPlayerSession({ gameSessionId, playerId, playerData: "blue" });
  assert.match(ps.playerSessionId, /^psess-/);
  assert.equal(ps.status, "RESERVED");
  assert.equal(ps.playerId, playerId);
  assert.equal(ps.gameSessionId, gameSessionId);
  assert.equal(ps.ipAddress, "127.0.0.1");
  assert.equal(ps.dnsName, DNS_NAME);
  assert.ok(ps.port !== undefined && ps.port >= REPORTED_BASE_PORT);
  assert.equal(ps.playerData, "blue");

  await assert.rejects(sessions.createPlayerSession({ gameSessionId, playerId: "late-comer" }), (e: GameLiftKitError) => {
    assert.ok(e instanceof GameLiftKitError);
    assert.equal(e.code, "GameSessionFullException");
    assert.equal(e.status, 400);
    return true;
  });
  const missing = `arn:aws:gamelift:${stack.region}::gamesession/${hosts.fleetId}/no-such-session`;
  await assert.rejects(sessions.createPlayerSession({ gameSessionId: missing, playerId }), { code: "NotFoundException" });
});

test("AWS exceptions pass through by name: no capacity, unknown alias, a filter GameLift refuses", async () => {
  await assert.rejects(sessions.createSession({ fleetId: empty.fleetId, maxPlayers: 2 }), { code: "FleetCapacityExceededException" });
  await assert.rejects(sessions.createSession({ aliasId: "alias-00000000-0000-0000-0000-000000000000", maxPlayers: 2 }), { code: "NotFoundException" });
  await assert.rejects(sessions.searchSessions({ aliasId: hosts.aliasId, filter: "playerSessionCount <" }), (e: GameLiftKitError) => {
    assert.equal(e.code, "InvalidRequestException");
    assert.match(e.message, /position \d+/);
    return true;
  });
});

test("validation failures never reach the service", async () => {
  const mark = served.length;
  await assert.rejects(sessions.createSession({ fleetId: hosts.fleetId, aliasId: hosts.aliasId, maxPlayers: 500 }), InvalidParameterError);
  await assert.rejects(sessions.createSessionOnQueue({ queueName: "bad name!", maxPlayers: 2 }), InvalidParameterError);
  await assert.rejects(sessions.searchSessions({ aliasId: hosts.aliasId, limit: -1 }), InvalidParameterError);
  await assert.rejects(sessions.createPlayerSession({ gameSessionId: "", playerId: "p" }), InvalidParameterError);
  await assert.rejects(sessions.joinSession({ gameSessionId: "arn:x", playerId: "" }), InvalidParameterError);
  assert.deepEqual(sentSince(mark), []);
});

test("createSessionOnQueue: FULFILLED with connection info and placed player sessions", async () => {
  const mark = served.length;
  const placed = await sessions.createSessionOnQueue({
    queueName: "plugin-queue",
    maxPlayers: 4,
    name: "queued",
    gameProperties: { level: "desert" },
    desiredPlayers: [{ playerId: "alice" }, { playerId: "bob", playerData: "red" }],
  });
  assert.equal(placed.via, "queue");
  assert.equal(placed.placement.status, "FULFILLED");
  assert.match(placed.gameSessionId, new RegExp(`gamesession/${hosts.fleetId}/`));
  assert.equal(placed.placement.ipAddress, "127.0.0.1");
  assert.equal(placed.placement.dnsName, DNS_NAME);
  assert.ok(placed.placement.port !== undefined && placed.placement.port >= REPORTED_BASE_PORT);
  assert.deepEqual(placed.placement.placedPlayerSessions.map((p) => p.playerId).sort(), ["alice", "bob"]);
  assert.match(placed.placement.placementId, /^[0-9a-f-]{36}$/);
  assert.equal(placed.placement.location, LOCATION);
  const ops = sentSince(mark);
  assert.equal(ops[0], "StartGameSessionPlacement");
  assert.ok(ops.slice(1).every((op) => op === "DescribeGameSessionPlacement") && ops.length >= 2);

  const listed = await active(placed.gameSessionId);
  assert.equal(listed.gameProperties.level, "desert");
  assert.equal(listed.currentPlayers, 2);
});

test("createSessionOnQueue: TIMED_OUT rejects with the placement; the Async form reports it too", async () => {
  await assert.rejects(sessions.createSessionOnQueue({ queueName: "plugin-empty", maxPlayers: 2, placementId: "plugin-timeout-1" }), (e: PlacementError) => {
    assert.ok(e instanceof PlacementError);
    assert.equal(e.code, "Timeout");
    assert.equal(e.placement.status, "TIMED_OUT");
    assert.equal(e.placement.placementId, "plugin-timeout-1");
    assert.match(e.message, /timed out/);
    return true;
  });
  const notified = sessions.bus.once("onCreateSessionAsyncComplete");
  sessions.createSessionOnQueueAsync({ queueName: "plugin-empty", maxPlayers: 2 });
  const [result, error] = await notified;
  assert.equal(result, undefined);
  assert.equal(error?.code, "Timeout");
});

test("createSessionOnQueue: CANCELLED through stopPlacement and through an AbortSignal", async () => {
  const placing = sessions.createSessionOnQueue({ queueName: "plugin-slow", maxPlayers: 2, placementId: "plugin-cancel-1" });
  await eventually(() => served.some((r) => r.operation === "DescribeGameSessionPlacement"), "the follower to poll");
  const stopped = await sessions.stopPlacement("plugin-cancel-1");
  assert.equal(stopped.status, "CANCELLED");
  await assert.rejects(placing, (e: PlacementError) => e.code === "Cancelled" && e.placement.status === "CANCELLED");

  const controller = new AbortController();
  const mark = served.length;
  const aborted = sessions.createSessionOnQueue({ queueName: "plugin-slow", maxPlayers: 2, placementId: "plugin-cancel-2", signal: controller.signal });
  await eventually(() => sentSince(mark).includes("DescribeGameSessionPlacement"), "the follower to poll");
  controller.abort();
  await assert.rejects(aborted, (e: PlacementError) => e.code === "Cancelled" && e.placement.placementId === "plugin-cancel-2");
  assert.ok(sentSince(mark).includes("StopGameSessionPlacement"));

  const pending = await sessions.createSessionOnQueue({ queueName: "plugin-slow", maxPlayers: 2, waitForPlacement: false });
  assert.equal(pending.placement.status, "PENDING");
  assert.equal(pending.gameSessionId, "");
  assert.equal((await sessions.stopPlacement(pending.placement.placementId)).status, "CANCELLED");
});

test("Async forms fire their notifications on success and on AWS failures", async () => {
  const created = sessions.bus.once("onCreateSessionAsyncComplete");
  sessions.createSessionAsync({ aliasId: hosts.aliasId, maxPlayers: 3, name: "async" });
  const [result, error] = await created;
  assert.equal(error, undefined);
  assert.equal(result?.via, "fleet");
  await active(result!.gameSessionId);

  const searched = sessions.bus.once("onSearchSessionsAsyncComplete");
  sessions.searchSessionsAsync({ aliasId: hosts.aliasId, filter: where("gameSessionName").eq("async") });
  const [found] = await searched;
  assert.deepEqual(found?.sessions.map((s) => s.gameSessionId), [result!.gameSessionId]);

  const failed = sessions.bus.once("onSearchSessionsAsyncComplete");
  sessions.searchSessionsAsync({ fleetId: "fleet-00000000-0000-0000-0000-000000000000" });
  const [nothing, notFound] = await failed;
  assert.equal(nothing, undefined);
  assert.equal(notFound?.code, "NotFoundException");

  const joined = sessions.bus.once("onJoinSessionAsyncComplete");
  sessions.joinSessionAsync({ gameSessionId: result!.gameSessionId, playerId: "async-player" });
  const [join, joinError] = await joined;
  assert.equal(joinError, undefined);
  assert.match(join!.playerSession.playerSessionId, /^psess-/);
  assert.equal(join!.travel, undefined, "no traveler: the player session alone");
});

test("joinSession and leaveSession go through the traveler; its refusal is the join's error", async () => {
  const { gameSessionId } = await sessions.createSession({ aliasId: hosts.aliasId, maxPlayers: 4, name: "travel" });
  await active(gameSessionId);
  const calls: string[] = [];
  let refuse = false;
  const traveler: Traveler = {
    async join(playerSession, request): Promise<JoinResult> {
      calls.push(`join ${request.playerId} ${playerSession.dnsName}:${playerSession.port}`);
      if (refuse) throw new GameLiftKitError("ConnectionRejected", "the server refused the player session");
      return { playerSessionId: playerSession.playerSessionId, map: "forest" };
    },
    async leave() {
      calls.push("leave");
    },
  };
  sessions.setTraveler(traveler);
  try {
    const notified = sessions.bus.once("onJoinSessionAsyncComplete");
    const joined = await sessions.joinSession({ gameSessionId, playerId: "traveler-1" });
    assert.equal(joined.travel?.map, "forest");
    assert.equal(joined.travel?.playerSessionId, joined.playerSession.playerSessionId);
    assert.equal((await notified)[0], joined);

    const left = sessions.bus.once("onLeaveSessionAsyncComplete");
    sessions.leaveSessionAsync();
    assert.deepEqual(await left, [undefined]);

    refuse = true;
    const refused = sessions.bus.once("onJoinSessionAsyncComplete");
    await assert.rejects(sessions.joinSession({ gameSessionId, playerId: "traveler-2" }), { code: "ConnectionRejected" });
    const [nothing, error] = await refused;
    assert.equal(nothing, undefined);
    assert.equal(error?.code, "ConnectionRejected");
    assert.deepEqual(calls, [`join traveler-1 ${DNS_NAME}:${joined.playerSession.port}`, "leave", `join traveler-2 ${DNS_NAME}:${joined.playerSession.port}`]);
  } finally {
    sessions.setTraveler(undefined);
  }
});

test("destroy stops placement pollers: no DescribeGameSessionPlacement after it", async () => {
  const other = createSessions({ region: stack.region, endpoint: stack.endpoint }, { credentials: stack.developerCredentials, placementPolling: { initialDelayMs: 20, maxDelayMs: 20 } });
  other.sessions.configureGameLiftClient({ maxAttempts: 1 });
  const heard: unknown[] = [];
  other.sessions.bus.connect({ onCreateSessionAsyncComplete: (...args) => void heard.push(args) });
  const mark = served.length;
  const placing = other.sessions.createSessionOnQueue({ queueName: "plugin-slow", maxPlayers: 2, placementId: "plugin-destroy-1" });
  await eventually(() => sentSince(mark).filter((op) => op === "DescribeGameSessionPlacement").length >= 2, "a few polls");
  other.destroy();
  await assert.rejects(placing, { code: "Cancelled" });
  // A describe already in flight is aborted on our side but still answered (and counted) by the stack.
  await new Promise((r) => setTimeout(r, 100));
  const afterDestroy = served.length;
  await new Promise((r) => setTimeout(r, 300));
  assert.deepEqual(sentSince(afterDestroy), [], "polls every 20 ms would show here");
  assert.deepEqual(heard, [], "no notification into a destroyed game");
  await sessions.stopPlacement("plugin-destroy-1");
});
