// A kit that answers from memory, for the scene gallery: every step of the ready-made scenes can be reached
// without a stack, and travel is driven by emitting on a real travel bus.
import type { GameLiftKit } from "phaser-gamelift";
import { GameLiftKitError } from "../../../plugin/core/errors.ts";
import {
  createAuthenticationProviderBus,
  createAuthorizationBus,
  createUserManagementBus,
  type AuthenticationTokens,
  type AWSCredentials,
  type SignInResult,
} from "../../../plugin/core/events/auth-events.ts";
import { createSessionBus } from "../../../plugin/core/events/session-events.ts";
import { createTravelBus } from "../../../plugin/core/events/travel-events.ts";
import type { GameSessionInfo } from "../../../plugin/core/gamelift/session-types.ts";

const tokens = (username: string): AuthenticationTokens => ({
  provider: "cognito",
  accessToken: "access",
  idToken: "id",
  refreshToken: "refresh",
  tokenType: "Bearer",
  expiresIn: 3600,
  expiresAt: Date.now() + 3600_000,
  username,
});

const credentials = (authenticated: boolean): AWSCredentials => ({
  accessKeyId: "ASIAFAKEFAKEFAKEFAKE",
  secretAccessKey: "secret",
  sessionToken: "token",
  expiration: new Date(Date.now() + 3600_000),
  identityId: "us-west-2:00000000-0000-4000-8000-000000000000",
  authenticated,
});

const session = (n: number, name: string, current: number, max: number, status = "ACTIVE"): GameSessionInfo =>
  ({
    gameSessionId: `arn:aws:gamelift:us-west-2::gamesession/fleet-1/gsess-${n}`,
    name,
    currentPlayers: current,
    maxPlayers: max,
    status,
    gameProperties: { map: "arena" },
    raw: {},
  }) as GameSessionInfo;

const delay = (ms = 300) => new Promise((r) => setTimeout(r, ms));

export function createFakeKit(): GameLiftKit {
  const travelBus = createTravelBus();
  const sessions = [session(1, "Friday night crates", 3, 8), session(2, "Beginners welcome", 1, 4), session(3, "Full house", 6, 6), session(4, "Warming up", 0, 8, "ACTIVATING")];
  const kit = {
    auth: {
      bus: createAuthenticationProviderBus(),
      async passwordGrantSignIn(username: string, password: string): Promise<SignInResult> {
        await delay();
        if (password === "wrong") throw new GameLiftKitError("NotAuthorizedException", "Incorrect username or password.");
        if (username === "mfa") return { signedIn: false, challenge: { name: "SOFTWARE_TOKEN_MFA", username } };
        return { signedIn: true, tokens: tokens(username) };
      },
      async passwordGrantMultiFactorConfirmSignIn(username: string) {
        await delay();
        return tokens(username);
      },
      async deviceCodeGrantSignIn(provider: "loginWithAmazon" | "google") {
        await delay();
        return { provider, userCode: "WDJB-MJHT", verificationUrl: "http://127.0.0.1:8080/oauth/amazon/device", expiresIn: 95, interval: 5 };
      },
      deviceCodeGrantConfirmSignIn: () => new Promise(() => {}),
      async signOut() {
        return true;
      },
    },
    users: {
      bus: createUserManagementBus(),
      async enableMFA(_kind: string, options: { code?: string } = {}) {
        await delay();
        if (options.code) return { kind: "TOTP", status: "ENABLED" };
        return {
          kind: "TOTP",
          status: "PENDING_VERIFICATION",
          secretCode: "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP",
          otpauthUri: "otpauth://totp/Crate%20Arena:ann?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=Crate%20Arena",
        };
      },
    },
    credentials: {
      bus: createAuthorizationBus(),
      async requestAWSCredentials() {
        await delay(100);
        return credentials(true);
      },
    },
    sessions: {
      bus: createSessionBus(),
      async searchSessions() {
        await delay(150);
        return { sessions };
      },
      createPlayerId: () => "player-me",
      async joinSession() {
        await delay();
        const state = { players: { "player-me": { x: 120, y: 96 }, "player-ann": { x: 480, y: 300 }, "player-bob": { x: 820, y: 500 } } };
        const travel = { map: "arena", playerId: "player-me", playerSessionId: "psess-1", gameSessionId: sessions[0]!.gameSessionId, url: "ws://127.0.0.1:7770" };
        travelBus.emit("onTravelComplete", "arena", state, travel);
        return { playerSession: { playerSessionId: "psess-1", raw: {} }, travel: { ...travel, state } };
      },
      async leaveSession() {
        await delay(100);
        travelBus.emit("onLeaveComplete");
      },
    },
    travel: {
      bus: travelBus,
      send: () => true,
    },
    destroy() {
      travelBus.clear();
    },
  };
  (window as unknown as { __travelBus: typeof travelBus }).__travelBus = travelBus;
  return kit as unknown as GameLiftKit;
}
