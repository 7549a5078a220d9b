/**
 * The demo's maps, drawn by hand as text, 20 × 12 tiles of 48 px: '.' floor, '#' a solid block (crates in the
 * arena, hedges in the garden), '~' water, 'R' and 'B' the red and blue teams' spawn points, 'S' a spawn point for
 * anyone. The server seats players and keeps positions inside the map; the client draws the same rows and does
 * not walk through what blocks.
 */

export const TILE = 48;

export interface MapLayout {
  /** The key the server's accept names and the game property `map` holds. */
  name: string;
  /** What players read. */
  title: string;
  rows: readonly string[];
}

export const MAPS = {
  arena: {
    name: "arena",
    title: "Crate Arena",
    rows: [
      "....................",
      ".R......#.........B.",
      "........#...........",
      "...##.......##......",
      "..................#.",
      ".....#....S...#...#.",
      ".....#........#.....",
      "..#.................",
      "..#.....##.......##.",
      "............#.......",
      ".R..........#.....B.",
      "....................",
    ],
  },
  garden: {
    name: "garden",
    title: "Hedge Garden",
    rows: [
      "....................",
      ".R......~~~~......B.",
      "........~~~~........",
      "..###..........###..",
      "..#..............#..",
      "......#...S..#......",
      "......#......#......",
      "..#..............#..",
      "..###..........###..",
      "........~~~~........",
      ".R......~~~~......B.",
      "....................",
    ],
  },
} as const satisfies Record<string, MapLayout>;

export type MapName = keyof typeof MAPS;

/** The layout named `name`, or undefined; own keys only, so "constructor" names no map. */
export function mapNamed(name: string): MapLayout | undefined {
  return Object.hasOwn(MAPS, name) ? MAPS[name as MapName] : undefined;
}

export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface Obstacle extends Rect {
  kind: "block" | "water";
}

export function obstacles(layout: MapLayout, tile = TILE): Obstacle[] {
  return layout.rows.flatMap((row, y) =>
    [...row].flatMap((c, x): Obstacle[] => (c === "#" || c === "~" ? [{ kind: c === "#" ? "block" : "water", x: x * tile, y: y * tile, w: tile, h: tile }] : [])),
  );
}

const SPAWN_MARK: Record<string, string> = { red: "R", blue: "B" };

/**
 * Spawn points, tile centres in reading order: a team's own (R or B) when the player has a team, else every
 * spawn point of the map.
 */
export function spawns(layout: MapLayout, team?: string, tile = TILE): { x: number; y: number }[] {
  const mark = team === undefined ? undefined : SPAWN_MARK[team];
  const wanted = (c: string) => (mark ? c === mark : c === "R" || c === "B" || c === "S");
  return layout.rows.flatMap((row, y) => [...row].flatMap((c, x) => (wanted(c) ? [{ x: x * tile + tile / 2, y: y * tile + tile / 2 }] : [])));
}

export const mapSize = (layout: MapLayout, tile = TILE) => ({ width: (layout.rows[0]?.length ?? 0) * tile, height: layout.rows.length * tile });

/** True when a square of side `size` centred at (x, y) overlaps an obstacle or leaves the map. */
export function blocked(x: number, y: number, size: number, layout: MapLayout, solid: readonly Rect[], tile = TILE): boolean {
  const half = size / 2;
  const { width, height } = mapSize(layout, tile);
  if (x - half < 0 || y - half < 0 || x + half > width || y + half > height) return true;
  return solid.some((c) => x + half > c.x && x - half < c.x + c.w && y + half > c.y && y - half < c.y + c.h);
}

/** The team colours the arena draws players in; players without a team get a colour of their own. */
export const TEAM_COLORS: Record<string, number> = { red: 0xe5484d, blue: 0x3e8bff };
