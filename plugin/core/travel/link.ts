/**
 * One WebSocket to the game server, reduced to what travel needs: open, parsed frames, one close report.
 * Browsers give `globalThis.WebSocket`; Node (20 has none) passes the `ws` package's class.
 */
import { encodeFrame, parseServerFrame, type ClientFrame, type ServerFrame, type WireError } from "../../../protocol/wire.ts";

/** The part of the browser WebSocket API travel uses; `ws`'s class fits it too. */
export interface WebSocketLike {
  /** 0 connecting, 1 open, 2 closing, 3 closed, as the WebSocket API numbers them. */
  readonly readyState: number;
  /** Sends one text frame. */
  send(data: string): void;
  /** Closes the socket with a close code and reason. */
  close(code?: number, reason?: string): void;
  /** The socket opened, or failed (a close event always follows an error). */
  addEventListener(type: "open" | "error", listener: (event: object) => void): void;
  /** A frame arrived; `data` is its text. */
  addEventListener(type: "message", listener: (event: { data: unknown }) => void): void;
  /** The socket closed, with the close code and reason. */
  addEventListener(type: "close", listener: (event: { code: number; reason: string }) => void): void;
}

/**
 * A WebSocket class travel can make sockets with (TravelOptions.WebSocket): the browser's `WebSocket`, or in
 * Node the `ws` package's default export.
 */
export type WebSocketConstructor = new (url: string) => WebSocketLike;

const OPEN = 1;

export interface LinkHandlers {
  onOpen(): void;
  onFrame(frame: ServerFrame): void;
  /** The server sent something this client cannot read. */
  onJunk(error: WireError): void;
  /** Called once, however the socket ends. */
  onClose(code: number, reason: string): void;
}

export class Link {
  readonly url: string;
  private readonly socket: WebSocketLike;
  private handlers: LinkHandlers;
  private opened = false;
  private ended = false;

  constructor(WebSocketClass: WebSocketConstructor, url: string, handlers: LinkHandlers) {
    this.url = url;
    this.handlers = handlers;
    // Constructing can throw (bad URL, mixed content in a browser); the caller turns that into a failed travel.
    this.socket = new WebSocketClass(url);
    this.socket.addEventListener("open", () => {
      this.opened = true;
      if (!this.ended) this.handlers.onOpen();
    });
    this.socket.addEventListener("message", (event) => {
      if (this.ended) return;
      const parsed = parseServerFrame(event.data);
      if (parsed.ok) this.handlers.onFrame(parsed.frame);
      else this.handlers.onJunk(parsed.error);
    });
    this.socket.addEventListener("close", (event) => this.finish(event.code ?? 1006, event.reason ?? ""));
    // An error is always followed by close in both browsers and ws; close carries what we report.
    this.socket.addEventListener("error", () => undefined);
  }

  get open(): boolean {
    return !this.ended && this.socket.readyState === OPEN;
  }

  /** Closed, or closing: of no more use. */
  get done(): boolean {
    return this.ended;
  }

  /**
   * Hands the link to other handlers: a socket opened ahead of a join is taken by the join. When it is already
   * open, the new handlers hear onOpen now, as if it had just opened.
   */
  adopt(handlers: LinkHandlers): void {
    this.handlers = handlers;
    if (this.opened && !this.ended) handlers.onOpen();
  }

  send(frame: ClientFrame): boolean {
    if (!this.open) return false;
    try {
      this.socket.send(encodeFrame(frame));
      return true;
    } catch {
      return false;
    }
  }

  /** Closes and reports the close at once, without waiting for the server's close frame. */
  close(code = 1000, reason = ""): void {
    try {
      this.socket.close(code, reason);
    } catch {
      // Already closing, or a code the implementation refuses: either way it is going.
    }
    this.finish(code, reason);
  }

  private finish(code: number, reason: string): void {
    if (this.ended) return;
    this.ended = true;
    this.handlers.onClose(code, reason);
  }
}
