/**
 * The demo's authoritative game state: who is on the map, where, and on which team. Positions come from the
 * players' "move" messages, checked and clamped here so one client cannot put anyone outside the map; teams come
 * from the match data of a FlexMatch game session.
 */
import type { JsonValue, MatchmakerData } from "phaser-gamelift/server";
import { mapSize, MAPS, type MapLayout } from "../shared/maps.ts";

/** The arena's size in pixels (20 × 12 tiles of 48 px, as the client draws it). */
export const ARENA = mapSize(MAPS.arena);

/** Player id → team name, from FlexMatch match data; empty for a game session made without matchmaking. */
export function teamsOf(matchmaker: MatchmakerData | undefined): Map<string, string> {
  const teams = new Map<string, string>();
  for (const team of matchmaker?.teams ?? []) for (const player of team.players) teams.set(player.playerId, team.name);
  return teams;
}

export interface Position {
  x: number;
  y: number;
}

export class ArenaState {
  /** Null until the player's first move: the client picks its own spawn point. */
  private readonly players = new Map<string, Position | null>();
  private readonly bounds: { width: number; height: number };
  private teams: Map<string, string>;

  constructor(layout: MapLayout = MAPS.arena, teams: Map<string, string> = new Map()) {
    this.bounds = mapSize(layout);
    this.teams = teams;
  }

  /** A backfill changed the match: its teams now. */
  setTeams(teams: Map<string, string>): void {
    this.teams = teams;
  }

  teamOf(playerId: string): string | undefined {
    return this.teams.get(playerId);
  }
  /** What each player is called (the name the gateway read from its seat), for the labels. */
  private readonly names = new Map<string, string>();

  join(playerId: string, name: string): void {
    if (!this.players.has(playerId)) this.players.set(playerId, null);
    this.names.set(playerId, name);
  }

  leave(playerId: string): void {
    this.players.delete(playerId);
    this.names.delete(playerId);
  }

  /** The checked position, or undefined when the move is not one (wrong shape, unknown player). */
  move(playerId: string, data: JsonValue): Position | undefined {
    if (!this.players.has(playerId) || !data || typeof data !== "object" || Array.isArray(data)) return undefined;
    const { x, y } = data;
    if (typeof x !== "number" || typeof y !== "number" || !Number.isFinite(x) || !Number.isFinite(y)) return undefined;
    const position = { x: clamp(Math.round(x), 0, this.bounds.width), y: clamp(Math.round(y), 0, this.bounds.height) };
    this.players.set(playerId, position);
    return position;
  }

  get size(): number {
    return this.players.size;
  }

  /**
   * What a joining (or returning) player is sent: `{ players: { id: {x, y} }, teams: { id: team }, names: { id:
   * name } }`: players with a position, every matched player's team (those still on their way too), and the
   * name of everyone in the arena (the joining player included).
   */
  snapshot(): { players: Record<string, { x: number; y: number }>; teams: Record<string, string>; names: Record<string, string> } {
    const players: Record<string, { x: number; y: number }> = {};
    for (const [id, position] of this.players) if (position) players[id] = { x: position.x, y: position.y };
    return { players, teams: this.teamsMessage(), names: Object.fromEntries(this.names) };
  }

  /** The "teams" message: `{ id: team }`. */
  teamsMessage(): Record<string, string> {
    // fromEntries: an id named "__proto__" stays a plain key.
    return Object.fromEntries(this.teams);
  }
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
