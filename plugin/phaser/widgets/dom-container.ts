import type * as Phaser from "phaser";
import type { UiTheme } from "./theme.ts";

/** Phaser only makes the DOM container when the game config asks for it and names a parent element. */
export function hasDomContainer(scene: Phaser.Scene): boolean {
  return Boolean((scene.game as { domContainer?: HTMLDivElement }).domContainer);
}

/** Says on the canvas (and the console) what the game config is missing, instead of a blank scene. */
export function explainMissingDomContainer(scene: Phaser.Scene, theme: UiTheme, sceneName: string): void {
  const message =
    `${sceneName} needs real input fields, which Phaser places through its DOM container.\n\n` +
    "Add to the game config:\n    parent: \"game\",              // the id of an element on the page\n" +
    "    dom: { createContainer: true },";
  console.error(`[phaser-gamelift] ${message}`);
  const { width, height } = scene.scale;
  scene.add
    .text(width / 2, height / 2, message, {
      fontFamily: "ui-monospace, Menlo, Consolas, monospace",
      fontSize: "15px",
      color: theme.error,
      backgroundColor: theme.panel,
      padding: { x: 16, y: 14 },
      wordWrap: { width: Math.min(620, width - 40) },
    })
    .setOrigin(0.5);
}
