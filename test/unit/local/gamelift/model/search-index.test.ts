// SearchGameSessions over the model's index of ACTIVE sessions: filters, sorts, errors, paging, kept up to date.
import assert from "node:assert/strict";
import { test, onTestFinished } from "vitest";
import { createWorld, type Output, type World } from "../../../../fixtures/gamelift-world.ts";

/** `count` ACTIVE game sessions in one fleet, one process each. */
function populate(w: World, count: number, props: (i: number) => { name?: string; mode: string; max: number }) {
  const fleet = w.anywhereFleet();
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const p = w.connectProcess(fleet.fleetId, fleet.computes[0]!);
    const { name, mode, max } = props(i);
    const gs = w.call("CreateGameSession", {
      FleetId: fleet.fleetId,
      Location: fleet.location,
      MaximumPlayerSessionCount: max,
      ...(name ? { Name: name } : {}),
      GameProperties: [{ Key: "mode", Value: mode }, { Key: "dotted.key", Value: "x" }],
    }).GameSession;
    p.handle.activateGameSession(gs.GameSessionId);
    ids.push(gs.GameSessionId);
  }
  return { fleet, ids };
}

const names = (out: Output): (string | undefined)[] => (out.GameSessions as { Name?: string }[]).map((g) => g.Name);

test("SearchGameSessions finds ACTIVE sessions only, filters, sorts and updates as sessions change", () => {
  const w = createWorld();
  onTestFinished(w.close);
  const { fleet, ids } = populate(w, 4, (i) => ({ name: `room-${i}`, mode: i % 2 ? "ctf" : "dm", max: 2 + i }));
  const activating = w.connectProcess(fleet.fleetId, fleet.computes[0]!);
  w.call("CreateGameSession", { FleetId: fleet.fleetId, Location: fleet.location, MaximumPlayerSessionCount: 2, Name: "not-yet" });
  void activating;

  assert.deepEqual(names(w.call("SearchGameSessions", { FleetId: fleet.fleetId })).sort(), ["room-0", "room-1", "room-2", "room-3"]);
  assert.deepEqual(names(w.call("SearchGameSessions", { FleetId: fleet.fleetId, FilterExpression: "gameSessionProperties.mode = 'ctf'", SortExpression: "maximumSessions DESC" })), ["room-3", "room-1"]);
  assert.deepEqual(names(w.call("SearchGameSessions", { AliasId: w.call("CreateAlias", { Name: "a", RoutingStrategy: { Type: "SIMPLE", FleetId: fleet.fleetId } }).Alias.AliasId, FilterExpression: "maximumSessions <= 3", SortExpression: "gameSessionName ASC" })), ["room-0", "room-1"]);
  assert.deepEqual(names(w.call("SearchGameSessions", { FleetId: fleet.fleetId, Location: fleet.location, FilterExpression: "gameSessionName = 'room-2'" })), ["room-2"]);
  assert.equal(w.call("SearchGameSessions", { FleetId: fleet.fleetId, Location: "custom-other" }).GameSessions.length, 0);

  // Player counts and policies are reflected without rebuilding anything.
  w.call("CreatePlayerSessions", { GameSessionId: ids[0], PlayerIds: ["a", "b"] });
  assert.deepEqual(names(w.call("SearchGameSessions", { FleetId: fleet.fleetId, FilterExpression: "playerSessionCount = 2" })), ["room-0"]);
  assert.ok(!names(w.call("SearchGameSessions", { FleetId: fleet.fleetId, FilterExpression: "hasAvailablePlayerSessions = true" })).includes("room-0"));
  w.call("UpdateGameSession", { GameSessionId: ids[1], PlayerSessionCreationPolicy: "DENY_ALL", Name: "renamed" });
  assert.deepEqual(names(w.call("SearchGameSessions", { FleetId: fleet.fleetId, FilterExpression: "hasAvailablePlayerSessions = true", SortExpression: "gameSessionName ASC" })), ["room-2", "room-3"]);
  w.call("TerminateGameSession", { GameSessionId: ids[2], TerminationMode: "FORCE_TERMINATE" });
  assert.ok(!names(w.call("SearchGameSessions", { FleetId: fleet.fleetId })).includes("room-2"));
});

test("SearchGameSessions: bad expressions and tokens are InvalidRequestException; Limit is capped at 20", () => {
  const w = createWorld();
  onTestFinished(w.close);
  const { fleet } = populate(w, 45, (i) => ({ name: `room-${String(i).padStart(2, "0")}`, mode: "dm", max: 4 }));
  assert.throws(() => w.call("SearchGameSessions", { FleetId: fleet.fleetId, FilterExpression: "playerSessionCount <" }), { name: "InvalidRequestException", message: /filter expression/i });
  assert.throws(() => w.call("SearchGameSessions", { FleetId: fleet.fleetId, SortExpression: "sideways" }), { name: "InvalidRequestException" });
  assert.throws(() => w.call("SearchGameSessions", { FleetId: fleet.fleetId, NextToken: "eyJvZmZzZXQiOjB9" }), { name: "InvalidRequestException", message: /NextToken/ });
  assert.throws(() => w.call("SearchGameSessions", { FleetId: fleet.fleetId, Limit: 0 }), { message: /'limit' failed to satisfy constraint: Member must have value greater than or equal to 1/ });
  assert.throws(() => w.call("SearchGameSessions", {}), { name: "InvalidRequestException" });

  const sort = "gameSessionName ASC";
  const seen: string[] = [];
  let token: string | undefined;
  let pages = 0;
  do {
    const out = w.call("SearchGameSessions", { FleetId: fleet.fleetId, SortExpression: sort, Limit: 100, ...(token ? { NextToken: token } : {}) });
    assert.ok(out.GameSessions.length <= 20);
    seen.push(...names(out).map(String));
    token = out.NextToken;
    pages++;
  } while (token);
  assert.equal(pages, 3);
  assert.deepEqual(seen, [...seen].sort());
  assert.equal(new Set(seen).size, 45);
  // A token belongs to its query: it does not page a different filter.
  const first = w.call("SearchGameSessions", { FleetId: fleet.fleetId, SortExpression: sort });
  assert.throws(() => w.call("SearchGameSessions", { FleetId: fleet.fleetId, SortExpression: "gameSessionName DESC", NextToken: first.NextToken }), { name: "InvalidRequestException" });
});

// Speed is measured by `npm run bench` (SearchGameSessions over 10,000 sessions), not asserted here; the
// generous time-out only keeps a busy machine from failing a test about correctness.
test("SearchGameSessions over 10,000 ACTIVE sessions returns the right first page", () => {
  const w = createWorld();
  onTestFinished(w.close);
  const modes = ["ctf", "dm", "koth", "race"];
  populate(w, 10_000, (i) => ({ name: `room-${i}`, mode: modes[i % 4]!, max: 4 + (i % 13) }));
  const fleetId = (w.call("ListFleets", {}).FleetIds as string[])[0]!;
  const out = w.call("SearchGameSessions", {
    FleetId: fleetId,
    FilterExpression: "hasAvailablePlayerSessions = true AND gameSessionProperties.mode = 'ctf' AND maximumSessions > 6",
    SortExpression: "creationTimeMillis DESC",
    Limit: 20,
  });
  const page = out.GameSessions as { Name: string; MaximumPlayerSessionCount: number; CreationTime: Date; GameProperties: { Key: string; Value: string }[] }[];
  assert.equal(page.length, 20);
  assert.ok(out.NextToken, "more matches than one page");
  for (const gs of page) {
    assert.equal(gs.GameProperties.find((p) => p.Key === "mode")?.Value, "ctf");
    assert.ok(gs.MaximumPlayerSessionCount > 6);
  }
  const times = page.map((gs) => gs.CreationTime.getTime());
  assert.deepEqual(times, [...times].sort((a, b) => b - a));
}, 60_000);
