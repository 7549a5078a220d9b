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

/**
 * The game's public config: Region, Cognito ids, GameLift targets, latency endpoints; the local stack's in
 * `vite dev`, the deploy's outputs in `vite build`. Pass it to the Phaser plugin's `data` or to
 * `createGameLiftKit`. Without the Vite plugin importing it throws, saying to add `gamelift()` to
 * vite.config.ts.
 *
 * @example
 * ```ts
 * import config from "phaser-gamelift/config";
 * const kit = createGameLiftKit(config);
 * ```
 */
const config: GameLiftPublicConfig = served();
export default config;
