/**
 * The arena, drawn by hand as text: '#' is a crate, '.' floor, 'S' a spawn point. 20 × 12 tiles of 48 px.
 * The server seats players; the client uses the same map for drawing and for not walking through crates.
 */
export const ARENA_ROWS = [
  "....................",
  ".S......#.........S.",
  "........#...........",
  "...##.......##......",
  "..................#.",
  ".....#....S...#...#.",
  ".....#........#.....",
  "..#.................",
  "..#.....##.......##.",
  "............#.......",
  ".S..........#.....S.",
  "....................",
] as const;

export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

export function arenaCrates(tile: number): Rect[] {
  return ARENA_ROWS.flatMap((row, y) => [...row].flatMap((c, x) => (c === "#" ? [{ x: x * tile, y: y * tile, w: tile, h: tile }] : [])));
}

export function arenaSpawns(tile: number): { x: number; y: number }[] {
  return ARENA_ROWS.flatMap((row, y) => [...row].flatMap((c, x) => (c === "S" ? [{ x: x * tile + tile / 2, y: y * tile + tile / 2 }] : [])));
}

export const arenaSize = (tile: number) => ({ width: ARENA_ROWS[0].length * tile, height: ARENA_ROWS.length * tile });

/** True when a square of side `size` centred at (x, y) overlaps a crate or leaves the arena. */
export function blocked(x: number, y: number, size: number, tile: number, crates: Rect[]): boolean {
  const half = size / 2;
  const { width, height } = arenaSize(tile);
  if (x - half < 0 || y - half < 0 || x + half > width || y + half > height) return true;
  return crates.some((c) => x + half > c.x && x - half < c.x + c.w && y + half > c.y && y - half < c.y + c.h);
}
