/**
 * A socket opened to a game server before the player has a seat there: when the player picks a session in the
 * lobby, the TCP and WebSocket handshakes happen while they are still deciding, and a join then costs only
 * CreatePlayerSession and hello → accepted. It carries no ticket (the player session does not exist yet) and
 * says nothing: the gateway counts it among the sockets waiting for a hello, under that cap, and closes it when
 * its hello deadline passes.
 *
 * It is a hint, never an error: a spare that cannot open, is closed by the server or is not used in time goes
 * quietly. While it is wanted (keepMs after the last ask) a spare the server closed after a while is opened
 * again, once per close; one closed or refused at once is not, so a full or unreachable server is not hammered.
 */
import { Link, type WebSocketConstructor } from "./link.ts";
import type { Timers } from "../timers.ts";

export interface PreconnectPolicy {
  /** How long a spare socket is kept ready after the last ask (30 s); 0 turns pre-connecting off. */
  keepMs: number;
  /** A spare the server closed sooner than this after it opened is not opened again (1 s). */
  minLifeMs: number;
}

export const DEFAULT_PRECONNECT: PreconnectPolicy = { keepMs: 30_000, minLifeMs: 1_000 };

const QUIET = () => undefined;

export class SpareSockets {
  private link: Link | undefined;
  private wantedUntil = 0;
  private openedAt = 0;
  private cancelExpiry: (() => void) | undefined;

  private readonly WebSocketClass: WebSocketConstructor;
  private readonly timers: Timers;
  private readonly policy: PreconnectPolicy;
  constructor(WebSocketClass: WebSocketConstructor, timers: Timers, policy: PreconnectPolicy) {
    this.WebSocketClass = WebSocketClass;
    this.timers = timers;
    this.policy = policy;
  }

  /** Opens (or keeps) a spare socket to `url`; a spare to another server is closed. */
  want(url: string): void {
    if (this.policy.keepMs <= 0) return;
    this.wantedUntil = this.timers.now() + this.policy.keepMs;
    this.cancelExpiry?.();
    this.cancelExpiry = this.timers.after(this.policy.keepMs, () => this.drop());
    if (this.link && !this.link.done && this.link.url === url) return;
    this.drop(false);
    this.open(url);
  }

  /** The spare to `url` if there is a live one, handed over (it is no longer this pool's to close). */
  take(url: string): Link | undefined {
    const link = this.link;
    if (!link || link.done || link.url !== url) return undefined;
    this.link = undefined;
    this.cancelExpiry?.();
    this.cancelExpiry = undefined;
    return link;
  }

  /** Closes the spare, if any (normally, 1000). */
  drop(stopWanting = true): void {
    if (stopWanting) {
      this.wantedUntil = 0;
      this.cancelExpiry?.();
      this.cancelExpiry = undefined;
    }
    const link = this.link;
    this.link = undefined;
    link?.close(1000, "not needed");
  }

  private open(url: string): void {
    let link: Link;
    try {
      link = new Link(this.WebSocketClass, url, {
        onOpen: () => {
          if (this.link === link) this.openedAt = this.timers.now();
        },
        onFrame: QUIET,
        onJunk: QUIET,
        onClose: () => {
          if (this.link !== link) return;
          this.link = undefined;
          // Closed by the server after a useful while (its hello deadline): open another while still wanted.
          const lived = this.openedAt > 0 ? this.timers.now() - this.openedAt : 0;
          if (lived >= this.policy.minLifeMs && this.timers.now() < this.wantedUntil) this.open(url);
        },
      });
    } catch {
      return; // a URL the WebSocket refuses: the join will say so, not the hint
    }
    this.openedAt = 0;
    this.link = link;
  }
}
