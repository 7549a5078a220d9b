// Scenes reach the plugin as `this.gamelift` (the mapping in plugins.global). Phaser injects it at run time;
// this tells TypeScript, so game code needs no casts. A game that picks another mapping declares its own:
//   declare global { namespace Phaser { interface Scene { kit: GameLiftPlugin } } }
import type { GameLiftPlugin } from "./plugin.ts";

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace -- Phaser's types are a global namespace; merging needs one.
  namespace Phaser {
    interface Scene {
      /** The GameLift plugin: the kit's areas (auth, sessions, travel, …) and scene-scoped connect(). */
      gamelift: GameLiftPlugin;
    }
  }
}

export {};
