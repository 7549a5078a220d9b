// TLS end to end from Node: the dev stack gives its fleet a certificate (a local CA it makes), the compute is
// registered with a DnsName and CertificatePath, GetComputeCertificate hands the demo server its certificate, the
// gateway serves wss://, game sessions report the DnsName, and the kit's default endpoint policy connects over
// wss:// by it — trusted through the local CA alone; a client that does not trust the CA cannot connect.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import WebSocket from "ws";
import {
  CreateGameSessionCommand,
  CreatePlayerSessionCommand,
  DescribeComputeCommand,
  DescribeGameSessionsCommand,
  GameLiftClient,
  type GameSession,
} from "@aws-sdk/client-gamelift";
import { startDevStack, type DevStack } from "../../../../local/dev-stack.ts";
import { createTravel, type Travel } from "../../../../plugin/core/travel/connection.ts";
import type { WebSocketConstructor } from "../../../../plugin/core/travel/link.ts";
import { GameLiftServerSdk } from "../../../../server/index.ts";
import { eventually } from "../../../helpers/eventually.ts";

let dir: string;
let dev: DevStack;
let gamelift: GameLiftClient;
const output: string[] = [];
const travels: Travel[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "fleet-tls-"));
  dev = await startDevStack({
    stateFile: join(dir, "stack.json"),
    port: 0,
    attach: false,
    identity: false,
    log: (line) => void output.push(line),
    fleet: {
      command: process.execPath,
      args: ["-C", "phaser-gamelift-source", "--import", "tsx", "demo/server/main.ts"],
      processes: 1,
      name: "tls-fleet",
      location: "custom-tls",
      tls: true,
      output: (line) => void output.push(line),
    },
  });
  gamelift = new GameLiftClient({ region: dev.state.region, endpoint: dev.state.endpoint, credentials: dev.state.developerCredentials, maxAttempts: 1 });
}, 90_000);

afterAll(async () => {
  for (const t of travels) t.destroy();
  gamelift?.destroy();
  await dev?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const recent = () => output.slice(-30).join("\n");

/** The kit's travel, with a WebSocket class that trusts `ca` (or only the system's roots). */
function travelTrusting(ca: string | undefined): Travel {
  class Trusting extends WebSocket {
    constructor(url: string) {
      super(url, ca ? { ca } : {});
    }
  }
  const travel = createTravel({ WebSocket: Trusting as unknown as WebSocketConstructor, reconnect: { attempts: 0, initialDelayMs: 100, maxDelayMs: 100 } });
  travels.push(travel);
  return travel;
}

async function activeSession(): Promise<GameSession> {
  const created = await eventually(
    () => gamelift.send(new CreateGameSessionCommand({ FleetId: dev.state.fleet!.fleetId, Location: "custom-tls", MaximumPlayerSessionCount: 4 })).catch(() => undefined),
    "a game session on the TLS fleet",
    60_000,
    recent,
  );
  return eventually(
    async () => {
      const s = (await gamelift.send(new DescribeGameSessionsCommand({ GameSessionId: created.GameSession!.GameSessionId }))).GameSessions?.[0];
      return s?.Status === "ACTIVE" ? s : undefined;
    },
    "the game session to be ACTIVE",
    20_000,
    recent,
  );
}

test("the fleet's compute has a DnsName and a CertificatePath; GetComputeCertificate hands a game server its path", async () => {
  const tls = dev.state.fleet!.tls!;
  expect(tls.dnsName).toBe("localhost");
  expect(readFileSync(tls.caPath!, "utf8")).toContain("BEGIN CERTIFICATE");
  const { Compute } = await gamelift.send(new DescribeComputeCommand({ FleetId: dev.state.fleet!.fleetId, ComputeName: dev.state.fleet!.computeName }));
  expect(Compute).toMatchObject({ DnsName: "localhost", IpAddress: "127.0.0.1" });

  const sdk = new GameLiftServerSdk({ logger: { info() {}, warn() {}, debug() {} }, exit: () => undefined });
  try {
    await sdk.initSDK({
      webSocketUrl: dev.fleet!.webSocketUrl,
      processId: `process-cert-check-${Date.now()}`,
      hostId: dev.fleet!.computeName,
      fleetId: dev.fleet!.fleetId,
      authToken: await dev.fleet!.authToken(),
    });
    await sdk.processReady({ port: 1 });
    expect(await sdk.getComputeCertificate()).toEqual({ certificatePath: tls.certificatePath, computeName: dev.state.fleet!.computeName });
    await sdk.processEnding();
  } finally {
    await sdk.destroy();
  }
});

test("a game session reports the DnsName; the kit connects over wss:// by it, trusting the local CA", async () => {
  const session = await activeSession();
  expect(session.DnsName).toBe("localhost");
  await eventually(() => output.some((l) => l.includes("(wss, the compute's certificate)")), "the gateway to serve wss", 10_000, recent);

  const untrusting = travelTrusting(undefined);
  const refusedSeat = (await gamelift.send(new CreatePlayerSessionCommand({ GameSessionId: session.GameSessionId, PlayerId: "no-trust" }))).PlayerSession!;
  expect(refusedSeat.DnsName).toBe("localhost");
  await expect(untrusting.travel.join({ playerSessionId: refusedSeat.PlayerSessionId!, dnsName: refusedSeat.DnsName, ipAddress: refusedSeat.IpAddress, port: refusedSeat.Port })).rejects.toThrow();

  const seat = (await gamelift.send(new CreatePlayerSessionCommand({ GameSessionId: session.GameSessionId, PlayerId: "trusts-the-ca" }))).PlayerSession!;
  const travel = travelTrusting(readFileSync(dev.state.fleet!.tls!.caPath!, "utf8"));
  const joined = await travel.travel.join({ playerSessionId: seat.PlayerSessionId!, dnsName: seat.DnsName, ipAddress: seat.IpAddress, port: seat.Port });
  expect(joined.url).toBe(`wss://localhost:${session.Port}`);
  expect(joined.map).toBe("arena");
  expect(travel.travel.send("move", { x: 3, y: 4 })).toBe(true);
  await eventually(() => output.some((l) => l.includes("player trusts-the-ca joined")), "the server to seat the player", 10_000, recent);
});
