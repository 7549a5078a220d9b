// Join latency: from the join call to "accepted" — CreatePlayerSession, WebSocket connect (with the identity
// token from GetOpenIdToken fetched meanwhile), hello, the gateway's token check, DescribePlayerSessions (early,
// during the handshake) and AcceptPlayerSession — on loopback and over a 50 ms round trip. The 50 ms link is a network namespace made
// here with netem on its own loopback (stack, game server and client all inside it); on a kernel without
// netem, a user-space delay proxy on loopback stands in for it. Either way the link is torn down at the end.
//
// Runnable alone: `npx tsx bench/join-latency.ts`.
import { spawn, spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import WebSocket from "ws";
import { CreateGameSessionCommand, CreatePlayerSessionCommand, GameLiftClient } from "@aws-sdk/client-gamelift";
import { CognitoIdentityClient, CreateIdentityPoolCommand, GetIdCommand, GetOpenIdTokenCommand } from "@aws-sdk/client-cognito-identity";
import { identityPoolsExtension } from "../local/cognito/identity/index.ts";
import { launchFleet } from "../local/fleet/launcher.ts";
import { startLocalStack } from "../local/stack.ts";
import { createTravel } from "../plugin/core/travel/connection.ts";
import { createPlayerGateway, GameLiftServerSdk, type PlayerGateway } from "../server/index.ts";
import { startDelayProxy, type DelayProxy } from "./fixtures/delay-proxy.ts";
import { percentile, round } from "./stats.ts";
import type { BenchRow } from "./types.ts";

const JOINS = 40;
const WARMUP = 5;
const RTT_MS = 50;
const GAME_PORT = 21_500;
const quiet = { info() {}, warn() {}, error() {}, debug() {} };

/**
 * Join times in ms, everything in this process; oneWayMs > 0 routes every connection through delay proxies —
 * the game server's own link to GameLift too, unless `nearGameLift` (a fleet in GameLift's region).
 */
async function measureJoins(oneWayMs: number, nearGameLift = false): Promise<number[]> {
  const proxies: DelayProxy[] = [];
  const delayed = async (port: number) => {
    if (oneWayMs === 0) return port;
    const proxy = await startDelayProxy(port, oneWayMs);
    proxies.push(proxy);
    return proxy.port;
  };
  const stack = await startLocalStack({ port: 0, gameliftTimings: { playerSessionReservationMs: 3_600_000 }, extensions: [identityPoolsExtension()] });
  const sdk = new GameLiftServerSdk({ logger: quiet, exit: () => undefined });
  let gateway: PlayerGateway | undefined;
  let client: GameLiftClient | undefined;
  let cognito: CognitoIdentityClient | undefined;
  const fleet = await launchFleet({
    endpoint: stack.endpoint,
    region: stack.region,
    credentials: stack.developerCredentials,
    location: "custom-bench-join",
    fleetName: "bench-join",
    processes: 0,
    command: process.execPath,
    basePort: GAME_PORT,
    ipAddress: "127.0.0.1",
    log: () => undefined,
  });
  try {
    // The game server's own link to GameLift crosses the slow link too, as AcceptPlayerSession would.
    const sdkUrl = new URL(fleet.webSocketUrl);
    if (!nearGameLift) sdkUrl.port = String(await delayed(Number(sdkUrl.port)));
    let identityPoolId = "";
    let issuer = "";
    let gatewayReady!: () => void;
    const gatewayCanStart = new Promise<void>((resolve) => (gatewayReady = resolve));
    let activated!: () => void;
    const active = new Promise<void>((resolve) => (activated = resolve));
    await sdk.initSDK({ webSocketUrl: sdkUrl.toString(), processId: "bench-join-0", hostId: fleet.computeName, fleetId: fleet.fleetId, authToken: await fleet.authToken() });
    await sdk.processReady({
      port: GAME_PORT,
      onStartGameSession: async (session) => {
        await gatewayCanStart;
        gateway = await createPlayerGateway({
          sdk,
          gameSession: session,
          port: GAME_PORT,
          host: "127.0.0.1",
          map: "arena",
          state: { players: {} },
          identity: { identityPoolId, issuer },
          // Every join comes from this one address, back to back.
          maxAdmissionsPerSecondPerAddress: 1000,
        });
        await sdk.activateGameSession();
        activated();
      },
    });
    const stackPort = Number(new URL(stack.endpoint).port);
    const slowStack = `http://127.0.0.1:${await delayed(stackPort)}`;
    client = new GameLiftClient({ region: stack.region, endpoint: slowStack, credentials: stack.developerCredentials, maxAttempts: 1 });
    cognito = new CognitoIdentityClient({ region: stack.region, endpoint: slowStack, credentials: stack.developerCredentials, maxAttempts: 1 });
    identityPoolId = (await cognito.send(new CreateIdentityPoolCommand({ IdentityPoolName: "bench players", AllowUnauthenticatedIdentities: true }))).IdentityPoolId!;
    issuer = stack.endpoint;
    gatewayReady();
    const created = await client.send(new CreateGameSessionCommand({ FleetId: fleet.fleetId, Location: "custom-bench-join", MaximumPlayerSessionCount: 200 }));
    const gameSessionId = created.GameSession!.GameSessionId!;
    await active;
    const gamePort = await delayed(GAME_PORT);

    const samples: number[] = [];
    for (let i = 0; i < WARMUP + JOINS; i++) {
      // Signing in (the identity id) is not part of a join; the OpenID token is, as the kit fetches it then.
      const identityId = (await cognito.send(new GetIdCommand({ IdentityPoolId: identityPoolId }))).IdentityId!;
      const { travel, destroy } = createTravel({
        identityToken: async () => (await cognito!.send(new GetOpenIdTokenCommand({ IdentityId: identityId }))).Token,
        WebSocket: WebSocket,
        // The overridable endpoint policy at work: the player session names the game port; the proxy sits in front.
        endpoint: (ps) => `ws://127.0.0.1:${ps.port === GAME_PORT ? gamePort : ps.port}`,
      });
      const started = performance.now();
      await travel.joinWith(async () => {
        const ps = (await client!.send(new CreatePlayerSessionCommand({ GameSessionId: gameSessionId, PlayerId: identityId }))).PlayerSession!;
        return { playerSessionId: ps.PlayerSessionId!, ipAddress: ps.IpAddress, port: ps.Port };
      });
      const elapsed = performance.now() - started;
      if (i >= WARMUP) samples.push(elapsed);
      await travel.leave();
      destroy();
    }
    return samples;
  } finally {
    await gateway?.endSession("benchmark over");
    client?.destroy();
    cognito?.destroy();
    await sdk.destroy();
    await fleet.stop();
    await stack.stop();
    await Promise.all(proxies.map((p) => p.close()));
  }
}

/** The 50 ms link: a namespace of our own with netem on its loopback; undefined when the kernel has no netem. */
async function joinsInNetemNamespace(): Promise<number[] | undefined> {
  const ns = `pgl-join-bench-${process.pid}`;
  const ip = (...args: string[]) => spawnSync("ip", args, { encoding: "utf8" });
  if (ip("netns", "add", ns).status !== 0) return undefined;
  try {
    if (ip("-n", ns, "link", "set", "lo", "up").status !== 0) return undefined;
    const qdisc = spawnSync("ip", ["netns", "exec", ns, "tc", "qdisc", "add", "dev", "lo", "root", "netem", "delay", `${RTT_MS / 2}ms`], { encoding: "utf8" });
    if (qdisc.status !== 0) {
      process.stderr.write(`join-latency: netem unavailable (${qdisc.stderr.trim()}); using a user-space delay proxy\n`);
      return undefined;
    }
    const self = fileURLToPath(import.meta.url);
    const child = spawn("ip", ["netns", "exec", ns, process.execPath, "-C", "phaser-gamelift-source", "--import", "tsx", self, "--child"], { stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    child.stdout.on("data", (chunk) => (out += chunk));
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    if (code !== 0) throw new Error(`the benchmark in namespace ${ns} exited with ${code}`);
    return JSON.parse(out.trim().split("\n").at(-1)!) as number[];
  } finally {
    ip("netns", "del", ns);
  }
}

function rows(name: string, samples: number[], rttMs: number | undefined): BenchRow[] {
  const median = percentile(samples, 50);
  const p95 = percentile(samples, 95);
  if (rttMs === undefined) {
    return [
      { name, metric: "median", value: round(median, 2), unit: "ms" },
      { name, metric: "p95", value: round(p95, 2), unit: "ms" },
    ];
  }
  const budget = 4 * rttMs + 20;
  return [
    { name, metric: "median", value: round(median, 1), unit: "ms", target: `≤ ${budget} ms (4 RTT + 20 ms)` },
    { name, metric: "p95", value: round(p95, 1), unit: "ms", target: `≤ ${budget} ms` },
    { name, metric: "median in RTTs", value: round(median / rttMs, 2), unit: "RTT", target: `≤ ${round(budget / rttMs, 2)} RTT` },
    { name, metric: "p95 in RTTs", value: round(p95 / rttMs, 2), unit: "RTT" },
  ];
}

export async function benchJoinLatency(): Promise<BenchRow[]> {
  const loopback = await measureJoins(0);
  let slow = await joinsInNetemNamespace();
  let how = "netem in a network namespace";
  if (!slow) {
    slow = await measureJoins(RTT_MS / 2);
    how = "user-space delay proxy, no netem in this kernel";
  }
  // The gateway reads the player session's record before it asks GameLift to accept it (the proof of identity
  // is checked in between), one more round trip on the game server's own link to GameLift: measured apart.
  const near = await measureJoins(RTT_MS / 2, true);
  return [
    ...rows(`join → accepted, loopback (${JOINS} joins)`, loopback, undefined),
    ...rows(`join → accepted, ${RTT_MS} ms RTT (${how})`, slow, RTT_MS),
    ...rows(`join → accepted, ${RTT_MS} ms RTT to the player, game server beside GameLift (delay proxy)`, near, RTT_MS),
  ];
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (process.argv.includes("--child")) {
    console.log(JSON.stringify(await measureJoins(0)));
  } else {
    const { formatTable } = await import("./table.ts");
    console.log(formatTable(await benchJoinLatency()));
  }
}
