import type * as Phaser from "phaser";

import { TILE } from "../shared/maps.ts";

export { TILE };

/** Texture keys of the art the demo draws for itself at boot. */
export const ART = {
  floor: "demo-floor",
  crate: "demo-crate",
  ring: "demo-ring",
  grass: "demo-grass",
  hedge: "demo-hedge",
  water: "demo-water",
} as const;

export const PLAYER_SIZE = 36;

/**
 * Draws the demo's art into textures with Graphics, so the repository carries no image the project did not
 * make.
 */
export function makeArt(scene: Phaser.Scene): void {
  const g = scene.make.graphics({ x: 0, y: 0 }, false);

  // Floor tile: two close shades in a checker, with a thin grout line.
  g.clear();
  g.fillStyle(0x2b3a55, 1).fillRect(0, 0, TILE, TILE);
  g.fillStyle(0x31425f, 1).fillRect(0, 0, TILE / 2, TILE / 2).fillRect(TILE / 2, TILE / 2, TILE / 2, TILE / 2);
  g.lineStyle(1, 0x223049, 1).strokeRect(0.5, 0.5, TILE - 1, TILE - 1);
  g.generateTexture(ART.floor, TILE, TILE);

  // Crate: the arena's obstacles.
  g.clear();
  g.fillStyle(0x8a5a2b, 1).fillRect(0, 0, TILE, TILE);
  g.lineStyle(4, 0x5e3b18, 1).strokeRect(2, 2, TILE - 4, TILE - 4);
  g.lineStyle(3, 0x5e3b18, 1).lineBetween(4, 4, TILE - 4, TILE - 4).lineBetween(TILE - 4, 4, 4, TILE - 4);
  g.generateTexture(ART.crate, TILE, TILE);

  // Grass: the garden's floor, two greens with a few blades.
  g.clear();
  g.fillStyle(0x2f6b3a, 1).fillRect(0, 0, TILE, TILE);
  g.fillStyle(0x357541, 1).fillRect(0, 0, TILE / 2, TILE / 2).fillRect(TILE / 2, TILE / 2, TILE / 2, TILE / 2);
  g.lineStyle(2, 0x4c8f57, 1).lineBetween(10, 14, 12, 8).lineBetween(32, 38, 34, 32).lineBetween(36, 12, 37, 7);
  g.generateTexture(ART.grass, TILE, TILE);

  // Hedge: the garden's walls, a dark green block with lighter leaves.
  g.clear();
  g.fillStyle(0x1d4424, 1).fillRoundedRect(1, 1, TILE - 2, TILE - 2, 8);
  g.fillStyle(0x2c5e33, 1).fillCircle(14, 14, 8).fillCircle(32, 18, 9).fillCircle(18, 33, 9).fillCircle(34, 34, 7);
  g.fillStyle(0x3f7a45, 1).fillCircle(12, 12, 3).fillCircle(31, 15, 3).fillCircle(17, 31, 3);
  g.generateTexture(ART.hedge, TILE, TILE);

  // Water: the garden's ponds, blue with two wave lines.
  g.clear();
  g.fillStyle(0x1f5f9e, 1).fillRect(0, 0, TILE, TILE);
  g.lineStyle(2, 0x5fa3e0, 0.8).lineBetween(6, 16, 18, 13).lineBetween(18, 13, 30, 16).lineBetween(20, 34, 32, 31).lineBetween(32, 31, 44, 34);
  g.generateTexture(ART.water, TILE, TILE);

  // Ring: marks the local player.
  g.clear();
  g.lineStyle(3, 0xffffff, 1).strokeCircle(PLAYER_SIZE / 2 + 4, PLAYER_SIZE / 2 + 4, PLAYER_SIZE / 2 + 2);
  g.generateTexture(ART.ring, PLAYER_SIZE + 8, PLAYER_SIZE + 8);

  g.destroy();
}

/**
 * The sprite of a player of the given colour, drawn on first use. A texture per colour rather than a tint:
 * Phaser's canvas renderer does not tint.
 */
export function playerTexture(scene: Phaser.Scene, color: number): string {
  const key = `demo-player-${color.toString(16).padStart(6, "0")}`;
  if (scene.textures.exists(key)) return key;
  const g = scene.make.graphics({ x: 0, y: 0 }, false);
  const r = PLAYER_SIZE / 2;
  g.fillStyle(0x000000, 0.25).fillEllipse(r, PLAYER_SIZE - 4, PLAYER_SIZE * 0.8, 8);
  g.fillStyle(color, 1).fillCircle(r, r - 2, r - 3);
  g.fillStyle(lighten(color, 0.45), 1).fillCircle(r + 2, r + 3, r - 9);
  g.fillStyle(0xffffff, 1).fillCircle(r + 5, r - 6, 5).fillCircle(r + 12, r - 6, 5);
  g.fillStyle(0x1b1b2f, 1).fillCircle(r + 6, r - 6, 2.5).fillCircle(r + 13, r - 6, 2.5);
  g.generateTexture(key, PLAYER_SIZE, PLAYER_SIZE);
  g.destroy();
  return key;
}

function lighten(color: number, t: number): number {
  const channel = (shift: number) => Math.round(((color >> shift) & 0xff) + (255 - ((color >> shift) & 0xff)) * t) << shift;
  return channel(16) | channel(8) | channel(0);
}

/** A stable colour per player id, so everyone sees the same player in the same colour. */
export function colorFor(playerId: string): number {
  let hash = 2166136261;
  for (let i = 0; i < playerId.length; i++) hash = Math.imul(hash ^ playerId.charCodeAt(i), 16777619);
  const hue = ((hash >>> 0) % 360) / 360;
  return hslToRgb(hue, 0.65, 0.6);
}

function hslToRgb(h: number, s: number, l: number): number {
  const k = (n: number) => (n + h * 12) % 12;
  const a = s * Math.min(l, 1 - l);
  const f = (n: number) => Math.round(255 * (l - a * Math.max(-1, Math.min(k(n) - 3, 9 - k(n), 1))));
  return (f(0) << 16) | (f(8) << 8) | f(4);
}
