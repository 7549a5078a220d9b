// The SDK against the endpoint on loopback, with a recording stub in place of the GameLift model: pins the
// wire both ways, the handshake refusals, junk-frame handling, reconnects and RefreshConnection.
import { test, onTestFinished } from "vitest";
import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import WebSocket from "ws";
import { attachServerProcessEndpoint } from "../../../../local/serverprocess/endpoint.ts";
import type { ProcessChannel, ProcessConnectParams, ProcessHandle, ServerProcessService } from "../../../../local/gamelift/process-api.ts";
import { ServiceError } from "../../../../local/http/service-error.ts";
import { END_REASONS, GameLiftServerSdk, GameLiftServerError, type GameSession } from "../../../../server/index.ts";

interface Stub extends ServerProcessService {
  calls: string[];
  connects: ProcessConnectParams[];
  channels: ProcessChannel[];
  handles: ProcessHandle[];
  disconnects: boolean[];
}

function stubService(): Stub {
  const stub: Stub = {
    calls: [],
    connects: [],
    channels: [],
    handles: [],
    disconnects: [],
    connect(params, channel) {
      if (params.authToken !== "good-token") throw new ServiceError("UnauthorizedException", "Invalid auth token for compute");
      stub.connects.push(params);
      stub.channels.push(channel);
      const record = (name: string) => (...args: unknown[]) => void stub.calls.push(`${name}(${args.map((a) => JSON.stringify(a)).join(",")})`);
      const handle: ProcessHandle = {
        processId: params.processId,
        activateServerProcess: record("activateServerProcess"),
        heartbeat: record("heartbeat"),
        activateGameSession: record("activateGameSession"),
        acceptPlayerSession(gs, ps) {
          if (ps === "psess-missing") throw new ServiceError("NotFoundException", `Player session ${ps} not found`);
          record("acceptPlayerSession")(gs, ps);
        },
        removePlayerSession: record("removePlayerSession"),
        updatePlayerSessionCreationPolicy: record("updatePlayerSessionCreationPolicy"),
        describePlayerSessions(query) {
          record("describePlayerSessions")(query);
          return {
            PlayerSessions: [
              {
                PlayerSessionId: "psess-1",
                PlayerId: "player-1",
                GameSessionId: "gs-arn",
                FleetId: "fleet-1",
                IpAddress: "127.0.0.1",
                Port: 7000,
                Status: "ACTIVE",
                CreationTime: 1700000000123.7,
              },
            ],
            NextToken: "next",
          };
        },
        terminateServerProcess: record("terminateServerProcess"),
        getComputeCertificate: () => ({ CertificatePath: "/local/cert.pem", ComputeName: params.computeId }),
        getFleetRoleCredentials: () => {
          throw new Error("model bug");
        },
        startMatchBackfill(req) {
          record("startMatchBackfill")(req);
          return { TicketId: req.TicketId ?? "ticket-1" };
        },
        stopMatchBackfill: record("stopMatchBackfill"),
        disconnected(normal) {
          stub.disconnects.push(normal);
        },
      };
      stub.handles.push(handle);
      return handle;
    },
  };
  return stub;
}

async function startEndpoint(stub: ServerProcessService) {
  const server: Server = createServer((_req, res) => res.writeHead(404).end());
  const endpoint = attachServerProcessEndpoint(server, stub, { path: "/sdk", requestTimeoutMs: 2000, log: () => undefined });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `ws://127.0.0.1:${port}/sdk`,
    port,
    async stop() {
      await endpoint.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const quietSdk = (extra: ConstructorParameters<typeof GameLiftServerSdk>[0] = {}) =>
  new GameLiftServerSdk({
    logger: { warn: () => undefined, error: () => undefined },
    reconnect: { retries: 3, baseDelayMs: 20, maxDelayMs: 100 },
    refreshGraceMs: 50,
    requestTimeoutMs: 2000,
    // A test's process must not exit when the stub lets an SDK go.
    exit: () => undefined,
    ...extra,
  });

const params = (url: string, processId = "process-1") => ({
  webSocketUrl: url,
  processId,
  hostId: "compute-1",
  fleetId: "fleet-1",
  authToken: "good-token",
});

async function until(check: () => boolean, what: string, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

function rawConnect(url: string): Promise<{ ws: WebSocket; frames: unknown[] }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    const frames: unknown[] = [];
    ws.on("message", (data) => frames.push(JSON.parse(String(data))));
    ws.once("open", () => resolve({ ws, frames }));
    ws.once("error", reject);
  });
}

function upgradeStatus(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.on("unexpected-response", (req, res) => {
      let body = "";
      res.on("data", (c) => (body += c));
      res.on("end", () => {
        req.destroy();
        resolve({ status: res.statusCode ?? 0, body });
      });
    });
    ws.on("open", () => reject(new Error("upgrade unexpectedly accepted")));
    ws.on("error", () => undefined);
  });
}

test("the SDK registers, heartbeats, hosts a session and makes every call over the wire", async () => {
  const stub = stubService();
  const ep = await startEndpoint(stub);
  const sdk = quietSdk({ heartbeatIntervalMs: 50, heartbeatJitterMs: 0 });
  onTestFinished(async () => {
    await sdk.destroy();
    await ep.stop();
  });

  await sdk.initSDK(params(ep.url));
  assert.deepEqual(stub.connects[0], {
    processId: "process-1",
    sdkVersion: "5.6.0",
    sdkLanguage: "NodeJS",
    computeId: "compute-1",
    fleetId: "fleet-1",
    idempotencyToken: stub.connects[0]?.idempotencyToken,
    authToken: "good-token",
  });
  assert.ok(stub.connects[0]?.idempotencyToken);

  const started: GameSession[] = [];
  let terminateCalls = 0;
  await sdk.processReady({
    port: 7000,
    logPaths: ["/tmp/log"],
    onStartGameSession: (s) => void started.push(s),
    onProcessTerminate: () => void terminateCalls++,
  });
  assert.equal(stub.calls[0], 'activateServerProcess({"SdkVersion":"5.6.0","SdkLanguage":"NodeJS","Port":7000,"LogPaths":["/tmp/log"]})');
  await until(() => stub.calls.filter((c) => c === "heartbeat(true)").length >= 2, "two heartbeats");

  stub.channels[0]?.createGameSession({
    GameSessionId: "gs-arn",
    GameSessionName: "room",
    FleetId: "fleet-1",
    MaximumPlayerSessionCount: 8,
    IpAddress: "127.0.0.1",
    Port: 7000,
    GameProperties: { level: "forest" },
  });
  await until(() => started.length === 1, "onStartGameSession");
  assert.equal(started[0]?.name, "room");
  assert.equal(started[0]?.fleetId, "fleet-1");
  assert.deepEqual(started[0]?.gameProperties, { level: "forest" });
  assert.equal(sdk.getGameSessionId(), "gs-arn");

  await sdk.activateGameSession();
  await sdk.acceptPlayerSession("psess-1");
  await sdk.removePlayerSession("psess-1");
  await sdk.updatePlayerSessionCreationPolicy("DENY_ALL");
  assert.ok(stub.calls.includes('activateGameSession("gs-arn")'));
  assert.ok(stub.calls.includes('acceptPlayerSession("gs-arn","psess-1")'));
  assert.ok(stub.calls.includes('removePlayerSession("gs-arn","psess-1")'));
  assert.ok(stub.calls.includes('updatePlayerSessionCreationPolicy("gs-arn","DENY_ALL")'));

  const described = await sdk.describePlayerSessions({ gameSessionId: "gs-arn", limit: 10 });
  assert.equal(described.nextToken, "next");
  assert.equal(described.playerSessions[0]?.creationTime, 1700000000123, "times are integers on the wire");
  assert.ok(stub.calls.includes('describePlayerSessions({"GameSessionId":"gs-arn","Limit":10})'));

  assert.deepEqual(await sdk.getComputeCertificate(), { certificatePath: "/local/cert.pem", computeName: "compute-1" });

  const refused = await sdk.acceptPlayerSession("psess-missing").catch((e: unknown) => e);
  assert.ok(refused instanceof GameLiftServerError);
  assert.equal(refused.code, "NOT_FOUND_EXCEPTION");
  assert.equal(refused.message, "Player session psess-missing not found");

  const broken = await sdk.getFleetRoleCredentials({ roleArn: "arn:aws:iam::123456789012:role/game" }).catch((e: unknown) => e);
  assert.ok(broken instanceof GameLiftServerError);
  assert.equal(broken.code, "INTERNAL_SERVICE_EXCEPTION");

  const endBefore = stub.calls.length;
  stub.channels[0]?.terminateProcess(1_900_000_000_000);
  await until(() => {
    try {
      return sdk.getTerminationTime().getTime() === 1_900_000_000_000;
    } catch {
      return false;
    }
  }, "TerminationTime");
  assert.equal(terminateCalls, 1);
  await sdk.processEnding();
  assert.ok(stub.calls.slice(endBefore).includes("terminateServerProcess()"));
  const heartbeats = stub.calls.filter((c) => c.startsWith("heartbeat")).length;
  await new Promise((r) => setTimeout(r, 150));
  assert.equal(stub.calls.filter((c) => c.startsWith("heartbeat")).length, heartbeats, "no heartbeats after processEnding");
  await sdk.destroy();
  await until(() => stub.disconnects.length === 1, "disconnect");
  assert.deepEqual(stub.disconnects, [true]);
});

test("without onProcessTerminate, TerminateProcess ends the process as the official SDKs do", async () => {
  const stub = stubService();
  const ep = await startEndpoint(stub);
  const exits: number[] = [];
  const sdk = quietSdk({ exit: (code) => void exits.push(code) });
  onTestFinished(async () => {
    await sdk.destroy();
    await ep.stop();
  });
  await sdk.initSDK(params(ep.url));
  await sdk.processReady({ port: 7000 });
  stub.channels[0]?.terminateProcess(Date.now() + 60_000);
  await until(() => exits.length === 1, "exit");
  assert.deepEqual(exits, [0]);
  assert.ok(stub.calls.includes("terminateServerProcess()"));
  await until(() => stub.disconnects.length === 1, "disconnect");
  assert.deepEqual(stub.disconnects, [true]);
});

test("processEnding runs the shutdown tasks first, with the reason for players; after TerminateProcess the reason says the server is shutting down", async () => {
  const stub = stubService();
  const ep = await startEndpoint(stub);
  const sdk = quietSdk();
  onTestFinished(async () => {
    await sdk.destroy();
    await ep.stop();
  });
  await sdk.initSDK(params(ep.url));
  await sdk.processReady({ port: 7000, onProcessTerminate: () => undefined });
  const told: string[] = [];
  const remove = sdk.beforeProcessEnds(async (reason) => {
    told.push(`${reason} (GameLift told: ${stub.calls.includes("terminateServerProcess()")})`);
  });
  stub.channels[0]?.terminateProcess(Date.now() + 60_000);
  const received = () => {
    try {
      return sdk.getTerminationTime() instanceof Date;
    } catch {
      return false;
    }
  };
  await until(received, "TerminateProcess");
  await sdk.processEnding();
  assert.deepEqual(told, [`${END_REASONS.terminated} (GameLift told: false)`]);
  remove();
});

test("a normal close from GameLift releases the process: onProcessReleased hears why; without it the shutdown tasks run and the process exits 0", async () => {
  const stub = stubService();
  const ep = await startEndpoint(stub);
  const releases: unknown[] = [];
  const withHandler = quietSdk();
  const exits: number[] = [];
  const withoutHandler = quietSdk({ exit: (code) => void exits.push(code) });
  onTestFinished(async () => {
    await withHandler.destroy();
    await withoutHandler.destroy();
    await ep.stop();
  });
  await withHandler.initSDK(params(ep.url, "process-a"));
  await withHandler.processReady({ port: 7000, onProcessReleased: (release) => void releases.push(release) });
  await withoutHandler.initSDK(params(ep.url, "process-b"));
  await withoutHandler.processReady({ port: 7001 });
  const told: string[] = [];
  withoutHandler.beforeProcessEnds((reason) => void told.push(reason));

  stub.channels[0]?.close(1000, "game session force-terminated");
  stub.channels[1]?.close(1000, "compute deregistered");
  await until(() => releases.length === 1 && exits.length === 1, "both releases");
  assert.deepEqual(releases, [{ cause: "closed", code: 1000, message: "game session force-terminated" }]);
  assert.deepEqual(exits, [0]);
  assert.deepEqual(told, [END_REASONS.released]);
  assert.equal(stub.calls.includes("terminateServerProcess()"), false, "GameLift has let it go: no ProcessEnding is sent");
  // Destroying on purpose is no release.
  const quiet = quietSdk({ exit: (code) => void exits.push(code) });
  await quiet.initSDK(params(ep.url, "process-c"));
  await quiet.processReady({ port: 7002, onProcessReleased: (release) => void releases.push(release) });
  await quiet.destroy();
  await new Promise((r) => setTimeout(r, 100));
  assert.equal(releases.length, 1);
});

test("a game session pushed in the same breath as the ActivateServerProcess answer reaches onStartGameSession", async () => {
  const stub = stubService();
  const ep = await startEndpoint(stub);
  const sdk = quietSdk();
  onTestFinished(async () => {
    await sdk.destroy();
    await ep.stop();
  });
  await sdk.initSDK(params(ep.url));
  const [channel] = stub.channels;
  const handle = stub.handles[0]!;
  const activate = handle.activateServerProcess.bind(handle);
  // The model pushes a game session right as it activates the process: the push leaves before the answer does.
  handle.activateServerProcess = (req) => {
    activate(req);
    channel!.createGameSession({ GameSessionId: "gs-arn", FleetId: "fleet-1", MaximumPlayerSessionCount: 2, IpAddress: "127.0.0.1", Port: 7000, GameProperties: {} });
  };
  const started: string[] = [];
  await sdk.processReady({ port: 7000, onStartGameSession: (s) => void started.push(s.gameSessionId) });
  await until(() => started.length === 1, "the game session to start");
  assert.deepEqual(started, ["gs-arn"]);
});

test("a push the model makes during connect() waits for the socket and arrives", async () => {
  const stub = stubService();
  const connect = stub.connect.bind(stub);
  stub.connect = (p, channel) => {
    const handle = connect(p, channel);
    channel.terminateProcess(1_800_000_000_000);
    return handle;
  };
  const ep = await startEndpoint(stub);
  const exits: number[] = [];
  // No onProcessTerminate registered yet: the SDK ends the process, as the official SDKs do.
  const sdk = quietSdk({ exit: (code) => void exits.push(code) });
  onTestFinished(async () => {
    await sdk.destroy();
    await ep.stop();
  });
  await sdk.initSDK(params(ep.url));
  await until(() => exits.length === 1, "the early TerminateProcess to end the process");
});

test("calls before initSDK / processReady fail with typed errors", async () => {
  const sdk = quietSdk();
  await assert.rejects(sdk.processReady({ port: 7000 }), { code: "GAMELIFT_SERVER_NOT_INITIALIZED" });
  await assert.rejects(sdk.activateGameSession(), { code: "GAMELIFT_SERVER_NOT_INITIALIZED" });
  assert.throws(() => sdk.getGameSessionId(), { code: "GAMESESSION_ID_NOT_SET" });
  assert.throws(() => sdk.getTerminationTime(), { code: "TERMINATION_TIME_NOT_SET" });
});

test("a bad handshake is refused with 403 and the reason; other paths get 404", async () => {
  const stub = stubService();
  const ep = await startEndpoint(stub);
  onTestFinished(() => ep.stop());

  const forged = await upgradeStatus(`${ep.url}?pID=p&sdkVersion=5&sdkLanguage=Go&ComputeId=c&FleetId=fleet-1&Authorization=forged`);
  assert.equal(forged.status, 403);
  assert.match(forged.body, /Invalid auth token/);
  const missing = await upgradeStatus(`${ep.url}?pID=p&sdkVersion=5&sdkLanguage=Go&FleetId=fleet-1&Authorization=good-token`);
  assert.equal(missing.status, 403);
  assert.match(missing.body, /ComputeId/);
  const elsewhere = await upgradeStatus(`ws://127.0.0.1:${ep.port}/other`);
  assert.equal(elsewhere.status, 404);
  assert.equal(stub.connects.length, 0);

  // hostId, as older SDKs send it, is the compute id.
  const { ws } = await rawConnect(`${ep.url}?pID=p&sdkVersion=5&sdkLanguage=Go&hostId=c-old&FleetId=fleet-1&Authorization=good-token`);
  assert.equal(stub.connects[0]?.computeId, "c-old");
  ws.close(1000);

  const sdk = quietSdk({ reconnect: { retries: 0 } });
  const error = await sdk.initSDK({ ...params(ep.url), authToken: "forged" }).catch((e: unknown) => e);
  assert.ok(error instanceof GameLiftServerError);
  assert.equal(error.code, "WEBSOCKET_CONNECT_FAILURE_FORBIDDEN");
  assert.match(error.message, /Invalid auth token/);
});

test("junk frames get an error answer and the process keeps working", async () => {
  const stub = stubService();
  const ep = await startEndpoint(stub);
  const { ws, frames } = await rawConnect(`${ep.url}?pID=p&sdkVersion=5&sdkLanguage=Go&ComputeId=c&FleetId=fleet-1&Authorization=good-token`);
  onTestFinished(async () => {
    ws.terminate();
    await ep.stop();
  });
  ws.send("not json at all");
  ws.send(Buffer.from([1, 2, 3]), { binary: true });
  ws.send(JSON.stringify({ Action: "LaunchMissiles", RequestId: "r1" }));
  ws.send(JSON.stringify({ Action: "HeartbeatServerProcess", RequestId: "r2", HealthStatus: "yes" }));
  ws.send(JSON.stringify({ Action: "HeartbeatServerProcess" }));
  ws.send(JSON.stringify({ RequestId: "r3" }));
  ws.send(JSON.stringify({ Action: "StartMatchBackfill", RequestId: "r4" }));
  ws.send(JSON.stringify({ Action: "HeartbeatServerProcess", RequestId: "r5", HealthStatus: true }));
  await until(() => frames.length === 8, "eight answers");
  const byId = (id: string) => frames.find((f) => (f as { RequestId?: string }).RequestId === id) as Record<string, unknown>;
  assert.deepEqual(frames[0], { StatusCode: 400, ErrorMessage: "Frame is not valid JSON" });
  assert.equal((frames[1] as { StatusCode: number }).StatusCode, 400);
  assert.deepEqual(byId("r1"), { Action: "LaunchMissiles", RequestId: "r1", StatusCode: 400, ErrorMessage: 'Unknown Action "LaunchMissiles"' });
  assert.equal(byId("r2").ErrorMessage, "HealthStatus must be a boolean");
  assert.equal(byId("r3").ErrorMessage, "Frame has no Action");
  assert.equal(byId("r4").StatusCode, 400);
  assert.deepEqual(byId("r5"), { Action: "HeartbeatServerProcess", RequestId: "r5", StatusCode: 200 });
  assert.deepEqual(stub.calls, ["heartbeat(true)"]);

  ws.send("x".repeat(70 * 1024));
  const code = await new Promise<number>((resolve) => ws.once("close", resolve));
  assert.equal(code, 1009);
  await until(() => stub.disconnects.length === 1, "disconnect");
  assert.deepEqual(stub.disconnects, [false], "an oversized frame is an abnormal close: the process may reconnect");
});

test("the SDK reconnects after an abnormal close but not after 1000/1001", async () => {
  const stub = stubService();
  const ep = await startEndpoint(stub);
  const sdk = quietSdk();
  onTestFinished(async () => {
    await sdk.destroy();
    await ep.stop();
  });
  await sdk.initSDK(params(ep.url));
  await sdk.processReady({ port: 7000 });

  stub.channels[0]?.close(4000, "network blip");
  await until(() => stub.connects.length === 2, "reconnect");
  assert.equal(stub.connects[1]?.processId, "process-1");
  assert.notEqual(stub.connects[1]?.idempotencyToken, stub.connects[0]?.idempotencyToken);
  await sdk.processEnding().catch(() => undefined);
  assert.ok(stub.calls.includes("terminateServerProcess()"), "calls work on the new socket");

  stub.channels[1]?.close(1000, "done");
  await new Promise((r) => setTimeout(r, 200));
  assert.equal(stub.connects.length, 2, "no reconnect after a normal close");
});

test("RefreshConnection moves the SDK to the new endpoint and token", async () => {
  const stub = stubService();
  const ep = await startEndpoint(stub);
  const sdk = quietSdk();
  onTestFinished(async () => {
    await sdk.destroy();
    await ep.stop();
  });
  await sdk.initSDK({ ...params(ep.url) });
  await sdk.processReady({ port: 7000 });
  stub.channels[0]?.refreshConnection(`${ep.url}?refreshed=1`, "good-token");
  await until(() => stub.connects.length === 2, "refreshed connection");
  await until(() => stub.disconnects.length === 1, "old socket closed");
  assert.deepEqual(stub.disconnects, [true], "the replaced socket closes normally");
  await sdk.getComputeCertificate();
});

test("a health check that throws or hangs reports unhealthy", async () => {
  const stub = stubService();
  const ep = await startEndpoint(stub);
  const sdk = quietSdk({ heartbeatIntervalMs: 10_000, healthCheckTimeoutMs: 50 });
  onTestFinished(async () => {
    await sdk.destroy();
    await ep.stop();
  });
  await sdk.initSDK(params(ep.url));
  await sdk.processReady({ port: 7000, onHealthCheck: () => new Promise<boolean>(() => undefined) });
  await until(() => stub.calls.includes("heartbeat(false)"), "unhealthy heartbeat");

  const other = quietSdk({ heartbeatIntervalMs: 10_000 });
  onTestFinished(() => other.destroy());
  await other.initSDK(params(ep.url, "process-2"));
  const before = stub.calls.length;
  await other.processReady({
    port: 7001,
    onHealthCheck: () => {
      throw new Error("sick");
    },
  });
  await until(() => stub.calls.slice(before).includes("heartbeat(false)"), "unhealthy heartbeat after a throw");
});

test("a request nobody answers times out with SERVICE_CALL_FAILED", async () => {
  const { WebSocketServer } = await import("ws");
  const silent = new WebSocketServer({ port: 0, host: "127.0.0.1" });
  await new Promise((r) => silent.once("listening", r));
  const { port } = silent.address() as AddressInfo;
  const sdk = quietSdk({ activateTimeoutMs: 100 });
  onTestFinished(async () => {
    await sdk.destroy();
    for (const c of silent.clients) c.terminate();
    await new Promise((r) => silent.close(r));
  });
  await sdk.initSDK(params(`ws://127.0.0.1:${port}/`));
  const error = await sdk.processReady({ port: 7000 }).catch((e: unknown) => e);
  assert.ok(error instanceof GameLiftServerError);
  assert.equal(error.code, "PROCESS_NOT_READY");
  assert.match(error.message, /No answer to ActivateServerProcess within 100 ms/);
});
