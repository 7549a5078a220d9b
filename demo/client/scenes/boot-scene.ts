import * as Phaser from "phaser";
import { makeArt } from "../art.ts";

/** Draws the art, then hands over to sign-in. */
export class BootScene extends Phaser.Scene {
  constructor(private readonly next: string) {
    super({ key: "BootScene" });
  }

  create(): void {
    makeArt(this);
    this.scene.start(this.next);
  }
}
