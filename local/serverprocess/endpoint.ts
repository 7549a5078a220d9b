/**
 * The GameLift server SDK 5 WebSocket endpoint: what a real Anywhere fleet's processes connect to, served
 * on the local stack's HTTP server. Handshake → ServerProcessService.connect; frames → the ProcessHandle.
 */
import type { IncomingMessage, Server } from "node:http";
import type { Duplex } from "node:stream";
import WebSocket, { WebSocketServer, type RawData } from "ws";
import type { ProcessHandle, ServerProcessService } from "../gamelift/process-api.ts";
import { SocketChannel } from "./channel.ts";
import { dispatch, isServiceError, statusFor } from "./dispatch.ts";
import { decodeRequestFrame, errorAnswer, successAnswer } from "./frames.ts";
import { parseHandshake } from "./handshake.ts";

export interface ServerProcessEndpointOptions {
  path: string;
  /** The model's deadline per request; answered 504 after it, well before the SDKs' own 20 s. */
  requestTimeoutMs?: number;
  /** Frames above this close the socket with 1009. */
  maxFrameBytes?: number;
  log?: (message: string) => void;
}

const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;
const DEFAULT_MAX_FRAME_BYTES = 64 * 1024;

export function attachServerProcessEndpoint(
  server: Server,
  processes: ServerProcessService,
  options: ServerProcessEndpointOptions,
): { close(): Promise<void> } {
  const log = options.log ?? ((message: string) => console.warn(`[gamelift-sdk-endpoint] ${message}`));
  const requestTimeoutMs = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  const wss = new WebSocketServer({ noServer: true, maxPayload: options.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES });

  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    // A client that vanishes mid-handshake must not raise an unhandled 'error'.
    socket.on("error", () => undefined);
    let url: URL;
    try {
      url = new URL(req.url ?? "/", "http://local");
    } catch {
      return refuse(socket, 400, "Bad Request", "Malformed request URL");
    }
    if (url.pathname !== options.path) return refuse(socket, 404, "Not Found", `No WebSocket endpoint at ${url.pathname}`);
    const badUpgrade = checkUpgradeHeaders(req);
    if (badUpgrade) return refuse(socket, 400, "Bad Request", badUpgrade);
    const handshake = parseHandshake(url.searchParams);
    if (!handshake.ok) return refuse(socket, 403, "Forbidden", handshake.message);

    const channel = new SocketChannel();
    let handle: ProcessHandle;
    try {
      handle = processes.connect(handshake.params, channel);
    } catch (error) {
      if (!isServiceError(error)) log(`connect failed: ${messageOf(error)}`);
      return refuse(socket, 403, "Forbidden", messageOf(error));
    }

    let upgraded = false;
    socket.once("close", () => {
      if (upgraded) return;
      // The upgrade never completed: the model saw a connect, so it must see the disconnect.
      channel.markEnded();
      safely(log, () => handle.disconnected(false));
    });
    wss.handleUpgrade(req, socket, head, (ws) => {
      upgraded = true;
      serve(ws, handle, channel, { sdkVersion: handshake.params.sdkVersion, sdkLanguage: handshake.params.sdkLanguage });
    });
  };

  const serve = (ws: WebSocket, handle: ProcessHandle, channel: SocketChannel, defaults: { sdkVersion: string; sdkLanguage: string }): void => {
    channel.attach(ws);
    ws.on("error", (error) => log(`socket error for ${handle.processId}: ${error.message}`));
    ws.on("message", (data, isBinary) => {
      if (isBinary) {
        channel.send(errorAnswer({ StatusCode: 400, ErrorMessage: "Binary frames are not supported; send JSON text frames" }));
        return;
      }
      const decoded = decodeRequestFrame(rawToString(data));
      if (!decoded.ok) {
        channel.send(errorAnswer(decoded.error));
        return;
      }
      const { request, requestId } = decoded;
      withTimeout(dispatch(handle, request, defaults), requestTimeoutMs).then(
        (payload) => channel.send(successAnswer(request.Action, requestId, payload)),
        (error: unknown) => {
          const status = error instanceof TimeoutError ? 504 : isServiceError(error) ? statusFor(error) : 500;
          if (status === 500) log(`${request.Action} from ${handle.processId} failed: ${messageOf(error)}`);
          const message = status === 500 ? "Internal service error" : messageOf(error);
          channel.send(errorAnswer({ Action: request.Action, RequestId: requestId, StatusCode: status, ErrorMessage: message }));
        },
      );
    });
    ws.on("close", (code) => {
      channel.markEnded();
      safely(log, () => handle.disconnected(code === 1000 || code === 1001));
    });
  };

  server.on("upgrade", onUpgrade);

  return {
    close() {
      server.off("upgrade", onUpgrade);
      const closing = [...wss.clients].map(
        (ws) =>
          new Promise<void>((resolve) => {
            if (ws.readyState === WebSocket.CLOSED) return resolve();
            const force = setTimeout(() => ws.terminate(), 1000);
            ws.once("close", () => {
              clearTimeout(force);
              resolve();
            });
            // 1001 (going away): the SDKs do not try to reconnect to a stack that is shutting down.
            ws.close(1001, "Local GameLift is stopping");
          }),
      );
      return Promise.all(closing).then(
        () =>
          new Promise<void>((resolve) => {
            wss.close(() => resolve());
          }),
      );
    },
  };
}

function refuse(socket: Duplex, status: number, statusText: string, message: string): void {
  const body = `${message}\n`;
  socket.end(
    `HTTP/1.1 ${status} ${statusText}\r\n` +
      "Content-Type: text/plain; charset=utf-8\r\n" +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      "Connection: close\r\n\r\n" +
      body,
  );
  setTimeout(() => socket.destroy(), 1000).unref();
}

function checkUpgradeHeaders(req: IncomingMessage): string | undefined {
  if (req.method !== "GET") return "WebSocket upgrades must use GET";
  if ((req.headers.upgrade ?? "").toLowerCase() !== "websocket") return "Upgrade header must be websocket";
  const key = req.headers["sec-websocket-key"];
  if (typeof key !== "string" || !/^[+/0-9A-Za-z]{22}==$/.test(key)) return "Missing or invalid Sec-WebSocket-Key";
  if (req.headers["sec-websocket-version"] !== "13") return "Sec-WebSocket-Version must be 13";
  return undefined;
}

class TimeoutError extends Error {}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeoutError(`No answer from the GameLift model within ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

function safely(log: (message: string) => void, run: () => void): void {
  try {
    run();
  } catch (error) {
    log(`disconnect handling failed: ${messageOf(error)}`);
  }
}

function rawToString(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString("utf8");
  return Buffer.from(data as ArrayBuffer).toString("utf8");
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
