// The player's name between the kit and the gateway: PlayerData is the player's own input, so whatever it
// holds, reading it never throws, and what comes out is a short, displayable name.
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { cleanPlayerName, fallbackPlayerName, PLAYER_NAME_MAX, playerDataWithName, readPlayerData } from "../../../protocol/player-data.ts";

const displayable = (name: string) => !/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u.test(name) && name === name.trim() && !/\s{2}/u.test(name);

describe("readPlayerData", () => {
  test("the kit's own PlayerData round-trips", () => {
    expect(readPlayerData(playerDataWithName("alice"))).toEqual({ name: "alice", data: { name: "alice" } });
    expect(readPlayerData(playerDataWithName("Guest-7F3A", { team: "red" }))).toEqual({ name: "Guest-7F3A", data: { team: "red", name: "Guest-7F3A" } });
  });

  test("a plain string is a name; JSON without one is data only; nothing is nothing", () => {
    expect(readPlayerData("zed")).toEqual({ name: "zed" });
    expect(readPlayerData('{"level":3}')).toEqual({ data: { level: 3 } });
    expect(readPlayerData(undefined)).toEqual({});
    expect(readPlayerData("")).toEqual({});
    expect(readPlayerData('{"name":{"toString":1}}')).toEqual({ data: { name: { toString: 1 } } });
  });

  test("hostile names come out displayable", () => {
    expect(cleanPlayerName("\u202eevil\u202c  twin\u0000")).toBe("evil twin");
    expect(cleanPlayerName("\u200b\u200b")).toBeUndefined();
    expect(Array.from(cleanPlayerName("🐉".repeat(100))!)).toHaveLength(PLAYER_NAME_MAX);
  });

  test("too deep or too long PlayerData gives nothing", () => {
    expect(readPlayerData(`${"[".repeat(100)}${"]".repeat(100)}`)).toEqual({});
    expect(readPlayerData(JSON.stringify({ name: "x".repeat(3000) }))).toEqual({});
    // Not JSON and longer than a name could be: not taken as a name either.
    expect(readPlayerData("y".repeat(4 * PLAYER_NAME_MAX + 1))).toEqual({});
  });

  test("a name with nothing displayable is written as an empty name, never as the raw input", () => {
    expect(playerDataWithName("\u200b\u0000")).toBe('{"name":""}');
    expect(readPlayerData(playerDataWithName("\u200b"))).toEqual({ data: { name: "" } });
  });

  test("property: any string reads without throwing, to a displayable name of at most 32 characters", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 300 }), fc.string({ unit: "grapheme", maxLength: 100 }), fc.json().map((j) => j), fc.string().map((n) => JSON.stringify({ name: n }))), (raw) => {
        const { name } = readPlayerData(raw);
        if (name === undefined) return true;
        return name.length > 0 && Array.from(name).length <= PLAYER_NAME_MAX && displayable(name);
      }),
      { seed: 9, numRuns: 2000 },
    );
  });
});

test("a player who gave no name is named after the end of its id", () => {
  expect(fallbackPlayerName("us-west-2:1b2c3d4e-0000-4000-8000-00000000af3a")).toBe("Player-AF3A");
  expect(fallbackPlayerName("us-west-2:1b2c3d4e-0000-4000-8000-00000000af3a", "Guest")).toBe("Guest-AF3A");
  // An id with no letters or digits at all still gives a name.
  expect(fallbackPlayerName(":-:")).toBe("Player-0000");
});

test("PlayerData nests no deeper than the wire's game messages", async () => {
  const { LIMITS } = await import("../../../protocol/wire.ts");
  const nested = (depth: number) => `${"[".repeat(depth)}${"]".repeat(depth)}`;
  expect(readPlayerData(nested(LIMITS.dataDepth)).data).toBeDefined();
  expect(readPlayerData(nested(LIMITS.dataDepth + 1))).toEqual({});
});
