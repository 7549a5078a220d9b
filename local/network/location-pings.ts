/**
 * Distance for the local stack's locations: one ping endpoint per location that answers as if the location were
 * `latencyMs` away (a delay proxy in front of one tiny loopback responder: a new connection's first request waits a
 * round trip for the handshake, and every answer comes a round trip after its request). What kit.latency measures
 * against it is what it would measure against a game server's ping route that far away.
 *
 * The responder answers `GET /ping` (and HEAD, OPTIONS) with 204, any page may time it (CORS), and never cached;
 * the same answer the server kit's ping route gives. The stack writes it here itself because it talks to the
 * game server kit over the wire only.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { startDelayProxy, type DelayProxy } from "./delay-proxy.ts";

export const PING_PATH = "/ping";

export interface LocationPings {
  /** Location → its ping URL (http://127.0.0.1:<port>/ping). */
  endpoints: Record<string, string>;
  close(): Promise<void>;
}

/** One ping endpoint per location (latencyMs: the simulated round trip, 0 for none). */
export async function startLocationPings(latencies: Record<string, number>, host = "127.0.0.1"): Promise<LocationPings> {
  const responder = await startResponder(host);
  const proxies: DelayProxy[] = [];
  const close = async () => {
    await Promise.all(proxies.map((p) => p.close()));
    await new Promise<void>((resolve) => {
      responder.closeAllConnections();
      responder.close(() => resolve());
    });
  };
  try {
    const endpoints: Record<string, string> = {};
    const port = (responder.address() as AddressInfo).port;
    for (const [location, latencyMs] of Object.entries(latencies)) {
      if (!Number.isFinite(latencyMs) || latencyMs < 0) throw new RangeError(`the simulated latency of ${location} must be 0 ms or more, got ${latencyMs}`);
      const proxy = await startDelayProxy(port, latencyMs / 2, host, { roundTripOnReturn: true });
      proxies.push(proxy);
      endpoints[location] = `http://${host}:${proxy.port}${PING_PATH}`;
    }
    return { endpoints, close };
  } catch (error) {
    await close();
    throw error;
  }
}

async function startResponder(host: string): Promise<Server> {
  const server = createServer((request, response) => {
    const path = (request.url ?? "/").split("?")[0];
    if (path !== PING_PATH) {
      response.writeHead(404, { "content-length": "0" });
      response.end();
      return;
    }
    const headers = { "access-control-allow-origin": "*", "timing-allow-origin": "*", "cache-control": "no-store" };
    if (request.method === "GET" || request.method === "HEAD" || request.method === "OPTIONS") response.writeHead(204, headers);
    else response.writeHead(405, { ...headers, allow: "GET, HEAD, OPTIONS", "content-length": "0" });
    response.end();
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, host, () => resolve());
  });
  return server;
}
