/**
 * The client side of travel: from a reserved player session to a seat on the game server (hello → accepted),
 * the live connection (game messages, keepalive, reconnection with the same player session), and back to
 * the lobby. The state machine decides where the player is; this module does the I/O and tells the bus.
 */
import { createTravelBus, type TravelBus } from "../events/travel-events.ts";
import { ConnectionRejectedError } from "./rejected-error.ts";

export { ConnectionRejectedError };
import { GameLiftKitError } from "../errors.ts";
import type { JoinSessionRequest, PlayerSessionInfo } from "../gamelift/session-types.ts";
import { Farewells } from "./farewell.ts";
import { HeldEvents } from "./held-events.ts";
import {
  closedByServer,
  ENDED_GAME_SESSION_STATUSES,
  endedByServer,
  reconnectFailed,
  reconnectTimedOut,
  resumeRefused,
  serverGone,
  terminatedInGameLift,
  type EndedSession,
} from "./session-ending.ts";
import type { Traveler } from "../gamelift/traveler.ts";
import { Timers } from "../timers.ts";
import { tlsWhenDnsName, type EndpointPolicy } from "./endpoint.ts";
import { Link, type WebSocketConstructor } from "./link.ts";
import { DEFAULT_RECONNECT, reconnectDelayMs, type ReconnectPolicy } from "./reconnect.ts";
import { DEFAULT_PRECONNECT, SpareSockets, type PreconnectPolicy } from "./spare.ts";
import { DEFAULT_TIMEOUTS, TravelMachine, type TravelInput, type TravelState, type TravelTimeouts, type Transition } from "./state-machine.ts";
import type { GameServerAddress, PlayerSessionTarget, TravelResult, TravelSession, TravelTarget } from "./types.ts";
import { LIMITS, SLOW_READER_CLOSE, WIRE_VERSION, type AcceptedFrame, type JsonValue, type RejectedFrame, type ServerFrame } from "../../../protocol/wire.ts";

/**
 * How the kit notices a dead connection to the game server (a laptop lid closed, a Wi-Fi change) sooner than
 * TCP would: it pings every `intervalMs` (default 5000) and counts `timeoutMs` (default 15000) without any
 * frame as a drop, which starts reconnection.
 */
export interface KeepalivePolicy {
  /** How often to ping the server; 0 turns keepalive off. */
  intervalMs: number;
  /** Silence (no frame at all) for this long counts as a dead connection. */
  timeoutMs: number;
}

export const DEFAULT_KEEPALIVE: KeepalivePolicy = { intervalMs: 5_000, timeoutMs: 15_000 };

/** A game session as GameLift describes it (DescribeGameSessions): its Status and StatusReason. */
export interface GameSessionStatus {
  /** ACTIVATING, ACTIVE, TERMINATING, TERMINATED or ERROR. */
  status?: string;
  /** Why, when GameLift says (e.g. INTERRUPTED, FORCE_TERMINATED). */
  statusReason?: string;
}

/**
 * How GameLift is asked about the session while reconnecting: resolves with the session's status, or
 * undefined when GameLift does not know the session (NotFoundException); rejects when GameLift could not be
 * asked (the player's own network is down, say), which leaves the decision to the reconnection attempts.
 */
export type SessionStatusLookup = (gameSessionId: string, signal: AbortSignal) => Promise<GameSessionStatus | undefined>;

/**
 * How `kit.travel` connects to game servers (GameLiftKitOptions.travel). Times in ms. Everything has a default;
 * a browser game usually sets nothing (a Node client gives the `ws` package's class as GameLiftKitOptions.WebSocket).
 */
export interface TravelOptions {
  /** The kit's timers (travel takes a scope of them, so the kit's destroy stops travel's); tests pass some on a manual clock. */
  timers?: Timers;
  /** Default `globalThis.WebSocket`; Node 20 has none, so pass the `ws` package's class there. */
  WebSocket?: WebSocketConstructor;
  /** Deadline of each travel step (reserving, connecting, the server's answer, leaving). */
  timeouts?: Partial<TravelTimeouts>;
  /** How a dropped connection is retried: attempts, back-off between them, the whole window. */
  reconnect?: Partial<ReconnectPolicy>;
  /** How a silent connection is found dead. */
  keepalive?: Partial<KeepalivePolicy>;
  /** Sockets opened ahead of a join (preconnect): how long one is kept ready; keepMs 0 turns them off. */
  preconnect?: Partial<PreconnectPolicy>;
  /** Which URL a player session is reached at; default wss:// by DnsName when there is one, else ws:// by address. */
  endpoint?: EndpointPolicy;
  /**
   * Also put the player session id in the URL's query, so the gateway reads its record from GameLift while the
   * WebSocket handshake is still under way. The hello still carries the id. Default true, but only ever over
   * wss:// or to a loopback address: over plain ws:// to another host the id would cross the network in the
   * clear (and land in logs) before any hello. Turn off when URLs are logged somewhere the ticket should not be.
   */
  earlyAdmission?: boolean;
  /**
   * The proof of who the player is, for the hello: an OpenID token of the identity pool whose subject is the
   * player session's PlayerId (the kit passes kit.credentials.getOpenIdToken). Asked at each connect and
   * reconnect, while the socket opens; undefined (or no function) sends a hello without one, which only a
   * gateway that does not verify identities accepts.
   */
  identityToken?: () => Promise<string | undefined>;
  /**
   * Asks GameLift about the game session (the kit passes DescribeGameSessions with the player's credentials;
   * the player roles allow it, unlike DescribePlayerSessions). Asked when the connection drops and after each
   * failed reconnection attempt: a session TERMINATING, TERMINATED or ERROR ends travel at once, as does a
   * server that refuses every attempt while GameLift can be reached and still lists the session.
   */
  sessionStatus?: SessionStatusLookup;
  /** The bus to notify on; the kit makes it before travel's code has loaded. */
  bus?: TravelBus;
  /** Where a warning goes (connecting over plain ws:// to another host); console.warn by default. */
  warn?: (message: string) => void;
  /** A number in [0, 1) for the reconnect back-off's jitter (`Math.random` by default); tests pass a fixed one. */
  random?: () => number;
}


/**
 * `kit.travel`: the connection from the player to the game server of its game session, through the server's
 * player gateway. `kit.sessions.joinSession` and matchmaking travel for you; use this area to send game
 * messages, listen on `bus` (other players, the server's messages, drops and reconnects, the session's end),
 * and leave.
 *
 * A join rejects with a GameLiftKitError: ConnectionRejected (a {@link ConnectionRejectedError} with the
 * server's `rejectCode`), Timeout, NetworkError (the server cannot be reached), Cancelled (a leave during the
 * join), InvalidParameter (no address or port), ProtocolError. Its `playerMessage` is for the player.
 *
 * @example
 * ```ts
 * kit.travel.bus.connect({
 *   onMessage: (type, data, from) => { if (type === "move") moveSprite(from, data); },
 *   onSessionEnded: (reason, ending) => showMessage(reason, ending.cause),
 * });
 * kit.travel.send("move", { x: 10, y: 4 });
 * ```
 */
export interface TravelArea {
  /** The travel notifications (see {@link TravelEvents}). */
  readonly bus: TravelBus;
  /** Where travel is now: idle (in the lobby), joining, connecting, traveling, in-session, reconnecting, leaving. */
  readonly state: TravelState;
  /** The seat while in a session (and while reconnecting to it). */
  readonly session: TravelSession | undefined;
  /** Connects with a reserved player session and resolves once the server accepted it. */
  join(playerSession: PlayerSessionTarget): Promise<TravelResult>;
  /**
   * Like join, with the reservation (CreatePlayerSession) inside the travel: the `joining` step and its
   * deadline cover it, and a leave or timeout aborts the signal.
   */
  joinWith(reserve: (signal: AbortSignal) => Promise<PlayerSessionTarget>): Promise<TravelResult>;
  /**
   * Opens a WebSocket to a game server ahead of a join (the player picked its session in a lobby): the join
   * that follows within a while uses it, and costs CreatePlayerSession plus hello → accepted only. A hint: it
   * never fails, holds no seat, and an unused socket closes quietly. Ignored while not idle.
   */
  preconnect(server: GameServerAddress): void;
  /** Back to the lobby; resolves once idle. The seat is freed at once when connected. */
  leave(): Promise<void>;
  /** A game message to the server. False when there is no live connection (e.g. while reconnecting). */
  send(type: string, data?: JsonValue): boolean;
  /**
   * Hold the session's events (messages, players joining and leaving, connection lost and back) from each
   * join's accept until releaseHeld(), so a scene started on onTravelComplete hears the frames the server sent
   * while it was starting. The Phaser plugin turns this on for its map scenes and releases once the map scene
   * has run its create(). Bounded: see HOLD_LIMITS.
   */
  holdAfterAccept: boolean;
  /** Delivers the held events, in order, and stops holding until the next join. */
  releaseHeld(): void;
}

export interface Travel {
  travel: TravelArea;
  /** What the sessions area calls after CreatePlayerSession. */
  traveler: Traveler;
  destroy(): void;
}

type Outcome = { kind: "travelFail"; error: GameLiftKitError } | ({ kind: "sessionEnded" } & EndedSession) | { kind: "left" };

/** Close codes after which the server will not take the player back: coming back would only be refused again. */
const FINAL_CLOSE_CODES = new Set([1000, 1003, 1007, 1008, 1009]);

/** A slow reader's close is a policy code too, but the server holds the seat: it is a drop, to resume from. */
function isFinalClose(code: number, reason: string): boolean {
  return FINAL_CLOSE_CODES.has(code) && !(code === SLOW_READER_CLOSE.code && reason === SLOW_READER_CLOSE.reason);
}
const KEEPALIVE_CLOSE = 4000;

/**
 * A reconnection attempt whose socket closes without ever opening, this soon, was refused (nothing listens on
 * the port any more: a connect to a live host that lost its route would hang until the attempt's deadline).
 */
const REFUSED_WITHIN_MS = 2_000;
/** This many refused attempts in a row, while GameLift answers that the session lives, mean the server died. */
const REFUSALS_FOR_SERVER_GONE = 3;
/** How long GameLift's last answer counts as "GameLift can be reached" (the player's network is up). */
const GAMELIFT_ANSWER_FRESH_MS = 5_000;
const GAME_SERVER_UNREACHABLE = "The game server cannot be reached. Please try again.";

export function createTravel(options: TravelOptions = {}): Travel {
  const timers = (options.timers ?? new Timers()).scope();
  const connection = new TravelConnection(options, timers);
  const traveler: Traveler = {
    join: (playerSession: PlayerSessionInfo, _request: JoinSessionRequest) => connection.join(playerSession),
    leave: () => connection.leave(),
    preconnect: (server) => connection.preconnect(server),
  };
  return {
    travel: connection,
    traveler,
    destroy() {
      connection.destroy();
      timers.stop();
    },
  };
}

class TravelConnection implements TravelArea {
  readonly bus: TravelBus;
  private readonly machine: TravelMachine;
  private readonly timeouts: TravelTimeouts;
  private readonly reconnectPolicy: ReconnectPolicy;
  private readonly keepalive: KeepalivePolicy;
  private readonly WebSocketClass: WebSocketConstructor | undefined;
  private readonly endpoint: EndpointPolicy;

  private link: Link | undefined;
  private linkOpened = false;
  /** The current link was a spare socket (opened ahead of the join); a close before the accept retries cold. */
  private adopted = false;
  private spares: SpareSockets | undefined;
  /** The identity token for the link being opened, asked for while it opens. */
  private proof: Promise<string | undefined> | undefined;
  private target: (TravelTarget & { connectUrl: string }) | undefined;
  private current: TravelSession | undefined;
  private pending: { resolve(result: TravelResult): void; reject(error: GameLiftKitError): void } | undefined;
  private reserveAbort: AbortController | undefined;
  private outcome: Outcome | undefined;
  private idleWaiters: (() => void)[] = [];
  private attempt = 0;
  private lostReason = "";
  private cancelAttemptTimer: (() => void) | undefined;
  private cancelKeepalive: (() => void) | undefined;
  private lastFrameAt = 0;
  private destroyed = false;
  /** When the current link was made, to tell a refused attempt from one that hung. */
  private linkStartedAt = 0;
  /** Reconnection attempts refused in a row. */
  private refusals = 0;
  /** When GameLift last answered that the session lives (while reconnecting), and with which status. */
  private gameliftAnswer: { at: number; status: string | undefined } | undefined;
  private statusCheck: AbortController | undefined;
  private readonly events: HeldEvents;
  private readonly farewells: Farewells | undefined;
  holdAfterAccept = false;

  private readonly options: TravelOptions;
  private readonly timers: Timers;
  constructor(options: TravelOptions, timers: Timers) {
    this.options = options;
    this.timers = timers;
    this.bus = options.bus ?? createTravelBus();
    this.timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
    this.reconnectPolicy = { ...DEFAULT_RECONNECT, ...options.reconnect };
    this.keepalive = { ...DEFAULT_KEEPALIVE, ...options.keepalive };
    this.WebSocketClass = options.WebSocket ?? (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
    this.endpoint = options.endpoint ?? tlsWhenDnsName;
    this.machine = new TravelMachine(timers, this.timeouts, (t) => this.onTransition(t));
    this.events = new HeldEvents(this.bus, timers);
    this.farewells = this.WebSocketClass
      ? new Farewells({ WebSocket: this.WebSocketClass, timers, timeoutMs: this.timeouts.connectingMs + this.timeouts.travelingMs, identityToken: options.identityToken })
      : undefined;
  }

  releaseHeld(): void {
    this.events.release();
  }

  get state(): TravelState {
    return this.machine.state;
  }

  get session(): TravelSession | undefined {
    return this.current;
  }

  join(playerSession: PlayerSessionTarget): Promise<TravelResult> {
    if (!playerSession || typeof playerSession.playerSessionId !== "string" || !playerSession.playerSessionId) {
      return Promise.reject(new GameLiftKitError("InvalidParameter", "join needs a player session with a playerSessionId"));
    }
    return this.joinWith(async () => playerSession);
  }

  preconnect(server: GameServerAddress): void {
    if (this.destroyed || !this.WebSocketClass || this.state !== "idle" || !server) return;
    let url: string;
    try {
      url = this.endpoint({ ...server, playerSessionId: "" });
    } catch {
      return; // no usable address yet: the join will find one in its player session
    }
    this.spares ??= new SpareSockets(this.WebSocketClass, this.timers, { ...DEFAULT_PRECONNECT, ...this.options.preconnect });
    this.spares.want(url);
  }

  joinWith(reserve: (signal: AbortSignal) => Promise<PlayerSessionTarget>): Promise<TravelResult> {
    if (this.destroyed) return Promise.reject(new GameLiftKitError("Cancelled", "travel was destroyed"));
    if (!this.WebSocketClass) {
      return Promise.reject(new GameLiftKitError("NotConfigured", "no WebSocket implementation: pass options.WebSocket (e.g. the ws package in Node)"));
    }
    if (this.state !== "idle") return Promise.reject(new GameLiftKitError("InvalidParameter", `cannot join while ${this.state}; leave first`));
    return new Promise<TravelResult>((resolve, reject) => {
      this.pending = { resolve, reject };
      const abort = new AbortController();
      this.reserveAbort = abort;
      this.machine.send({ type: "join" });
      // The identity token is fetched while the player session is reserved, not after.
      this.proof = this.askForProof();
      Promise.resolve()
        .then(() => reserve(abort.signal))
        .then(
          (target) => {
            if (this.reserveAbort === abort && this.state === "joining") this.connect(target);
          },
          (error: unknown) => {
            if (this.reserveAbort === abort && this.state === "joining") this.finish({ type: "failed" }, { kind: "travelFail", error: GameLiftKitError.from(error) });
          },
        );
    });
  }

  leave(): Promise<void> {
    const state = this.state;
    if (state === "idle") return Promise.resolve();
    const idle = new Promise<void>((resolve) => this.idleWaiters.push(resolve));
    if (state === "in-session") {
      this.machine.send({ type: "leave" });
      // The server removes the player session at once and closes; onClose then finishes the leave.
      if (!this.link?.send({ t: "leave", v: WIRE_VERSION })) this.finish({ type: "closed" }, { kind: "left" });
    } else if (state === "joining" || state === "connecting" || state === "traveling") {
      this.finish({ type: "leave" }, { kind: "travelFail", error: new GameLiftKitError("Cancelled", "the join was cancelled by leave()") });
    } else if (state === "reconnecting") {
      // No connection to say goodbye on: back to the lobby at once, and a connection of its own tells the
      // gateway, so the seat is freed now rather than when the gateway's grace runs out.
      const target = this.target;
      this.finish({ type: "leave" }, { kind: "left" });
      if (target && !this.destroyed) void this.farewells?.say({ url: target.url, playerSessionId: target.playerSessionId });
    }
    return idle;
  }

  send(type: string, data: JsonValue = null): boolean {
    if (typeof type !== "string" || type.length === 0 || type.length > LIMITS.typeLength) {
      throw new GameLiftKitError("InvalidParameter", `message type must be a non-empty string of at most ${LIMITS.typeLength} characters`);
    }
    if (this.state !== "in-session" || !this.link) return false;
    try {
      return this.link.send({ t: "msg", v: WIRE_VERSION, type, data });
    } catch (error) {
      throw new GameLiftKitError("InvalidParameter", `message data is not JSON-serializable: ${(error as Error).message}`, { cause: error });
    }
  }

  destroy(): void {
    if (this.destroyed) return;
    if (this.state !== "idle") this.finish({ type: "failed" }, { kind: "travelFail", error: new GameLiftKitError("Cancelled", "travel was destroyed") });
    this.destroyed = true;
    this.spares?.drop();
    this.machine.stop();
    this.farewells?.closeAll();
    this.bus.clear();
  }

  // ── steps ────────────────────────────────────────────────────────────────────────────────────────────

  private connect(session: PlayerSessionTarget): void {
    let url: string;
    try {
      url = this.endpoint(session);
    } catch (error) {
      return this.finish({ type: "failed" }, { kind: "travelFail", error: GameLiftKitError.from(error, "InvalidParameter") });
    }
    const secure = isSecureOrLocal(url);
    if (!secure) (this.options.warn ?? console.warn)(`[phaser-gamelift] connecting to ${url} over plain ws://: the player's traffic is not encrypted; use wss:// (a fleet with TLS certificates) in production`);
    // A socket already open to this server (preconnect) carries no ticket: the hello names the player session.
    const spare = this.spares?.take(url);
    this.spares?.drop();
    this.target = {
      playerSessionId: session.playerSessionId,
      ...(session.gameSessionId ? { gameSessionId: session.gameSessionId } : {}),
      url,
      connectUrl: this.options.earlyAdmission === false || !secure ? url : withTicket(url, session.playerSessionId),
    };
    this.machine.send({ type: "reserved" });
    const { connectUrl: _hidden, ...target } = this.target;
    this.bus.emit("onTravelStart", target);
    if (this.state !== "connecting") return spare?.close(1000, "not needed");
    if (spare) return this.adopt(spare);
    this.openLink();
  }

  private handlersFor(link: () => Link | undefined) {
    return {
      onOpen: () => this.link === link() && this.onOpen(),
      onFrame: (frame: ServerFrame) => this.link === link() && this.onFrame(frame),
      onJunk: (error: { message: string }) => this.link === link() && this.onJunk(error.message),
      onClose: (code: number, reason: string) => this.link === link() && this.onClose(code, reason),
    };
  }

  private adopt(spare: Link): void {
    this.linkOpened = false;
    this.adopted = true;
    this.link = spare;
    spare.adopt(this.handlersFor(() => spare));
  }

  private openLink(): void {
    const target = this.target!;
    this.linkOpened = false;
    this.adopted = false;
    this.linkStartedAt = this.timers.now();
    // A first connect uses the token asked for when the join began; each reconnection attempt asks again.
    if (this.state === "reconnecting" || !this.proof) this.proof = this.askForProof();
    try {
      const link: Link = new Link(this.WebSocketClass!, target.connectUrl, this.handlersFor(() => link));
      this.link = link;
    } catch (error) {
      this.link = undefined;
      const failure = new GameLiftKitError("NetworkError", `could not open ${target.url}: ${(error as Error).message}`, { cause: error, url: target.url, playerMessage: GAME_SERVER_UNREACHABLE });
      if (this.state === "reconnecting") this.scheduleReconnect();
      else this.finish({ type: "failed" }, { kind: "travelFail", error: failure });
    }
  }

  private onOpen(): void {
    this.linkOpened = true;
    const link = this.link!;
    const target = this.target!;
    const resume = this.state === "reconnecting";
    if (!resume) this.machine.send({ type: "opened" });
    const hello = (identityToken: string | undefined) =>
      link.send({ t: "hello", v: WIRE_VERSION, playerSessionId: target.playerSessionId, ...(resume ? { resume: true } : {}), ...(identityToken ? { identityToken } : {}) });
    const proof = this.proof;
    if (!proof) return void hello(undefined);
    proof.then(
      (identityToken) => {
        if (this.link === link) hello(identityToken);
      },
      (error: unknown) => {
        if (this.link !== link) return;
        const failure = GameLiftKitError.from(error);
        // Reconnecting: one failed attempt (the next one asks again). Joining: the join fails with the reason.
        if (this.state === "reconnecting") return link.close(KEEPALIVE_CLOSE, `no identity token: ${failure.message}`.slice(0, 120));
        this.finish({ type: "failed" }, { kind: "travelFail", error: failure });
      },
    );
  }

  /** Starts getting the identity token (none without a provider); awaited only once the socket is open. */
  private askForProof(): Promise<string | undefined> | undefined {
    const ask = this.options.identityToken;
    if (!ask) return undefined;
    const proof = Promise.resolve().then(ask);
    proof.catch(() => undefined); // handled in onOpen; a link that never opens must not leave it unhandled
    return proof;
  }

  private onFrame(frame: ServerFrame): void {
    this.lastFrameAt = this.timers.now();
    const state = this.state;
    switch (frame.t) {
      case "accepted":
        if (state === "traveling" || state === "reconnecting") this.onAccepted(frame, state === "reconnecting");
        return;
      case "rejected":
        return this.onRejected(frame);
      case "ended":
        if (state === "leaving") return this.finish({ type: "closed" }, { kind: "left" });
        return this.finish({ type: "ended" }, { kind: "sessionEnded", ...endedByServer(frame.reason) });
      case "joined":
        if (state === "in-session") this.events.emit("onPlayerJoined", frame.playerId, frame.name);
        return;
      case "left":
        if (state === "in-session") this.events.emit("onPlayerLeft", frame.playerId);
        return;
      case "msg":
        if (state === "in-session") this.events.emit("onMessage", frame.type, frame.data, frame.from);
        return;
      case "pong":
        return;
    }
  }

  private onAccepted(frame: AcceptedFrame, resumed: boolean): void {
    const url = this.target!.url;
    this.current = { map: frame.map, playerId: frame.playerId, playerSessionId: frame.playerSessionId, gameSessionId: frame.gameSessionId, url };
    this.cancelAttemptTimer?.();
    this.attempt = 0;
    this.refusals = 0;
    this.gameliftAnswer = undefined;
    this.statusCheck?.abort();
    this.statusCheck = undefined;
    this.machine.send({ type: "accepted" });
    this.startKeepalive();
    if (resumed) {
      this.events.emit("onReconnected", frame.state);
      return;
    }
    // Held from here: what the server sends right after seating the player must wait for the map scene.
    if (this.holdAfterAccept) this.events.hold();
    const result: TravelResult = { ...this.current, state: frame.state };
    this.bus.emit("onTravelComplete", frame.map, frame.state, { ...this.current });
    this.pending?.resolve(result);
    this.pending = undefined;
  }

  private onRejected(frame: RejectedFrame): void {
    if (this.state === "traveling") {
      this.finish({ type: "failed" }, { kind: "travelFail", error: new ConnectionRejectedError(frame.code, frame.reason) });
    } else if (this.state === "reconnecting") {
      this.finish({ type: "failed" }, { kind: "sessionEnded", ...resumeRefused(this.lostReason, frame.code, frame.reason) });
    }
  }

  private onJunk(message: string): void {
    // Once seated, an unreadable frame (perhaps a newer server's) is skipped; before that, nothing can be trusted.
    if (this.state === "traveling") {
      this.finish({ type: "failed" }, { kind: "travelFail", error: new GameLiftKitError("ProtocolError", `the game server answered the hello with an unreadable frame: ${message}`) });
    }
  }

  private onClose(code: number, reason: string): void {
    this.link = undefined;
    const described = `connection closed (${code}${reason ? ` ${reason}` : ""})`;
    switch (this.state) {
      case "connecting":
      case "traveling": {
        // A socket opened ahead of the join that went before the accept (its hello deadline passed just as the
        // join took it, say): the join connects afresh, as it would have without it.
        if (this.adopted) return this.openLink();
        const error = this.linkOpened
          ? new GameLiftKitError(isFinalClose(code, reason) && code !== 1000 ? "ProtocolError" : "ConnectionLost", `the game server closed the connection before accepting: ${described}`)
          : new GameLiftKitError("NetworkError", `could not connect to ${this.target?.url}: ${described}`, { ...(this.target ? { url: this.target.url } : {}), playerMessage: GAME_SERVER_UNREACHABLE });
        return this.finish({ type: "dropped" }, { kind: "travelFail", error });
      }
      case "in-session":
        if (isFinalClose(code, reason)) return this.finish({ type: "ended" }, { kind: "sessionEnded", ...closedByServer(described) });
        this.lostReason = `connection lost: ${described}`;
        this.attempt = 0;
        this.refusals = 0;
        this.gameliftAnswer = undefined;
        this.machine.send({ type: "dropped" });
        this.events.emit("onConnectionLost", this.lostReason);
        this.checkSession();
        return this.scheduleReconnect();
      case "reconnecting": {
        this.cancelAttemptTimer?.();
        const refused = !this.linkOpened && this.timers.now() - this.linkStartedAt < REFUSED_WITHIN_MS;
        this.refusals = refused ? this.refusals + 1 : 0;
        if (this.serverSeemsGone()) return this.endServerGone();
        this.checkSession();
        return this.scheduleReconnect();
      }
      case "leaving":
        return this.finish({ type: "closed" }, { kind: "left" });
      default:
        return;
    }
  }

  private scheduleReconnect(): void {
    if (this.state !== "reconnecting") return;
    if (this.attempt >= this.reconnectPolicy.attempts) {
      return this.finish({ type: "failed" }, { kind: "sessionEnded", ...reconnectFailed(this.lostReason, this.reconnectPolicy.attempts) });
    }
    const delay = reconnectDelayMs(this.attempt, this.reconnectPolicy, this.options.random);
    this.attempt++;
    this.cancelAttemptTimer = this.timers.after(delay, () => {
      if (this.state !== "reconnecting") return;
      this.openLink();
      const link = this.link;
      if (!link) return;
      // One attempt may take as long as a first connect plus its hello; then it counts as failed.
      this.cancelAttemptTimer = this.timers.after(this.timeouts.connectingMs + this.timeouts.travelingMs, () => {
        if (this.link === link) link.close(KEEPALIVE_CLOSE, "reconnection attempt timed out");
      });
    });
  }

  /**
   * Asks GameLift about the session (one question at a time). An ended session ends travel at once; a living
   * one tells the reconnection that GameLift, and so the player's network, can be reached.
   */
  private checkSession(): void {
    const ask = this.options.sessionStatus;
    const gameSessionId = this.current?.gameSessionId;
    if (!ask || !gameSessionId || this.state !== "reconnecting" || this.statusCheck) return;
    const check = new AbortController();
    this.statusCheck = check;
    Promise.resolve()
      .then(() => ask(gameSessionId, check.signal))
      .then(
        (found) => {
          if (this.statusCheck !== check) return;
          this.statusCheck = undefined;
          this.onSessionStatus(found);
        },
        () => {
          // GameLift could not be asked either: perhaps the player's network is down. The attempts go on.
          if (this.statusCheck === check) this.statusCheck = undefined;
        },
      );
  }

  private onSessionStatus(found: GameSessionStatus | undefined): void {
    if (this.state !== "reconnecting") return;
    if (!found || (found.status !== undefined && ENDED_GAME_SESSION_STATUSES.has(found.status))) {
      return this.finish({ type: "ended" }, { kind: "sessionEnded", ...terminatedInGameLift(this.lostReason, found ? found.status : undefined, found?.statusReason) });
    }
    this.gameliftAnswer = { at: this.timers.now(), status: found.status };
    if (this.serverSeemsGone()) this.endServerGone();
  }

  /** Refused again and again while GameLift answers: nothing listens where the game server was. */
  private serverSeemsGone(): boolean {
    const answer = this.gameliftAnswer;
    return this.refusals >= REFUSALS_FOR_SERVER_GONE && answer !== undefined && this.timers.now() - answer.at <= GAMELIFT_ANSWER_FRESH_MS;
  }

  private endServerGone(): void {
    this.finish({ type: "failed" }, { kind: "sessionEnded", ...serverGone(this.lostReason, this.refusals, this.gameliftAnswer?.status) });
  }

  private startKeepalive(): void {
    this.cancelKeepalive?.();
    const { intervalMs, timeoutMs } = this.keepalive;
    if (intervalMs <= 0) return;
    const link = this.link;
    const tick = (): void => {
      if (this.state !== "in-session" || this.link !== link || !link) return;
      if (this.timers.now() - this.lastFrameAt > timeoutMs) {
        link.close(KEEPALIVE_CLOSE, "no answer from the game server");
        return;
      }
      link.send({ t: "ping", v: WIRE_VERSION });
      this.cancelKeepalive = this.timers.after(intervalMs, tick);
    };
    this.cancelKeepalive = this.timers.after(intervalMs, tick);
  }

  // ── back to idle ─────────────────────────────────────────────────────────────────────────────────────

  private finish(input: TravelInput, outcome: Outcome): void {
    this.outcome = outcome;
    if (!this.machine.send(input)) this.outcome = undefined;
  }

  private onTransition({ from, to }: Transition): void {
    if (from === "in-session") {
      this.cancelKeepalive?.();
      this.cancelKeepalive = undefined;
    }
    if (to !== "idle") {
      this.bus.emit("onStateChange", to, from);
      return;
    }
    const outcome = this.outcome ?? this.timeoutOutcome(from);
    this.outcome = undefined;
    this.teardown();
    this.bus.emit("onStateChange", to, from);
    const pending = this.pending;
    this.pending = undefined;
    if (outcome.kind === "travelFail") {
      pending?.reject(outcome.error);
      this.bus.emit("onTravelFail", outcome.error);
    } else {
      pending?.reject(new GameLiftKitError("Cancelled", "the join ended before the server accepted it"));
      if (outcome.kind === "sessionEnded") this.bus.emit("onSessionEnded", outcome.reason, outcome.ending);
      else this.bus.emit("onLeaveComplete");
    }
    for (const resolve of this.idleWaiters.splice(0)) resolve();
  }

  private timeoutOutcome(from: TravelState): Outcome {
    switch (from) {
      case "reconnecting":
        return { kind: "sessionEnded", ...reconnectTimedOut(this.lostReason, this.timeouts.reconnectingMs) };
      case "leaving":
        return { kind: "left" };
      default:
        return { kind: "travelFail", error: new GameLiftKitError("Timeout", `travel timed out while ${from}`) };
    }
  }

  private teardown(): void {
    this.reserveAbort?.abort(new GameLiftKitError("Cancelled", "the join ended"));
    this.reserveAbort = undefined;
    this.cancelAttemptTimer?.();
    this.cancelAttemptTimer = undefined;
    this.cancelKeepalive?.();
    this.cancelKeepalive = undefined;
    this.statusCheck?.abort();
    this.statusCheck = undefined;
    this.gameliftAnswer = undefined;
    this.refusals = 0;
    // The session is over: what was held for its map scene has nobody left to hear it.
    this.events.drop();
    const link = this.link;
    this.link = undefined;
    link?.close(1000, "");
    this.target = undefined;
    this.current = undefined;
    this.attempt = 0;
  }
}

/** wss://, or any scheme to a loopback address (the local stack, a game server on this machine). */
export function isSecureOrLocal(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol === "wss:") return true;
  const host = parsed.hostname.replace(/^\[|\]$/g, "").toLowerCase();
  return host === "localhost" || host.endsWith(".localhost") || host === "::1" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

function withTicket(url: string, playerSessionId: string): string {
  try {
    const parsed = new URL(url);
    parsed.searchParams.set("playerSessionId", playerSessionId);
    return parsed.toString();
  } catch {
    return url;
  }
}
