import type { UiTheme } from "./theme.ts";

type Child = Node | string | null | undefined | false;
interface Props {
  class?: string;
  text?: string;
  attrs?: Record<string, string>;
  on?: Partial<Record<keyof HTMLElementEventMap, (event: Event) => void>>;
}

/** A small element builder: the widgets are plain DOM, laid out by CSS, placed by Phaser's DOM container. */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: Props = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (props.class) node.className = props.class;
  if (props.text !== undefined) node.textContent = props.text;
  for (const [name, value] of Object.entries(props.attrs ?? {})) node.setAttribute(name, value);
  for (const [name, listener] of Object.entries(props.on ?? {})) node.addEventListener(name, listener as EventListener);
  for (const child of children) if (child !== null && child !== undefined && child !== false) node.append(child);
  return node;
}

/** The theme as CSS custom properties on a widget's root, so one stylesheet serves every theme. */
export function applyTheme(root: HTMLElement, theme: UiTheme): void {
  const vars: Record<string, string> = {
    "--pgl-panel": theme.panel,
    "--pgl-border": theme.panelBorder,
    "--pgl-text": theme.text,
    "--pgl-muted": theme.mutedText,
    "--pgl-accent": theme.accent,
    "--pgl-accent-text": theme.accentText,
    "--pgl-input": theme.input,
    "--pgl-error": theme.error,
    "--pgl-success": theme.success,
    "--pgl-font": theme.font,
    "--pgl-radius": `${theme.radius}px`,
  };
  for (const [name, value] of Object.entries(vars)) root.style.setProperty(name, value);
}

const STYLE_ID = "phaser-gamelift-ui";

const STYLES = `
.pgl-root { font-family: var(--pgl-font); color: var(--pgl-text); font-size: 15px; line-height: 1.35; box-sizing: border-box; }
.pgl-root *, .pgl-root *::before, .pgl-root *::after { box-sizing: inherit; }
.pgl-panel { width: 360px; background: var(--pgl-panel); border: 1px solid var(--pgl-border); border-radius: calc(var(--pgl-radius) * 1.5);
  padding: 22px 24px; box-shadow: 0 18px 40px rgba(0,0,0,.45); }
.pgl-panel.pgl-wide { width: 600px; padding: 16px 22px; }
.pgl-root a { color: var(--pgl-accent); }
.pgl-panel h2 { margin: 0 0 4px; font-size: 20px; font-weight: 650; }
.pgl-hint { margin: 0 0 14px; color: var(--pgl-muted); font-size: 13px; }
.pgl-form { display: flex; flex-direction: column; gap: 10px; margin: 0; }
.pgl-field { display: flex; flex-direction: column; gap: 4px; font-size: 13px; color: var(--pgl-muted); }
.pgl-field input, .pgl-field select { font: inherit; font-size: 15px; color: var(--pgl-text); background: var(--pgl-input);
  border: 1px solid var(--pgl-border); border-radius: var(--pgl-radius); padding: 9px 11px; outline: none; }
.pgl-field input:focus, .pgl-field select:focus { border-color: var(--pgl-accent); box-shadow: 0 0 0 2px color-mix(in srgb, var(--pgl-accent) 35%, transparent); }
.pgl-row { display: flex; gap: 8px; align-items: end; }
.pgl-row > * { flex: 1; }
.pgl-button { font: inherit; font-weight: 600; border-radius: var(--pgl-radius); padding: 10px 14px; cursor: pointer;
  border: 1px solid var(--pgl-border); background: transparent; color: var(--pgl-text); display: inline-flex; align-items: center;
  justify-content: center; gap: 8px; }
.pgl-button:hover:not(:disabled) { border-color: var(--pgl-accent); }
.pgl-button:focus-visible { outline: 2px solid var(--pgl-accent); outline-offset: 2px; }
.pgl-button.pgl-primary { background: var(--pgl-accent); color: var(--pgl-accent-text); border-color: var(--pgl-accent); }
.pgl-button:disabled { opacity: .6; cursor: progress; }
.pgl-links { display: flex; flex-wrap: wrap; justify-content: space-between; gap: 6px 12px; margin-top: 4px; }
.pgl-link { font: inherit; font-size: 13px; background: none; border: none; padding: 2px 0; color: var(--pgl-accent); cursor: pointer; text-decoration: underline; }
.pgl-link:disabled { opacity: .5; cursor: default; }
.pgl-divider { display: flex; align-items: center; gap: 10px; color: var(--pgl-muted); font-size: 12px; margin: 8px 0 2px; }
.pgl-divider::before, .pgl-divider::after { content: ""; flex: 1; border-top: 1px solid var(--pgl-border); }
.pgl-alt { display: flex; flex-direction: column; gap: 8px; }
.pgl-spinner { width: 16px; height: 16px; border-radius: 50%; border: 2px solid currentColor; border-right-color: transparent;
  animation: pgl-spin .7s linear infinite; display: inline-block; }
@keyframes pgl-spin { to { transform: rotate(360deg); } }
.pgl-code { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 26px; letter-spacing: 3px; text-align: center; padding: 10px;
  background: var(--pgl-input); border-radius: var(--pgl-radius); border: 1px dashed var(--pgl-border); user-select: all; }
.pgl-secret { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 13px; word-break: break-all; padding: 8px 10px;
  background: var(--pgl-input); border-radius: var(--pgl-radius); user-select: all; }
.pgl-secret[data-secret] { word-break: normal; letter-spacing: 1px; }
.pgl-countdown { text-align: center; color: var(--pgl-muted); font-size: 13px; }
.pgl-countdown.pgl-low { color: var(--pgl-error); }
.pgl-toast { min-width: 280px; max-width: 520px; padding: 11px 16px; border-radius: var(--pgl-radius); background: var(--pgl-panel);
  border: 1px solid var(--pgl-error); border-left-width: 5px; box-shadow: 0 10px 24px rgba(0,0,0,.45); font-size: 14px;
  transition: opacity .25s, transform .25s; }
.pgl-toast.pgl-info { border-color: var(--pgl-success); }
.pgl-toast .pgl-toast-code { display: block; color: var(--pgl-muted); font-size: 11px; margin-top: 2px; font-family: ui-monospace, Menlo, monospace; }
.pgl-toast.pgl-hidden { opacity: 0; transform: translateY(-8px); pointer-events: none; }
.pgl-table { width: 100%; border-collapse: collapse; font-size: 14px; }
.pgl-table th { text-align: left; color: var(--pgl-muted); font-weight: 500; font-size: 12px; padding: 4px 6px; border-bottom: 1px solid var(--pgl-border); }
.pgl-table td { padding: 6px; border-bottom: 1px solid color-mix(in srgb, var(--pgl-border) 50%, transparent); }
.pgl-table tr.pgl-selected td { background: color-mix(in srgb, var(--pgl-accent) 18%, transparent); }
.pgl-table tbody tr { cursor: pointer; }
.pgl-table .pgl-button { padding: 5px 14px; font-size: 13px; }
.pgl-sessions { max-height: 176px; overflow-y: auto; margin: 6px 0 12px; }
.pgl-empty { color: var(--pgl-muted); text-align: center; padding: 18px 0; font-size: 13px; }
.pgl-section { margin-top: 8px; padding-top: 10px; border-top: 1px solid var(--pgl-border); }
.pgl-section h3 { margin: 0 0 8px; font-size: 14px; color: var(--pgl-muted); font-weight: 600; }
`;

/** One stylesheet per document, shared by every widget and every game on the page. */
export function ensureStyles(doc: Document = document): void {
  if (doc.getElementById(STYLE_ID)) return;
  const style = doc.createElement("style");
  style.id = STYLE_ID;
  style.textContent = STYLES;
  doc.head.append(style);
}

export function spinner(): HTMLSpanElement {
  return el("span", { class: "pgl-spinner", attrs: { role: "progressbar", "aria-label": "working" } });
}
