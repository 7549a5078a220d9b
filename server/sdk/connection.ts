/**
 * The WebSocket to GameLift, as the official SDKs keep it: connect with retries, match answers to requests
 * by RequestId, reconnect after an abnormal close (never after 1000/1001), and move to a new endpoint on
 * RefreshConnection without dropping answers still in flight on the old socket.
 */
import { randomUUID } from "node:crypto";
import WebSocket, { type RawData } from "ws";
import { GameLiftServerError, errorFromStatus } from "./errors.ts";
import { reconnectDelayMs, type ReconnectPolicy } from "./backoff.ts";
import type { SdkLogger } from "./logger.ts";
import type { ResolvedServerParameters } from "./parameters.ts";
import { PUSH_ACTIONS, parseFrame, type IncomingFrame, type OutgoingRequest } from "./wire.ts";

export interface ConnectionOptions {
  sdkVersion: string;
  sdkLanguage: string;
  reconnect: ReconnectPolicy;
  handshakeTimeoutMs: number;
  /** How long a replaced socket stays open for answers already on their way (Go: 5 s). */
  refreshGraceMs: number;
  onPush(frame: IncomingFrame): void;
  /**
   * GameLift let the process go for good: it closed the connection normally (1000/1001: it will not take this
   * process back), or every reconnect attempt after a lost connection failed. Not called for close().
   */
  onGone(gone: ConnectionGone): void;
  log: SdkLogger;
}

export interface ConnectionGone {
  /** closed: GameLift closed the connection and wants no reconnect; lost: it dropped and could not be re-established. */
  cause: "closed" | "lost";
  /** The WebSocket close code (for "lost", the one the connection was lost with). */
  code: number;
  /** GameLift's close reason, or why reconnecting failed. */
  message: string;
}

/** The connection URL the official SDKs build: pID, sdkVersion, sdkLanguage, ComputeId, FleetId, IdempotencyToken, Authorization. */
export function buildConnectUrl(
  target: ResolvedServerParameters,
  sdk: { sdkVersion: string; sdkLanguage: string },
  idempotencyToken: string,
): string {
  const url = new URL(target.webSocketUrl);
  url.searchParams.set("pID", target.processId);
  url.searchParams.set("sdkVersion", sdk.sdkVersion);
  url.searchParams.set("sdkLanguage", sdk.sdkLanguage);
  url.searchParams.set("ComputeId", target.hostId);
  url.searchParams.set("FleetId", target.fleetId);
  url.searchParams.set("IdempotencyToken", idempotencyToken);
  url.searchParams.set("Authorization", target.authToken);
  return url.toString();
}

interface Pending {
  action: string;
  socket: WebSocket;
  timer: NodeJS.Timeout;
  resolve(raw: Record<string, unknown>): void;
  reject(error: Error): void;
}

const NORMAL_CLOSE_CODES = new Set([1000, 1001]);
/** Consecutive unanswered requests that mean a half-open socket (Go RequestTimeoutReconnectThreshold). */
const TIMEOUTS_BEFORE_RECONNECT = 2;

export class SdkConnection {
  private target: ResolvedServerParameters;
  private current: WebSocket | undefined;
  private readonly sockets = new Set<WebSocket>();
  private readonly pending = new Map<string, Pending>();
  private readonly stopping = new AbortController();
  /** Connects (initial, reconnect, refresh) run one at a time. */
  private connecting: Promise<void> | undefined;
  private consecutiveTimeouts = 0;
  private wentAway = false;

  private readonly options: ConnectionOptions;
  constructor(
    target: ResolvedServerParameters,
    options: ConnectionOptions,
  ) {
    this.options = options;
    this.target = target;
  }

  get isOpen(): boolean {
    return this.current?.readyState === WebSocket.OPEN;
  }

  get isClosed(): boolean {
    return this.stopping.signal.aborted;
  }

  open(): Promise<void> {
    return this.exclusive(() => this.connectWithRetries());
  }

  /** RefreshConnection: the new endpoint and token also serve every later reconnect. */
  refresh(endpoint: string, authToken: string): Promise<void> {
    this.target = { ...this.target, webSocketUrl: endpoint, authToken };
    return this.exclusive(() => this.connectWithRetries());
  }

  async request(message: OutgoingRequest, timeoutMs: number): Promise<Record<string, unknown>> {
    const started = Date.now();
    const socket = await this.socketFor(message.Action, timeoutMs);
    const remaining = Math.max(1, timeoutMs - (Date.now() - started));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        if (!this.pending.delete(message.RequestId)) return;
        this.noteTimeout();
        reject(new GameLiftServerError("SERVICE_CALL_FAILED", `No answer to ${message.Action} within ${timeoutMs} ms`));
      }, remaining);
      this.pending.set(message.RequestId, { action: message.Action, socket, timer, resolve, reject });
      socket.send(JSON.stringify(message), (error) => {
        if (error) {
          this.settle(message.RequestId, (p) =>
            p.reject(new GameLiftServerError("WEBSOCKET_SEND_MESSAGE_FAILURE", `Sending ${message.Action} failed: ${error.message}`, { cause: error })),
          );
        }
      });
    });
  }

  async close(): Promise<void> {
    if (this.stopping.signal.aborted) return;
    this.stopping.abort();
    this.current = undefined;
    for (const id of [...this.pending.keys()]) {
      this.settle(id, (p) => p.reject(new GameLiftServerError("GAMELIFT_SERVER_NOT_INITIALIZED", `${p.action} abandoned: the SDK was destroyed`)));
    }
    await Promise.all([...this.sockets].map((socket) => closeSocket(socket, 1000, "Destroy")));
  }

  private exclusive(run: () => Promise<void>): Promise<void> {
    const next = (this.connecting ?? Promise.resolve()).then(run);
    // The tracked copy never rejects: the caller handles `next`'s failure, later waiters only need to know it ended.
    const tracked: Promise<void> = next.then(
      () => this.untrack(tracked),
      () => this.untrack(tracked),
    );
    this.connecting = tracked;
    return next;
  }

  private untrack(settled: Promise<void>): void {
    if (this.connecting === settled) this.connecting = undefined;
  }

  private async connectWithRetries(): Promise<void> {
    const idempotencyToken = randomUUID();
    const { retries } = this.options.reconnect;
    let lastError: unknown;
    for (let attempt = 0; attempt <= retries; attempt++) {
      if (this.isClosed) throw new GameLiftServerError("GAMELIFT_SERVER_NOT_INITIALIZED", "The SDK was destroyed");
      try {
        const socket = await this.dial(buildConnectUrl(this.target, this.options, idempotencyToken));
        this.adopt(socket);
        return;
      } catch (error) {
        lastError = error;
        this.options.log.warn(`Connecting to GameLift failed (attempt ${attempt + 1}/${retries + 1}): ${messageOf(error)}`);
        if (attempt < retries) await sleep(reconnectDelayMs(attempt, this.options.reconnect), this.stopping.signal);
      }
    }
    throw lastError instanceof GameLiftServerError
      ? lastError
      : new GameLiftServerError("WEBSOCKET_CONNECT_FAILURE", messageOf(lastError), { cause: lastError });
  }

  private dial(url: string): Promise<WebSocket> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url, { handshakeTimeout: this.options.handshakeTimeoutMs });
      this.sockets.add(socket);
      let settled = false;
      const fail = (error: GameLiftServerError): void => {
        if (settled) return;
        settled = true;
        this.sockets.delete(socket);
        reject(error);
      };
      // Listeners go on before 'open' so a push sent right after the handshake is not missed.
      socket.on("message", (data, isBinary) => this.onMessage(data, isBinary));
      socket.on("close", (code, reason) => this.onSocketClose(socket, code, reason.toString("utf8")));
      socket.on("error", (error) => {
        if (settled) this.options.log.debug(`WebSocket error: ${error.message}`);
        else fail(new GameLiftServerError("WEBSOCKET_CONNECT_FAILURE", `Connection to ${redact(url)} failed: ${error.message}`, { cause: error }));
      });
      socket.on("unexpected-response", (request, response) => {
        const status = response.statusCode ?? 0;
        readBody(response).then((body) => {
          request.destroy();
          socket.terminate();
          const detail = `${status}${body ? `: ${body}` : ""}`;
          fail(
            new GameLiftServerError(
              status === 401 || status === 403 ? "WEBSOCKET_CONNECT_FAILURE_FORBIDDEN" : "WEBSOCKET_CONNECT_FAILURE",
              `GameLift refused the connection (${detail}). Check the process id (unique per run), compute, fleet and auth token.`,
              { statusCode: status },
            ),
          );
        });
      });
      socket.once("open", () => {
        if (settled) return;
        settled = true;
        resolve(socket);
      });
    });
  }

  private adopt(socket: WebSocket): void {
    if (this.isClosed) {
      void closeSocket(socket, 1000, "Destroy");
      throw new GameLiftServerError("GAMELIFT_SERVER_NOT_INITIALIZED", "The SDK was destroyed");
    }
    const previous = this.current;
    this.current = socket;
    this.consecutiveTimeouts = 0;
    this.options.log.info("Connected to GameLift");
    if (previous) {
      // The old socket is no longer current, so its close starts no reconnect; answers on it still resolve.
      setTimeout(() => void closeSocket(previous, 1000, "Connection refreshed"), this.options.refreshGraceMs).unref();
    }
  }

  private onSocketClose(socket: WebSocket, code: number, reason: string): void {
    this.sockets.delete(socket);
    for (const [id, p] of this.pending) {
      if (p.socket === socket) {
        this.settle(id, (x) => x.reject(new GameLiftServerError("SERVICE_CALL_FAILED", `Connection closed (${code}) before ${x.action} was answered`)));
      }
    }
    if (socket !== this.current || this.isClosed) return;
    this.current = undefined;
    if (NORMAL_CLOSE_CODES.has(code)) {
      this.options.log.info(`GameLift closed the connection (${code}${reason ? `: ${reason}` : ""}); not reconnecting`);
      this.gone({ cause: "closed", code, message: reason || `GameLift closed the connection (${code})` });
      return;
    }
    this.options.log.warn(`Connection to GameLift lost (${code}); reconnecting`);
    this.exclusive(async () => {
      if (!this.isOpen && !this.isClosed) await this.connectWithRetries();
    }).catch((error: unknown) => {
      this.options.log.error(`Reconnecting to GameLift failed: ${messageOf(error)}`);
      if (!this.isOpen) this.gone({ cause: "lost", code, message: `the connection to GameLift was lost (${code}) and could not be re-established: ${messageOf(error)}` });
    });
  }

  /** Told once, and never after close(): a process destroyed on purpose is not "let go". */
  private gone(gone: ConnectionGone): void {
    if (this.isClosed || this.wentAway) return;
    this.wentAway = true;
    try {
      this.options.onGone(gone);
    } catch (error) {
      this.options.log.error(`Handling the end of the connection failed: ${messageOf(error)}`);
    }
  }

  private onMessage(data: RawData, isBinary: boolean): void {
    if (isBinary) {
      this.options.log.warn("Ignoring a binary frame from GameLift");
      return;
    }
    const frame = parseFrame(rawToString(data));
    if (!frame) {
      this.options.log.warn("Ignoring a frame from GameLift that is not a JSON object");
      return;
    }
    this.consecutiveTimeouts = 0;
    if (frame.RequestId && this.pending.has(frame.RequestId)) {
      this.settle(frame.RequestId, (p) => {
        if (frame.StatusCode === 200) p.resolve(frame.raw);
        else p.reject(errorFromStatus(frame.StatusCode ?? 500, frame.ErrorMessage));
      });
      return;
    }
    if (frame.Action && PUSH_ACTIONS.has(frame.Action)) {
      if (frame.StatusCode !== undefined && frame.StatusCode !== 200) {
        this.options.log.warn(`Ignoring ${frame.Action} with status ${frame.StatusCode}: ${frame.ErrorMessage ?? ""}`);
        return;
      }
      try {
        this.options.onPush(frame);
      } catch (error) {
        this.options.log.error(`Handling ${frame.Action} failed: ${messageOf(error)}`);
      }
      return;
    }
    if (frame.StatusCode !== undefined && frame.StatusCode !== 200) {
      this.options.log.warn(`GameLift reported an error (${frame.StatusCode}): ${frame.ErrorMessage ?? ""}`);
    } else {
      this.options.log.debug(`Ignoring unexpected ${frame.Action ?? "frame"} from GameLift`);
    }
  }

  private settle(requestId: string, finish: (pending: Pending) => void): void {
    const pending = this.pending.get(requestId);
    if (!pending) return;
    this.pending.delete(requestId);
    clearTimeout(pending.timer);
    finish(pending);
  }

  private async socketFor(action: string, timeoutMs: number): Promise<WebSocket> {
    if (this.isClosed) throw new GameLiftServerError("GAMELIFT_SERVER_NOT_INITIALIZED", `Cannot send ${action}: call initSDK first`);
    if (!this.isOpen && this.connecting) {
      await Promise.race([this.connecting, sleep(timeoutMs, this.stopping.signal).catch(() => undefined)]);
    }
    const socket = this.current;
    if (!socket || socket.readyState !== WebSocket.OPEN) {
      throw new GameLiftServerError("SERVICE_CALL_FAILED", `Cannot send ${action}: not connected to GameLift`);
    }
    return socket;
  }

  private noteTimeout(): void {
    this.consecutiveTimeouts++;
    if (this.consecutiveTimeouts >= TIMEOUTS_BEFORE_RECONNECT && this.current) {
      this.options.log.warn(`${this.consecutiveTimeouts} requests in a row went unanswered; reconnecting`);
      this.consecutiveTimeouts = 0;
      // terminate() closes with 1006, which the close handler treats as a lost connection.
      this.current.terminate();
    }
  }
}

function closeSocket(socket: WebSocket, code: number, reason: string): Promise<void> {
  if (socket.readyState === WebSocket.CLOSED) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => socket.terminate(), 2000).unref();
    socket.once("close", () => {
      clearTimeout(force);
      resolve();
    });
    if (socket.readyState === WebSocket.CONNECTING) socket.terminate();
    else socket.close(code, reason);
  });
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(new GameLiftServerError("GAMELIFT_SERVER_NOT_INITIALIZED", "The SDK was destroyed"));
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(new GameLiftServerError("GAMELIFT_SERVER_NOT_INITIALIZED", "The SDK was destroyed"));
    };
    signal.addEventListener("abort", onAbort, { once: true });
  });
}

function readBody(response: NodeJS.ReadableStream): Promise<string> {
  return new Promise((resolve) => {
    let body = "";
    response.setEncoding("utf8");
    response.on("data", (chunk: string) => {
      if (body.length < 2048) body += chunk;
    });
    response.on("end", () => resolve(body.trim().slice(0, 2048)));
    response.on("error", () => resolve(body.trim()));
  });
}

function rawToString(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString("utf8");
  return Buffer.from(data as ArrayBuffer).toString("utf8");
}

/** Never log the auth token. */
function redact(url: string): string {
  return url.replace(/(Authorization=)[^&]*/, "$1***");
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
