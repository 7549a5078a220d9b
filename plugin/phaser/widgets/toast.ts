import type * as Phaser from "phaser";
import { GameLiftKitError } from "../../core/errors.ts";
import { applyTheme, el, ensureStyles } from "./dom.ts";
import type { UiTheme } from "./theme.ts";

/**
 * What a player should read for a failure: the kit's player-facing words, with the code in small print (for a
 * support request). AWS's own message and the address of a service that could not be reached are for the
 * developer: `logForDeveloper` puts them in the console.
 */
export function describeError(error: unknown): { message: string; code?: string } {
  const kitError = GameLiftKitError.from(error);
  const message = kitError.playerMessage || kitError.code;
  return kitError.code && kitError.code !== message ? { message, code: kitError.code } : { message };
}

/** The developer's side of an error a scene shows: code, AWS's message, and the unreachable address if any. */
export function logForDeveloper(error: unknown): void {
  const kitError = GameLiftKitError.from(error);
  const where = kitError.url ? ` (could not reach ${kitError.url})` : "";
  console.warn(`[phaser-gamelift] ${kitError.code}: ${kitError.message}${where}`);
}

/**
 * A toast at the top of the scene. It lives on the scene's clock, so it stops with the scene; role="alert"
 * makes screen readers announce it (and lets tests find it).
 */
export class Toast {
  readonly root: HTMLDivElement;
  readonly object: Phaser.GameObjects.DOMElement;
  private hideTimer?: Phaser.Time.TimerEvent;

  private readonly scene: Phaser.Scene;
  private readonly visibleMs;
  constructor(
    scene: Phaser.Scene,
    theme: UiTheme,
    x: number,
    y: number,
    visibleMs = 6000,
  ) {
    this.scene = scene;
    this.visibleMs = visibleMs;
    ensureStyles();
    this.root = el("div", { class: "pgl-root pgl-toast pgl-hidden", attrs: { role: "alert", "aria-live": "assertive" } });
    applyTheme(this.root, theme);
    // Hidden through Phaser: it writes the element's inline display and opacity every frame, over any CSS.
    this.object = scene.add.dom(x, y, this.root).setOrigin(0.5, 0).setDepth(1000).setVisible(false);
  }

  error(error: unknown): void {
    logForDeveloper(error);
    const { message, code } = describeError(error);
    this.show(message, code, "error");
  }

  info(message: string): void {
    this.show(message, undefined, "info");
  }

  hide(): void {
    this.hideTimer?.remove();
    this.hideTimer = undefined;
    this.root.classList.add("pgl-hidden");
    this.object.setVisible(false);
  }

  private show(message: string, code: string | undefined, kind: "error" | "info"): void {
    this.root.replaceChildren(el("span", { class: "pgl-toast-message", text: message }), ...(code ? [el("span", { class: "pgl-toast-code", text: code })] : []));
    this.root.classList.toggle("pgl-info", kind === "info");
    this.root.dataset["kind"] = kind;
    this.root.classList.remove("pgl-hidden");
    this.object.setVisible(true);
    this.hideTimer?.remove();
    this.hideTimer = this.scene.time.delayedCall(this.visibleMs, () => this.hide());
  }
}
