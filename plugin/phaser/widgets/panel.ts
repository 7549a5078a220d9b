import type * as Phaser from "phaser";
import { applyTheme, el, ensureStyles } from "./dom.ts";
import type { FormView } from "./form-view.ts";
import type { UiTheme } from "./theme.ts";

/** A themed DOM panel placed by Phaser's DOM container; it shows one FormView (one step) at a time. */
export class DomPanel {
  readonly root: HTMLDivElement;
  readonly object: Phaser.GameObjects.DOMElement;
  private view?: FormView;

  constructor(scene: Phaser.Scene, theme: UiTheme, x: number, y: number, options: { wide?: boolean; name?: string; originY?: number } = {}) {
    ensureStyles();
    this.root = el("div", { class: `pgl-root pgl-panel${options.wide ? " pgl-wide" : ""}` });
    if (options.name) this.root.dataset["panel"] = options.name;
    applyTheme(this.root, theme);
    this.object = scene.add.dom(x, y, this.root).setOrigin(0.5, options.originY ?? 0.5);
  }

  get current(): FormView | undefined {
    return this.view;
  }

  show(view: FormView): void {
    this.view = view;
    this.showContent(view.spec.id, view.spec.title, view.spec.hint, [view.element]);
    view.focusFirst();
  }

  /** Free-form content (the lobby's search, list and create form) under the panel's heading. */
  showContent(id: string, title: string, hint: string | undefined, nodes: Node[]): void {
    const heading = el("h2", { text: title });
    const hintLine = hint ? el("p", { class: "pgl-hint", text: hint }) : null;
    this.root.replaceChildren(heading, ...(hintLine ? [hintLine] : []), ...nodes);
    this.root.dataset["view"] = id;
  }
}
