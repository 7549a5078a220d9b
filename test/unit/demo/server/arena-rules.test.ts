// The demo server's state: teams from FlexMatch match data, in every snapshot (players still on their way too),
// and positions kept inside the map the session plays.
import { expect, test } from "vitest";
import { parseMatchmakerData } from "../../../../server/index.ts";
import { ArenaState, teamsOf } from "../../../../demo/server/arena-rules.ts";
import { MAPS } from "../../../../demo/shared/maps.ts";

const matchData = parseMatchmakerData(
  JSON.stringify({
    matchId: "m-1",
    matchmakingConfigurationArn: "arn:aws:gamelift:us-west-2::matchmakingconfiguration/demo",
    teams: [
      { name: "red", players: [{ playerId: "ann", attributes: {} }] },
      { name: "blue", players: [{ playerId: "bob", attributes: {} }, { playerId: "__proto__", attributes: {} }] },
    ],
    autoBackfillMode: null,
  }),
);

test("teamsOf: each matched player's team; none for a session made without matchmaking", () => {
  expect(Object.fromEntries(teamsOf(matchData))).toEqual({ ann: "red", bob: "blue", ["__proto__"]: "blue" });
  expect(teamsOf(undefined).size).toBe(0);
});

test("a snapshot carries every matched player's team, and a backfill's new teams replace them", () => {
  const state = new ArenaState(MAPS.garden, teamsOf(matchData));
  state.join("ann", "Ann");
  state.move("ann", { x: 100, y: 120 });
  const snapshot = state.snapshot();
  expect(snapshot.players).toEqual({ ann: { x: 100, y: 120 } });
  expect(snapshot.names).toEqual({ ann: "Ann" });
  expect(snapshot.teams["bob"]).toBe("blue");
  expect(Object.getPrototypeOf(snapshot.teams)).toBe(Object.prototype);
  expect(Object.keys(snapshot.teams)).toContain("__proto__");
  state.setTeams(new Map([["cy", "red"]]));
  expect(state.teamOf("cy")).toBe("red");
  expect(state.teamsMessage()).toEqual({ cy: "red" });
});

test("moves are clamped to the map, and junk moves are refused", () => {
  const state = new ArenaState(MAPS.arena);
  state.join("ann", "Ann");
  expect(state.move("ann", { x: 5000, y: -3 })).toEqual({ x: 960, y: 0 });
  expect(state.move("ann", { x: "1", y: 2 })).toBeUndefined();
  expect(state.move("stranger", { x: 1, y: 2 })).toBeUndefined();
});
