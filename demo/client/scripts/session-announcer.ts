/**
 * A small gameplay script, the way an O3DE Lua script connects to a notification bus: a welcome banner when the
 * player arrives on a map, and a note whenever another player joins or leaves. Its handlers are connected through
 * the scene, so they disconnect when the scene shuts down (back to the lobby, or on to another map) and a scene
 * started again does not hear everything twice.
 */
import type * as Phaser from "phaser";

const FONT = "system-ui, sans-serif";

export function announceSession(scene: Phaser.Scene, options: { title: string; team?: string | undefined }): void {
  banner(scene, `Welcome to ${options.title}`, options.team ? `You play for team ${options.team}` : "Arrow keys to move, Esc to leave");
  const notes = new Notes(scene);
  // The name a player joined with (the server sends it with the joined notice), kept for when it leaves.
  const names = new Map<string, string>();
  scene.gamelift.connect(scene, scene.gamelift.travel.bus, {
    onPlayerJoined: (playerId: string, name: string | undefined) => {
      if (name) names.set(playerId, name);
      notes.show(`${names.get(playerId) ?? shortName(playerId)} joined`);
    },
    onPlayerLeft: (playerId: string) => notes.show(`${names.get(playerId) ?? shortName(playerId)} left`),
  });
}

/** A title and a line across the middle of the screen, fading after a few seconds. */
function banner(scene: Phaser.Scene, title: string, line: string): void {
  const x = scene.scale.width / 2;
  const y = scene.scale.height / 3;
  const heading = scene.add.text(x, y, title, { fontFamily: FONT, fontSize: "34px", fontStyle: "bold", color: "#ffffff", stroke: "#0b0f1e", strokeThickness: 6 });
  const sub = scene.add.text(x, y + 44, line, { fontFamily: FONT, fontSize: "18px", color: "#ffb648", stroke: "#0b0f1e", strokeThickness: 4 });
  for (const text of [heading, sub]) text.setOrigin(0.5).setScrollFactor(0).setDepth(200).setName("welcome-banner");
  scene.tweens.add({ targets: [heading, sub], alpha: 0, delay: 2500, duration: 600, onComplete: () => [heading, sub].forEach((t) => t.destroy()) });
}

/** Short notes stacked under the HUD, each fading on its own. */
class Notes {
  private readonly shown: Phaser.GameObjects.Text[] = [];
  private readonly scene: Phaser.Scene;
  constructor(scene: Phaser.Scene) {
    this.scene = scene;
  }

  show(message: string): void {
    const note = this.scene.add
      .text(8, 40 + this.shown.length * 26, message, { fontFamily: FONT, fontSize: "14px", color: "#eef1ff", backgroundColor: "#2a2450dd", padding: { x: 8, y: 4 } })
      .setScrollFactor(0)
      .setDepth(150)
      .setName("player-note");
    this.shown.push(note);
    this.scene.tweens.add({
      targets: note,
      alpha: 0,
      delay: 3000,
      duration: 500,
      onComplete: () => {
        this.shown.splice(this.shown.indexOf(note), 1);
        note.destroy();
      },
    });
  }
}

/** Player ids are identity ids ("us-west-2:…"): the part players can tell apart. */
function shortName(playerId: string): string {
  return playerId.slice(playerId.indexOf(":") + 1, playerId.indexOf(":") + 9);
}
