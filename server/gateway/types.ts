import type { Server as HttpServer } from "node:http";
import type { JsonValue } from "../../protocol/wire.ts";
import type { GameSession } from "../sdk/types.ts";
import type { GatewaySdk } from "./admission.ts";
import type { PlayerIdentityOption } from "./identity.ts";
import type { PingRouteOptions } from "./ping.ts";

/** A player seated by the gateway, as the gateway's callbacks and `players()` give it. */
export interface GatewayPlayer {
  /** The player session's PlayerId (with Cognito identity: the player's identity ID, which its token proved). */
  playerId: string;
  /** The player session the player holds its seat with. */
  playerSessionId: string;
  /**
   * The name to show for the player: the one it reserved its seat with (the kit sends PlayerData
   * `{"name": …}`, from the signed-in account, or "Guest-…"), cleaned; "Player-…" when it gave none. The player
   * chooses it: display it, never trust it (the playerId is what its identity token proves).
   */
  name: string;
  /** PlayerData from CreatePlayerSession, when the game set one. */
  playerData?: string;
  /** PlayerData parsed, when it is JSON. */
  data?: JsonValue;
  /** False while the player's seat is held for a reconnect. */
  connected: boolean;
}

/** Why a player's seat went: their own leave, a drop not resumed within the grace, a protocol/limit breach, the session's end. */
export type LeaveReason = "left" | "timeout" | "kicked" | "ended";

/** What {@link createPlayerGateway} takes. Sizes are in bytes and times in ms; defaults in parentheses. */
export interface PlayerGatewayOptions {
  /** The server SDK of this process (a GameLiftServerSdk after processReady, with the game session started). */
  sdk: GatewaySdk;
  /** The game session this gateway seats players for, as onStartGameSession gave it. */
  gameSession: GameSession;
  /** Listen on this port (GameLift's: the one given to processReady) … */
  port?: number;
  /** The address to listen on (all interfaces by default). */
  host?: string;
  /** … or take WebSocket upgrades on an existing HTTP server. */
  server?: HttpServer;
  /**
   * How players prove who they are. `{ identityPoolId }` (and, for the local stack, `issuer: <its endpoint>`):
   * each hello must carry an OpenID token of that identity pool whose subject is the player session's
   * PlayerId — the kit sends one and reserves with the identity id as PlayerId — so a player session id alone
   * seats nobody. `"unverified"` for games that do not use Cognito: weaker, whoever holds a player session id
   * takes its seat (see SECURITY.md). Left out, it comes from PHASER_GAMELIFT_IDENTITY_POOL_ID (and
   * PHASER_GAMELIFT_IDENTITY_ISSUER), which the local dev stack sets for its fleet's processes; with neither,
   * createPlayerGateway refuses to start rather than seat players unverified.
   */
  identity?: PlayerIdentityOption;
  /** The map players travel to: a name, or derived from the game session (e.g. its `map` property). */
  map: string | ((gameSession: GameSession) => string);
  /** The game state a player gets with its accept; a function is asked at each accept, for the current state. */
  state?: JsonValue | ((player: GatewayPlayer) => JsonValue);
  /** How long a dropped player's seat waits for a resume (10 s). */
  graceMs?: number;
  /** Larger frames close the socket with 1009 (16 KiB). */
  maxMessageBytes?: number;
  /** More close the socket with 1008 (30; bursts up to this many at once). */
  maxMessagesPerSecond?: number;
  /** A connection that has not said hello by then is closed (5 s). */
  helloTimeoutMs?: number;
  /**
   * A new TCP connection must finish its WebSocket upgrade within this (3 s), or it is cut. (With `server`,
   * the game's HTTP server keeps its own timeouts.)
   */
  upgradeTimeoutMs?: number;
  /**
   * Connections not yet past their hello (from the TCP accept; with `server`, from the upgrade), at most, in
   * all (256) and from one address (8; an IPv6 address counts by its /64). More are cut at once.
   */
  maxPendingConnections?: number;
  /** See maxPendingConnections: the cap from one address (8). */
  maxPendingPerAddress?: number;
  /**
   * Admissions (a hello, or a player session id in the URL: each costs GameLift calls) per second, in all
   * (50) and from one address (5); bursts of twice that. More are refused with TryAgainLater (1013).
   */
  maxAdmissionsPerSecond?: number;
  /** See maxAdmissionsPerSecond: the rate from one address (5). */
  maxAdmissionsPerSecondPerAddress?: number;
  /**
   * A connection with more than this waiting in its send buffer (1 MiB) has stopped reading: it is closed
   * with 1008 (SLOW_READER_CLOSE) and its seat held as after any drop, so a slow reader costs bounded memory.
   */
  maxBufferedBytes?: number;
  /** WebSocket ping interval; a socket that misses one pong counts as dropped (10 s; 0 = off). */
  heartbeatMs?: number;
  /**
   * A resume for a seat whose old connection still looks open: the old one is pinged and keeps the seat if
   * it answers within this (2 s); otherwise the resume takes the seat over.
   */
  resumeProbeMs?: number;
  /**
   * The empty-session policy, off by default: a game session with no player (none connected, none held for a
   * resume) for this long ends — the gateway closes, and the process ends as GameLift expects once its game
   * session is over (sdk.endProcess: ProcessEnding, exit; the fleet starts a fresh process). The countdown
   * starts when the gateway listens and again whenever the last player goes.
   */
  endWhenEmptyMs?: number;
  /**
   * TLS for the players' connections (wss://). "compute" (the default): the certificate of the compute the
   * process runs on, from the server SDK's GetComputeCertificate — a fleet with TLS gives its game sessions a
   * DnsName, which the kit connects to over wss://; a compute without a certificate serves ws://. Or the PEM
   * certificate (chain) and key to serve; or false for plain ws:// always. Ignored with `server` (the game's
   * own server decides).
   */
  tls?: "compute" | false | { cert: string | Buffer; key: string | Buffer };
  /**
   * `GET /ping` on the gateway's own server (not on a game's `server`: mount createPingRoute there), answered 204
   * for the kit's latency measurement, rate limited per address (see ping.ts). On by default; false turns it off.
   * The gateway listens only while its game session runs: a location's steady ping endpoint is startPingServer.
   */
  ping?: boolean | PingRouteOptions;
  /** Called before the new player's accept is sent, so state changes made here are in its snapshot. */
  onPlayerJoin?(player: GatewayPlayer): void;
  /** The player's seat is gone (its player session removed with RemovePlayerSession); `reason` says why. */
  onPlayerLeave?(player: GatewayPlayer, reason: LeaveReason): void;
  /**
   * A game message from a seated player (the kit's `send(type, data)`): `type` is the game's own tag, `data`
   * already parsed. Untrusted input: check it before acting on it.
   */
  onPlayerMessage?(player: GatewayPlayer, type: string, data: JsonValue): void;
  /** The connection dropped; the seat is held for graceMs. */
  onPlayerDisconnect?(player: GatewayPlayer): void;
  /** A resume got the held seat back. */
  onPlayerReconnect?(player: GatewayPlayer): void;
  /** Where the gateway's own lines go (refusals, drops, limits hit); silent by default. */
  log?(message: string): void;
}

/** A running player gateway, as {@link createPlayerGateway} answers it. */
export interface PlayerGateway {
  /** The port it listens on (the HTTP server's when attached to one). */
  readonly port: number;
  /** The game session it seats players for. */
  readonly gameSessionId: string;
  /** The map players are told to load. */
  readonly map: string;
  /** Whether players connect over TLS (wss://). */
  readonly secure: boolean;
  /** Seated players, connected or held. */
  players(): GatewayPlayer[];
  /** A game message to every connected player (but `except`); returns how many it went to. */
  broadcast(type: string, data: JsonValue, options?: { except?: string; from?: string }): number;
  /** A game message to one player (every connection with that player id); false when none is connected. */
  sendTo(playerId: string, type: string, data: JsonValue, options?: { from?: string }): boolean;
  /** Tells every client `{t:"ended", reason}`, closes them with 1000, frees the seats and stops listening. */
  endSession(reason: string): Promise<void>;
}

/**
 * What {@link createPlayerGateway} (and a bad `broadcast`/`sendTo` type) throws: InvalidOptions for options
 * that cannot work, ListenFailed when the gateway could not start serving (port taken, TLS certificate
 * unreadable). Players' bad input is never thrown: it is refused or closed on the wire.
 */
export class PlayerGatewayError extends Error {
  override readonly name = "PlayerGatewayError";
  /** What went wrong, to branch on. */
  readonly code: "InvalidOptions" | "ListenFailed";
  /** Made by the gateway; games only make these in tests. */
  constructor(
    code: "InvalidOptions" | "ListenFailed",
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.code = code;
  }
}
