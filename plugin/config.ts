/**
 * phaser-gamelift/config — the game's public config, filled in by the phaser-gamelift Vite plugin: the local
 * stack's endpoint and ids in `vite dev`, the deploy's outputs in `vite build`. This file is what a bundler
 * finds when the plugin is missing from vite.config.ts, and it says so.
 */
import type { GameLiftPublicConfig } from "./core/config.ts";

export type { GameLiftPublicConfig };

function served(): GameLiftPublicConfig {
  throw new Error(
    "phaser-gamelift/config is filled in by the phaser-gamelift Vite plugin: add gamelift() from 'phaser-gamelift/vite' to the plugins in vite.config.ts",
  );
}

const config: GameLiftPublicConfig = served();
export default config;
