/**
 * A leave while reconnecting: there is no connection to say goodbye on, and without one the gateway would hold
 * the seat for its whole grace (and GameLift count the player) before freeing it. So a short-lived connection
 * says it instead: a hello that resumes the seat with `leave: true`, which a gateway that knows it answers by
 * freeing the seat and closing; an older gateway seats the player again, and the leave that follows frees it.
 * One attempt, bounded in time; if the server cannot be reached the grace frees the seat as before.
 */
import { WIRE_VERSION } from "../../../protocol/wire.ts";
import { Link, type WebSocketConstructor } from "./link.ts";
import type { Timers } from "../timers.ts";

export interface FarewellTarget {
  url: string;
  playerSessionId: string;
}

export class Farewells {
  private readonly open = new Set<Link>();

  private readonly WebSocketClass: WebSocketConstructor;
  private readonly timers: Timers;
  private readonly timeoutMs: number;
  private readonly identityToken: (() => Promise<string | undefined>) | undefined;
  constructor(options: { WebSocket: WebSocketConstructor; timers: Timers; timeoutMs: number; identityToken?: () => Promise<string | undefined> }) {
    this.WebSocketClass = options.WebSocket;
    this.timers = options.timers;
    this.timeoutMs = options.timeoutMs;
    this.identityToken = options.identityToken;
  }

  /** Says goodbye for the seat; resolves when the server closed (or the attempt was given up). */
  say(target: FarewellTarget): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer: { cancel?: () => void } = {};
      let link: Link;
      const proof = this.identityToken ? Promise.resolve().then(this.identityToken) : Promise.resolve(undefined);
      proof.catch(() => undefined);
      try {
        link = new Link(this.WebSocketClass, target.url, {
          onOpen: () => {
            proof.then(
              (identityToken) =>
                void link.send({ t: "hello", v: WIRE_VERSION, playerSessionId: target.playerSessionId, resume: true, leave: true, ...(identityToken ? { identityToken } : {}) }),
              () => link.close(1000, "no identity token"),
            );
          },
          onFrame: (frame) => {
            // An older gateway seated the player again: leave as from a live session.
            if (frame.t === "accepted") link.send({ t: "leave", v: WIRE_VERSION });
            else if (frame.t === "rejected" || frame.t === "ended") link.close(1000, "");
          },
          onJunk: () => link.close(1000, ""),
          onClose: () => {
            timer.cancel?.();
            this.open.delete(link);
            resolve();
          },
        });
      } catch {
        return resolve();
      }
      this.open.add(link);
      timer.cancel = this.timers.after(this.timeoutMs, () => link.close(1000, "farewell timed out"));
    });
  }

  /** Closes every farewell still under way (the kit is going). */
  closeAll(): void {
    for (const link of [...this.open]) link.close(1000, "");
  }
}
