import WebSocket from "ws";
import type { ProcessChannel, ProcessGameSession } from "../gamelift/process-api.ts";
import { createGameSessionPush, refreshConnectionPush, terminateProcessPush, updateGameSessionPush } from "./frames.ts";

/**
 * The model's pushes to one process. It exists before the socket does (the model's connect() runs before
 * the upgrade is accepted, so a refused handshake can still answer 403): pushes made meanwhile wait for it.
 */
export class SocketChannel implements ProcessChannel {
  private socket: WebSocket | undefined;
  private queued: string[] = [];
  private pendingClose: { code: number; reason: string } | undefined;
  private ended = false;

  attach(socket: WebSocket): void {
    if (this.ended) {
      socket.terminate();
      return;
    }
    this.socket = socket;
    for (const frame of this.queued) this.send(frame);
    this.queued = [];
    if (this.pendingClose) this.close(this.pendingClose.code, this.pendingClose.reason);
  }

  /** The socket is gone (or never came): later pushes are dropped. */
  markEnded(): void {
    this.ended = true;
    this.queued = [];
  }

  send(frame: string): void {
    if (this.ended) return;
    if (!this.socket) {
      this.queued.push(frame);
      return;
    }
    if (this.socket.readyState === WebSocket.OPEN) this.socket.send(frame);
  }

  createGameSession(session: ProcessGameSession): void {
    this.send(createGameSessionPush(session));
  }

  updateGameSession(update: { GameSession: ProcessGameSession; UpdateReason: string; BackfillTicketId?: string }): void {
    this.send(updateGameSessionPush(update));
  }

  terminateProcess(terminationTimeMs: number): void {
    this.send(terminateProcessPush(terminationTimeMs));
  }

  refreshConnection(endpoint: string, authToken: string): void {
    this.send(refreshConnectionPush(endpoint, authToken));
  }

  close(code: number, reason: string): void {
    if (this.ended) return;
    if (!this.socket) {
      this.pendingClose = { code, reason };
      return;
    }
    // ws throws on codes a peer may not send (1005, 1006, 1015, …); those end the socket outright.
    try {
      this.socket.close(code, reason.slice(0, 120));
    } catch {
      this.socket.terminate();
    }
  }
}
