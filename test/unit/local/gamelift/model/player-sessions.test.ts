// Player sessions in the local GameLift model: reservations, capacity, acceptance by the hosting process, time-outs.
import assert from "node:assert/strict";
import { test, onTestFinished } from "vitest";
import { createWorld, eventually } from "../../../../fixtures/gamelift-world.ts";

test("CreatePlayerSession reserves a slot with the game session's connection info", () => {
  const w = createWorld();
  onTestFinished(w.close);
  const { gameSessionId, fleet } = w.activeGameSession();
  const ps = w.call("CreatePlayerSession", { GameSessionId: gameSessionId, PlayerId: "player-1", PlayerData: "blue team" }).PlayerSession;
  assert.match(ps.PlayerSessionId, /^psess-[0-9a-f-]{36}$/);
  assert.equal(ps.Status, "RESERVED");
  assert.equal(ps.GameSessionId, gameSessionId);
  assert.equal(ps.FleetId, fleet.fleetId);
  assert.equal(ps.FleetArn, fleet.fleetArn);
  assert.equal(ps.IpAddress, "10.0.0.1");
  assert.equal(typeof ps.Port, "number");
  assert.equal(ps.PlayerData, "blue team");
  assert.ok(ps.CreationTime instanceof Date);
  assert.equal(w.call("DescribeGameSessions", { GameSessionId: gameSessionId }).GameSessions[0].CurrentPlayerSessionCount, 1);
});

test("player sessions need an ACTIVE game session that accepts players and has room", () => {
  const w = createWorld();
  onTestFinished(w.close);
  const fleet = w.anywhereFleet();
  const p = w.connectProcess(fleet.fleetId, fleet.computes[0]!);
  const gs = w.call("CreateGameSession", { FleetId: fleet.fleetId, Location: fleet.location, MaximumPlayerSessionCount: 2 }).GameSession;
  assert.throws(() => w.call("CreatePlayerSession", { GameSessionId: gs.GameSessionId, PlayerId: "a" }), { name: "InvalidGameSessionStatusException", message: /ACTIVATING/ });
  p.handle.activateGameSession(gs.GameSessionId);
  w.call("CreatePlayerSession", { GameSessionId: gs.GameSessionId, PlayerId: "a" });
  w.call("CreatePlayerSession", { GameSessionId: gs.GameSessionId, PlayerId: "b" });
  assert.throws(() => w.call("CreatePlayerSession", { GameSessionId: gs.GameSessionId, PlayerId: "c" }), { name: "GameSessionFullException" });
  w.call("UpdateGameSession", { GameSessionId: gs.GameSessionId, MaximumPlayerSessionCount: 5, PlayerSessionCreationPolicy: "DENY_ALL" });
  assert.throws(() => w.call("CreatePlayerSession", { GameSessionId: gs.GameSessionId, PlayerId: "c" }), { name: "GameSessionFullException", message: /DENY_ALL/ });
  p.handle.updatePlayerSessionCreationPolicy(gs.GameSessionId, "ACCEPT_ALL");
  w.call("CreatePlayerSession", { GameSessionId: gs.GameSessionId, PlayerId: "c" });
  assert.throws(() => w.call("CreatePlayerSession", { GameSessionId: "arn:aws:gamelift:us-west-2::gamesession/fleet-x/none", PlayerId: "c" }), {
    name: "NotFoundException",
    message: /arn:aws:gamelift:us-west-2::gamesession\/fleet-x\/none/,
  });
  assert.throws(() => w.call("CreatePlayerSession", { GameSessionId: gs.GameSessionId }), { message: /'playerId' failed to satisfy constraint: Member must not be null/ });
});

test("CreatePlayerSessions: 1 to 25 distinct players, all or nothing", () => {
  const w = createWorld();
  onTestFinished(w.close);
  const { gameSessionId } = w.activeGameSession({ MaximumPlayerSessionCount: 3 });
  assert.throws(() => w.call("CreatePlayerSessions", { GameSessionId: gameSessionId, PlayerIds: [] }), { message: /'playerIds' failed to satisfy constraint: Member must have length greater than or equal to 1/ });
  assert.throws(() => w.call("CreatePlayerSessions", { GameSessionId: gameSessionId, PlayerIds: Array.from({ length: 26 }, (_, i) => `p${i}`) }), {
    message: /Member must have length less than or equal to 25/,
  });
  assert.throws(() => w.call("CreatePlayerSessions", { GameSessionId: gameSessionId, PlayerIds: ["a", "b", "a"] }), { name: "InvalidRequestException", message: /duplicates \('a'/ });
  assert.throws(() => w.call("CreatePlayerSessions", { GameSessionId: gameSessionId, PlayerIds: ["a", "b", "c", "d"] }), { name: "GameSessionFullException" });
  assert.equal(w.call("DescribePlayerSessions", { GameSessionId: gameSessionId }).PlayerSessions.length, 0);
  const created = w.call("CreatePlayerSessions", { GameSessionId: gameSessionId, PlayerIds: ["a", "b"], PlayerDataMap: { a: "data-a", zz: "ignored" } }).PlayerSessions;
  assert.deepEqual(created.map((p: { PlayerId: string; PlayerData?: string }) => [p.PlayerId, p.PlayerData]), [["a", "data-a"], ["b", undefined]]);
});

test("1,000 concurrent CreatePlayerSession calls on a 200-slot game session reserve exactly 200", async () => {
  const w = createWorld();
  onTestFinished(w.close);
  const { gameSessionId } = w.activeGameSession({ MaximumPlayerSessionCount: 200 });
  const results = await Promise.allSettled(
    Array.from({ length: 1000 }, async (_, i) => {
      await Promise.resolve();
      return w.call("CreatePlayerSession", { GameSessionId: gameSessionId, PlayerId: `player-${i}` });
    }),
  );
  const ok = results.filter((r) => r.status === "fulfilled");
  const refused = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
  assert.equal(ok.length, 200);
  assert.equal(refused.length, 800);
  assert.ok(refused.every((r) => (r.reason as Error).name === "GameSessionFullException"));
  assert.equal(w.call("DescribeGameSessions", { GameSessionId: gameSessionId }).GameSessions[0].CurrentPlayerSessionCount, 200);
  assert.equal(w.call("DescribePlayerSessions", { GameSessionId: gameSessionId, PlayerSessionStatusFilter: "RESERVED" }).PlayerSessions.length, 200);
});

test("the hosting process accepts RESERVED player sessions and removes them; anything else is refused", () => {
  const w = createWorld();
  onTestFinished(w.close);
  const a = w.activeGameSession();
  const b = w.activeGameSession();
  const ps = w.call("CreatePlayerSession", { GameSessionId: a.gameSessionId, PlayerId: "p1" }).PlayerSession;
  assert.throws(() => b.process.handle.acceptPlayerSession(a.gameSessionId, ps.PlayerSessionId), { name: "InvalidRequestException", message: /not hosted by process/ });
  const other = w.call("CreatePlayerSession", { GameSessionId: b.gameSessionId, PlayerId: "p2" }).PlayerSession;
  assert.throws(() => a.process.handle.acceptPlayerSession(a.gameSessionId, other.PlayerSessionId), { name: "InvalidRequestException", message: /belongs to game session/ });
  assert.throws(() => a.process.handle.acceptPlayerSession(a.gameSessionId, "psess-unknown"), { name: "NotFoundException" });

  a.process.handle.acceptPlayerSession(a.gameSessionId, ps.PlayerSessionId);
  assert.equal(w.call("DescribePlayerSessions", { PlayerSessionId: ps.PlayerSessionId }).PlayerSessions[0].Status, "ACTIVE");
  assert.throws(() => a.process.handle.acceptPlayerSession(a.gameSessionId, ps.PlayerSessionId), { name: "InvalidRequestException", message: /is ACTIVE/ });

  a.process.handle.removePlayerSession(a.gameSessionId, ps.PlayerSessionId);
  const [done] = w.call("DescribePlayerSessions", { PlayerSessionId: ps.PlayerSessionId }).PlayerSessions;
  assert.equal(done.Status, "COMPLETED");
  assert.ok(done.TerminationTime instanceof Date);
  assert.throws(() => a.process.handle.acceptPlayerSession(a.gameSessionId, ps.PlayerSessionId), { message: /is COMPLETED/ });
  assert.throws(() => a.process.handle.removePlayerSession(a.gameSessionId, ps.PlayerSessionId), { message: /already COMPLETED/ });
  assert.equal(w.call("DescribeGameSessions", { GameSessionId: a.gameSessionId }).GameSessions[0].CurrentPlayerSessionCount, 0);
});

test("a reservation not accepted in time becomes TIMEDOUT and frees its slot", async () => {
  const w = createWorld({ playerSessionReservationMs: 30 });
  onTestFinished(w.close);
  const { gameSessionId, process } = w.activeGameSession({ MaximumPlayerSessionCount: 1 });
  const ps = w.call("CreatePlayerSession", { GameSessionId: gameSessionId, PlayerId: "late" }).PlayerSession;
  assert.throws(() => w.call("CreatePlayerSession", { GameSessionId: gameSessionId, PlayerId: "other" }), { name: "GameSessionFullException" });
  await eventually(() => assert.equal(w.call("DescribePlayerSessions", { PlayerSessionId: ps.PlayerSessionId }).PlayerSessions[0].Status, "TIMEDOUT"));
  assert.throws(() => process.handle.acceptPlayerSession(gameSessionId, ps.PlayerSessionId), { name: "InvalidRequestException", message: /TIMEDOUT/ });
  const next = w.call("CreatePlayerSession", { GameSessionId: gameSessionId, PlayerId: "other" }).PlayerSession;
  process.handle.acceptPlayerSession(gameSessionId, next.PlayerSessionId);
  await new Promise((r) => setTimeout(r, 50));
  assert.equal(w.call("DescribePlayerSessions", { PlayerSessionId: next.PlayerSessionId }).PlayerSessions[0].Status, "ACTIVE");
});

test("DescribePlayerSessions by game session (with status filter), player or id; paged", () => {
  const w = createWorld();
  onTestFinished(w.close);
  const { gameSessionId, process } = w.activeGameSession();
  const made = w.call("CreatePlayerSessions", { GameSessionId: gameSessionId, PlayerIds: ["a", "b", "c"] }).PlayerSessions;
  process.handle.acceptPlayerSession(gameSessionId, made[0].PlayerSessionId);
  assert.throws(() => w.call("DescribePlayerSessions", {}), { name: "InvalidRequestException" });
  assert.throws(() => w.call("DescribePlayerSessions", { PlayerSessionId: "psess-nope" }), { name: "NotFoundException" });
  assert.throws(() => w.call("DescribePlayerSessions", { PlayerSessionId: "nope" }), { message: /pattern: \^psess-\\S\+\$/ });
  assert.deepEqual(w.call("DescribePlayerSessions", { GameSessionId: gameSessionId, PlayerSessionStatusFilter: "ACTIVE" }).PlayerSessions.map((p: { PlayerId: string }) => p.PlayerId), ["a"]);
  assert.deepEqual(w.call("DescribePlayerSessions", { PlayerId: "b" }).PlayerSessions.map((p: { PlayerSessionId: string }) => p.PlayerSessionId), [made[1].PlayerSessionId]);
  const page1 = w.call("DescribePlayerSessions", { GameSessionId: gameSessionId, Limit: 2 });
  assert.equal(page1.PlayerSessions.length, 2);
  const page2 = w.call("DescribePlayerSessions", { GameSessionId: gameSessionId, Limit: 2, NextToken: page1.NextToken });
  assert.deepEqual(page2.PlayerSessions.map((p: { PlayerId: string }) => p.PlayerId), ["c"]);

  const fromProcess = process.handle.describePlayerSessions({ GameSessionId: gameSessionId, PlayerSessionStatusFilter: "RESERVED" });
  assert.equal(fromProcess.PlayerSessions.length, 2);
  assert.equal(typeof fromProcess.PlayerSessions[0]!.CreationTime, "number");
});
