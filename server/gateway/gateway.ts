/**
 * The player gateway: a WebSocket server on the game session's port that lets in only players holding a
 * player session GameLift reserved for this game session, one connection per player session, and keeps the
 * player counts GameLift shows true (AcceptPlayerSession on the way in, RemovePlayerSession on the way out).
 */
import type { IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { WebSocketServer, type RawData, type WebSocket } from "ws";
import { encodeFrame, parseClientFrame, WIRE_VERSION, type HelloFrame, type JsonValue, type RejectCode, type ServerFrame } from "../../protocol/wire.ts";
import { admit, type Admission } from "./admission.ts";
import { RateLimit } from "./rate-limit.ts";
import { PlayerGatewayError, type GatewayPlayer, type LeaveReason, type PlayerGateway, type PlayerGatewayOptions } from "./types.ts";

const CLOSE = { normal: 1000, unsupportedData: 1003, policy: 1008, tryAgainLater: 1013 } as const;

type SeatStatus = "admitting" | "admitted" | "connected" | "held";

interface Seat {
  playerSessionId: string;
  status: SeatStatus;
  playerId: string;
  playerData?: string;
  /** The connection the seat is for; undefined while held, or when its connection went during admission. */
  owner?: Client;
  /** Told others it joined (so its going is news to them). */
  joined: boolean;
  graceTimer?: NodeJS.Timeout;
}

interface Client {
  socket: WebSocket;
  phase: "new" | "admitting" | "seated" | "closed";
  seat?: Seat;
  /** The seat its URL asked for before the hello (early admission). */
  early?: Seat;
  /** A refusal that came back for the early admission before the hello did. */
  earlyRefusal?: { playerSessionId: string; code: RejectCode; reason: string };
  rate: RateLimit;
  alive: boolean;
  /** Closed for breaking the rules: its seat goes at once, there is no coming back. */
  kicked: boolean;
  helloTimer?: NodeJS.Timeout;
}

export async function createPlayerGateway(options: PlayerGatewayOptions): Promise<PlayerGateway> {
  const settings = validate(options);
  const gateway = new Gateway(options, settings);
  await gateway.listen();
  return gateway;
}

interface Settings {
  map: string;
  graceMs: number;
  maxMessageBytes: number;
  maxMessagesPerSecond: number;
  helloTimeoutMs: number;
  maxPendingConnections: number;
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
  return {
    map,
    graceMs: positive("graceMs", options.graceMs, 10_000, true),
    maxMessageBytes: positive("maxMessageBytes", options.maxMessageBytes, 16 * 1024),
    maxMessagesPerSecond: positive("maxMessagesPerSecond", options.maxMessagesPerSecond, 30),
    helloTimeoutMs: positive("helloTimeoutMs", options.helloTimeoutMs, 5_000),
    maxPendingConnections: positive("maxPendingConnections", options.maxPendingConnections, 64),
    heartbeatMs: positive("heartbeatMs", options.heartbeatMs, 10_000, true),
    resumeProbeMs: positive("resumeProbeMs", options.resumeProbeMs, 2_000),
  };
}

class Gateway implements PlayerGateway {
  readonly gameSessionId: string;
  readonly map: string;
  private wss: WebSocketServer | undefined;
  private listeningPort = 0;
  private readonly clients = new Set<Client>();
  private readonly seats = new Map<string, Seat>();
  private heartbeat: NodeJS.Timeout | undefined;
  private ending: Promise<void> | undefined;
  private readonly log: (message: string) => void;

  private readonly options: PlayerGatewayOptions;
  private readonly settings: Settings;
  constructor(
    options: PlayerGatewayOptions,
    settings: Settings,
  ) {
    this.options = options;
    this.settings = settings;
    this.gameSessionId = options.gameSession.gameSessionId;
    this.map = settings.map;
    this.log = options.log ?? (() => undefined);
  }

  get port(): number {
    return this.listeningPort;
  }

  async listen(): Promise<void> {
    const { port, host, server } = this.options;
    const common = { maxPayload: this.settings.maxMessageBytes, perMessageDeflate: false, clientTracking: false };
    const wss = server ? new WebSocketServer({ ...common, server }) : new WebSocketServer({ ...common, port, host });
    this.wss = wss;
    wss.on("connection", (socket, request) => this.onConnection(socket, request));
    if (!server) {
      await new Promise<void>((resolve, reject) => {
        wss.once("listening", resolve);
        wss.once("error", (error) => reject(new PlayerGatewayError("ListenFailed", `the player gateway could not listen on port ${port}: ${error.message}`, { cause: error })));
      });
    }
    // After listening, a server error (rare: e.g. EMFILE) is logged; it must not take the game server down.
    wss.on("error", (error) => this.log(`gateway server error: ${error.message}`));
    const address: AddressInfo | string | null = server ? server.address() : wss.address();
    this.listeningPort = typeof address === "object" && address ? address.port : (port ?? 0);
    if (this.settings.heartbeatMs > 0) {
      this.heartbeat = setInterval(() => this.beat(), this.settings.heartbeatMs);
      this.heartbeat.unref();
    }
  }

  players(): GatewayPlayer[] {
    return [...this.seats.values()].filter((seat) => seat.status === "connected" || seat.status === "held").map(playerOf);
  }

  broadcast(type: string, data: JsonValue, options: { except?: string; from?: string } = {}): number {
    const text = this.encodeMessage(type, data, options.from);
    let sent = 0;
    for (const seat of this.seats.values()) {
      if (seat.status !== "connected" || !seat.owner || seat.playerId === options.except) continue;
      if (sendText(seat.owner, text)) sent++;
    }
    return sent;
  }

  sendTo(playerId: string, type: string, data: JsonValue, options: { from?: string } = {}): boolean {
    const text = this.encodeMessage(type, data, options.from);
    let sent = false;
    for (const seat of this.seats.values()) {
      if (seat.status === "connected" && seat.owner && seat.playerId === playerId) sent = sendText(seat.owner, text) || sent;
    }
    return sent;
  }

  endSession(reason: string): Promise<void> {
    this.ending ??= this.end(String(reason).slice(0, 1024) || "the game session ended");
    return this.ending;
  }

  // ── connections ──────────────────────────────────────────────────────────────────────────────────────

  private onConnection(socket: WebSocket, request: IncomingMessage): void {
    const client: Client = { socket, phase: "new", rate: new RateLimit(this.settings.maxMessagesPerSecond), alive: true, kicked: false };
    this.clients.add(client);
    socket.on("message", (data, isBinary) => this.guard(() => this.onRaw(client, data, isBinary)));
    socket.on("close", () => this.guard(() => this.onClosed(client)));
    socket.on("pong", () => (client.alive = true));
    socket.on("error", (error) => {
      // ws reports protocol breaches (too large, bad UTF-8, bad opcode) here, then closes the socket itself.
      client.kicked = true;
      this.log(`player connection error: ${error.message}`);
    });
    if (this.ending) return this.reject(client, "SessionEnded", "the game session is ending");
    // Sockets that never say hello cost a slot each until their timeout; a flood of them must not starve players.
    let pending = 0;
    for (const other of this.clients) if (other.phase === "new") pending++;
    if (pending > this.settings.maxPendingConnections) return this.close(client, CLOSE.tryAgainLater, "too many connections waiting to say hello", true);
    client.helloTimer = setTimeout(() => this.close(client, CLOSE.policy, "no hello in time", true), this.settings.helloTimeoutMs);
    const early = ticketOf(request);
    if (early && !this.seats.has(early)) client.early = this.startAdmission(early, client);
  }

  private onRaw(client: Client, data: RawData, isBinary: boolean): void {
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
        return this.onHello(client, frame);
      case "ping":
        return void sendFrame(client, { t: "pong", v: WIRE_VERSION });
      case "leave":
        if (client.phase === "seated" && client.seat) return this.background(this.onLeave(client, client.seat));
        return this.close(client, CLOSE.normal, "left", false);
      case "msg":
        if (client.phase !== "seated" || !client.seat) return this.close(client, CLOSE.policy, "game message before being accepted", true);
        return this.callback("onPlayerMessage", () => this.options.onPlayerMessage?.(playerOf(client.seat!), frame.type, frame.data));
    }
  }

  private onHello(client: Client, hello: HelloFrame): void {
    clearTimeout(client.helloTimer);
    client.phase = "admitting";
    const id = hello.playerSessionId;
    if (client.early && client.early.playerSessionId !== id) {
      return this.reject(client, "InvalidPlayerSession", "the hello names another player session than the connection URL");
    }
    if (client.earlyRefusal?.playerSessionId === id) return this.reject(client, client.earlyRefusal.code, client.earlyRefusal.reason);
    const seat = this.seats.get(id);
    if (!seat) {
      this.startAdmission(id, client);
      return;
    }
    if (seat.status === "held") return this.seatClient(seat, client, true);
    if (seat.status === "connected" && hello.resume === true && seat.owner) return this.background(this.takeOver(seat, seat.owner, client));
    const ownerLive = seat.owner !== undefined && seat.owner !== client && seat.owner.phase !== "closed";
    if (seat.status === "connected" || ownerLive) return this.reject(client, "AlreadyConnected", `player session ${id} is already in use by another connection`);
    seat.owner = client;
    if (seat.status === "admitted") this.seatClient(seat, client, false);
    // Still admitting: onAdmitted seats this client when GameLift answers.
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
    // Detached first, so the old socket's close does not hold or release the seat it no longer has.
    seat.owner = undefined;
    old.seat = undefined;
    old.socket.terminate();
    this.seatClient(seat, client, true);
  }

  private startAdmission(playerSessionId: string, owner: Client): Seat {
    const seat: Seat = { playerSessionId, status: "admitting", playerId: playerSessionId, owner, joined: false };
    this.seats.set(playerSessionId, seat);
    admit(this.options.sdk, this.gameSessionId, playerSessionId)
      .catch((error: unknown): Admission => ({ ok: false, code: "AcceptFailed", reason: (error as Error).message }))
      .then((admission) => this.guard(() => this.onAdmitted(seat, admission)));
    return seat;
  }

  private onAdmitted(seat: Seat, admission: Admission): void {
    const owner = seat.owner;
    if (!admission.ok) {
      this.seats.delete(seat.playerSessionId);
      if (!owner || owner.phase === "closed") return;
      if (owner.phase === "admitting") return this.reject(owner, admission.code, admission.reason);
      owner.earlyRefusal = { playerSessionId: seat.playerSessionId, code: admission.code, reason: admission.reason };
      owner.early = undefined;
      return;
    }
    seat.playerId = admission.playerId;
    if (admission.playerData !== undefined) seat.playerData = admission.playerData;
    if (this.ending) {
      this.seats.delete(seat.playerSessionId);
      this.removeFromGameLift(seat);
      if (owner && owner.phase !== "closed") this.reject(owner, "SessionEnded", "the game session is ending");
      return;
    }
    seat.status = "admitted";
    if (!owner || owner.phase === "closed") return this.hold(seat);
    if (owner.phase === "admitting") this.seatClient(seat, owner, false);
    // phase "new": admitted ahead of its hello; onHello seats it.
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
    sendFrame(client, {
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
      this.tellOthers(seat, { t: "joined", v: WIRE_VERSION, playerId: seat.playerId });
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
    this.clients.delete(client);
    // Once the session is ending every seat is already let go; a close is no drop to hold a seat for.
    if (this.ending) return;
    for (const seat of [client.seat, client.early]) {
      if (!seat || seat.owner !== client) continue;
      seat.owner = undefined;
      if (seat.status === "connected") {
        if (wasKicked) this.background(this.release(seat, "kicked"));
        else {
          this.hold(seat);
          this.callback("onPlayerDisconnect", () => this.options.onPlayerDisconnect?.(playerOf(seat)));
        }
      } else if (seat.status === "admitted") {
        this.hold(seat);
      }
    }
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

  private reject(client: Client, code: RejectCode, reason: string): void {
    sendFrame(client, { t: "rejected", v: WIRE_VERSION, code, reason });
    this.close(client, CLOSE.policy, code, false);
  }

  private close(client: Client, code: number, reason: string, kicked: boolean): void {
    if (kicked) client.kicked = true;
    clearTimeout(client.helloTimer);
    try {
      client.socket.close(code, shortReason(reason));
    } catch {
      client.socket.terminate();
    }
  }

  private tellOthers(seat: Seat, frame: ServerFrame): void {
    const text = encodeFrame(frame);
    for (const other of this.seats.values()) {
      if (other !== seat && other.status === "connected" && other.owner) sendText(other.owner, text);
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

  private async end(reason: string): Promise<void> {
    clearInterval(this.heartbeat);
    const closed = [...this.clients].map((client) => new Promise<void>((resolve) => {
      if (client.socket.readyState === client.socket.CLOSED) return resolve();
      client.socket.once("close", () => resolve());
      sendFrame(client, { t: "ended", v: WIRE_VERSION, reason });
      this.close(client, CLOSE.normal, "session ended", false);
    }));
    const seats = [...this.seats.values()];
    this.seats.clear();
    for (const seat of seats) {
      clearTimeout(seat.graceTimer);
      if (seat.joined) this.callback("onPlayerLeave", () => this.options.onPlayerLeave?.(playerOf(seat), "ended"));
    }
    const removals = seats.filter((seat) => seat.status !== "admitting").map((seat) => this.removeFromGameLift(seat));
    // A client that never answers the close must not hold the process's exit.
    await Promise.race([Promise.all(closed), new Promise((resolve) => setTimeout(resolve, 1_000).unref())]);
    for (const client of this.clients) client.socket.terminate();
    await Promise.race([Promise.allSettled(removals), new Promise((resolve) => setTimeout(resolve, 2_000).unref())]);
    await new Promise<void>((resolve) => (this.wss ? this.wss.close(() => resolve()) : resolve()));
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
    ...(seat.playerData !== undefined ? { playerData: seat.playerData } : {}),
    connected: seat.status === "connected",
  };
}

function sendFrame(client: Client, frame: ServerFrame): boolean {
  return sendText(client, encodeFrame(frame));
}

function sendText(client: Client, text: string): boolean {
  if (client.socket.readyState !== client.socket.OPEN) return false;
  try {
    client.socket.send(text);
    return true;
  } catch {
    return false;
  }
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

/** Close reasons are limited to 123 bytes of UTF-8. */
function shortReason(reason: string): string {
  let cut = reason.slice(0, 120);
  while (Buffer.byteLength(cut) > 123) cut = cut.slice(0, -1);
  return cut;
}
