import type * as Phaser from "phaser";
import { el } from "./dom.ts";

export function formatRemaining(seconds: number): string {
  const s = Math.max(0, Math.ceil(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
}

/** A "code expires in m:ss" line ticking on the scene's clock, so it stops when the scene does. */
export function countdown(scene: Phaser.Scene, seconds: number, onExpire: () => void): { element: HTMLElement; stop(): void } {
  const element = el("div", { class: "pgl-countdown", attrs: { "aria-live": "off" } });
  const endsAt = scene.time.now + seconds * 1000;
  const render = () => {
    const left = (endsAt - scene.time.now) / 1000;
    element.textContent = left > 0 ? `Code expires in ${formatRemaining(left)}` : "The code has expired.";
    element.classList.toggle("pgl-low", left <= 30);
    return left;
  };
  render();
  const timer = scene.time.addEvent({
    delay: 250,
    loop: true,
    callback: () => {
      if (render() > 0) return;
      timer.remove();
      onExpire();
    },
  });
  return { element, stop: () => timer.remove() };
}
