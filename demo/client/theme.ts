import type { UiTheme } from "phaser-gamelift";

/** The demo's look for the plugin's scenes: the theme is all a game needs to make them its own. */
export const DEMO_THEME: Partial<UiTheme> = {
  title: "Crate Arena",
  subtitle: "a phaser-gamelift demo",
  background: "#101528",
  backgroundAccent: "#2a2450",
  accent: "#ffb648",
};
