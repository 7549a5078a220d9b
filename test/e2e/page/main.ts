// The browser tests' game: the plugin with its LoginScene, and a scene that shows (and reports) the
// credentials the game received. The tests read window.__e2e.
import * as Phaser from "phaser";
import { GameLiftPlugin, LoginScene, type LoginResult } from "phaser-gamelift";
import stack from "phaser-gamelift/config";

interface E2EState {
  phaser: string;
  credentials?: { identityId: string; authenticated: boolean; accessKeyId: string; expiration: string };
  username?: string;
  provider?: string;
  signedInEvents: number;
}

const state: E2EState = { phaser: Phaser.VERSION, signedInEvents: 0 };
(window as unknown as { __e2e: E2EState }).__e2e = state;

class SignedInScene extends Phaser.Scene {
  constructor() {
    super({ key: "SignedInScene" });
  }

  create(result: LoginResult): void {
    const { credentials, tokens } = result;
    state.credentials = {
      identityId: credentials.identityId,
      authenticated: credentials.authenticated,
      accessKeyId: credentials.accessKeyId,
      expiration: credentials.expiration.toISOString(),
    };
    state.username = tokens?.username;
    state.provider = tokens?.provider;
    this.add
      .text(this.scale.width / 2, this.scale.height / 2, `Signed in${tokens?.username ? ` as ${tokens.username}` : tokens ? ` with ${tokens.provider}` : ""}\n${credentials.identityId}\nPhaser ${Phaser.VERSION}`, {
        fontFamily: "system-ui, sans-serif",
        fontSize: "22px",
        color: "#56d68b",
        align: "center",
      })
      .setOrigin(0.5);
  }
}

new Phaser.Game({
  type: Phaser.CANVAS,
  parent: "game",
  width: 800,
  height: 600,
  dom: { createContainer: true },
  plugins: {
    global: [
      {
        key: "GameLiftPlugin",
        plugin: GameLiftPlugin,
        start: true,
        mapping: "gamelift",
        data: {
          region: stack.region,
          endpoint: stack.endpoint,
          cognito: stack.cognito,
          providers: stack.providers,
          ui: { theme: { title: "E2E Game", subtitle: `Phaser ${Phaser.VERSION}` } },
        },
      },
    ],
  },
  callbacks: {
    postBoot: (game) => {
      game.scene.getScene("LoginScene")?.events.on("signedin", () => state.signedInEvents++);
    },
  },
  scene: [new LoginScene({ next: "SignedInScene" }), SignedInScene],
});
