// Join latency: from the join call to "accepted". A join is CreatePlayerSession (the kit fetches the identity
// token meanwhile), the WebSocket to the game server, the hello, the gateway's token check, the player session's
// record (DescribePlayerSessions) and AcceptPlayerSession. Three ways a join can go, as the kit does them:
// - cold: the game server's address is known (the session came from a search), so the kit opens the socket while
//   the seat is being reserved (kit.sessions.joinSession does this): 3 round trips to the player;
// - pre-connected: the socket was opened when the player picked the session (kit.sessions.prepareJoin, the lobby
//   on hover), so the join is CreatePlayerSession, then hello → accepted: 2 round trips;
// - address unknown: reserve first, then connect with the player session id in the URL (early admission: the
//   gateway reads the record during the handshake): 4 round trips.
// Measured on loopback, with every leg at 50 ms RTT, and with the player's legs at 50 ms while the game server
// sits beside GameLift (2 ms RTT), as a fleet in GameLift's Region does. The slow links are a network namespace
// with netem on its loopback when the kernel has netem (every leg alike), else user-space delay proxies on
// loopback; either way they are torn down at the end.
//
// Runnable alone: `npx tsx --conditions phaser-gamelift-source bench/join-latency.ts`.
import { spawn, spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import WebSocket from "ws";
import { CreateGameSessionCommand, CreatePlayerSessionCommand, GameLiftClient } from "@aws-sdk/client-gamelift";
import { CognitoIdentityClient, CreateIdentityPoolCommand, GetIdCommand, GetOpenIdTokenCommand } from "@aws-sdk/client-cognito-identity";
import { identityPoolsExtension } from "../local/cognito/identity/index.ts";
import { launchFleet } from "../local/fleet/launcher.ts";
import { startLocalStack } from "../local/stack.ts";
import { createTravel } from "../plugin/core/travel/connection.ts";
import type { WebSocketConstructor } from "../plugin/core/travel/link.ts";
import { createPlayerGateway, GameLiftServerSdk, type PlayerGateway } from "../server/index.ts";
import { startDelayProxy, type DelayProxy } from "./fixtures/delay-proxy.ts";
import { freePort } from "./fixtures/processes.ts";
import { percentile, round } from "./stats.ts";
import type { BenchRow } from "./types.ts";

const JOINS = 40;
const WARMUP = 5;
const RTT_MS = 50;
/** The game server's link to GameLift when both are in one Region. */
const NEAR_RTT_MS = 2;
const quiet = { info() {}, warn() {}, error() {}, debug() {} };

type Mode = "cold" | "preconnected" | "addressUnknown";
const MODES: Mode[] = ["cold", "preconnected", "addressUnknown"];
type Samples = Record<Mode, number[]>;

interface Links {
  /** One way, the player's links (to GameLift and Cognito, and to the game server). */
  playerMs: number;
  /** One way, the game server's link to GameLift. */
  serverMs: number;
}

/** Join times in ms for each mode, interleaved, everything in this process; links > 0 go through delay proxies. */
async function measureJoins(links: Links, modes: Mode[]): Promise<Samples> {
  const proxies: DelayProxy[] = [];
  const delayed = async (port: number, oneWayMs: number) => {
    if (oneWayMs === 0) return port;
    const proxy = await startDelayProxy(port, oneWayMs);
    proxies.push(proxy);
    return proxy.port;
  };
  const gamePort = await freePort();
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
    basePort: gamePort,
    ipAddress: "127.0.0.1",
    log: () => undefined,
  });
  try {
    const sdkUrl = new URL(fleet.webSocketUrl);
    sdkUrl.port = String(await delayed(Number(sdkUrl.port), links.serverMs));
    let identityPoolId = "";
    let issuer = "";
    let gatewayReady!: () => void;
    const gatewayCanStart = new Promise<void>((resolve) => (gatewayReady = resolve));
    let activated!: () => void;
    const active = new Promise<void>((resolve) => (activated = resolve));
    await sdk.initSDK({ webSocketUrl: sdkUrl.toString(), processId: "bench-join-0", hostId: fleet.computeName, fleetId: fleet.fleetId, authToken: await fleet.authToken() });
    await sdk.processReady({
      port: gamePort,
      onStartGameSession: async (session) => {
        await gatewayCanStart;
        gateway = await createPlayerGateway({
          sdk,
          gameSession: session,
          port: gamePort,
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
    const slowStack = `http://127.0.0.1:${await delayed(stackPort, links.playerMs)}`;
    client = new GameLiftClient({ region: stack.region, endpoint: slowStack, credentials: stack.developerCredentials, maxAttempts: 1 });
    cognito = new CognitoIdentityClient({ region: stack.region, endpoint: slowStack, credentials: stack.developerCredentials, maxAttempts: 1 });
    identityPoolId = (await cognito.send(new CreateIdentityPoolCommand({ IdentityPoolName: "bench players", AllowUnauthenticatedIdentities: true }))).IdentityPoolId!;
    issuer = stack.endpoint;
    gatewayReady();
    const created = await client.send(new CreateGameSessionCommand({ FleetId: fleet.fleetId, Location: "custom-bench-join", MaximumPlayerSessionCount: 200 }));
    const gameSessionId = created.GameSession!.GameSessionId!;
    await active;
    const proxiedGamePort = await delayed(gamePort, links.playerMs);
    // The game server's address as a search shows it.
    const server = { ipAddress: "127.0.0.1", port: gamePort, gameSessionId };

    const samples: Samples = { cold: [], preconnected: [], addressUnknown: [] };
    for (let i = 0; i < (WARMUP + JOINS) * modes.length; i++) {
      const mode = modes[i % modes.length]!;
      // Signing in (the identity id) is not part of a join; the OpenID token is, as the kit fetches it then.
      const identityId = (await cognito.send(new GetIdCommand({ IdentityPoolId: identityPoolId }))).IdentityId!;
      const sockets: WebSocket[] = [];
      const Tracked = class extends WebSocket {
        constructor(url: string | URL) {
          super(url);
          sockets.push(this);
        }
      } as unknown as WebSocketConstructor;
      const { travel, destroy } = createTravel({
        identityToken: async () => (await cognito!.send(new GetOpenIdTokenCommand({ IdentityId: identityId }))).Token,
        WebSocket: Tracked,
        // The overridable endpoint policy at work: the player session names the game port; the proxy sits in front.
        endpoint: (ps) => `ws://127.0.0.1:${ps.port === gamePort ? proxiedGamePort : ps.port}`,
      });
      if (mode === "preconnected") {
        travel.preconnect(server);
        // The player picked the session a moment before pressing Join.
        await new Promise<void>((resolve, reject) => {
          const socket = sockets[0];
          if (!socket) return reject(new Error("preconnect opened no socket"));
          socket.once("open", () => resolve());
          socket.once("close", () => reject(new Error("the spare socket closed before it opened")));
        });
      }
      const started = performance.now();
      if (mode === "cold") travel.preconnect(server);
      await travel.joinWith(async () => {
        const ps = (await client!.send(new CreatePlayerSessionCommand({ GameSessionId: gameSessionId, PlayerId: identityId }))).PlayerSession!;
        return { playerSessionId: ps.PlayerSessionId!, ipAddress: ps.IpAddress, port: ps.Port };
      });
      const elapsed = performance.now() - started;
      if (sockets.length !== 1) throw new Error(`a ${mode} join opened ${sockets.length} sockets`);
      if (i >= WARMUP * modes.length) samples[mode].push(elapsed);
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

/** Every leg at 50 ms: a namespace of our own with netem on its loopback; undefined when the kernel has no netem. */
async function joinsInNetemNamespace(modes: Mode[]): Promise<Samples | undefined> {
  const ns = `pgl-join-bench-${process.pid}`;
  const ip = (...args: string[]) => spawnSync("ip", args, { encoding: "utf8" });
  if (ip("netns", "add", ns).status !== 0) return undefined;
  try {
    if (ip("-n", ns, "link", "set", "lo", "up").status !== 0) return undefined;
    const qdisc = spawnSync("ip", ["netns", "exec", ns, "tc", "qdisc", "add", "dev", "lo", "root", "netem", "delay", `${RTT_MS / 2}ms`], { encoding: "utf8" });
    if (qdisc.status !== 0) {
      process.stderr.write(`join-latency: netem unavailable (${qdisc.stderr.trim()}); using user-space delay proxies\n`);
      return undefined;
    }
    const self = fileURLToPath(import.meta.url);
    const child = spawn("ip", ["netns", "exec", ns, process.execPath, "-C", "phaser-gamelift-source", "--import", "tsx", self, "--child", modes.join(",")], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    let out = "";
    child.stdout.on("data", (chunk) => (out += chunk));
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    if (code !== 0) throw new Error(`the benchmark in namespace ${ns} exited with ${code}`);
    return JSON.parse(out.trim().split("\n").at(-1)!) as Samples;
  } finally {
    ip("netns", "del", ns);
  }
}

interface RowSpec {
  id?: string;
  name: string;
  samples: number[];
  rttMs?: number;
  /** Round trips to the player the join should cost, for the target (with 10 ms to spare). */
  targetRtts?: number;
}

function rows({ id, name, samples, rttMs, targetRtts }: RowSpec): BenchRow[] {
  const median = percentile(samples, 50);
  const p95 = percentile(samples, 95);
  const digits = rttMs === undefined ? 2 : 1;
  const budget = rttMs !== undefined && targetRtts !== undefined ? targetRtts * rttMs + 10 : undefined;
  const target = budget === undefined ? {} : { target: `≤ ${budget} ms (${targetRtts} RTT + 10 ms)` };
  const out: BenchRow[] = [
    { ...(id ? { id } : {}), name, metric: "median", value: round(median, digits), unit: "ms", ...target },
    { name, metric: "p95", value: round(p95, digits), unit: "ms" },
  ];
  if (rttMs !== undefined) out.push({ name, metric: "median in RTTs", value: round(median / rttMs, 2), unit: "RTT" });
  return out;
}

export async function benchJoinLatency(): Promise<BenchRow[]> {
  const loopback = await measureJoins({ playerMs: 0, serverMs: 0 }, ["cold", "preconnected"]);
  let everyLeg = await joinsInNetemNamespace(MODES);
  let how = "netem in a network namespace";
  if (!everyLeg) {
    everyLeg = await measureJoins({ playerMs: RTT_MS / 2, serverMs: RTT_MS / 2 }, MODES);
    how = "delay proxies, no netem in this kernel";
  }
  const near = await measureJoins({ playerMs: RTT_MS / 2, serverMs: NEAR_RTT_MS / 2 }, MODES);
  const all = `join → accepted, every leg ${RTT_MS} ms RTT (${how})`;
  const beside = `join → accepted, player ${RTT_MS} ms RTT, game server ↔ GameLift ${NEAR_RTT_MS} ms RTT (delay proxies)`;
  return [
    ...rows({ id: "join.loopback.medianMs", name: `join → accepted, loopback, cold (${JOINS} joins)`, samples: loopback.cold }),
    ...rows({ id: "join.loopback.preconnected.medianMs", name: `join → accepted, loopback, pre-connected (${JOINS} joins)`, samples: loopback.preconnected }),
    ...rows({ id: "join.rtt50all.medianMs", name: `${all}, cold`, samples: everyLeg.cold, rttMs: RTT_MS }),
    ...rows({ id: "join.rtt50all.preconnected.medianMs", name: `${all}, pre-connected`, samples: everyLeg.preconnected, rttMs: RTT_MS }),
    ...rows({ id: "join.rtt50all.addressUnknown.medianMs", name: `${all}, address unknown (early admission)`, samples: everyLeg.addressUnknown, rttMs: RTT_MS }),
    ...rows({ id: "join.rtt50.medianMs", name: `${beside}, cold`, samples: near.cold, rttMs: RTT_MS, targetRtts: 3 }),
    ...rows({ id: "join.rtt50.preconnected.medianMs", name: `${beside}, pre-connected`, samples: near.preconnected, rttMs: RTT_MS, targetRtts: 2 }),
    ...rows({ id: "join.rtt50.addressUnknown.medianMs", name: `${beside}, address unknown (early admission)`, samples: near.addressUnknown, rttMs: RTT_MS }),
  ];
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const child = process.argv.indexOf("--child");
  if (child >= 0) {
    console.log(JSON.stringify(await measureJoins({ playerMs: 0, serverMs: 0 }, (process.argv[child + 1] ?? "cold").split(",") as Mode[])));
  } else {
    const { formatTable } = await import("./table.ts");
    console.log(formatTable(await benchJoinLatency()));
  }
}
