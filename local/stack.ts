import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { CredentialRegistry, generateDeveloperCredentials, type DeveloperCredentials } from "./credentials.ts";
import { createGameLift, type GameLiftTimings } from "./gamelift/index.ts";
import { createAwsFront } from "./protocol/http-front.ts";
import { attachServerProcessEndpoint } from "./serverprocess/endpoint.ts";

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

export async function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  const host = options.host ?? "127.0.0.1";
  const region = options.region ?? "us-west-2";
  const accountId = options.accountId ?? "123456789012";
  const developerCredentials = options.developerCredentials ?? generateDeveloperCredentials();
  const credentials = new CredentialRegistry(accountId, developerCredentials);

  let sdkEndpoint = "";
  const gamelift = createGameLift({ region, accountId, sdkEndpoint: () => sdkEndpoint, timings: options.gameliftTimings });
  const front = createAwsFront({ region, credentials, services: [gamelift.service] });

  const server: Server = createServer((req, res) => {
    front(req, res)
      .then((handled) => {
        if (!handled) {
          res.writeHead(404, { "content-type": "application/json" });
          res.end(JSON.stringify({ message: `No local service at ${req.method} ${req.url}` }));
        }
      })
      .catch((e: unknown) => {
        console.error("[local] request failed:", e);
        if (!res.headersSent) res.writeHead(500);
        res.end();
      });
  });
  const endpointWs = attachServerProcessEndpoint(server, gamelift.processes, { path: SDK_WEBSOCKET_PATH });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 8080, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const hostPart = host.includes(":") ? `[${host}]` : host;
  const endpoint = `http://${hostPart}:${port}`;
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
      await endpointWs.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
