/**
 * The player gateway: a WebSocket server on the game session's port that lets in only players holding a
 * player session GameLift reserved for this game session — for them, as their identity token proves — one
 * connection per player session and one seat per player, and keeps the player counts GameLift shows true
 * (AcceptPlayerSession on the way in, RemovePlayerSession on the way out).
 *
 * Every connection may be hostile: what one address may cost (sockets waiting to say hello, admissions and
 * with them GameLift calls) is capped, an upgrade and a hello each have a deadline, a socket the gateway has
 * decided to close is deaf from that moment, and a connection that stops reading is closed before its send
 * buffer grows past a cap.
 */
import { createServer, type IncomingMessage, type Server as HttpServer, type ServerResponse } from "node:http";
import { createServer as createTlsServer } from "node:https";
import type { AddressInfo, Socket } from "node:net";
import { WebSocketServer, type RawData, type WebSocket } from "ws";
import {
  encodeFrame,
  parseClientFrame,
  SLOW_READER_CLOSE,
  TAKEN_OVER_CLOSE,
  WIRE_VERSION,
  type HelloFrame,
  type JsonValue,
  type RejectCode,
  type ServerFrame,
} from "../../protocol/wire.ts";
import { fallbackPlayerName, readPlayerData } from "../../protocol/player-data.ts";
import { addressKey, AddressLimits, type PendingSlot } from "./address-limits.ts";
import { accept, lookUp, recordRefusal, type Lookup } from "./admission.ts";
import { createPingRoute, type PingRoute } from "./ping.ts";
import { createIdentityVerifier, IdentityNotProvenError, type IdentityVerifier, type PlayerIdentityOption, type VerifiedIdentity } from "./identity.ts";
import { Outbox } from "./outbox.ts";
import { RateLimit } from "./rate-limit.ts";
import { loadServerTls, type ServerTls } from "./tls.ts";
import { PlayerGatewayError, type GatewayPlayer, type LeaveReason, type PlayerGateway, type PlayerGatewayOptions } from "./types.ts";

const CLOSE = { normal: 1000, unsupportedData: 1003, policy: 1008, tryAgainLater: 1013 } as const;

/** admitting: its player session is being checked and accepted; connected: seated; held: waiting for a resume. */
type SeatStatus = "admitting" | "connected" | "held";

interface Seat {
  playerSessionId: string;
  status: SeatStatus;
  /** The player session's PlayerId, from GameLift's record; "" until the record is read. */
  playerId: string;
  playerData?: string;
  /** The player's name for display (from its PlayerData), and the PlayerData parsed. */
  name: string;
  data?: JsonValue;
  /** The connection the seat is for; undefined while held, or when its connection went during admission. */
  owner?: Client;
  /** Told others it joined (so its going is news to them). */
  joined: boolean;
  graceTimer?: NodeJS.Timeout;
}

interface Client {
  socket: WebSocket;
  /** The TCP connection under it: its writes are held for the rest of an event-loop turn (see Outbox). */
  tcp: Socket;
  /** The address limits count it under (see addressKey). */
  address: string;
  /**
   * new → admitting (hello received) → seated. "closed" as soon as the gateway decides to close it or it
   * closes: from then on every frame it sends is ignored.
   */
  phase: "new" | "admitting" | "seated" | "closed";
  /** Its slot among the sockets still waiting to say hello, until it says it or goes. */
  pending?: PendingSlot;
  /** The seat it is being admitted to or sits in. */
  seat?: Seat;
  /** The record its URL's player session id made the gateway read ahead of the hello (early admission). */
  early?: { playerSessionId: string; lookup: Promise<Lookup> };
  /** It has used its admission (early or at the hello): one per connection. */
  charged: boolean;
  rate: RateLimit;
  alive: boolean;
  /** Closed for breaking the rules: its seat goes at once, there is no coming back. */
  kicked: boolean;
  helloTimer?: NodeJS.Timeout;
  terminateTimer?: NodeJS.Timeout;
}

/**
 * Starts the player gateway for the game session GameLift just started on this process: a WebSocket server
 * that seats only players holding a player session of this game session (checked with DescribePlayerSessions
 * and AcceptPlayerSession, and, with `identity`, the player's Cognito identity token), holds a dropped
 * player's seat for a reconnect, relays game messages, and frees seats with RemovePlayerSession. Call it from
 * onStartGameSession, before activateGameSession; the browser kit's `kit.travel` connects to it.
 *
 * It registers with the SDK's shutdown tasks, so when the process ends every player is told why.
 *
 * @example
 * ```ts
 * await sdk.processReady({
 *   port: 7777,
 *   onStartGameSession: async (gameSession) => {
 *     const gateway = await createPlayerGateway({
 *       sdk,
 *       gameSession,
 *       port: 7777,
 *       map: gameSession.gameProperties.map ?? "arena",
 *       onPlayerMessage: (player, type, data) => gateway.broadcast(type, data, { from: player.playerId }),
 *     });
 *     await sdk.activateGameSession();
 *   },
 * });
 * ```
 * @throws {@link PlayerGatewayError} InvalidOptions for a missing or out-of-range option (including no
 *   `identity` and no PHASER_GAMELIFT_IDENTITY_POOL_ID); ListenFailed when the port is taken or the compute's
 *   TLS certificate cannot be read.
 */
export async function createPlayerGateway(options: PlayerGatewayOptions): Promise<PlayerGateway> {
  const settings = validate(options);
  const tls = options.server ? undefined : await serverTls(options, settings);
  const gateway = new Gateway(options, settings, tls);
  await gateway.listen();
  return gateway;
}

/** What players are told when the empty-session policy ends a game session (nobody hears it; logs do). */
export const EMPTY_SESSION_REASON = "Nobody was playing, so the game session ended.";

/**
 * The certificate to serve wss:// with: the one given, or (by default) the compute's, from the server SDK's
 * GetComputeCertificate. A compute registered without a certificate serves plain ws://; one whose certificate
 * cannot be read fails the gateway rather than serve players in the clear where they expect TLS.
 */
async function serverTls(options: PlayerGatewayOptions, settings: Settings): Promise<ServerTls | undefined> {
  const given = options.tls ?? "compute";
  if (given === false) return undefined;
  if (given !== "compute") return given;
  const sdk = options.sdk;
  if (typeof sdk.getComputeCertificate !== "function") return undefined;
  let certificatePath: string;
  try {
    certificatePath = (await sdk.getComputeCertificate()).certificatePath;
  } catch (error) {
    settings.log(`no TLS certificate on this compute (${(error as Error).message}); players connect over ws://`);
    return undefined;
  }
  try {
    return await loadServerTls(certificatePath);
  } catch (error) {
    throw new PlayerGatewayError("ListenFailed", `the compute's TLS certificate (${certificatePath}) could not be read: ${(error as Error).message}`, { cause: error });
  }
}

interface Settings {
  map: string;
  log: (message: string) => void;
  endWhenEmptyMs: number | undefined;
  verifier: IdentityVerifier | undefined;
  graceMs: number;
  maxMessageBytes: number;
  maxMessagesPerSecond: number;
  helloTimeoutMs: number;
  upgradeTimeoutMs: number;
  maxPendingConnections: number;
  maxPendingPerAddress: number;
  maxAdmissionsPerSecond: number;
  maxAdmissionsPerSecondPerAddress: number;
  maxBufferedBytes: number;
  heartbeatMs: number;
  resumeProbeMs: number;
}

function validate(options: PlayerGatewayOptions): Settings {
  const bad = (message: string): never => {
    throw new PlayerGatewayError("InvalidOptions", `createPlayerGateway: ${message}`);
  };
  if (!options || typeof options !== "object") bad("options are required");
  if (!options.sdk) bad("sdk is required");
  if (!options.gameSession?.gameSessionId) bad("gameSession (with its gameSessionId) is required");
  if ((options.port === undefined) === (options.server === undefined)) bad("give exactly one of port and server");
  if (options.port !== undefined && (!Number.isInteger(options.port) || options.port < 0 || options.port > 65535)) bad(`port must be 0–65535, got ${options.port}`);
  const map = typeof options.map === "function" ? options.map(options.gameSession) : options.map;
  if (typeof map !== "string" || map.length === 0 || map.length > 256) bad("map must give a non-empty string of at most 256 characters");
  const positive = (name: string, value: number | undefined, fallback: number, allowZero = false): number => {
    if (value === undefined) return fallback;
    if (typeof value !== "number" || !Number.isFinite(value) || value < 0 || (!allowZero && value === 0)) bad(`${name} must be a ${allowZero ? "non-negative" : "positive"} number, got ${value}`);
    return value;
  };
  if (options.tls !== undefined && options.tls !== false && options.tls !== "compute" && (typeof options.tls !== "object" || !options.tls.cert || !options.tls.key)) {
    bad('tls must be "compute", false, or { cert, key } (PEM)');
  }
  return {
    map,
    log: options.log ?? (() => undefined),
    endWhenEmptyMs: options.endWhenEmptyMs === undefined ? undefined : positive("endWhenEmptyMs", options.endWhenEmptyMs, 0),
    verifier: identityVerifier(options.identity, bad),
    graceMs: positive("graceMs", options.graceMs, 10_000, true),
    maxMessageBytes: positive("maxMessageBytes", options.maxMessageBytes, 16 * 1024),
    maxMessagesPerSecond: positive("maxMessagesPerSecond", options.maxMessagesPerSecond, 30),
    helloTimeoutMs: positive("helloTimeoutMs", options.helloTimeoutMs, 5_000),
    upgradeTimeoutMs: positive("upgradeTimeoutMs", options.upgradeTimeoutMs, 3_000),
    maxPendingConnections: positive("maxPendingConnections", options.maxPendingConnections, 256),
    maxPendingPerAddress: positive("maxPendingPerAddress", options.maxPendingPerAddress, 8),
    maxAdmissionsPerSecond: positive("maxAdmissionsPerSecond", options.maxAdmissionsPerSecond, 50),
    maxAdmissionsPerSecondPerAddress: positive("maxAdmissionsPerSecondPerAddress", options.maxAdmissionsPerSecondPerAddress, 5),
    maxBufferedBytes: positive("maxBufferedBytes", options.maxBufferedBytes, 1024 * 1024),
    heartbeatMs: positive("heartbeatMs", options.heartbeatMs, 10_000, true),
    resumeProbeMs: positive("resumeProbeMs", options.resumeProbeMs, 2_000),
  };
}

function identityVerifier(given: PlayerGatewayOptions["identity"], bad: (message: string) => never): IdentityVerifier | undefined {
  const identity = given ?? identityFromEnvironment();
  if (identity === "unverified") return undefined;
  if (!identity || typeof identity !== "object") {
    return bad(
      `identity is required: { identityPoolId } (or ${IDENTITY_POOL_ENV} in the environment) to seat only players who prove, with their identity pool's token, that they are the player their player session names; or "unverified" for games without Cognito (weaker: anyone holding a player session id takes its seat; see SECURITY.md)`,
    );
  }
  try {
    return createIdentityVerifier(identity);
  } catch (error) {
    return bad((error as Error).message);
  }
}

const IDENTITY_POOL_ENV = "PHASER_GAMELIFT_IDENTITY_POOL_ID";
const IDENTITY_ISSUER_ENV = "PHASER_GAMELIFT_IDENTITY_ISSUER";

/** The identity pool a fleet's launcher named for its processes, as GAMELIFT_SDK_* name the fleet for initSDK. */
function identityFromEnvironment(): PlayerIdentityOption | undefined {
  const identityPoolId = process.env[IDENTITY_POOL_ENV];
  if (!identityPoolId) return undefined;
  const issuer = process.env[IDENTITY_ISSUER_ENV];
  return { identityPoolId, ...(issuer ? { issuer } : {}) };
}

class Gateway implements PlayerGateway {
  readonly gameSessionId: string;
  readonly map: string;
  private wss: WebSocketServer | undefined;
  /** The HTTP server the gateway made for itself (with `port`); a game's own (with `server`) is left alone. */
  private ownServer: HttpServer | undefined;
  private listeningPort = 0;
  private readonly clients = new Set<Client>();
  private readonly outbox = new Outbox();
  private readonly seats = new Map<string, Seat>();
  /** TCP connections of the own server that have not become WebSockets yet, with their pending slot. */
  private readonly upgrading = new Map<string, { socket: Socket; slot: PendingSlot; timer: NodeJS.Timeout }>();
  private readonly limits: AddressLimits;
  /** GET /ping on the gateway's own server, for the kit's latency measurement (see ping.ts). */
  private readonly ping: PingRoute | undefined;
  private heartbeat: NodeJS.Timeout | undefined;
  private sweeper: NodeJS.Timeout | undefined;
  private ending: Promise<void> | undefined;
  /** Counts down while no seat is taken, when the empty-session policy is on. */
  private emptyTimer: NodeJS.Timeout | undefined;
  private unregisterShutdown: (() => void) | undefined;
  private readonly log: (message: string) => void;

  readonly secure: boolean;
  private readonly options: PlayerGatewayOptions;
  private readonly settings: Settings;
  private readonly tls: ServerTls | undefined;
  constructor(options: PlayerGatewayOptions, settings: Settings, tls: ServerTls | undefined) {
    this.options = options;
    this.settings = settings;
    this.tls = tls;
    this.secure = tls !== undefined;
    this.gameSessionId = options.gameSession.gameSessionId;
    this.map = settings.map;
    this.log = settings.log;
    this.limits = new AddressLimits({
      maxPending: settings.maxPendingConnections,
      maxPendingPerAddress: settings.maxPendingPerAddress,
      admissionsPerSecond: settings.maxAdmissionsPerSecond,
      admissionsPerSecondPerAddress: settings.maxAdmissionsPerSecondPerAddress,
    });
    this.ping = options.ping === false ? undefined : createPingRoute(options.ping === true ? {} : options.ping);
  }

  get port(): number {
    return this.listeningPort;
  }

  async listen(): Promise<void> {
    const { port, host } = this.options;
    let server = this.options.server;
    if (!server) {
      // An HTTP server of our own, so a connection is counted against its address from the TCP accept on and
      // an upgrade that dawdles is cut off (Node's own header timeout is checked only every 30 s).
      const answer = (req: IncomingMessage, res: ServerResponse) => {
        if (this.ping?.handle(req, res)) return;
        res.writeHead(426, { "content-type": "text/plain", connection: "close" });
        res.end("This is a WebSocket endpoint for players.");
      };
      server = this.tls ? createTlsServer({ cert: this.tls.cert, key: this.tls.key }, answer) : createServer(answer);
      // TCP accept, before any TLS handshake: a socket waiting to say hello is counted from here.
      server.on("connection", (socket: Socket) => this.onTcp(socket));
      if (this.tls) server.on("tlsClientError", (_error: Error, socket: Socket) => socket.destroy());
      this.ownServer = server;
    }
    const wss = new WebSocketServer({ server, maxPayload: this.settings.maxMessageBytes, perMessageDeflate: false, clientTracking: false });
    this.wss = wss;
    wss.on("connection", (socket, request) => this.guard(() => this.onConnection(socket, request)));
    if (this.ownServer) {
      const own = this.ownServer;
      await new Promise<void>((resolve, reject) => {
        own.once("listening", resolve);
        own.once("error", (error) => reject(new PlayerGatewayError("ListenFailed", `the player gateway could not listen on port ${port}: ${error.message}`, { cause: error })));
        own.listen(port, host);
      });
    }
    // After listening, a server error (rare: e.g. EMFILE) is logged; it must not take the game server down.
    wss.on("error", (error) => this.log(`gateway server error: ${error.message}`));
    server.on("error", (error) => this.log(`gateway server error: ${error.message}`));
    const address: AddressInfo | string | null = server.address();
    this.listeningPort = typeof address === "object" && address ? address.port : (port ?? 0);
    if (this.settings.heartbeatMs > 0) {
      this.heartbeat = setInterval(() => this.beat(), this.settings.heartbeatMs);
      this.heartbeat.unref();
    }
    this.sweeper = setInterval(() => {
      this.limits.sweep();
      this.ping?.sweep();
    }, 5_000);
    this.sweeper.unref();
    // The process's end (processEnding, endProcess, GameLift letting it go) tells the players why first.
    this.unregisterShutdown = this.options.sdk.beforeProcessEnds?.((reason) => this.endSession(reason));
    this.checkEmpty();
    // The issuer's keys, fetched now so the first player does not wait for them; a failure is retried then.
    this.settings.verifier?.warm().catch((error: unknown) => this.log(`could not fetch the identity keys yet: ${(error as Error).message}`));
  }

  players(): GatewayPlayer[] {
    return [...this.seats.values()].filter((seat) => seat.status === "connected" || seat.status === "held").map(playerOf);
  }

  broadcast(type: string, data: JsonValue, options: { except?: string; from?: string } = {}): number {
    // Encoded once, to the bytes every socket gets.
    const text = Buffer.from(this.encodeMessage(type, data, options.from));
    let sent = 0;
    for (const seat of this.seats.values()) {
      if (seat.status !== "connected" || !seat.owner || seat.playerId === options.except) continue;
      if (this.sendText(seat.owner, text)) sent++;
    }
    return sent;
  }

  sendTo(playerId: string, type: string, data: JsonValue, options: { from?: string } = {}): boolean {
    const text = this.encodeMessage(type, data, options.from);
    let sent = false;
    for (const seat of this.seats.values()) {
      if (seat.status === "connected" && seat.owner && seat.playerId === playerId) sent = this.sendText(seat.owner, text) || sent;
    }
    return sent;
  }

  endSession(reason: string): Promise<void> {
    this.ending ??= this.end(String(reason).slice(0, 1024) || "the game session ended");
    return this.ending;
  }

  // ── connections ──────────────────────────────────────────────────────────────────────────────────────

  /** A TCP connection to the own server: counted as waiting from now, and given upgradeTimeoutMs to upgrade. */
  private onTcp(socket: Socket): void {
    const slot = this.limits.openPending(addressKey(socket.remoteAddress));
    if (!slot || this.ending) {
      // Over its address's cap (or the gateway's): not worth an HTTP parse, let alone an upgrade.
      slot?.settle();
      socket.destroy();
      return;
    }
    const timer = setTimeout(() => socket.destroy(), this.settings.upgradeTimeoutMs);
    const key = connectionKey(socket);
    this.upgrading.set(key, { socket, slot, timer });
    socket.once("close", () => {
      clearTimeout(timer);
      // Still here: it never became a WebSocket, so its slot goes with it. Otherwise its client owns the slot.
      if (this.upgrading.get(key)?.slot === slot) {
        slot.settle();
        this.upgrading.delete(key);
      }
    });
  }

  private onConnection(socket: WebSocket, request: IncomingMessage): void {
    const address = addressKey(request.socket.remoteAddress);
    const client: Client = { socket, tcp: request.socket, address, phase: "new", charged: false, rate: new RateLimit(this.settings.maxMessagesPerSecond), alive: true, kicked: false };
    this.clients.add(client);
    socket.on("message", (data, isBinary) => this.guard(() => this.onRaw(client, data, isBinary)));
    socket.on("close", () => this.guard(() => this.onClosed(client)));
    socket.on("pong", () => (client.alive = true));
    socket.on("error", (error) => {
      // ws reports protocol breaches (too large, bad UTF-8, bad opcode) here, then closes the socket itself.
      client.kicked = true;
      client.phase = "closed";
      this.log(`player connection error: ${error.message}`);
    });
    // Over TLS the request's socket wraps the TCP one counted at the accept; both have the same two ends.
    const key = connectionKey(request.socket);
    const upgraded = this.upgrading.get(key);
    if (upgraded) {
      clearTimeout(upgraded.timer);
      this.upgrading.delete(key);
      client.pending = upgraded.slot;
    } else {
      // On a game's own HTTP server the count starts at the upgrade.
      client.pending = this.limits.openPending(address);
      if (!client.pending) return this.close(client, CLOSE.tryAgainLater, "too many connections waiting to say hello", true);
    }
    if (this.ending) return this.reject(client, "SessionEnded", "the game session is ending");
    client.helloTimer = setTimeout(() => this.close(client, CLOSE.policy, "no hello in time", true), this.settings.helloTimeoutMs);
    const early = ticketOf(request);
    // Early admission: read the record while the handshake finishes. Only a read: nothing is accepted before
    // the hello has proven who is asking, and it is paid for from the address's admission budget like a hello.
    if (early && !this.seats.has(early) && this.limits.admit(address) === "ok") {
      client.charged = true;
      client.early = { playerSessionId: early, lookup: lookUp(this.options.sdk, early) };
    }
  }

  private onRaw(client: Client, data: RawData, isBinary: boolean): void {
    // Decided to close (or closed): whatever it still sends is not looked at, a hello least of all.
    if (client.phase === "closed") return;
    if (!client.rate.take()) return this.close(client, CLOSE.policy, "too many messages", true);
    if (isBinary) return this.close(client, CLOSE.unsupportedData, "binary frames are not accepted", true);
    const parsed = parseClientFrame(rawText(data));
    if (!parsed.ok) {
      const { kind, message } = parsed.error;
      if (kind === "UnsupportedVersion" && client.phase === "new") return this.reject(client, "UnsupportedVersion", message);
      return this.close(client, kind === "BadShape" || kind === "UnsupportedVersion" ? CLOSE.policy : CLOSE.unsupportedData, message, true);
    }
    const frame = parsed.frame;
    switch (frame.t) {
      case "hello":
        if (client.phase !== "new") return this.close(client, CLOSE.policy, "hello sent twice", true);
        return this.background(this.onHello(client, frame));
      case "ping":
        return void this.sendFrame(client, { t: "pong", v: WIRE_VERSION });
      case "leave":
        if (client.phase === "seated" && client.seat) return this.background(this.onLeave(client, client.seat));
        return this.close(client, CLOSE.normal, "left", false);
      case "msg":
        if (client.phase !== "seated" || !client.seat) return this.close(client, CLOSE.policy, "game message before being accepted", true);
        return this.callback("onPlayerMessage", () => this.options.onPlayerMessage?.(playerOf(client.seat!), frame.type, frame.data));
    }
  }

  private async onHello(client: Client, hello: HelloFrame): Promise<void> {
    clearTimeout(client.helloTimer);
    client.phase = "admitting";
    client.pending?.settle();
    const id = hello.playerSessionId;
    if (client.early && client.early.playerSessionId !== id) {
      return this.reject(client, "InvalidPlayerSession", "the hello names another player session than the connection URL");
    }
    if (!client.charged) {
      const verdict = this.limits.admit(client.address);
      if (verdict !== "ok") {
        return this.reject(client, "TryAgainLater", verdict === "address" ? "too many joins from this address; try again in a moment" : "too many joins right now; try again in a moment", CLOSE.tryAgainLater);
      }
      client.charged = true;
    }
    // A socket opened before its player session existed (the kit's preconnect) had no id to read the record
    // for: the read starts now, while the token is checked, as early admission would have started it.
    if (!client.early && !this.seats.has(id)) client.early = { playerSessionId: id, lookup: lookUp(this.options.sdk, id) };
    let identity: VerifiedIdentity | undefined;
    if (this.settings.verifier) {
      try {
        identity = await this.settings.verifier.verify(hello.identityToken);
      } catch (error) {
        const reason = error instanceof IdentityNotProvenError ? error.message : `the identity token could not be checked: ${(error as Error).message}`;
        return this.reject(client, "IdentityNotProven", reason);
      }
      if (client.phase !== "admitting") return;
    }
    const seat = this.seats.get(id);
    if (hello.leave === true && hello.resume === true) return this.farewell(client, seat, id, identity);
    if (!seat) return this.admit(client, id, identity);
    if (seat.status === "admitting") return this.reject(client, "AlreadyConnected", `player session ${id} is being admitted on another connection`);
    if (identity && identity.identityId !== seat.playerId) return this.refuseMismatch(client, id);
    if (seat.status === "held") return this.seatClient(seat, client, true);
    if (hello.resume === true && seat.owner) return this.takeOver(seat, seat.owner, client);
    return this.reject(client, "AlreadyConnected", `player session ${id} is already in use by another connection`);
  }

  /**
   * A first hello for a player session: its record is read (or was, for early admission), the player is held
   * to it, and only then does GameLift accept the player session. The seat is taken at once under the player
   * session's id, so a second connection for it waits its turn instead of racing this one.
   */
  private async admit(client: Client, playerSessionId: string, identity: VerifiedIdentity | undefined): Promise<void> {
    const seat: Seat = { playerSessionId, status: "admitting", playerId: "", name: "", owner: client, joined: false };
    this.seats.set(playerSessionId, seat);
    this.checkEmpty();
    client.seat = seat;
    const drop = (code: RejectCode, reason: string, closeCode?: number) => {
      if (this.seats.get(playerSessionId) === seat) {
        this.seats.delete(playerSessionId);
        this.checkEmpty();
      }
      if (client.seat === seat) client.seat = undefined;
      if (client.phase === "admitting") this.reject(client, code, reason, closeCode);
    };
    const early = client.early?.playerSessionId === playerSessionId ? client.early.lookup : undefined;
    const lookup = await (early ?? lookUp(this.options.sdk, playerSessionId));
    if (this.seats.get(playerSessionId) !== seat) return; // the session ended meanwhile
    if (!lookup.ok) return drop(lookup.code, lookup.reason, lookup.code === "TryAgainLater" ? CLOSE.tryAgainLater : undefined);
    const record = lookup.record;
    const unfit = recordRefusal(record, this.gameSessionId);
    if (unfit) return drop(unfit.code, unfit.reason);
    if (identity && identity.identityId !== record.playerId) {
      this.log(`refused player session ${playerSessionId}: reserved for ${record.playerId}, presented by ${identity.identityId}`);
      return drop("IdentityMismatch", `player session ${playerSessionId} was reserved for another player`);
    }
    const other = [...this.seats.values()].find((s) => s !== seat && s.playerId === record.playerId);
    if (other) return drop("PlayerAlreadySeated", `player ${record.playerId} already holds a seat in this game session`);
    seat.playerId = record.playerId;
    if (record.playerData !== undefined) seat.playerData = record.playerData;
    const said = readPlayerData(record.playerData);
    seat.name = said.name ?? fallbackPlayerName(record.playerId);
    if (said.data !== undefined) seat.data = said.data;
    // Gone before GameLift was asked: nothing is spent, the reservation stays for the player's next try.
    if (client.phase !== "admitting") return drop("AcceptFailed", "the connection closed during admission");
    const refused = await accept(this.options.sdk, record);
    if (this.seats.get(playerSessionId) !== seat) {
      // The session ended while GameLift was accepting: give the slot straight back.
      if (!refused) await this.removeFromGameLift(seat);
      return;
    }
    if (refused) return drop(refused.code, refused.reason, refused.code === "TryAgainLater" ? CLOSE.tryAgainLater : undefined);
    // Accepted for a player who has proven who they are; if their connection went meanwhile, the seat waits
    // for their resume like any dropped player's.
    if (client.phase === "admitting" && seat.owner === client) return this.seatClient(seat, client, false);
    seat.owner = undefined;
    this.hold(seat);
  }

  /**
   * A player leaving while its own connection is down (the kit's farewell): the seat is freed now, for a
   * player who proves it is theirs, instead of when the grace runs out. Nothing is seated on this connection.
   */
  private async farewell(client: Client, seat: Seat | undefined, playerSessionId: string, identity: VerifiedIdentity | undefined): Promise<void> {
    if (!seat) return this.close(client, CLOSE.normal, "left", false); // already gone: nothing to free
    if (seat.status === "admitting") return this.reject(client, "AlreadyConnected", `player session ${playerSessionId} is being admitted on another connection`);
    if (identity && identity.identityId !== seat.playerId) return this.refuseMismatch(client, playerSessionId);
    client.phase = "closed";
    const old = seat.owner;
    if (old) {
      // The server still thought the old connection live; the player says it is not, and leaves.
      old.seat = undefined;
      seat.owner = undefined;
      this.close(old, CLOSE.normal, "left", false);
    }
    this.log(`player ${seat.playerId} left while disconnected; freeing the seat now`);
    await this.release(seat, "left");
    this.close(client, CLOSE.normal, "left", false);
  }

  private refuseMismatch(client: Client, playerSessionId: string): void {
    this.reject(client, "IdentityMismatch", `player session ${playerSessionId} belongs to another player`);
  }

  /**
   * A resume while the seat still looks connected: the client saw its link die before this server did (a
   * network change, say). The old connection keeps the seat only if it still answers a ping.
   */
  private async takeOver(seat: Seat, old: Client, client: Client): Promise<void> {
    const alive = await probe(old, this.settings.resumeProbeMs);
    if (client.phase !== "admitting") return;
    if (alive || seat.owner !== old || seat.status !== "connected" || this.seats.get(seat.playerSessionId) !== seat) {
      return this.reject(client, "AlreadyConnected", `player session ${seat.playerSessionId} is already in use by a live connection`);
    }
    this.log(`player ${seat.playerId}: a resume takes over a connection that stopped answering`);
    old.seat = undefined;
    seat.owner = undefined;
    this.close(old, TAKEN_OVER_CLOSE.code, TAKEN_OVER_CLOSE.reason, false);
    this.seatClient(seat, client, true);
  }

  private seatClient(seat: Seat, client: Client, resumed: boolean): void {
    clearTimeout(seat.graceTimer);
    seat.graceTimer = undefined;
    seat.status = "connected";
    seat.owner = client;
    client.seat = seat;
    client.phase = "seated";
    const player = playerOf(seat);
    const firstTime = !seat.joined;
    if (firstTime) this.callback("onPlayerJoin", () => this.options.onPlayerJoin?.(player));
    else if (resumed) this.callback("onPlayerReconnect", () => this.options.onPlayerReconnect?.(player));
    this.sendFrame(client, {
      t: "accepted",
      v: WIRE_VERSION,
      map: this.map,
      playerId: seat.playerId,
      playerSessionId: seat.playerSessionId,
      gameSessionId: this.gameSessionId,
      state: this.snapshot(player),
      resumed: !firstTime,
    });
    if (firstTime) {
      seat.joined = true;
      this.tellOthers(seat, { t: "joined", v: WIRE_VERSION, playerId: seat.playerId, name: seat.name });
    }
  }

  private async onLeave(client: Client, seat: Seat): Promise<void> {
    client.phase = "closed";
    client.seat = undefined;
    // Freed before the close, so that when the client's leave resolves GameLift already shows the slot open.
    await this.release(seat, "left");
    this.close(client, CLOSE.normal, "left", false);
  }

  private onClosed(client: Client): void {
    const wasKicked = client.kicked;
    client.phase = "closed";
    clearTimeout(client.helloTimer);
    clearTimeout(client.terminateTimer);
    client.pending?.settle();
    this.clients.delete(client);
    // Once the session is ending every seat is already let go; a close is no drop to hold a seat for.
    if (this.ending) return;
    const seat = client.seat;
    if (!seat || seat.owner !== client) return;
    seat.owner = undefined;
    // A seat still being admitted finishes its admission without an owner (see admit).
    if (seat.status !== "connected") return;
    if (wasKicked) return this.background(this.release(seat, "kicked"));
    this.hold(seat);
    this.callback("onPlayerDisconnect", () => this.options.onPlayerDisconnect?.(playerOf(seat)));
  }

  /** A dropped player's seat waits graceMs for a resume; after that GameLift is told the player left. */
  private hold(seat: Seat): void {
    if (this.ending) return;
    seat.status = "held";
    clearTimeout(seat.graceTimer);
    seat.graceTimer = setTimeout(() => this.background(this.release(seat, "timeout")), this.settings.graceMs);
  }

  private async release(seat: Seat, reason: LeaveReason): Promise<void> {
    if (this.seats.get(seat.playerSessionId) !== seat) return;
    this.seats.delete(seat.playerSessionId);
    this.checkEmpty();
    clearTimeout(seat.graceTimer);
    seat.graceTimer = undefined;
    const wasJoined = seat.joined;
    seat.status = "held";
    if (wasJoined) {
      this.tellOthers(seat, { t: "left", v: WIRE_VERSION, playerId: seat.playerId });
      this.callback("onPlayerLeave", () => this.options.onPlayerLeave?.(playerOf(seat), reason));
    }
    await this.removeFromGameLift(seat);
  }

  private async removeFromGameLift(seat: Seat): Promise<void> {
    try {
      await this.options.sdk.removePlayerSession(seat.playerSessionId);
    } catch (error) {
      this.log(`RemovePlayerSession ${seat.playerSessionId} failed: ${(error as Error).message}`);
    }
  }

  private reject(client: Client, code: RejectCode, reason: string, closeCode: number = CLOSE.policy): void {
    if (client.phase === "closed") return;
    this.sendFrame(client, { t: "rejected", v: WIRE_VERSION, code, reason });
    this.close(client, closeCode, code, false);
  }

  /** From here on the client is deaf: frames already on their way are dropped unread (see onRaw). */
  private close(client: Client, code: number, reason: string, kicked: boolean): void {
    if (kicked) client.kicked = true;
    client.phase = "closed";
    clearTimeout(client.helloTimer);
    try {
      client.socket.close(code, shortReason(reason));
    } catch {
      client.socket.terminate();
    }
  }

  private sendFrame(client: Client, frame: ServerFrame): boolean {
    return this.sendText(client, encodeFrame(frame));
  }

  /**
   * Sends unless the connection is no longer reading: a send buffer over maxBufferedBytes closes it with a
   * policy code (no verdict on the player: its seat is held as after any drop, and its kit resumes). The
   * close frame queues behind the unread data, so the socket is cut shortly after if it does not go.
   */
  private sendText(client: Client, text: string | Buffer): boolean {
    const socket = client.socket;
    if (socket.readyState !== socket.OPEN || client.phase === "closed") return false;
    if (socket.bufferedAmount > this.settings.maxBufferedBytes) {
      this.log(`closing a connection that stopped reading (${socket.bufferedAmount} bytes unsent)`);
      this.close(client, SLOW_READER_CLOSE.code, SLOW_READER_CLOSE.reason, false);
      client.terminateTimer = setTimeout(() => socket.terminate(), 1_000);
      return false;
    }
    try {
      this.outbox.hold(client.tcp);
      socket.send(text, { binary: false });
      return true;
    } catch {
      return false;
    }
  }

  private tellOthers(seat: Seat, frame: ServerFrame): void {
    const text = Buffer.from(encodeFrame(frame));
    for (const other of this.seats.values()) {
      if (other !== seat && other.status === "connected" && other.owner) this.sendText(other.owner, text);
    }
  }

  private snapshot(player: GatewayPlayer): JsonValue {
    const state = this.options.state;
    if (typeof state !== "function") return state ?? null;
    try {
      return state(player);
    } catch (error) {
      this.log(`state() threw; sending null: ${(error as Error).message}`);
      return null;
    }
  }

  private encodeMessage(type: string, data: JsonValue, from: string | undefined): string {
    if (typeof type !== "string" || type.length === 0 || type.length > 64) throw new PlayerGatewayError("InvalidOptions", "message type must be a non-empty string of at most 64 characters");
    return encodeFrame({ t: "msg", v: WIRE_VERSION, type, data: data ?? null, ...(from ? { from } : {}) });
  }

  private beat(): void {
    for (const client of this.clients) {
      if (!client.alive) {
        // A missed pong: the link is dead though TCP has not noticed; a drop like any other (the seat is held).
        client.socket.terminate();
        continue;
      }
      client.alive = false;
      try {
        client.socket.ping();
      } catch {
        client.socket.terminate();
      }
    }
  }

  /**
   * The empty-session policy: while no seat is taken (none connected, held for a resume or being admitted), a
   * countdown of endWhenEmptyMs runs; at its end the session ends, and with it the process (GameLift expects a
   * process to go once its game session is over; the fleet starts a fresh one).
   */
  private checkEmpty(): void {
    const after = this.settings.endWhenEmptyMs;
    if (after === undefined || this.ending) return;
    if (this.seats.size > 0) {
      clearTimeout(this.emptyTimer);
      this.emptyTimer = undefined;
      return;
    }
    this.emptyTimer ??= setTimeout(() => {
      this.emptyTimer = undefined;
      if (this.seats.size > 0 || this.ending) return;
      this.log(`nobody in the game session for ${after} ms: ending it`);
      const endProcess = this.options.sdk.endProcess;
      this.background(typeof endProcess === "function" ? endProcess.call(this.options.sdk, EMPTY_SESSION_REASON) : this.endSession(EMPTY_SESSION_REASON));
    }, after);
  }

  private async end(reason: string): Promise<void> {
    clearInterval(this.heartbeat);
    clearInterval(this.sweeper);
    clearTimeout(this.emptyTimer);
    this.unregisterShutdown?.();
    const closed = [...this.clients].map((client) => new Promise<void>((resolve) => {
      if (client.socket.readyState === client.socket.CLOSED) return resolve();
      client.socket.once("close", () => resolve());
      this.sendFrame(client, { t: "ended", v: WIRE_VERSION, reason });
      this.close(client, CLOSE.normal, "session ended", false);
    }));
    const seats = [...this.seats.values()];
    this.seats.clear();
    for (const seat of seats) {
      clearTimeout(seat.graceTimer);
      if (seat.joined) this.callback("onPlayerLeave", () => this.options.onPlayerLeave?.(playerOf(seat), "ended"));
    }
    const removals = seats.filter((seat) => seat.status !== "admitting").map((seat) => this.removeFromGameLift(seat));
    for (const { socket, timer } of this.upgrading.values()) {
      clearTimeout(timer);
      socket.destroy();
    }
    // A client that never answers the close must not hold the process's exit.
    await Promise.race([Promise.all(closed), new Promise((resolve) => setTimeout(resolve, 1_000).unref())]);
    for (const client of this.clients) client.socket.terminate();
    await Promise.race([Promise.allSettled(removals), new Promise((resolve) => setTimeout(resolve, 2_000).unref())]);
    await new Promise<void>((resolve) => (this.wss ? this.wss.close(() => resolve()) : resolve()));
    if (this.ownServer) {
      const own = this.ownServer;
      own.closeAllConnections();
      await new Promise<void>((resolve) => own.close(() => resolve()));
    }
  }

  private callback(name: string, call: () => void): void {
    try {
      call();
    } catch (error) {
      this.log(`${name} threw: ${(error as Error).message}`);
    }
  }

  private background(work: Promise<void>): void {
    work.catch((error: unknown) => this.log(`gateway task failed: ${(error as Error).stack ?? String(error)}`));
  }

  /** Nothing one connection does may throw into ws's event loop and take the other players down with it. */
  private guard(call: () => void): void {
    try {
      call();
    } catch (error) {
      this.log(`gateway handler failed: ${(error as Error).stack ?? String(error)}`);
    }
  }
}

function probe(client: Client, timeoutMs: number): Promise<boolean> {
  if (client.phase === "closed" || client.socket.readyState !== client.socket.OPEN) return Promise.resolve(false);
  return new Promise((resolve) => {
    const done = (alive: boolean) => {
      clearTimeout(timer);
      client.socket.off("pong", onPong);
      resolve(alive);
    };
    const onPong = () => done(true);
    const timer = setTimeout(() => done(false), timeoutMs);
    client.socket.on("pong", onPong);
    try {
      client.socket.ping();
    } catch {
      done(false);
    }
  });
}

function playerOf(seat: Seat): GatewayPlayer {
  return {
    playerId: seat.playerId,
    playerSessionId: seat.playerSessionId,
    name: seat.name,
    ...(seat.playerData !== undefined ? { playerData: seat.playerData } : {}),
    ...(seat.data !== undefined ? { data: seat.data } : {}),
    connected: seat.status === "connected",
  };
}

function rawText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString("utf8");
  return Buffer.from(data as ArrayBuffer).toString("utf8");
}

/** The player session id a client put in its URL for early admission. */
function ticketOf(request: IncomingMessage): string | undefined {
  try {
    const id = new URL(request.url ?? "/", "http://gateway").searchParams.get("playerSessionId");
    return id && id.length <= 256 ? id : undefined;
  } catch {
    return undefined;
  }
}

/** One TCP connection, the same for its TLS socket: the peer's address and port (the local end is the listener's). */
function connectionKey(socket: Socket): string {
  return `${socket.remoteAddress ?? ""}|${socket.remotePort ?? ""}`;
}

/** Close reasons are limited to 123 bytes of UTF-8. */
function shortReason(reason: string): string {
  let cut = reason.slice(0, 120);
  while (Buffer.byteLength(cut) > 123) cut = cut.slice(0, -1);
  return cut;
}
