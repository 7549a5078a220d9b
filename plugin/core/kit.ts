import { createAuth, type AuthArea, type CredentialsArea, type UserManagementArea } from "./auth/index.ts";
import type { GameLiftKitConfig } from "./config.ts";
import { GameLiftKitError } from "./errors.ts";
import { createLatencyBus } from "./events/latency-events.ts";
import { createMatchmakingBus } from "./events/matchmaking-events.ts";
import { createSessionBus, SESSION_EVENT_NAMES, type SessionEvents } from "./events/session-events.ts";
import { createTravelBus } from "./events/travel-events.ts";
import { configureWithDefaults, GameLiftClientHolder, loadGameLiftSdk } from "./gamelift/client.ts";
import type { MatchmakingArea } from "./gamelift/matchmaking-area.ts";
import type { MatchmakingPolling } from "./gamelift/ticket-tracker.ts";
import { createPlayerId } from "./gamelift/player-id.ts";
import type { SessionsArea } from "./gamelift/sessions-area.ts";
import { lazyArea } from "./lazy-area.ts";
import { addPlayerMessages } from "./player-messages.ts";
import type { LatencyArea } from "./latency/latency-area.ts";
import { checkLatencyConfig, checkRefreshInterval } from "./latency/settings.ts";
import { Timers } from "./timers.ts";
import { invalidConfig, RequestChecks } from "./validation.ts";
import type { Travel, TravelArea, TravelOptions } from "./travel/connection.ts";

/**
 * How {@link createGameLiftKit} runs, apart from the config: storage, the WebSocket class, travel and polling
 * tuning. A browser game passes none; a Node client passes at least `WebSocket`.
 */
export interface GameLiftKitOptions {
  /** Where persisted tokens live when `tokenStorage` is "session" or "local"; the browser's by default. */
  storage?: Storage;
  /** WebSocket class for travel; the browser's by default (Node: pass the `ws` package's). */
  WebSocket?: TravelOptions["WebSocket"];
  /** Travel's timeouts, reconnection and endpoint policies. */
  travel?: Omit<TravelOptions, "timers" | "WebSocket" | "identityToken" | "bus">;
  /** How often the matchmaking tracker asks about its ticket (see {@link MatchmakingPolling} for the defaults). */
  matchmakingPolling?: Partial<MatchmakingPolling>;
}

/** One object per gem request bus, as ARCHITECTURE.md lays out; every timer behind it stops on destroy(). */
export interface GameLiftKit {
  /** The config the kit was made with. */
  readonly config: GameLiftKitConfig;
  /** Cognito sign-in: password (SRP), device code, federated providers, sign-out, and their notifications. */
  auth: AuthArea;
  /** The signed-in player's account: sign-up, confirmation, password reset, MFA. */
  users: UserManagementArea;
  /** AWS credentials from the identity pool (guest until sign-in), and the player's identity ID. */
  credentials: CredentialsArea;
  /** Game sessions: create (on a fleet or queue), search, join, leave. */
  sessions: SessionsArea;
  /** FlexMatch: tickets, acceptance, and travel to the match. */
  matchmaking: MatchmakingArea;
  /** The connection to the game server: game messages, other players, reconnection, leaving. */
  travel: TravelArea;
  /** The player's round trip to each location (see plugin/core/latency/latency-area.ts). */
  latency: LatencyArea;
  /**
   * Fetches what the kit loads only after sign-in (sessions, matchmaking, travel, the Cognito Identity and GameLift clients)
   * ahead of need: call it while the player types. Resolves when they are loaded; a failure is retried on use.
   */
  prefetch(): Promise<void>;
  /**
   * Stops everything the kit runs: every timer, the matchmaking tracker, travel (the connection closes),
   * latency refreshes, and drops every bus's handlers. Calls made afterwards reject (NotConfigured or
   * Cancelled). A matchmaking ticket still searching is not stopped: stopMatchmaking() first. Idempotent.
   */
  destroy(): void;
  /** True once destroy() has been called. */
  readonly destroyed: boolean;
}

type Runtime = { sessions: SessionsArea; matchmaking: MatchmakingArea; travel: Travel; latency: LatencyArea };

/** The Async-complete notification a sessions call reports on: joinSession / joinSessionAsync → onJoinSessionAsyncComplete. */
function sessionNotification(method: string): keyof SessionEvents | undefined {
  const base = method.replace(/Async$/, "");
  const name = `on${base[0]?.toUpperCase()}${base.slice(1)}AsyncComplete`;
  return (SESSION_EVENT_NAMES as readonly string[]).includes(name) ? (name as keyof SessionEvents) : undefined;
}

/**
 * The config's problems, all of them, as one TypeError (a game built wrong fails at creation, not at the lobby's
 * first measurement).
 */
function checkKitConfig(config: GameLiftKitConfig): void {
  const checks = new RequestChecks("createGameLiftKit");
  if (!config || typeof config.region !== "string" || config.region === "") {
    checks.fail("region", "createGameLiftKit needs a config with a region, e.g. { region: 'us-west-2' }");
  }
  if (config && typeof config === "object") checkLatencyConfig(checks, config.latency);
  checks.done(invalidConfig);
}

/**
 * The engine-agnostic kit: auth, credentials, sessions and travel wired together. GameLift calls are signed with
 * the identity pool's credentials (guest ones until a player signs in), and joining a session travels through
 * the game server's gateway. Sessions and travel load on first use: the sign-in screen does not download them.
 *
 * Use it without Phaser (a Node bot, another engine, tests); in a Phaser game the plugin makes one for you
 * (`this.gamelift`). Make one kit per player and destroy() it when done.
 *
 * @param config - Region, Cognito ids and GameLift targets: in a Vite game, `phaser-gamelift/config`'s default
 *   export (the local stack's in `vite dev`, the deploy's in `vite build`).
 * @example
 * ```ts
 * import config from "phaser-gamelift/config";
 * import { createGameLiftKit, where } from "phaser-gamelift/core";
 *
 * const kit = createGameLiftKit(config);
 * await kit.auth.passwordGrantSignIn(username, password);
 * const { sessions } = await kit.sessions.searchSessions({ filter: where("hasAvailablePlayerSessions").eq(true) });
 * if (sessions[0]) await kit.sessions.joinSession({ gameSessionId: sessions[0].gameSessionId });
 * kit.travel.send("hello", { text: "hi" });
 * ```
 * @throws TypeError when the config has no region, or its `latency` block has a bad setting.
 */
export function createGameLiftKit(config: GameLiftKitConfig, options: GameLiftKitOptions = {}): GameLiftKit {
  checkKitConfig(config);
  const timers = new Timers();
  const auth = createAuth(config, { storage: options.storage, timers });
  // With an identity pool, seats are reserved under the player's identity id and the hello proves it.
  const identity = config.cognito?.identityPoolId ? auth.credentials : undefined;
  const sessionBus = createSessionBus();
  const travelBus = createTravelBus();
  const matchmakingBus = createMatchmakingBus();
  const latencyBus = createLatencyBus();
  const clients = new GameLiftClientHolder();
  const clientDefaults = { config, credentials: auth.credentials.provider };
  // The gem wants ConfigureGameLiftClient first; the kit does it from its config so a game can skip the step
  // (calling it again with other settings still replaces the client).
  configureWithDefaults(clients, clientDefaults);
  let destroyed = false;

  let runtime: Runtime | undefined;
  // Set before travel has loaded (the Phaser plugin does, at boot), and handed to it when it does.
  let holdAfterAccept = false;
  const loadRuntime = async (): Promise<Runtime> => {
    const { SessionsArea, MatchmakingArea, LatencyArea, createTravel, GAMELIFT_PLAYER_MESSAGES } = await import("./session-runtime.ts");
    // What sessions and travel can fail with, in the player's words, arrives with them.
    addPlayerMessages(GAMELIFT_PLAYER_MESSAGES);
    if (destroyed) throw new GameLiftKitError("Cancelled", "The kit was destroyed.");
    if (runtime) return runtime;
    const travel = createTravel({
      ...options.travel,
      timers,
      bus: travelBus,
      WebSocket: options.WebSocket,
      identityToken: identity && (() => identity.getOpenIdToken()),
      // While reconnecting, travel asks GameLift whether the session is still there (DescribeGameSessions).
      sessionStatus: (gameSessionId, signal) =>
        sessions.describeSession(gameSessionId, { signal }).then((found) => found && { status: found.status, statusReason: found.statusReason }),
    });
    travel.travel.holdAfterAccept = holdAfterAccept;
    const latency = new LatencyArea({ config, timers: timers.scope(), bus: latencyBus });
    // Figures go to GameLift by themselves only when the game configured where to measure.
    const feed = { area: latency, feed: config.latency !== undefined };
    const sessions = new SessionsArea({
      config,
      credentials: auth.credentials.provider,
      timers: timers.scope(),
      bus: sessionBus,
      clients,
      traveler: travel.traveler,
      playerIdentityId: identity && (() => identity.playerIdentityId()),
      playerDisplayName: () => auth.credentials.playerDisplayName(),
      latency: feed,
    });
    const matchmaking = new MatchmakingArea({
      config,
      timers: timers.scope(),
      bus: matchmakingBus,
      clients,
      travel: travel.travel,
      playerIdentityId: identity && (() => identity.playerIdentityId()),
      ...(options.matchmakingPolling ? { polling: options.matchmakingPolling } : {}),
      latency: feed,
    });
    runtime = { sessions, matchmaking, travel, latency };
    return runtime;
  };

  const sessions = lazyArea<SessionsArea, "bus" | "configureGameLiftClient" | "isConfigured" | "createPlayerId" | "prefetch" | "destroy">({
    name: "sessions",
    eager: {
      bus: sessionBus,
      configureGameLiftClient(clientOptions = {}) {
        if (destroyed) throw new GameLiftKitError("NotConfigured", "configureGameLiftClient: the kit was destroyed");
        configureWithDefaults(clients, clientDefaults, clientOptions);
      },
      get isConfigured() {
        return clients.configured;
      },
      createPlayerId,
      prefetch: () => Promise.all([loadRuntime(), loadGameLiftSdk()]).then(() => undefined),
      destroy: () => runtime?.sessions.destroy(),
    },
    deferred: {
      getGameLiftClient: true,
      setTraveler: true,
      createSession: true,
      createSessionAsync: true,
      createSessionOnQueue: true,
      createSessionOnQueueAsync: true,
      stopPlacement: true,
      searchSessions: true,
      searchSessionsAsync: true,
      describeSession: true,
      createPlayerSession: true,
      joinSession: true,
      joinSessionAsync: true,
      prepareJoin: true,
      leaveSession: true,
      leaveSessionAsync: true,
    },
    returnsNothing: ["prepareJoin"],
    load: () => loadRuntime().then((r) => r.sessions),
    notifyFailure(method, error) {
      const notification = sessionNotification(method);
      if (notification) sessionBus.emit(notification, undefined, error);
    },
  });

  const matchmaking = lazyArea<MatchmakingArea, "bus" | "ticket" | "tracking" | "stopPolling" | "destroy">({
    name: "matchmaking",
    eager: {
      bus: matchmakingBus,
      get ticket() {
        return runtime?.matchmaking.ticket;
      },
      get tracking() {
        return runtime?.matchmaking.tracking ?? false;
      },
      // Nothing is tracked before the area has loaded.
      stopPolling: () => runtime?.matchmaking.stopPolling() ?? Promise.resolve(),
      destroy: () => runtime?.matchmaking.destroy(),
    },
    deferred: {
      startMatchmaking: true,
      startMatchmakingAsync: true,
      stopMatchmaking: true,
      stopMatchmakingAsync: true,
      acceptMatch: true,
      acceptMatchAsync: true,
      startPolling: true,
    },
    load: () => loadRuntime().then((r) => r.matchmaking),
    notifyFailure(method, error) {
      const base = method.replace(/Async$/, "");
      if (base === "startMatchmaking") matchmakingBus.emit("onStartMatchmakingAsyncComplete", undefined, error);
      else if (base === "stopMatchmaking") matchmakingBus.emit("onStopMatchmakingAsyncComplete", error);
      else if (base === "acceptMatch") matchmakingBus.emit("onAcceptMatchAsyncComplete", error);
      else matchmakingBus.emit("onMatchError", error, undefined);
    },
  });

  const travel = lazyArea<TravelArea, "bus" | "state" | "session" | "send" | "holdAfterAccept" | "releaseHeld">({
    name: "travel",
    eager: {
      bus: travelBus,
      get state() {
        return runtime?.travel.travel.state ?? "idle";
      },
      get session() {
        return runtime?.travel.travel.session;
      },
      // Nothing is connected before travel has loaded.
      send: (type, data) => runtime?.travel.travel.send(type, data) ?? false,
      get holdAfterAccept() {
        return holdAfterAccept;
      },
      set holdAfterAccept(value: boolean) {
        holdAfterAccept = value === true;
        if (runtime) runtime.travel.travel.holdAfterAccept = holdAfterAccept;
      },
      releaseHeld: () => runtime?.travel.travel.releaseHeld(),
    },
    deferred: { join: true, joinWith: true, leave: true, preconnect: true },
    returnsNothing: ["preconnect"],
    load: () => loadRuntime().then((r) => r.travel.travel),
    notifyFailure(method, error) {
      // A preconnect is a hint: a chunk that did not load for it is no failed travel.
      if (method !== "leave" && method !== "preconnect") travelBus.emit("onTravelFail", error);
    },
  });

  // The bus and what reads the kept figures answer at once (nothing is measured before the chunk loads); measuring
  // waits for it. Refreshing is asked for at once and starts when the chunk is here, unless stopped meanwhile.
  let refreshWanted: { everyMs?: number } | undefined;
  const latency = lazyArea<
    LatencyArea,
    | "bus"
    | "report"
    | "ageMs"
    | "measuring"
    | "refreshing"
    | "figures"
    | "latencyOf"
    | "best"
    | "playerLatencies"
    | "sortByLatency"
    | "startRefreshing"
    | "stopRefreshing"
    | "destroy"
  >({
    name: "latency",
    eager: {
      bus: latencyBus,
      get report() {
        return runtime?.latency.report;
      },
      get ageMs() {
        return runtime?.latency.ageMs;
      },
      get measuring() {
        return runtime?.latency.measuring ?? false;
      },
      get refreshing() {
        return runtime?.latency.refreshing ?? false;
      },
      figures: () => runtime?.latency.figures() ?? {},
      latencyOf: (location) => runtime?.latency.latencyOf(location),
      best: () => runtime?.latency.best(),
      playerLatencies: (playerIds, figures) => runtime?.latency.playerLatencies(playerIds, figures) ?? [],
      sortByLatency: (items) => runtime?.latency.sortByLatency(items) ?? [...items],
      startRefreshing(everyMs) {
        if (destroyed) throw new GameLiftKitError("NotConfigured", "kit.latency.startRefreshing: the kit was destroyed");
        checkRefreshInterval(everyMs);
        const wanted = (refreshWanted = { ...(everyMs !== undefined ? { everyMs } : {}) });
        loadRuntime().then(
          (r) => {
            if (refreshWanted === wanted && !destroyed) r.latency.startRefreshing(wanted.everyMs);
          },
          (error: unknown) => latencyBus.emit("onLatencyMeasureFail", GameLiftKitError.from(error, "NetworkError")),
        );
      },
      stopRefreshing: () => {
        refreshWanted = undefined;
        runtime?.latency.stopRefreshing();
      },
      destroy: () => runtime?.latency.destroy(),
    },
    deferred: { measure: true, measureAsync: true, current: true },
    load: () => loadRuntime().then((r) => r.latency),
    notifyFailure(_method, error) {
      latencyBus.emit("onLatencyMeasureFail", error);
    },
  });

  return {
    config,
    auth: auth.auth,
    users: auth.users,
    credentials: auth.credentials,
    sessions: sessions.area,
    matchmaking: matchmaking.area,
    travel: travel.area,
    latency: latency.area,
    // With a latency block in the config, the first measurement starts as soon as its code is here: figures are
    // ready by the time the lobby shows.
    prefetch: () =>
      Promise.all([auth.credentials.prefetch(), sessions.area.prefetch()]).then(() => {
        if (config.latency !== undefined && !destroyed) runtime?.latency.measureAsync();
      }),
    get destroyed() {
      return destroyed;
    },
    destroy() {
      if (destroyed) return;
      destroyed = true;
      runtime?.latency.destroy();
      runtime?.matchmaking.destroy();
      runtime?.sessions.destroy();
      runtime?.travel.destroy();
      clients.destroy();
      sessionBus.clear();
      matchmakingBus.clear();
      travelBus.clear();
      latencyBus.clear();
      auth.destroy();
      timers.stop();
    },
  };
}
