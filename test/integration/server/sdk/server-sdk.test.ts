// The server SDK end to end: the local stack, the fleet launcher running real demo game server processes,
// and the real @aws-sdk/client-gamelift on the client side.
import { test, beforeAll, afterAll, onTestFinished } from "vitest";
import assert from "node:assert/strict";
import WebSocket from "ws";
import {
  CreateGameSessionCommand,
  CreatePlayerSessionCommand,
  DescribeGameSessionsCommand,
  DescribePlayerSessionsCommand,
  TerminateGameSessionCommand,
  type GameLiftClient,
  type GameSession as ClientGameSession,
} from "@aws-sdk/client-gamelift";
import type { LaunchedFleet } from "../../../../local/fleet/launcher.ts";
import { GameLiftServerSdk, GameLiftServerError, type GameSession } from "../../../../server/index.ts";
import { startTestStack, type DemoFleet } from "../../../fixtures/local-stack.ts";

/** The port an SDK in this test reports to GameLift; nothing listens on it. */
const REPORTED_PORT = 7200;

const startSdkStack = () =>
  startTestStack({
    gameliftTimings: { reconnectGraceMs: 300, processReadyTimeoutMs: 10_000, playerSessionReservationMs: 10_000 },
    demoFleet: { processes: 2, location: "custom-test-site", restart: { initialDelayMs: 100, maxDelayMs: 1000, minUptimeMs: 1000 } },
  });
let local: Awaited<ReturnType<typeof startSdkStack>>;
let client: GameLiftClient;
let demoFleet: DemoFleet;
let sdkFleet: LaunchedFleet;
let lines: string[];
const sdks: GameLiftServerSdk[] = [];

beforeAll(async () => {
  local = await startSdkStack();
  ({ gamelift: client, demoFleet, output: lines } = local);
  // A fleet whose one "process" is this test, to drive the SDK's player-session calls directly.
  sdkFleet = await local.sdkFleet("sdk-under-test", { location: "custom-test-site", certificatePath: "/local/game/cert.pem" });
});

afterAll(async () => {
  await Promise.all(sdks.map((s) => s.destroy()));
  await local?.stop();
});

const eventually = <T>(probe: () => Promise<T | undefined | false> | T | undefined | false, what: string, timeoutMs = 15_000): Promise<T> =>
  local.eventually(probe, what, timeoutMs);

const readyLines = (port: number) => lines.filter((l) => l.includes(`[demo-server :${port}] process ready`)).length;

async function describeSession(id: string): Promise<ClientGameSession> {
  const answer = await client.send(new DescribeGameSessionsCommand({ GameSessionId: id }));
  const session = answer.GameSessions?.[0];
  assert.ok(session, `game session ${id} not found`);
  return session;
}

async function activeSession(fleetId: string, name: string): Promise<ClientGameSession> {
  const created = await client.send(
    new CreateGameSessionCommand({ FleetId: fleetId, Location: "custom-test-site", MaximumPlayerSessionCount: 4, Name: name, GameProperties: [{ Key: "level", Value: "forest" }] }),
  );
  const id = created.GameSession?.GameSessionId;
  assert.ok(id);
  return eventually(async () => {
    const s = await describeSession(id);
    return s.Status === "ACTIVE" ? s : undefined;
  }, `${name} to become ACTIVE`);
}

async function sdkProcess(processId: string, onStart?: (s: GameSession, sdk: GameLiftServerSdk) => void): Promise<GameLiftServerSdk> {
  const sdk = new GameLiftServerSdk({ heartbeatIntervalMs: 500, heartbeatJitterMs: 0, reconnect: { retries: 0 }, logger: { warn: () => undefined }, exit: () => undefined });
  sdks.push(sdk);
  await sdk.initSDK({
    webSocketUrl: sdkFleet.webSocketUrl,
    processId,
    hostId: sdkFleet.computeName,
    fleetId: sdkFleet.fleetId,
    authToken: await sdkFleet.authToken(),
  });
  await sdk.processReady({
    port: REPORTED_PORT,
    onStartGameSession: (s) => onStart?.(s, sdk),
    onProcessTerminate: () => undefined,
  });
  return sdk;
}

test("the launcher sets up an Anywhere fleet, an alias and N ready demo processes", async () => {
  assert.match(demoFleet.fleetId, /^fleet-/);
  assert.match(demoFleet.fleetArn, /^arn:aws:gamelift:/);
  assert.ok(demoFleet.aliasId?.startsWith("alias-"));
  assert.equal(demoFleet.location, "custom-test-site");
  assert.match(demoFleet.webSocketUrl, /^ws:\/\/127\.0\.0\.1:\d+\/gamelift-sdk$/);
  await eventually(() => demoFleet.ports().every((port) => readyLines(port) >= 1), "both demo processes to be ready");
  const infos = demoFleet.processes();
  assert.deepEqual(infos.map((p) => [p.slot, p.state]), [
    [0, "running"],
    [1, "running"],
  ]);
  // Free ports picked for the fleet (basePort 0): two distinct ones, each named by its process as it got ready.
  assert.equal(new Set(infos.map((p) => p.port)).size, 2);
  assert.ok(infos.every((p) => p.pid && p.processId?.startsWith("process-")));
});

test("CreateGameSession reaches a demo process, which activates it", async () => {
  const session = await activeSession(demoFleet.fleetId, "room-1");
  assert.equal(session.IpAddress, "127.0.0.1");
  assert.ok(demoFleet.ports().includes(session.Port!));
  await eventually(() => lines.some((l) => l.includes(`game session active: ${session.GameSessionId}`)), "the demo's log line");
});

test("a killed process is replaced by the launcher and its game session ends", async () => {
  await eventually(() => demoFleet.ports().every((port) => readyLines(port) >= 1), "both demo processes to be ready");
  const session = await activeSession(demoFleet.fleetId, "room-doomed");
  const slot = demoFleet.processes().find((p) => p.port === session.Port);
  assert.ok(slot?.pid);
  const readyBefore = readyLines(slot.port);
  process.kill(slot.pid, "SIGKILL");
  await eventually(async () => {
    const s = await describeSession(session.GameSessionId as string);
    return s.Status === "TERMINATED" || s.Status === "ERROR" ? s : undefined;
  }, "the killed process's game session to end");
  await eventually(() => readyLines(slot.port) > readyBefore, "the replacement to be ready");
  const replaced = demoFleet.processes()[slot.slot];
  assert.notEqual(replaced?.pid, slot.pid);
  assert.equal(replaced?.restarts, slot.restarts + 1);
  assert.equal(replaced?.lastExit?.signal, "SIGKILL");
});

test("TerminateGameSession (TRIGGER_ON_PROCESS_TERMINATE) calls onProcessTerminate", async () => {
  await eventually(() => demoFleet.ports().every((port) => readyLines(port) >= 1), "both demo processes to be ready");
  const session = await activeSession(demoFleet.fleetId, "room-ended");
  const port = session.Port as number;
  const readyBefore = readyLines(port);
  await client.send(new TerminateGameSessionCommand({ GameSessionId: session.GameSessionId, TerminationMode: "TRIGGER_ON_PROCESS_TERMINATE" }));
  await eventually(() => lines.some((l) => l.includes(`[demo-server :${port}] onProcessTerminate`)), "onProcessTerminate");
  await eventually(async () => ((await describeSession(session.GameSessionId as string)).Status === "TERMINATED" ? true : undefined), "TERMINATED");
  await eventually(() => readyLines(port) > readyBefore, "the process to be replaced");
});

test("player sessions through the SDK: accept → ACTIVE, describe, remove → COMPLETED, policy", async () => {
  const started: GameSession[] = [];
  const sdk = await sdkProcess("process-test-players", (s, self) => {
    started.push(s);
    void self.activateGameSession();
  });
  const session = await activeSession(sdkFleet.fleetId, "players");
  assert.equal(started[0]?.gameSessionId, session.GameSessionId);
  assert.deepEqual(started[0]?.gameProperties, { level: "forest" });
  assert.equal(sdk.getGameSessionId(), session.GameSessionId);

  const created = await client.send(new CreatePlayerSessionCommand({ GameSessionId: session.GameSessionId, PlayerId: "player-1" }));
  const playerSessionId = created.PlayerSession?.PlayerSessionId as string;
  assert.equal(created.PlayerSession?.Status, "RESERVED");

  await sdk.acceptPlayerSession(playerSessionId);
  const status = async () =>
    (await client.send(new DescribePlayerSessionsCommand({ PlayerSessionId: playerSessionId }))).PlayerSessions?.[0]?.Status;
  assert.equal(await status(), "ACTIVE");

  const described = await sdk.describePlayerSessions({ gameSessionId: session.GameSessionId });
  const mine = described.playerSessions.find((p) => p.playerSessionId === playerSessionId);
  assert.equal(mine?.status, "ACTIVE");
  assert.equal(mine?.playerId, "player-1");
  assert.ok(Number.isInteger(mine?.creationTime));
  const byPlayer = await sdk.describePlayerSessions({ playerId: "player-1", playerSessionStatusFilter: "ACTIVE" });
  assert.deepEqual(byPlayer.playerSessions.map((p) => p.playerSessionId), [playerSessionId]);

  await sdk.removePlayerSession(playerSessionId);
  assert.equal(await status(), "COMPLETED");

  const again = await sdk.acceptPlayerSession(playerSessionId).catch((e: unknown) => e);
  assert.ok(again instanceof GameLiftServerError, "a completed player session cannot be accepted");
  assert.ok(again.statusCode && again.statusCode >= 400 && again.statusCode < 500);

  await sdk.updatePlayerSessionCreationPolicy("DENY_ALL");
  await assert.rejects(client.send(new CreatePlayerSessionCommand({ GameSessionId: session.GameSessionId, PlayerId: "player-2" })));
  await sdk.updatePlayerSessionCreationPolicy("ACCEPT_ALL");
  await client.send(new CreatePlayerSessionCommand({ GameSessionId: session.GameSessionId, PlayerId: "player-2" }));

  assert.deepEqual(await sdk.getComputeCertificate(), { certificatePath: "/local/game/cert.pem", computeName: sdkFleet.computeName });
});

test("a forged auth token is refused at the handshake with 403", async () => {
  const url = new URL(sdkFleet.webSocketUrl);
  for (const [k, v] of Object.entries({ pID: "process-forged", sdkVersion: "5.6.0", sdkLanguage: "Go", ComputeId: sdkFleet.computeName, FleetId: sdkFleet.fleetId, Authorization: "forged" })) {
    url.searchParams.set(k, v);
  }
  const status = await new Promise<number>((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.on("unexpected-response", (req, res) => {
      req.destroy();
      resolve(res.statusCode ?? 0);
    });
    ws.on("open", () => reject(new Error("a forged token was accepted")));
    ws.on("error", () => undefined);
  });
  assert.equal(status, 403);

  const sdk = new GameLiftServerSdk({ reconnect: { retries: 0 }, logger: { warn: () => undefined }, exit: () => undefined });
  const error = await sdk
    .initSDK({ webSocketUrl: sdkFleet.webSocketUrl, processId: "process-forged-2", hostId: sdkFleet.computeName, fleetId: sdkFleet.fleetId, authToken: "forged" })
    .catch((e: unknown) => e);
  assert.ok(error instanceof GameLiftServerError);
  assert.equal(error.code, "WEBSOCKET_CONNECT_FAILURE_FORBIDDEN");
});

test("junk frames get error answers and leave the process registered and working", async () => {
  const url = new URL(sdkFleet.webSocketUrl);
  const query = { pID: "process-junk", sdkVersion: "5.6.0", sdkLanguage: "Go", ComputeId: sdkFleet.computeName, FleetId: sdkFleet.fleetId, Authorization: await sdkFleet.authToken() };
  for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
  const ws = new WebSocket(url);
  onTestFinished(() => ws.terminate());
  const frames: Record<string, unknown>[] = [];
  ws.on("message", (data) => frames.push(JSON.parse(String(data)) as Record<string, unknown>));
  await new Promise((resolve, reject) => {
    ws.once("open", resolve);
    ws.once("error", reject);
  });
  const answer = async (requestId: string) => eventually(() => frames.find((f) => f.RequestId === requestId), `answer ${requestId}`, 5000);

  ws.send(JSON.stringify({ Action: "ActivateServerProcess", RequestId: "ready", SdkVersion: "5.6.0", SdkLanguage: "Go", Port: REPORTED_PORT + 1, LogPaths: null }));
  assert.equal((await answer("ready")).StatusCode, 200);
  ws.send("{ this is not json");
  ws.send(Buffer.from([0xde, 0xad, 0xbe, 0xef]), { binary: true });
  ws.send(JSON.stringify({ Action: "SelfDestruct", RequestId: "unknown" }));
  ws.send(JSON.stringify({ Action: "AcceptPlayerSession", RequestId: "types", GameSessionId: 42, PlayerSessionId: ["x"] }));
  assert.equal((await answer("unknown")).StatusCode, 400);
  assert.equal((await answer("types")).StatusCode, 400);
  await eventually(() => frames.filter((f) => f.RequestId === undefined).length >= 2, "answers to the non-JSON and binary frames", 5000);

  ws.send(JSON.stringify({ Action: "HeartbeatServerProcess", RequestId: "alive", HealthStatus: true }));
  assert.deepEqual(await answer("alive"), { Action: "HeartbeatServerProcess", RequestId: "alive", StatusCode: 200 });
  ws.send(JSON.stringify({ Action: "GetComputeCertificate", RequestId: "cert" }));
  const cert = await answer("cert");
  assert.equal(cert.ComputeName, sdkFleet.computeName, JSON.stringify(cert));
});
