import * as Phaser from "phaser";
import { makeArt } from "../art.ts";

/** Draws the art, then hands over to sign-in. */
export class BootScene extends Phaser.Scene {
  private readonly next: string;
  constructor(next: string) {
    super({ key: "BootScene" });
    this.next = next;
  }

  create(): void {
    makeArt(this);
    this.scene.start(this.next);
  }
}
