// The demo's maps: well-formed rows, team spawn points on free floor, and the lookups the client and the server
// share.
import { describe, expect, test } from "vitest";
import { blocked, mapNamed, MAPS, mapSize, obstacles, spawns, TILE } from "../../../../demo/shared/maps.ts";

describe.each(Object.values(MAPS))("map $name", (layout) => {
  test("20 × 12 tiles of known marks", () => {
    expect(layout.rows).toHaveLength(12);
    for (const row of layout.rows) expect(row).toMatch(/^[.#~RBS]{20}$/);
    expect(mapSize(layout)).toEqual({ width: 960, height: 576 });
  });

  test("each team has spawn points, on tiles nothing blocks; without a team every spawn point counts", () => {
    const solid = obstacles(layout);
    for (const team of ["red", "blue"]) {
      const points = spawns(layout, team);
      expect(points.length).toBeGreaterThanOrEqual(2);
      for (const p of points) expect(blocked(p.x, p.y, TILE - 8, layout, solid)).toBe(false);
    }
    expect(spawns(layout).length).toBe(spawns(layout, "red").length + spawns(layout, "blue").length + 1);
    // Red starts on the left, blue on the right.
    expect(Math.max(...spawns(layout, "red").map((p) => p.x))).toBeLessThan(Math.min(...spawns(layout, "blue").map((p) => p.x)));
  });
});

test("mapNamed: the demo's maps by key, nothing for other names (own keys only)", () => {
  expect(mapNamed("garden")?.title).toBe("Hedge Garden");
  expect(mapNamed("constructor")).toBeUndefined();
  expect(mapNamed("")).toBeUndefined();
});

test("water and blocks both stop a player; the map's edge too", () => {
  const solid = obstacles(MAPS.garden);
  expect(new Set(solid.map((o) => o.kind))).toEqual(new Set(["block", "water"]));
  const pond = solid.find((o) => o.kind === "water")!;
  expect(blocked(pond.x + TILE / 2, pond.y + TILE / 2, 10, MAPS.garden, solid)).toBe(true);
  expect(blocked(5, 100, 20, MAPS.garden, solid)).toBe(true);
});
