/**
 * The demo's authoritative game state: who is in the arena and where. Positions come from the players'
 * "move" messages, checked and clamped here so one client cannot put anyone outside the map.
 */
import type { JsonValue } from "phaser-gamelift/server";

/** The arena's size in pixels (20 × 12 tiles of 48 px, as the client draws it). */
export const ARENA = { width: 960, height: 576 } as const;

export interface Position {
  x: number;
  y: number;
}

export class ArenaState {
  /** Null until the player's first move: the client picks its own spawn point. */
  private readonly players = new Map<string, Position | null>();

  join(playerId: string): void {
    if (!this.players.has(playerId)) this.players.set(playerId, null);
  }

  leave(playerId: string): void {
    this.players.delete(playerId);
  }

  /** The checked position, or undefined when the move is not one (wrong shape, unknown player). */
  move(playerId: string, data: JsonValue): Position | undefined {
    if (!this.players.has(playerId) || !data || typeof data !== "object" || Array.isArray(data)) return undefined;
    const { x, y } = data;
    if (typeof x !== "number" || typeof y !== "number" || !Number.isFinite(x) || !Number.isFinite(y)) return undefined;
    const position = { x: clamp(Math.round(x), 0, ARENA.width), y: clamp(Math.round(y), 0, ARENA.height) };
    this.players.set(playerId, position);
    return position;
  }

  get size(): number {
    return this.players.size;
  }

  /** What a joining (or returning) player is sent: `{ players: { id: {x, y} } }` for players with a position. */
  snapshot(): { players: Record<string, { x: number; y: number }> } {
    const players: Record<string, { x: number; y: number }> = {};
    for (const [id, position] of this.players) if (position) players[id] = { x: position.x, y: position.y };
    return { players };
  }
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
