// The demo's scenes on a fake kit: every step of LoginScene and LobbyScene, travel into the demo's arena and
// back, with no stack behind them. ?nodom=1 leaves out the DOM container, to see the scenes explain that.
import * as Phaser from "phaser";
import { GameLiftPlugin, LobbyScene, LoginScene } from "phaser-gamelift";
import { ArenaScene } from "../../../demo/client/scenes/arena-scene.ts";
import { BootScene } from "../../../demo/client/scenes/boot-scene.ts";
import { DEMO_THEME } from "../../../demo/client/theme.ts";
import { createFakeKit } from "./fake-kit.ts";

const params = new URLSearchParams(location.search);
const game = new Phaser.Game({
  type: Phaser.CANVAS,
  parent: "game",
  width: 960,
  height: 600,
  ...(params.has("nodom") ? {} : { dom: { createContainer: true } }),
  plugins: {
    global: [
      {
        key: "GameLiftPlugin",
        plugin: GameLiftPlugin,
        start: true,
        mapping: "gamelift",
        data: {
          region: "us-west-2",
          kit: createFakeKit(),
          cognito: { identityPoolId: "us-west-2:fake" },
          providers: { loginWithAmazon: { clientId: "a" }, google: { clientId: "g" } },
          travel: { maps: { arena: "ArenaScene" }, lobbyScene: "LobbyScene", transition: { duration: 200 } },
          ui: { theme: DEMO_THEME },
        },
      },
    ],
  },
  scene: [
    new BootScene("LoginScene"),
    new LoginScene({ next: "LobbyScene", offerTotpSetup: params.has("totp") }),
    new LobbyScene({ loginScene: "LoginScene" }),
    ArenaScene,
  ],
});
(window as unknown as { game: Phaser.Game; phaserVersion: string }).game = game;
(window as unknown as { phaserVersion: string }).phaserVersion = Phaser.VERSION;
