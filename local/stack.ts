import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { CredentialRegistry, generateDeveloperCredentials, type DeveloperCredentials } from "./credentials.ts";
import { createGameLift, type GameLiftClock, type GameLiftTimings } from "./gamelift/index.ts";
import { createAwsFront, type ServedRequest } from "./http/http-front.ts";
import type { ServiceDefinition } from "./http/service.ts";
import { attachServerProcessEndpoint } from "./serverprocess/endpoint.ts";

/** What a part of the stack (Cognito, OAuth, …) is given when the stack starts. */
export interface StackContext {
  region: string;
  accountId: string;
  /** Where durable state lives; undefined means in memory only. */
  stateDir?: string;
  credentials: CredentialRegistry;
  /** http://host:port, known once the server listens (call it at request time, not at start). */
  endpoint(): string;
}

/** A part of the stack: AWS services for the protocol front door, plain HTTP routes, and its shutdown. */
export interface StackPart {
  services?: ServiceDefinition[];
  /** Plain HTTP (JWKS, OAuth endpoints, dev mailbox, pages). Resolve true when the request was answered. */
  handle?(req: IncomingMessage, res: ServerResponse): Promise<boolean>;
  close?(): void | Promise<void>;
}

export type StackExtension = (ctx: StackContext) => StackPart | Promise<StackPart>;

export interface LocalStackOptions {
  /** Loopback by default: the stack has no business on other interfaces. */
  host?: string;
  /** 8080 by default; 0 picks a free port (tests). */
  port?: number;
  region?: string;
  accountId?: string;
  developerCredentials?: DeveloperCredentials;
  /** GameLift's lifecycle timers, shortened in tests. */
  gameliftTimings?: Partial<GameLiftTimings>;
  /** GameLift's clock (timestamps, rate windows, every lifecycle timer); tests pass a manual one. Real by default. */
  gameliftClock?: GameLiftClock;
  /** Durable state (GameLift definitions, user pools, users, identities); in memory only when unset. */
  stateDir?: string;
  extensions?: StackExtension[];
  /** Told of every AWS request answered, with its server-side time. */
  onServed?: (request: ServedRequest) => void;
}

export interface LocalStack {
  /** http://host:port — the one endpoint for every service. */
  endpoint: string;
  /** The GameLift server SDK WebSocket URL that RegisterCompute hands out. */
  sdkEndpoint: string;
  region: string;
  accountId: string;
  developerCredentials: DeveloperCredentials;
  credentials: CredentialRegistry;
  stop(): Promise<void>;
}

export const SDK_WEBSOCKET_PATH = "/gamelift-sdk";
export const HEALTH_PATH = "/_local/health";

/**
 * Browser games call the stack from another origin (the game's dev server), as they call AWS, whose service
 * endpoints answer CORS for any origin. Adds the headers to every answer; answers preflights itself.
 */
function answerCors(req: IncomingMessage, res: ServerResponse): boolean {
  res.setHeader("access-control-allow-origin", "*");
  res.setHeader("access-control-expose-headers", "x-amzn-requestid, x-amzn-errortype, x-amz-request-id, date, smithy-protocol");
  if (req.method !== "OPTIONS") return false;
  res.writeHead(204, {
    "access-control-allow-methods": "GET, POST, OPTIONS",
    "access-control-allow-headers": req.headers["access-control-request-headers"] ?? "*",
    "access-control-max-age": "86400",
  });
  res.end();
  return true;
}

export async function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  const host = options.host ?? "127.0.0.1";
  const region = options.region ?? "us-west-2";
  const accountId = options.accountId ?? "123456789012";
  const developerCredentials = options.developerCredentials ?? generateDeveloperCredentials();
  const credentials = new CredentialRegistry(accountId, developerCredentials);

  let endpoint = "";
  let sdkEndpoint = "";
  const gamelift = createGameLift({ region, accountId, sdkEndpoint: () => sdkEndpoint, timings: options.gameliftTimings, clock: options.gameliftClock, stateDir: options.stateDir });
  const ctx: StackContext = { region, accountId, stateDir: options.stateDir, credentials, endpoint: () => endpoint };
  const parts: StackPart[] = [];
  for (const extension of options.extensions ?? []) parts.push(await extension(ctx));

  const front = createAwsFront({
    region,
    credentials,
    services: [gamelift.service, ...parts.flatMap((p) => p.services ?? [])],
    onServed: options.onServed,
  });
  const handlers = [front, gamelift.handle, ...parts.flatMap((p) => (p.handle ? [p.handle.bind(p)] : []))];

  const server: Server = createServer((req, res) => {
    if (answerCors(req, res)) return;
    if (req.method === "GET" && req.url === HEALTH_PATH) {
      // What a dev server or a tool checks before it attaches to a stack another process started.
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ ok: true, pid: process.pid, region, accountId }));
      return;
    }
    void (async () => {
      try {
        for (const handler of handlers) if (await handler(req, res)) return;
        res.writeHead(404, { "content-type": "application/json" });
        res.end(JSON.stringify({ message: `No local service at ${req.method} ${req.url}` }));
      } catch (e) {
        console.error("[local] request failed:", e);
        if (!res.headersSent) res.writeHead(500, { "content-type": "application/json" });
        res.end(JSON.stringify({ message: "internal error in the local stack" }));
      }
    })();
  });
  const processEndpoint = attachServerProcessEndpoint(server, gamelift.processes, { path: SDK_WEBSOCKET_PATH });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 8080, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const hostPart = host.includes(":") ? `[${host}]` : host;
  endpoint = `http://${hostPart}:${port}`;
  sdkEndpoint = `ws://${hostPart}:${port}${SDK_WEBSOCKET_PATH}`;

  return {
    endpoint,
    sdkEndpoint,
    region,
    accountId,
    developerCredentials,
    credentials,
    async stop() {
      gamelift.close();
      await processEndpoint.close();
      for (const part of parts) await part.close?.();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
