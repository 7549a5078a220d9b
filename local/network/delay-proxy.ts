/**
 * A loopback TCP proxy that makes a link behave as if it had `oneWayMs` of latency each way: what the kernel
 * would do with netem, for machines whose kernel has no netem. Every chunk is delivered oneWayMs after it was
 * sent, in order; and since the client's connect() completes at once against the proxy (instead of after one
 * round trip, as over a real link), the client's first bytes are held until the handshake would have ended.
 */
import { createServer, connect, type Socket } from "node:net";
import type { AddressInfo } from "node:net";

export interface DelayProxy {
  port: number;
  close(): Promise<void>;
}

export interface DelayProxyOptions {
  /**
   * Hold the whole round trip on the way back instead of half of it each way: the same time for a request and its
   * answer, with one timer per answer instead of two, so a busy machine (timers fire late) stretches it half as
   * much. Only for request/answer traffic (a ping endpoint): data the server sends unasked would come a whole
   * round trip late instead of half of one.
   */
  roundTripOnReturn?: boolean;
}

export async function startDelayProxy(targetPort: number, oneWayMs: number, host = "127.0.0.1", options: DelayProxyOptions = {}): Promise<DelayProxy> {
  const [upMs, downMs] = options.roundTripOnReturn ? [0, 2 * oneWayMs] : [oneWayMs, oneWayMs];
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const openedAt = performance.now();
    const upstream = connect(targetPort, host);
    for (const s of [client, upstream]) {
      s.setNoDelay(true);
      sockets.add(s);
      s.on("error", () => undefined);
      s.on("close", () => {
        sockets.delete(s);
        client.destroy();
        upstream.destroy();
      });
    }
    // SYN, SYN-ACK: the client could not have sent before one round trip after it connected.
    pipeDelayed(client, upstream, upMs, openedAt + 2 * oneWayMs);
    pipeDelayed(upstream, client, downMs, 0);
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

function pipeDelayed(from: Socket, to: Socket, oneWayMs: number, earliestSendAt: number): void {
  let lastDelivery = 0;
  let pending = 0;
  from.on("data", (chunk) => {
    const now = performance.now();
    const sentAt = Math.max(now, earliestSendAt);
    // In order: a chunk never overtakes the one before it.
    const deliverAt = Math.max(sentAt + oneWayMs, lastDelivery);
    lastDelivery = deliverAt;
    // Nothing to wait for and nothing queued: straight through, without a timer a busy loop could make late.
    if (deliverAt <= now && pending === 0) {
      if (!to.destroyed) to.write(chunk);
      return;
    }
    pending++;
    setTimeout(() => {
      pending--;
      if (!to.destroyed) to.write(chunk);
    }, deliverAt - now);
  });
  from.on("end", () => {
    setTimeout(() => to.end(), Math.max(0, lastDelivery - performance.now()) + oneWayMs);
  });
}
