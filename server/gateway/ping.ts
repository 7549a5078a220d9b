/**
 * The ping route: what a browser times to learn its round trip to this game server's location (the kit's
 * kit.latency sends `GET /ping` a few times over one kept-alive connection and takes the median). A browser cannot
 * send ICMP or UDP, so an HTTP answer as small and as fast as possible is the next best thing: 204, no body, no
 * work, nothing kept per request.
 *
 * It faces the internet like the gateway beside it: pings are rate limited per address (an IPv6 address by its
 * /64) and in all, the addresses remembered are bounded and forgotten once their budget has refilled, and the
 * standalone server caps connections per address and in all and gives each request a deadline. An answer is
 * never larger than the request, so the route cannot amplify anything.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { addressKey, AddressLimits } from "./address-limits.ts";
import { RateLimit } from "./rate-limit.ts";

/** What {@link createPingRoute} (and the gateway's `ping` option) takes. Every limit is a positive number. */
export interface PingRouteOptions {
  /** The path answered ("/ping"). */
  path?: string;
  /** Pings per second one address may send (20; bursts of twice that). A measurement sends five per location. */
  perAddressPerSecond?: number;
  /** Pings per second in all (2,000; bursts of twice that). */
  perSecond?: number;
  /** Addresses remembered at most (10,000); beyond that, new addresses share one budget until a sweep frees room. */
  maxTrackedAddresses?: number;
}

/** A ping route to mount on a Node HTTP server: call `handle` first in the server's request listener. */
export interface PingRoute {
  /** Answers the request when it is for the ping path and returns true; false leaves it to the caller. */
  handle(request: IncomingMessage, response: ServerResponse): boolean;
  /** Forgets addresses whose budget has refilled (the standalone server and the gateway call it every few seconds). */
  sweep(): void;
  /** How many addresses it remembers now (for monitoring; bounded by maxTrackedAddresses). */
  readonly trackedAddresses: number;
}

const HEADERS = {
  // Any page may time it; the answer says nothing a page could use.
  "access-control-allow-origin": "*",
  // Resource Timing may show the detailed timings of the request to the page.
  "timing-allow-origin": "*",
  "cache-control": "no-store",
};

/**
 * The ping route for a game's own HTTP server (the gateway serves one by itself unless it is attached to the
 * game's server): answers `GET /ping` with an empty 204 the browser kit times to measure latency to this
 * location, and `OPTIONS` for CORS. Call `sweep` every few seconds to forget idle addresses.
 *
 * @example
 * ```ts
 * const ping = createPingRoute();
 * const server = createServer((request, response) => {
 *   if (ping.handle(request, response)) return;
 *   // … the game's own routes
 * });
 * setInterval(() => ping.sweep(), 5_000).unref();
 * ```
 * @throws TypeError for a path that does not start with "/" or a limit that is not a positive number.
 */
export function createPingRoute(options: PingRouteOptions = {}): PingRoute {
  const path = options.path ?? "/ping";
  if (typeof path !== "string" || !path.startsWith("/") || path.length > 256) throw new TypeError(`ping path must start with "/", got ${String(path)}`);
  const perAddress = positive("perAddressPerSecond", options.perAddressPerSecond, 20);
  const perSecond = positive("perSecond", options.perSecond, 2_000);
  const maxTracked = positive("maxTrackedAddresses", options.maxTrackedAddresses, 10_000);
  const global = new RateLimit(perSecond, Date.now, 2 * perSecond);
  const buckets = new Map<string, RateLimit>();
  const overflow = new RateLimit(perAddress, Date.now, 2 * perAddress);

  const bucketOf = (address: string): RateLimit => {
    let bucket = buckets.get(address);
    if (bucket) return bucket;
    if (buckets.size >= maxTracked) return overflow;
    bucket = new RateLimit(perAddress, Date.now, 2 * perAddress);
    buckets.set(address, bucket);
    return bucket;
  };

  return {
    handle(request, response) {
      const url = request.url ?? "/";
      const query = url.indexOf("?");
      if ((query < 0 ? url : url.slice(0, query)) !== path) return false;
      const method = request.method ?? "GET";
      if (method === "OPTIONS") {
        response.writeHead(204, { ...HEADERS, "access-control-allow-methods": "GET, HEAD", "access-control-max-age": "86400" });
        response.end();
        return true;
      }
      if (method !== "GET" && method !== "HEAD") {
        response.writeHead(405, { ...HEADERS, allow: "GET, HEAD, OPTIONS", "content-length": "0" });
        response.end();
        return true;
      }
      // The address's token stays spent when the global budget says no: a flood pays for its own refusals.
      if (!bucketOf(addressKey(request.socket.remoteAddress)).take() || !global.take()) {
        response.writeHead(429, { ...HEADERS, "retry-after": "1", "content-length": "0" });
        response.end();
        return true;
      }
      response.writeHead(204, HEADERS);
      response.end();
      return true;
    },
    sweep() {
      for (const [address, bucket] of buckets) if (bucket.full) buckets.delete(address);
    },
    get trackedAddresses() {
      return buckets.size;
    },
  };
}

/** What {@link startPingServer} takes: the route's limits, and where and how much to serve. */
export interface PingServerOptions extends PingRouteOptions {
  /** The port to listen on; 0 picks a free port. */
  port: number;
  /** The address to listen on; all interfaces when left out (the `url` then names 127.0.0.1). */
  host?: string;
  /** Open connections from one address (8) and in all (1,024); more are cut at once. */
  maxConnectionsPerAddress?: number;
  /** See maxConnectionsPerAddress: the cap in all (1,024). */
  maxConnections?: number;
}

/** A running standalone ping server. */
export interface PingServer {
  /** The port it listens on. */
  readonly port: number;
  /** http://<host>:<port><path>, for the game's config (behind TLS in production: https://…). */
  readonly url: string;
  /** Stops listening and drops every open connection. */
  close(): Promise<void>;
}

/**
 * A ping route on a server of its own: for a location whose game servers come and go (the gateway listens only
 * while its game session runs), a process per compute or location keeps this one up on a fixed port.
 */
export async function startPingServer(options: PingServerOptions): Promise<PingServer> {
  const route = createPingRoute(options);
  const connections = new AddressLimits({
    maxPendingPerAddress: positive("maxConnectionsPerAddress", options.maxConnectionsPerAddress, 8),
    maxPending: positive("maxConnections", options.maxConnections, 1_024),
    // Connections are not admissions: only the caps above apply.
    admissionsPerSecond: 1,
    admissionsPerSecondPerAddress: 1,
  });
  const server: Server = createServer((request, response) => {
    if (route.handle(request, response)) return;
    response.writeHead(404, { "content-length": "0", connection: "close" });
    response.end();
  });
  // A request that dawdles is cut; a kept-alive connection lives long enough for one measurement and its refresh.
  server.headersTimeout = 5_000;
  server.requestTimeout = 5_000;
  server.keepAliveTimeout = 30_000;
  server.maxHeadersCount = 32;
  server.on("connection", (socket: Socket) => {
    const slot = connections.openPending(addressKey(socket.remoteAddress));
    if (!slot) {
      socket.destroy();
      return;
    }
    socket.once("close", () => slot.settle());
  });
  server.on("clientError", (_error, socket) => socket.destroy());
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  server.on("error", () => undefined);
  const sweeper = setInterval(() => route.sweep(), 5_000);
  sweeper.unref();
  const { port } = server.address() as AddressInfo;
  const host = options.host ?? "127.0.0.1";
  return {
    port,
    url: `http://${host.includes(":") ? `[${host}]` : host}:${port}${options.path ?? "/ping"}`,
    close: () =>
      new Promise<void>((resolve) => {
        clearInterval(sweeper);
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function positive(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isFinite(value) || value <= 0) throw new TypeError(`${name} must be a positive number, got ${String(value)}`);
  return value;
}
