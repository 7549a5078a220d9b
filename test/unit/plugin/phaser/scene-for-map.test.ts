// Map keys come from the game server (and, through game properties, from whoever made the session): only the
// game's own entries may match, never what every object inherits.
import { expect, test } from "vitest";
import { sceneForMap } from "../../../../plugin/phaser/scene-for-map.ts";

const maps = { arena: "ArenaScene", forest: "ForestScene" };

test.each(["constructor", "__proto__", "toString", "hasOwnProperty", "valueOf", "isPrototypeOf", "nowhere"])(
  "a map named %s falls back as a missing map does",
  (map) => {
    expect(sceneForMap(maps, map, "FallbackScene")).toBe("FallbackScene");
    expect(sceneForMap(maps, map)).toBeUndefined();
  },
);

test("the game's own maps resolve, even ones named like Object's members", () => {
  expect(sceneForMap(maps, "arena")).toBe("ArenaScene");
  expect(sceneForMap({ constructor: "BuilderScene" } as Record<string, string>, "constructor")).toBe("BuilderScene");
});
