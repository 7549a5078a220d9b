import * as Phaser from "phaser";
import { GameLiftPlugin, LobbyScene, LoginScene } from "phaser-gamelift";
import stack from "virtual:phaser-gamelift/local-stack";
import { ArenaScene } from "./scenes/arena-scene.ts";
import { BootScene } from "./scenes/boot-scene.ts";
import { NoStackScene } from "./scenes/no-stack-scene.ts";
import { kitConfigFromStack } from "./stack-config.ts";
import { DEMO_THEME } from "./theme.ts";

const demoUsers = stack?.cognito?.users ?? [];
const hint = demoUsers.length ? `demo users: ${demoUsers.map((u) => `${u.username} / ${u.password}`).join(", ")}` : DEMO_THEME.subtitle;

const scenes: Phaser.Types.Scenes.SceneType[] = stack
  ? [
      new BootScene("LoginScene"),
      new LoginScene({ next: "LobbyScene", subtitle: hint }),
      new LobbyScene({ loginScene: "LoginScene", gameProperties: { map: "arena" }, defaultMaxPlayers: 8, autoRefreshSeconds: 5 }),
      ArenaScene,
    ]
  : [NoStackScene];

const game = new Phaser.Game({
  type: Phaser.AUTO,
  parent: "game",
  width: 960,
  height: 600,
  backgroundColor: "#101528",
  dom: { createContainer: true },
  scale: { mode: Phaser.Scale.FIT, autoCenter: Phaser.Scale.CENTER_BOTH },
  plugins: stack
    ? {
        global: [
          {
            key: "GameLiftPlugin",
            plugin: GameLiftPlugin,
            start: true,
            mapping: "gamelift",
            data: {
              ...kitConfigFromStack(stack),
              travel: { maps: { arena: "ArenaScene" }, lobbyScene: "LobbyScene", transition: { duration: 500 } },
              ui: { theme: DEMO_THEME },
            },
          },
        ],
      }
    : {},
  scene: scenes,
});

// For poking at the kit from the browser console: `game.plugins.get("GameLiftPlugin").kit`.
(window as unknown as { game: Phaser.Game }).game = game;
