import * as Phaser from "phaser";
import { GameLiftPlugin, LobbyScene, LoginScene } from "phaser-gamelift";
// Filled in by the Vite plugin: the local stack's ids in `vite dev`, the deploy's outputs in `vite build`.
import config from "phaser-gamelift/config";
import { ArenaScene } from "./arena-scene.ts";

new Phaser.Game({
  parent: "app",
  width: 800,
  height: 600,
  dom: { createContainer: true }, // the ready-made scenes draw real DOM inputs
  plugins: {
    global: [
      {
        key: "GameLiftPlugin",
        plugin: GameLiftPlugin,
        start: true,
        mapping: "gamelift", // every scene reaches the kit as this.gamelift
        data: {
          ...config,
          // The game server names a map when it seats a player; the plugin travels to that map's scene.
          travel: { maps: { arena: "ArenaScene" }, lobbyScene: "LobbyScene" },
        },
      },
    ],
  },
  scene: [new LoginScene({ next: "LobbyScene" }), new LobbyScene({ gameProperties: { map: "arena" } }), ArenaScene],
});
