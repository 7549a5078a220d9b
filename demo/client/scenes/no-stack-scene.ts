import * as Phaser from "phaser";

/** Shown when the dev server found no .local/stack.json: the demo needs the local stack (or real AWS ids). */
export class NoStackScene extends Phaser.Scene {
  constructor() {
    super({ key: "NoStackScene" });
  }

  create(): void {
    const { width, height } = this.scale;
    this.add
      .text(
        width / 2,
        height / 2,
        "No local stack found.\n\nRun `npm start` (it writes .local/stack.json and serves this page),\nthen reload.",
        { fontFamily: "system-ui, sans-serif", fontSize: "18px", color: "#eef1ff", align: "center", lineSpacing: 6 },
      )
      .setOrigin(0.5);
  }
}
