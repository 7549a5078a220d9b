import { createAuth, type AuthArea, type CredentialsArea, type UserManagementArea } from "./auth/index.ts";
import type { GameLiftKitConfig } from "./config.ts";
import { endpointFor } from "./config.ts";
import { createSessions, type SessionsArea } from "./gamelift/index.ts";
import { TimerSet } from "./timers.ts";
import { createTravel, type TravelArea, type TravelOptions } from "./travel/index.ts";

export interface GameLiftKitOptions {
  /** Where persisted tokens live when `tokenStorage` is "session" or "local"; the browser's by default. */
  storage?: Storage;
  /** WebSocket class for travel; the browser's by default (Node: pass the `ws` package's). */
  WebSocket?: TravelOptions["WebSocket"];
  /** Travel's timeouts, reconnection and endpoint policies. */
  travel?: Omit<TravelOptions, "timers" | "WebSocket" | "identityToken">;
}

/** One object per gem request bus, as ARCHITECTURE.md lays out; every timer behind it stops on destroy(). */
export interface GameLiftKit {
  readonly config: GameLiftKitConfig;
  auth: AuthArea;
  users: UserManagementArea;
  credentials: CredentialsArea;
  sessions: SessionsArea;
  travel: TravelArea;
  /**
   * Fetches what the kit loads only after sign-in (the Cognito Identity and GameLift clients) ahead of need:
   * call it while the player types. Resolves when they are loaded; a failure is retried on first use.
   */
  prefetch(): Promise<void>;
  destroy(): void;
  readonly destroyed: boolean;
}

/**
 * The engine-agnostic kit: auth, credentials, sessions and travel wired together. GameLift calls are signed with
 * the identity pool's credentials (guest ones until a player signs in), and joining a session travels through
 * the game server's gateway.
 */
export function createGameLiftKit(config: GameLiftKitConfig, options: GameLiftKitOptions = {}): GameLiftKit {
  if (!config || typeof config.region !== "string" || config.region === "") {
    throw new TypeError("createGameLiftKit needs a config with a region, e.g. { region: 'us-west-2' }");
  }
  const timers = new TimerSet();
  const auth = createAuth(config, { storage: options.storage, timers });
  // With an identity pool, seats are reserved under the player's identity id and the hello proves it.
  const identity = config.cognito?.identityPoolId ? auth.credentials : undefined;
  const travel = createTravel({ ...options.travel, timers, WebSocket: options.WebSocket, identityToken: identity && (() => identity.getOpenIdToken()) });
  const sessions = createSessions(config, {
    credentials: auth.credentials.provider,
    timers,
    traveler: travel.traveler,
    playerIdentityId: identity && (() => identity.playerIdentityId()),
  });
  // The gem wants ConfigureGameLiftClient first; the kit does it from its config so a game can skip the step
  // (calling it again with other settings still replaces the client).
  sessions.sessions.configureGameLiftClient({ region: config.region, endpoint: endpointFor(config, "gamelift") });

  let destroyed = false;
  return {
    config,
    auth: auth.auth,
    users: auth.users,
    credentials: auth.credentials,
    sessions: sessions.sessions,
    travel: travel.travel,
    prefetch: () => Promise.all([auth.credentials.prefetch(), sessions.sessions.prefetch()]).then(() => undefined),
    get destroyed() {
      return destroyed;
    },
    destroy() {
      if (destroyed) return;
      destroyed = true;
      sessions.destroy();
      travel.destroy();
      auth.destroy();
      timers.stopAll();
    },
  };
}
