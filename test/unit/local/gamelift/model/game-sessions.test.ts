// Game sessions in the local GameLift model: placement on processes, idempotency, aliases, validation, status
// changes, health checks and process connections, driven directly with recording process channels.
import assert from "node:assert/strict";
import { test, onTestFinished } from "vitest";
import { createWorld, eventually } from "../../../../fixtures/gamelift-world.ts";

test("CreateGameSession pushes CreateGameSession to an idle ready process; ActivateGameSession makes it ACTIVE", () => {
  const w = createWorld();
  onTestFinished(w.close);
  const fleet = w.anywhereFleet();
  const p = w.connectProcess(fleet.fleetId, fleet.computes[0]!, { port: 7777 });
  const gs = w.call("CreateGameSession", {
    FleetId: fleet.fleetArn,
    Location: fleet.location,
    MaximumPlayerSessionCount: 8,
    Name: "room",
    GameProperties: [{ Key: "mode", Value: "ctf" }],
    GameSessionData: "data",
  }).GameSession;
  assert.equal(gs.Status, "ACTIVATING");
  assert.match(gs.GameSessionId, new RegExp(`^arn:aws:gamelift:${fleet.location}::gamesession/${fleet.fleetId}/gsess-[0-9a-f-]{36}$`));
  assert.equal(gs.FleetId, fleet.fleetId);
  assert.equal(gs.FleetArn, fleet.fleetArn);
  assert.equal(gs.IpAddress, "10.0.0.1");
  assert.equal(gs.Port, 7777);
  assert.equal(gs.Location, fleet.location);
  assert.equal(gs.ComputeName, "compute-1");
  assert.equal(gs.CurrentPlayerSessionCount, 0);
  assert.equal(gs.PlayerSessionCreationPolicy, "ACCEPT_ALL");
  assert.ok(gs.CreationTime instanceof Date);
  assert.deepEqual(gs.GameProperties, [{ Key: "mode", Value: "ctf" }]);

  const [pushed] = p.channel.of("createGameSession");
  assert.deepEqual(pushed!.session, {
    GameSessionId: gs.GameSessionId,
    GameSessionName: "room",
    FleetId: fleet.fleetId,
    MaximumPlayerSessionCount: 8,
    IpAddress: "10.0.0.1",
    DnsName: undefined,
    Port: 7777,
    GameProperties: { mode: "ctf" },
    GameSessionData: "data",
    MatchmakerData: undefined,
  });

  p.handle.activateGameSession(gs.GameSessionId);
  const [described] = w.call("DescribeGameSessions", { GameSessionId: gs.GameSessionId }).GameSessions;
  assert.equal(described.Status, "ACTIVE");
});

test("one game session per process: the second request finds no capacity", () => {
  const w = createWorld();
  onTestFinished(w.close);
  const fleet = w.anywhereFleet();
  w.connectProcess(fleet.fleetId, fleet.computes[0]!);
  w.call("CreateGameSession", { FleetId: fleet.fleetId, Location: fleet.location, MaximumPlayerSessionCount: 2 });
  assert.throws(() => w.call("CreateGameSession", { FleetId: fleet.fleetId, Location: fleet.location, MaximumPlayerSessionCount: 2 }), {
    name: "FleetCapacityExceededException",
  });
});

test("no capacity without a ready process, and in the home Region of an Anywhere fleet", () => {
  const w = createWorld();
  onTestFinished(w.close);
  const fleet = w.anywhereFleet();
  const notReady = w.connectProcess(fleet.fleetId, fleet.computes[0]!, { ready: false });
  assert.throws(() => w.call("CreateGameSession", { FleetId: fleet.fleetId, Location: fleet.location, MaximumPlayerSessionCount: 2 }), {
    name: "FleetCapacityExceededException",
    message: /ProcessReady/,
  });
  notReady.handle.activateServerProcess({ SdkVersion: "5", SdkLanguage: "NodeJS", Port: 9000 });
  assert.throws(() => w.call("CreateGameSession", { FleetId: fleet.fleetId, MaximumPlayerSessionCount: 2 }), {
    name: "FleetCapacityExceededException",
    message: new RegExp(`pass Location \\(${fleet.location}\\)`),
  });
  assert.throws(() => w.call("CreateGameSession", { FleetId: fleet.fleetId, MaximumPlayerSessionCount: 2, Location: "custom-elsewhere" }), {
    name: "InvalidRequestException",
    message: /custom-elsewhere is not a location of fleet/,
  });
});

test("the same IdempotencyToken returns the same game session, even after it ended; different parameters are a mismatch", () => {
  const w = createWorld();
  onTestFinished(w.close);
  const fleet = w.anywhereFleet();
  const p = w.connectProcess(fleet.fleetId, fleet.computes[0]!);
  const request = { FleetId: fleet.fleetId, Location: fleet.location, MaximumPlayerSessionCount: 4, IdempotencyToken: "my-token-1" };
  const first = w.call("CreateGameSession", request).GameSession;
  assert.equal(first.GameSessionId, `arn:aws:gamelift:${fleet.location}::gamesession/${fleet.fleetId}/my-token-1`);
  assert.equal(w.call("CreateGameSession", request).GameSession.GameSessionId, first.GameSessionId);
  assert.equal(p.channel.of("createGameSession").length, 1);
  assert.throws(() => w.call("CreateGameSession", { ...request, MaximumPlayerSessionCount: 5 }), { name: "IdempotentParameterMismatchException" });

  p.handle.activateGameSession(first.GameSessionId);
  p.handle.terminateServerProcess();
  const again = w.call("CreateGameSession", request).GameSession;
  assert.equal(again.GameSessionId, first.GameSessionId);
  assert.equal(again.Status, "TERMINATED");
});

test("FleetId xor AliasId; a SIMPLE alias routes, a TERMINAL alias answers with its message", () => {
  const w = createWorld();
  onTestFinished(w.close);
  const fleet = w.anywhereFleet();
  w.connectProcess(fleet.fleetId, fleet.computes[0]!);
  const simple = w.call("CreateAlias", { Name: "live", RoutingStrategy: { Type: "SIMPLE", FleetId: fleet.fleetId } }).Alias;
  const terminal = w.call("CreateAlias", { Name: "closed", RoutingStrategy: { Type: "TERMINAL", Message: "Servers are down for maintenance" } }).Alias;
  assert.throws(() => w.call("CreateGameSession", { MaximumPlayerSessionCount: 2 }), { name: "InvalidRequestException", message: /FleetId or AliasId/ });
  assert.throws(() => w.call("CreateGameSession", { FleetId: fleet.fleetId, AliasId: simple.AliasId, MaximumPlayerSessionCount: 2 }), { name: "InvalidRequestException" });
  assert.throws(() => w.call("CreateGameSession", { AliasId: terminal.AliasArn, MaximumPlayerSessionCount: 2 }), {
    name: "TerminalRoutingStrategyException",
    message: "Servers are down for maintenance",
  });
  const gs = w.call("CreateGameSession", { AliasId: simple.AliasArn, Location: fleet.location, MaximumPlayerSessionCount: 2 }).GameSession;
  assert.equal(gs.FleetId, fleet.fleetId);
  assert.throws(() => w.call("CreateGameSession", { FleetId: "fleet-00000000-0000-0000-0000-000000000000", MaximumPlayerSessionCount: 2 }), {
    name: "NotFoundException",
    message: /fleet-00000000-0000-0000-0000-000000000000/,
  });
});

test("validation errors read like AWS's and list every violation", () => {
  const w = createWorld();
  onTestFinished(w.close);
  const fleet = w.anywhereFleet();
  assert.throws(() => w.call("CreateGameSession", { FleetId: fleet.fleetId, MaximumPlayerSessionCount: -1 }), {
    name: "InvalidRequestException",
    message: "1 validation error detected: Value '-1' at 'maximumPlayerSessionCount' failed to satisfy constraint: Member must have value greater than or equal to 0",
  });
  assert.throws(() => w.call("CreateGameSession", { FleetId: fleet.fleetId }), {
    message: "1 validation error detected: Value null at 'maximumPlayerSessionCount' failed to satisfy constraint: Member must not be null",
  });
  assert.throws(
    () =>
      w.call("CreateGameSession", {
        FleetId: "not-a-fleet",
        MaximumPlayerSessionCount: 201,
        IdempotencyToken: "bad token!",
        GameProperties: [{ Key: "k".repeat(33), Value: "v" }],
      }),
    (e: Error) => {
      assert.equal(e.name, "InvalidRequestException");
      assert.match(e.message, /^4 validation errors detected: /);
      assert.match(e.message, /Value 'not-a-fleet' at 'fleetId' failed to satisfy constraint: Member must satisfy regular expression pattern: \^\[a-z\]\*fleet-/);
      assert.match(e.message, /at 'maximumPlayerSessionCount' failed to satisfy constraint: Member must have value less than or equal to 200/);
      assert.match(e.message, /Value 'bad token!' at 'idempotencyToken'.*pattern: \^\[a-zA-Z0-9-\]\+\$/);
      assert.match(e.message, /at 'gameProperties.1.member.key' failed to satisfy constraint: Member must have length less than or equal to 32/);
      return true;
    },
  );
  assert.throws(() => w.call("CreateGameSession", { FleetId: fleet.fleetId, MaximumPlayerSessionCount: 2, GameProperties: Array.from({ length: 17 }, (_, i) => ({ Key: `k${i}`, Value: "v" })) }), {
    message: /at 'gameProperties' failed to satisfy constraint: Member must have length less than or equal to 16/,
  });
  assert.throws(() => w.call("CreateGameSession", { FleetId: fleet.fleetId, MaximumPlayerSessionCount: "2" }), { name: "SerializationException" });
  assert.throws(() => w.call("CreateGameSession", { FleetId: fleet.fleetId, MaximumPlayerSessionCount: 2.5 }), { name: "SerializationException" });
  assert.throws(() => w.call("CreateGameSession", { FleetId: fleet.fleetId, MaximumPlayerSessionCount: 2, GameProperties: "x" }), { name: "SerializationException" });
  assert.throws(() => w.call("CreateGameSession", { FleetId: fleet.fleetId, MaximumPlayerSessionCount: 2, GameSessionData: "x".repeat(262145) }), {
    message: /at 'gameSessionData' failed to satisfy constraint: Member must have length less than or equal to 262144/,
  });
});

test("DescribeGameSessions by fleet, location and status, paged with opaque tokens", () => {
  const w = createWorld();
  onTestFinished(w.close);
  const fleet = w.anywhereFleet({ computes: 1 });
  const procs = [1, 2, 3].map(() => w.connectProcess(fleet.fleetId, fleet.computes[0]!));
  const ids = procs.map(() => w.call("CreateGameSession", { FleetId: fleet.fleetId, Location: fleet.location, MaximumPlayerSessionCount: 2 }).GameSession.GameSessionId);
  procs[0]!.handle.activateGameSession(ids[0]);
  assert.equal(w.call("DescribeGameSessions", { FleetId: fleet.fleetId }).GameSessions.length, 3);
  assert.deepEqual(w.call("DescribeGameSessions", { FleetId: fleet.fleetId, StatusFilter: "ACTIVE" }).GameSessions.map((g: { GameSessionId: string }) => g.GameSessionId), [ids[0]]);
  assert.equal(w.call("DescribeGameSessions", { FleetId: fleet.fleetId, Location: "custom-nowhere" }).GameSessions.length, 0);
  const first = w.call("DescribeGameSessions", { FleetId: fleet.fleetId, Limit: 2 });
  assert.equal(first.GameSessions.length, 2);
  const second = w.call("DescribeGameSessions", { FleetId: fleet.fleetId, Limit: 2, NextToken: first.NextToken });
  assert.equal(second.GameSessions.length, 1);
  assert.equal(second.NextToken, undefined);
  assert.throws(() => w.call("DescribeGameSessions", { FleetId: fleet.fleetId, NextToken: "forged" }), { name: "InvalidRequestException", message: /NextToken/ });
  assert.throws(() => w.call("DescribeGameSessions", { FleetId: fleet.fleetId, StatusFilter: "ACTIVE", NextToken: first.NextToken }), { name: "InvalidRequestException" });
  assert.throws(() => w.call("DescribeGameSessions", { StatusFilter: "RUNNING", FleetId: fleet.fleetId }), { message: /enum value set/ });
  assert.throws(() => w.call("DescribeGameSessions", {}), { name: "InvalidRequestException" });
  const details = w.call("DescribeGameSessionDetails", { GameSessionId: ids[0] }).GameSessionDetails;
  assert.equal(details[0].ProtectionPolicy, "NoProtection");
  assert.equal(details[0].GameSession.GameSessionId, ids[0]);
});

test("UpdateGameSession changes the mutable fields and merges game properties", () => {
  const w = createWorld();
  onTestFinished(w.close);
  const { gameSessionId } = w.activeGameSession({ GameProperties: [{ Key: "a", Value: "1" }] });
  const updated = w.call("UpdateGameSession", {
    GameSessionId: gameSessionId,
    Name: "renamed",
    MaximumPlayerSessionCount: 4,
    PlayerSessionCreationPolicy: "DENY_ALL",
    ProtectionPolicy: "FullProtection",
    GameProperties: [{ Key: "a", Value: "2" }, { Key: "b", Value: "3" }],
  }).GameSession;
  assert.equal(updated.Name, "renamed");
  assert.equal(updated.MaximumPlayerSessionCount, 4);
  assert.equal(updated.PlayerSessionCreationPolicy, "DENY_ALL");
  assert.deepEqual(updated.GameProperties, [{ Key: "a", Value: "2" }, { Key: "b", Value: "3" }]);
  assert.equal(w.call("DescribeGameSessionDetails", { GameSessionId: gameSessionId }).GameSessionDetails[0].ProtectionPolicy, "FullProtection");
  assert.throws(() => w.call("UpdateGameSession", { GameSessionId: gameSessionId, PlayerSessionCreationPolicy: "SOMETIMES" }), { message: /enum value set: \[ACCEPT_ALL, DENY_ALL\]/ });
  assert.throws(() => w.call("UpdateGameSession", { GameSessionId: "arn:aws:gamelift:us-west-2::gamesession/fleet-1/none" }), { name: "NotFoundException" });
});

test("TerminateGameSession TRIGGER_ON_PROCESS_TERMINATE: TERMINATING, TerminateProcess pushed, ProcessEnding concludes it", () => {
  const w = createWorld();
  onTestFinished(w.close);
  const { gameSessionId, process } = w.activeGameSession();
  w.call("CreatePlayerSession", { GameSessionId: gameSessionId, PlayerId: "p1" });
  assert.throws(() => w.call("TerminateGameSession", { GameSessionId: gameSessionId }), { message: /'terminationMode'.*must not be null/ });
  const terminating = w.call("TerminateGameSession", { GameSessionId: gameSessionId, TerminationMode: "TRIGGER_ON_PROCESS_TERMINATE" }).GameSession;
  assert.equal(terminating.Status, "TERMINATING");
  const [push] = process.channel.of("terminateProcess");
  assert.ok(push && push.terminationTimeMs > Date.now());
  assert.equal(w.call("SearchGameSessions", { FleetId: terminating.FleetId }).GameSessions.length, 0);
  process.handle.terminateServerProcess();
  const [ended] = w.call("DescribeGameSessions", { GameSessionId: gameSessionId }).GameSessions;
  assert.equal(ended.Status, "TERMINATED");
  assert.equal(ended.StatusReason, "TRIGGERED_ON_PROCESS_TERMINATE");
  assert.ok(ended.TerminationTime instanceof Date);
  assert.equal(w.call("DescribePlayerSessions", { GameSessionId: gameSessionId }).PlayerSessions[0].Status, "COMPLETED");
  assert.throws(() => w.call("TerminateGameSession", { GameSessionId: gameSessionId, TerminationMode: "FORCE_TERMINATE" }), { name: "InvalidGameSessionStatusException" });
});

test("TerminateGameSession FORCE_TERMINATE ends the process at once", () => {
  const w = createWorld();
  onTestFinished(w.close);
  const { gameSessionId, process } = w.activeGameSession();
  const gs = w.call("TerminateGameSession", { GameSessionId: gameSessionId, TerminationMode: "FORCE_TERMINATE" }).GameSession;
  assert.equal(gs.Status, "TERMINATED");
  assert.equal(gs.StatusReason, "FORCE_TERMINATED");
  assert.equal(process.channel.of("close")[0]?.code, 1000);
  assert.throws(() => process.handle.activateGameSession(gameSessionId), { name: "InvalidRequestException", message: /has ended/ });
});

test("a game session not activated in time is TERMINATED and its process asked to end", async () => {
  const w = createWorld({ gameSessionActivationTimeoutMs: 20 });
  onTestFinished(w.close);
  const fleet = w.anywhereFleet();
  const p = w.connectProcess(fleet.fleetId, fleet.computes[0]!);
  const gs = w.call("CreateGameSession", { FleetId: fleet.fleetId, Location: fleet.location, MaximumPlayerSessionCount: 2 }).GameSession;
  await eventually(() => assert.equal(w.call("DescribeGameSessions", { GameSessionId: gs.GameSessionId }).GameSessions[0].Status, "TERMINATED"));
  assert.equal(p.channel.of("terminateProcess").length, 1);
  assert.throws(() => p.handle.activateGameSession(gs.GameSessionId), { name: "InvalidGameSessionStatusException" });
});

test("a process without a healthy heartbeat is ended: socket closed, its game session ERROR, players COMPLETED", async () => {
  const w = createWorld({ processHealthTimeoutMs: 60 });
  onTestFinished(w.close);
  const { gameSessionId, process } = w.activeGameSession();
  w.call("CreatePlayerSession", { GameSessionId: gameSessionId, PlayerId: "p1" });
  // Healthy heartbeats keep it alive past the timeout; unhealthy ones do not.
  for (let i = 0; i < 4; i++) {
    await new Promise((r) => setTimeout(r, 25));
    process.handle.heartbeat(true);
  }
  assert.equal(w.call("DescribeGameSessions", { GameSessionId: gameSessionId }).GameSessions[0].Status, "ACTIVE");
  process.handle.heartbeat(false);
  await eventually(() => assert.equal(w.call("DescribeGameSessions", { GameSessionId: gameSessionId }).GameSessions[0].Status, "ERROR"));
  assert.match(process.channel.of("close")[0]!.reason, /healthy heartbeat/);
  assert.equal(w.call("DescribePlayerSessions", { GameSessionId: gameSessionId }).PlayerSessions[0].Status, "COMPLETED");
});

test("a process that never calls ActivateServerProcess is dropped", async () => {
  const w = createWorld({ processReadyTimeoutMs: 20 });
  onTestFinished(w.close);
  const fleet = w.anywhereFleet();
  const p = w.connectProcess(fleet.fleetId, fleet.computes[0]!, { ready: false });
  await eventually(() => assert.equal(p.channel.of("close").length, 1));
  assert.throws(() => p.handle.activateServerProcess({ SdkVersion: "5", SdkLanguage: "NodeJS", Port: 1234 }), { name: "InvalidRequestException" });
});

test("an abnormal disconnect keeps the process for the grace period; a reconnect with the same pID resumes it", async () => {
  const w = createWorld({ reconnectGraceMs: 40 });
  onTestFinished(w.close);
  const { gameSessionId, process, fleet } = w.activeGameSession();
  process.handle.disconnected(false);
  const again = w.connectProcess(fleet.fleetId, fleet.computes[0]!, { processId: process.processId, ready: false });
  await new Promise((r) => setTimeout(r, 60));
  assert.equal(w.call("DescribeGameSessions", { GameSessionId: gameSessionId }).GameSessions[0].Status, "ACTIVE");
  // The old socket's late close belongs to a replaced connection and changes nothing.
  process.handle.disconnected(true);
  const { PlayerSession } = w.call("CreatePlayerSession", { GameSessionId: gameSessionId, PlayerId: "p1" });
  again.handle.acceptPlayerSession(gameSessionId, PlayerSession.PlayerSessionId);

  again.handle.disconnected(false);
  await eventually(() => assert.equal(w.call("DescribeGameSessions", { GameSessionId: gameSessionId }).GameSessions[0].Status, "ERROR"));
});

test("a normal close ends the process and TERMINATES its game session; pushes owed to a reconnecting process are re-sent", () => {
  const w = createWorld();
  onTestFinished(w.close);
  const a = w.activeGameSession();
  a.process.handle.disconnected(true);
  assert.equal(w.call("DescribeGameSessions", { GameSessionId: a.gameSessionId }).GameSessions[0].Status, "TERMINATED");

  const b = w.activeGameSession();
  b.process.handle.disconnected(false);
  w.call("TerminateGameSession", { GameSessionId: b.gameSessionId, TerminationMode: "TRIGGER_ON_PROCESS_TERMINATE" });
  const back = w.connectProcess(b.fleet.fleetId, b.fleet.computes[0]!, { processId: b.process.processId, ready: false });
  assert.equal(back.channel.of("terminateProcess").length, 1);
});

test("server process connections are checked: fleet, compute, token", () => {
  const w = createWorld({ computeAuthTokenTtlMs: 60_000 });
  onTestFinished(w.close);
  const fleet = w.anywhereFleet({ computes: 2 });
  const { AuthToken } = w.call("GetComputeAuthToken", { FleetId: fleet.fleetId, ComputeName: "compute-1" });
  const connect = (over: Record<string, string>) =>
    w.gamelift.processes.connect(
      { processId: "p", sdkVersion: "5", sdkLanguage: "NodeJS", computeId: "compute-1", fleetId: fleet.fleetId, authToken: AuthToken, ...over },
      { createGameSession() {}, updateGameSession() {}, terminateProcess() {}, refreshConnection() {}, close() {} },
    );
  assert.throws(() => connect({ fleetId: "fleet-nope" }), { name: "NotFoundException" });
  assert.throws(() => connect({ computeId: "compute-9" }), { name: "NotFoundException" });
  assert.throws(() => connect({ authToken: "forged" }), { name: "UnauthorizedException" });
  assert.throws(() => connect({ computeId: "compute-2" }), { name: "UnauthorizedException", message: /issued for compute compute-1/ });
  assert.throws(() => connect({ processId: "" }), { name: "InvalidRequestException" });
  assert.equal(connect({}).processId, "p");
});

test("auth tokens expire after computeAuthTokenTtlMs by the injected clock", () => {
  let clock = 1_000_000;
  const w = createWorld({ computeAuthTokenTtlMs: 1000 }, () => clock);
  onTestFinished(w.close);
  const fleet = w.anywhereFleet();
  const token = w.call("GetComputeAuthToken", { FleetId: fleet.fleetId, ComputeName: "compute-1" });
  assert.equal(token.ExpirationTimestamp.getTime(), 1_001_000);
  clock += 1000;
  assert.throws(
    () =>
      w.gamelift.processes.connect(
        { processId: "p", sdkVersion: "5", sdkLanguage: "NodeJS", computeId: "compute-1", fleetId: fleet.fleetId, authToken: token.AuthToken },
        { createGameSession() {}, updateGameSession() {}, terminateProcess() {}, refreshConnection() {}, close() {} },
      ),
    { name: "UnauthorizedException", message: /expired/ },
  );
});
