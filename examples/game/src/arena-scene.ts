import * as Phaser from "phaser";
import type { JsonValue, MapSceneData } from "phaser-gamelift";

type Position = { x: number; y: number };

/** The map scene: every player is a square; arrow keys move yours, the server relays each move to everyone. */
export class ArenaScene extends Phaser.Scene {
  private readonly squares = new Map<string, Phaser.GameObjects.Rectangle>();
  private me = "";

  constructor() {
    super({ key: "ArenaScene" });
  }

  create(data: MapSceneData): void {
    this.squares.clear();
    this.me = data.session.playerId;
    this.square(this.me, { x: 400, y: 300 });
    this.add.text(8, 8, `${data.map} — arrows move, Esc leaves`, { color: "#ffffff" });

    // Handlers connected through the scene disconnect when the scene shuts down.
    this.gamelift.connect(this, this.gamelift.travel.bus, {
      onMessage: (type: string, payload: JsonValue, from?: string) => {
        if (type === "move" && from) this.square(from, payload as Position);
      },
      onPlayerLeft: (playerId: string) => {
        this.squares.get(playerId)?.destroy();
        this.squares.delete(playerId);
      },
    });

    const keys = this.input.keyboard!.createCursorKeys();
    this.input.keyboard!.on("keydown", () => {
      const at = this.squares.get(this.me)!;
      const x = at.x + (keys.left.isDown ? -10 : keys.right.isDown ? 10 : 0);
      const y = at.y + (keys.up.isDown ? -10 : keys.down.isDown ? 10 : 0);
      this.gamelift.travel.send("move", { x, y });
    });
    this.input.keyboard!.on("keydown-ESC", () => void this.gamelift.sessions.leaveSession());
  }

  private square(playerId: string, at: Position): void {
    const existing = this.squares.get(playerId);
    if (existing) existing.setPosition(at.x, at.y);
    else this.squares.set(playerId, this.add.rectangle(at.x, at.y, 24, 24, playerId === this.me ? 0xffb648 : 0x56d68b));
  }
}
