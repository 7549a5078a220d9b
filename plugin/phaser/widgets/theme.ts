/** Colours are CSS colour strings (#rrggbb): the DOM widgets use them as they are, Phaser through cssToNumber. */
export interface UiTheme {
  /** Behind everything the scene draws. */
  background: string;
  /** A second background colour for the gradient. */
  backgroundAccent: string;
  panel: string;
  panelBorder: string;
  text: string;
  mutedText: string;
  accent: string;
  accentText: string;
  input: string;
  error: string;
  success: string;
  font: string;
  title: string;
  subtitle: string;
  /** Corner radius of panels and inputs, in CSS pixels. */
  radius: number;
}

/**
 * The ready-made scenes' look when the game gives no theme: a dark blue panel UI. Override parts of it with
 * `ui.theme` in the plugin config or a scene's `theme` option.
 */
export const DEFAULT_THEME: UiTheme = {
  background: "#12172b",
  backgroundAccent: "#27335c",
  panel: "#1c2340",
  panelBorder: "#3b4a82",
  text: "#eef1ff",
  mutedText: "#9aa5d1",
  accent: "#ffb648",
  accentText: "#1b1300",
  input: "#0f1428",
  error: "#ff5d6c",
  success: "#56d68b",
  font: "system-ui, 'Segoe UI', Roboto, sans-serif",
  title: "Phaser × GameLift",
  subtitle: "",
  radius: 8,
};

export function resolveTheme(...layers: (Partial<UiTheme> | undefined)[]): UiTheme {
  return Object.assign({}, DEFAULT_THEME, ...layers.filter(Boolean)) as UiTheme;
}

/** "#rgb" or "#rrggbb" → 0xrrggbb for Phaser's graphics calls; anything else falls back to black. */
export function cssToNumber(color: string): number {
  const hex = color.trim().replace(/^#/, "");
  const full = hex.length === 3 ? [...hex].map((c) => c + c).join("") : hex;
  const value = Number.parseInt(full, 16);
  return /^[0-9a-f]{6}$/i.test(full) && Number.isFinite(value) ? value : 0;
}
