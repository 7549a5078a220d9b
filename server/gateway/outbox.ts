/**
 * How the gateway's frames leave: every socket written to during one turn of the event loop is corked until
 * that turn ends, so the moves a player gets from everyone who spoke in that turn go out in one write (one
 * system call) instead of one each. Relaying a move to N-1 players is N-1 sends; without this, every one is a
 * system call of its own, and on a busy server that is most of the cost.
 *
 * Nothing waits for a timer: the sockets are uncorked with setImmediate, right after the I/O that produced the
 * frames has been handled, so a frame leaves in the same turn it was sent in.
 */
import type { Socket } from "node:net";

export class Outbox {
  private readonly corked = new Set<Socket>();
  private scheduled = false;
  private readonly flush = (): void => {
    this.scheduled = false;
    for (const tcp of this.corked) {
      // A socket that died meanwhile reports that on its own ('error', 'close'); the others still go out.
      try {
        tcp.uncork();
      } catch {
        tcp.destroy();
      }
    }
    this.corked.clear();
  };

  /** Holds `tcp`'s writes until the end of this turn (once per socket per turn). */
  hold(tcp: Socket): void {
    if (this.corked.has(tcp) || tcp.destroyed) return;
    tcp.cork();
    this.corked.add(tcp);
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(this.flush);
    }
  }
}
