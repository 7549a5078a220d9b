import * as Phaser from "phaser";
import type { JsonValue, MapSceneData } from "phaser-gamelift";
import { blocked, mapSize, obstacles, spawns, TEAM_COLORS, type MapLayout, type Obstacle } from "../../shared/maps.ts";
import { ART, colorFor, PLAYER_SIZE, playerTexture, TILE } from "../art.ts";
import { announceSession } from "../scripts/session-announcer.ts";

const SPEED = 220; // px per second
const SEND_EVERY_MS = 50;
const REMOTE_SMOOTHING = 0.25;

interface Avatar {
  body: Phaser.GameObjects.Image;
  label: Phaser.GameObjects.Text;
  /** Under the local player only, so it stands out from the others. */
  ring?: Phaser.GameObjects.Image;
  target: { x: number; y: number };
}

type Position = { x: number; y: number };
type KeyName = "left" | "right" | "up" | "down" | "a" | "d" | "w" | "s";

/** How a map looks: its floor and what its blocks and water are drawn with. */
export interface MapArt {
  floor: string;
  block: string;
  water?: string;
}

/**
 * A map of the demo. The local player moves with the arrow keys (or WASD) and tells the server with "move"
 * messages; everyone else is drawn where the server's broadcasts put them. In a match, players wear their
 * team's colour and start at their team's spawn points.
 */
export class MapScene extends Phaser.Scene {
  private me = "";
  private solid: Obstacle[] = [];
  private readonly avatars = new Map<string, Avatar>();
  /** Player id → team, from the server's state (a FlexMatch match's teams). */
  private teams = new Map<string, string>();
  /** Each player's name, from the server's state and its `joined` notices; labels show it. */
  private readonly names = new Map<string, string>();
  private keys!: Record<KeyName, Phaser.Input.Keyboard.Key>;
  private lastSent = 0;
  private sentAt: Position = { x: NaN, y: NaN };
  private hud!: Phaser.GameObjects.Text;

  private readonly layout: MapLayout;
  private readonly art: MapArt;
  constructor(key: string, layout: MapLayout, art: MapArt) {
    super({ key });
    this.layout = layout;
    this.art = art;
  }

  create(data: MapSceneData): void {
    this.avatars.clear();
    this.names.clear();
    this.me = data.session.playerId;
    this.teams = readTeams(data.state);
    for (const [id, name] of readNames(data.state)) this.names.set(id, name);
    this.solid = obstacles(this.layout, TILE);
    const { width, height } = mapSize(this.layout, TILE);
    this.cameras.main.setBackgroundColor("#0b0f1e").centerOn(width / 2, height / 2);
    this.add.tileSprite(0, 0, width, height, this.art.floor).setOrigin(0);
    for (const tile of this.solid) this.add.image(tile.x, tile.y, tile.kind === "water" ? (this.art.water ?? this.art.block) : this.art.block).setOrigin(0);

    for (const [id, position] of readPlayers(data.state)) this.place(id, position, true);
    if (!this.avatars.has(this.me)) this.place(this.me, this.spawnFor(this.me), true);

    const kb = this.input.keyboard!;
    // No key capture: captures are global in Phaser and would keep the lobby's inputs from getting these keys.
    const key = (code: number) => kb.addKey(code, false);
    const K = Phaser.Input.Keyboard.KeyCodes;
    this.keys = { left: key(K.LEFT), right: key(K.RIGHT), up: key(K.UP), down: key(K.DOWN), a: key(K.A), d: key(K.D), w: key(K.W), s: key(K.S) };
    kb.on("keydown-ESC", () => this.leave());

    this.hud = this.add
      .text(8, 6, "", { fontFamily: "system-ui, sans-serif", fontSize: "14px", color: "#eef1ff", backgroundColor: "#12172bcc", padding: { x: 8, y: 4 } })
      .setScrollFactor(0)
      .setDepth(100);
    const leave = this.add
      .text(this.scale.width - 8, 6, "Leave (Esc)", { fontFamily: "system-ui, sans-serif", fontSize: "14px", color: "#1b1300", backgroundColor: "#ffb648", padding: { x: 10, y: 4 } })
      .setOrigin(1, 0)
      .setScrollFactor(0)
      .setDepth(100)
      .setInteractive({ useHandCursor: true });
    leave.on("pointerup", () => this.leave());
    this.updateHud();

    // The gameplay script: a welcome banner now, a note whenever someone comes or goes; it ends with the scene.
    announceSession(this, { title: this.layout.title, team: this.teams.get(this.me) });

    this.gamelift.connect(this, this.gamelift.travel.bus, {
      onMessage: (type: string, payload: JsonValue, from: string | undefined) => this.onServerMessage(type, payload, from),
      onPlayerJoined: (id: string, name: string | undefined) => {
        if (name) this.names.set(id, name);
        if (!this.avatars.has(id)) this.place(id, this.spawnFor(id), true);
        else this.avatars.get(id)!.label.setText(this.labelFor(id));
        this.updateHud();
      },
      onPlayerLeft: (id: string) => {
        this.remove(id);
        this.updateHud();
      },
      onReconnected: (state: JsonValue) => {
        for (const [id, name] of readNames(state)) this.names.set(id, name);
        for (const [id, position] of readPlayers(state)) if (id !== this.me) this.place(id, position, true);
      },
    });
    this.sendPosition(true);
  }

  override update(time: number, delta: number): void {
    const mine = this.avatars.get(this.me);
    if (mine) {
      const dx = (this.down("right", "d") ? 1 : 0) - (this.down("left", "a") ? 1 : 0);
      const dy = (this.down("down", "s") ? 1 : 0) - (this.down("up", "w") ? 1 : 0);
      if (dx || dy) {
        const step = (SPEED * delta) / 1000 / (dx && dy ? Math.SQRT2 : 1);
        // Each axis on its own, so a player slides along a crate instead of sticking to it.
        const nx = mine.body.x + dx * step;
        if (!blocked(nx, mine.body.y, PLAYER_SIZE - 8, this.layout, this.solid, TILE)) mine.body.x = nx;
        const ny = mine.body.y + dy * step;
        if (!blocked(mine.body.x, ny, PLAYER_SIZE - 8, this.layout, this.solid, TILE)) mine.body.y = ny;
        if (dx) mine.body.setFlipX(dx < 0);
        this.follow(mine);
      }
      if (time - this.lastSent >= SEND_EVERY_MS) this.sendPosition(false, time);
    }
    for (const [id, avatar] of this.avatars) {
      if (id === this.me) continue;
      const { body, target } = avatar;
      if (Math.abs(target.x - body.x) > 0.5) body.setFlipX(target.x < body.x);
      body.x += (target.x - body.x) * REMOTE_SMOOTHING;
      body.y += (target.y - body.y) * REMOTE_SMOOTHING;
      this.follow(avatar);
    }
  }

  private down(...names: KeyName[]): boolean {
    return names.some((n) => this.keys[n].isDown);
  }

  private sendPosition(force: boolean, time = this.time.now): void {
    const mine = this.avatars.get(this.me);
    if (!mine) return;
    const x = Math.round(mine.body.x);
    const y = Math.round(mine.body.y);
    if (!force && x === this.sentAt.x && y === this.sentAt.y) return;
    if (this.gamelift.travel.send("move", { x, y })) {
      this.sentAt = { x, y };
      this.lastSent = time;
    }
  }

  private onServerMessage(type: string, payload: JsonValue, from: string | undefined): void {
    if (type === "teams") {
      // A backfill brought players in: everyone's colours as the match data now has them.
      this.teams = readTeams(payload);
      for (const [id, avatar] of this.avatars) avatar.body.setTexture(playerTexture(this, this.colorOf(id)));
      this.updateHud();
      return;
    }
    const players = readPlayers(payload);
    if (players.size) {
      for (const [id, position] of players) if (id !== this.me) this.place(id, position, false);
      this.updateHud();
      return;
    }
    const single = readPosition(payload);
    const id = single && (readId(payload) ?? from);
    if (single && id && id !== this.me) this.place(id, single, false);
  }

  private place(id: string, position: Position, snap: boolean): void {
    let avatar = this.avatars.get(id);
    if (!avatar) {
      const me = id === this.me;
      const body = this.add.image(position.x, position.y, playerTexture(this, this.colorOf(id))).setDepth(me ? 11 : 10);
      const label = this.add
        .text(position.x, position.y - PLAYER_SIZE / 2 - 4, this.labelFor(id), {
          fontFamily: "system-ui, sans-serif",
          fontSize: "12px",
          color: me ? "#ffb648" : "#eef1ff",
        })
        .setOrigin(0.5, 1)
        .setDepth(12);
      const ring = me ? this.add.image(position.x, position.y, ART.ring).setAlpha(0.6).setDepth(9) : undefined;
      avatar = { body, label, ring, target: { ...position } };
      this.avatars.set(id, avatar);
      if (me) this.tweens.add({ targets: body, scale: { from: 1.4, to: 1 }, duration: 300, ease: "Back.easeOut" });
    }
    avatar.target = { ...position };
    if (snap) {
      avatar.body.setPosition(position.x, position.y);
      this.follow(avatar);
    }
  }

  /** The player's name ("alice (you)" for the local player); the end of the id if the server gave none. */
  private labelFor(id: string): string {
    const name = this.names.get(id) ?? id.slice(-8);
    return id === this.me ? `${name} (you)` : name;
  }

  private remove(id: string): void {
    const avatar = this.avatars.get(id);
    avatar?.body.destroy();
    avatar?.label.destroy();
    avatar?.ring?.destroy();
    this.avatars.delete(id);
  }

  private follow(avatar: Avatar): void {
    avatar.label.setPosition(avatar.body.x, avatar.body.y - PLAYER_SIZE / 2 - 2);
    avatar.ring?.setPosition(avatar.body.x, avatar.body.y);
  }

  /** The team's colour in a match, else the player's own. */
  private colorOf(id: string): number {
    return TEAM_COLORS[this.teams.get(id) ?? ""] ?? colorFor(id);
  }

  private spawnFor(id: string): Position {
    const points = spawns(this.layout, this.teams.get(id), TILE);
    let hash = 0;
    for (let i = 0; i < id.length; i++) hash = (hash * 31 + id.charCodeAt(i)) >>> 0;
    return points[hash % points.length]!;
  }

  private updateHud(): void {
    const count = this.avatars.size;
    const team = this.teams.get(this.me);
    this.hud.setText(`${this.layout.title} · ${count} player${count === 1 ? "" : "s"}${team ? ` · team ${team}` : ""} · arrow keys to move`);
  }

  private leave(): void {
    this.gamelift.sessions.leaveSession().catch((error: unknown) => console.warn("[arena] leave failed:", error));
  }
}

/** Names in a snapshot: { names: { id: name } }. */
function readNames(state: JsonValue): Map<string, string> {
  const out = new Map<string, string>();
  if (!state || typeof state !== "object" || Array.isArray(state)) return out;
  const names = state["names"];
  if (!names || typeof names !== "object" || Array.isArray(names)) return out;
  for (const [id, name] of Object.entries(names)) if (typeof name === "string" && name !== "") out.set(id, name);
  return out;
}

/** Teams in a snapshot or a "teams" message: { teams: { id: "red" } }. */
function readTeams(state: JsonValue): Map<string, string> {
  const out = new Map<string, string>();
  if (!state || typeof state !== "object" || Array.isArray(state)) return out;
  const teams = state["teams"];
  if (!teams || typeof teams !== "object" || Array.isArray(teams)) return out;
  for (const [id, team] of Object.entries(teams)) if (typeof team === "string") out.set(id, team);
  return out;
}

/** Players in a snapshot: { players: { id: {x, y} } } or { players: [{ id, x, y }] }. */
function readPlayers(state: JsonValue): Map<string, Position> {
  const out = new Map<string, Position>();
  if (!state || typeof state !== "object" || Array.isArray(state)) return out;
  const players = state["players"];
  if (Array.isArray(players)) {
    for (const entry of players) {
      const id = readId(entry);
      const position = readPosition(entry);
      if (id && position) out.set(id, position);
    }
  } else if (players && typeof players === "object") {
    for (const [id, entry] of Object.entries(players)) {
      const position = readPosition(entry);
      if (position) out.set(id, position);
    }
  }
  return out;
}

function readPosition(value: JsonValue | undefined): Position | undefined {
  if (!value || typeof value !== "object" || Array.isArray(value)) return undefined;
  const { x, y } = value;
  return typeof x === "number" && typeof y === "number" ? { x, y } : undefined;
}

function readId(value: JsonValue | undefined): string | undefined {
  if (!value || typeof value !== "object" || Array.isArray(value)) return undefined;
  const id = value["playerId"] ?? value["id"];
  return typeof id === "string" ? id : undefined;
}
