// The sign-in set-up a game started without a gamelift.config.json gets (the demo's: its pool, client, identity
// pool, providers and two players), applied like any config's Cognito part. A game with a config gets its own.
import { parseGameConfig } from "../game-config/index.ts";
import { applyIdentity, type SetupTarget } from "./apply-identity.ts";

export interface DemoIdentity {
  userPoolId: string;
  appClientId: string;
  identityPoolId: string;
  providers: { loginWithAmazon?: { clientId: string }; google?: { clientId: string } };
  users: { username: string; password: string; email: string }[];
}

export const DEMO_PROVIDERS = {
  loginWithAmazon: { clientId: "amzn1.application-oa2-client.phasergameliftdemo" },
  google: { clientId: "phaser-gamelift-demo.apps.googleusercontent.com" },
};

/** Only the Cognito part is applied; the fleet fields are there because a config has them. */
const DEMO_IDENTITY = parseGameConfig({
  game: "phaser-gamelift-demo",
  cognito: {
    userPool: { name: "phaser-gamelift-demo", mfa: { mode: "optional" } },
    appClient: { name: "phaser-gamelift-demo-web", authFlows: ["USER_SRP_AUTH", "USER_PASSWORD_AUTH", "REFRESH_TOKEN_AUTH"] },
    identityPool: { name: "phaser_gamelift_demo" },
    providers: DEMO_PROVIDERS,
  },
  gamelift: { fleet: { type: "anywhere", server: { folder: ".", entry: "server.js" } } },
  local: {
    players: [
      { username: "alice", password: "Alice-plays-2026", email: "alice@example.com" },
      { username: "bob", password: "Bob-plays-2026", email: "bob@example.com" },
    ],
  },
});

export async function ensureDemoIdentity(target: SetupTarget): Promise<DemoIdentity> {
  const applied = await applyIdentity(target, DEMO_IDENTITY);
  return { userPoolId: applied.userPoolId, appClientId: applied.appClientId, identityPoolId: applied.identityPoolId, providers: applied.providers, users: applied.players };
}
