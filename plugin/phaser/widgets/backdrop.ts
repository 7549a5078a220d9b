import type * as Phaser from "phaser";
import { cssToNumber, type UiTheme } from "./theme.ts";

const BANDS = 24;

function mix(a: number, b: number, t: number): number {
  const channel = (shift: number) => Math.round(((a >> shift) & 0xff) * (1 - t) + ((b >> shift) & 0xff) * t) << shift;
  return channel(16) | channel(8) | channel(0);
}

/**
 * The scenes' background and title, drawn with plain Graphics and Text (no gradient or shader API, which
 * differ between Phaser 3 and 4), so the ready-made scenes need no art of their own.
 */
export function drawBackdrop(scene: Phaser.Scene, theme: UiTheme, options: { title?: string; subtitle?: string } = {}): void {
  const { width, height } = scene.scale;
  const top = cssToNumber(theme.background);
  const bottom = cssToNumber(theme.backgroundAccent);
  const g = scene.add.graphics();
  const band = Math.ceil(height / BANDS);
  for (let i = 0; i < BANDS; i++) {
    g.fillStyle(mix(top, bottom, i / (BANDS - 1)), 1);
    g.fillRect(0, i * band, width, band + 1);
  }
  g.fillStyle(cssToNumber(theme.panelBorder), 0.35);
  for (let y = 24; y < height; y += 32) {
    for (let x = (y / 32) % 2 ? 16 : 32; x < width; x += 32) g.fillCircle(x, y, 1.5);
  }
  const title = options.title ?? theme.title;
  if (title) {
    scene.add
      .text(width / 2, 28, title, { fontFamily: theme.font, fontSize: "30px", fontStyle: "bold", color: theme.text })
      .setOrigin(0.5, 0)
      .setShadow(0, 3, "#000000", 6, false, true);
  }
  const subtitle = options.subtitle ?? theme.subtitle;
  if (subtitle) {
    scene.add.text(width / 2, 68, subtitle, { fontFamily: theme.font, fontSize: "15px", color: theme.mutedText }).setOrigin(0.5, 0);
  }
}
