import * as Phaser from "phaser";
import { GameLiftPlugin, LobbyScene, LoginScene } from "phaser-gamelift";
// The Vite plugin fills this in: the local stack's endpoint and ids in `npm start`, the deploy's outputs in a build.
import config from "phaser-gamelift/config";
import { MAPS } from "../shared/maps.ts";
import { ArenaScene } from "./scenes/arena-scene.ts";
import { BootScene } from "./scenes/boot-scene.ts";
import { GardenScene } from "./scenes/garden-scene.ts";
import { DEMO_THEME } from "./theme.ts";

const players = config.local?.players ?? [];
const hint = players.length ? `demo players: ${players.join(", ")} (passwords in the terminal that runs npm start)` : DEMO_THEME.subtitle;

const game = new Phaser.Game({
  type: Phaser.AUTO,
  parent: "game",
  width: 960,
  height: 600,
  backgroundColor: "#101528",
  dom: { createContainer: true },
  scale: { mode: Phaser.Scale.FIT, autoCenter: Phaser.Scale.CENTER_BOTH },
  plugins: {
    global: [
      {
        key: "GameLiftPlugin",
        plugin: GameLiftPlugin,
        start: true,
        mapping: "gamelift",
        data: {
          ...config,
          tokenStorage: "session",
          travel: { maps: { arena: "ArenaScene", garden: "GardenScene" }, lobbyScene: "LobbyScene", transition: { duration: 500 } },
          ui: { theme: DEMO_THEME },
        },
      },
    ],
  },
  scene: [
    new BootScene("LoginScene"),
    new LoginScene({ next: "LobbyScene", subtitle: hint }),
    new LobbyScene({
      loginScene: "LoginScene",
      // The maps a new session can be on (its game property `map`), and the list's map filter.
      maps: { arena: MAPS.arena.title, garden: MAPS.garden.title },
      // The countdown: acceptanceTimeoutSeconds of the matchmaking configuration in demo/gamelift.config.json (the
      // browser gets ids from it, never the file: it holds the local players' passwords).
      quickMatch: { acceptanceTimeoutSeconds: 20 },
      defaultMaxPlayers: 8,
      autoRefreshSeconds: 5,
    }),
    ArenaScene,
    GardenScene,
  ],
});

// For poking at the kit from the browser console: `game.plugins.get("GameLiftPlugin").kit`.
(window as unknown as { game: Phaser.Game }).game = game;
