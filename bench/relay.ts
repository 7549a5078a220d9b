/**
 * How many players one game session's relay carries: N players, each sending a move 20 times a second, the
 * server relaying every move to the other N-1. Our player gateway (createPlayerGateway on a real
 * GameLiftServerSdk, fleet process of the local stack, players joining through CreatePlayerSession and the kit's
 * travel client) against a Colyseus 0.17 room doing the same (its SDK's joinOrCreate, room.send/onMessage),
 * same machine, same run, loopback.
 *
 * For each server: the largest N whose p99 delivery latency (sender's send → an observer's JS client has the
 * move) stays ≤ 50 ms, found by doubling from 4 and then bisecting, bounded by GameLift's 200 players per game
 * session (which the Colyseus room gets as its maxClients too) and by a fixed number of trials.
 *
 * Placement, the same for both: the server in a process of its own pinned to one core; every player in one
 * process pinned to the other core (bench/fixtures/relay-clients.ts says why only 8 of them decode what they
 * receive); the local stack (which only serves the joins) in this process. Each server gets one whole core and
 * the same load from the same process, and the load process's CPU use is reported so that a load-bound result
 * would show.
 *
 * Runnable alone: `npx tsx --conditions phaser-gamelift-source bench/relay.ts`.
 */
import type { ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { createInterface, type Interface } from "node:readline";
import { fileURLToPath, pathToFileURL } from "node:url";
import { CreateGameSessionCommand, GameLiftClient } from "@aws-sdk/client-gamelift";
import { CognitoIdentityClient, CreateIdentityPoolCommand, SetIdentityPoolRolesCommand } from "@aws-sdk/client-cognito-identity";
import { defaultRoleArns, identityPoolsExtension } from "../local/cognito/identity/index.ts";
import { launchFleet } from "../local/fleet/launcher.ts";
import { startLocalStack } from "../local/stack.ts";
import { freePort, LOAD_CORE, pinned, SERVER_CORE, spawnPinned, stopChild, tsNode } from "./fixtures/processes.ts";
import { round } from "./stats.ts";
import type { BenchRow } from "./types.ts";

const P99_BUDGET_MS = 50;
const MAX_PLAYERS = 200;
const FIRST_N = 4;
const MAX_TRIALS = 16;
const SETTLE_MS = 1_000;
const MEASURE_MS = 3_000;

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

/** A child speaking JSON lines: one command in, one answer out. */
export class LineChild {
  private readonly lines: Interface;
  private readonly waiting: ((line: string) => void)[] = [];
  private readonly buffered: string[] = [];
  private exited = false;
  readonly child: ChildProcess;
  readonly what: string;

  constructor(child: ChildProcess, what: string) {
    this.child = child;
    this.what = what;
    this.lines = createInterface({ input: child.stdout! });
    this.lines.on("line", (line) => {
      const next = this.waiting.shift();
      if (next) next(line);
      else this.buffered.push(line);
    });
    child.once("exit", () => {
      this.exited = true;
      for (const w of this.waiting.splice(0)) w("");
    });
  }

  async next<T>(): Promise<T> {
    const line = this.buffered.shift() ?? (this.exited ? "" : await new Promise<string>((resolve) => this.waiting.push(resolve)));
    if (!line) throw new Error(`${this.what} exited`);
    const value = JSON.parse(line) as T & { error?: string };
    if (value.error) throw new Error(`${this.what}: ${value.error}`);
    return value;
  }

  async ask<T>(command: object): Promise<T> {
    this.child.stdin!.write(`${JSON.stringify(command)}\n`);
    return this.next<T>();
  }

  async stop(): Promise<void> {
    this.child.stdin!.end();
    const exited = new Promise<void>((resolve) => (this.exited || this.child.exitCode !== null ? resolve() : this.child.once("exit", () => resolve())));
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5_000))]);
    await stopChild(this.child);
  }
}

/** CPU time (user + system) a process has used so far, from /proc; undefined where there is no /proc. */
export function cpuMsOf(pid: number | undefined): number | undefined {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return undefined;
  }
}

interface Trial {
  n: number;
  p50: number;
  p99: number;
  samples: number;
  expected: number;
  /** Share of one core the server used while the players moved. */
  serverCpu: number | undefined;
  /** Server CPU time per move delivered to one player, in µs: what fan-out costs, whatever else runs. */
  serverUsPerDelivery: number | undefined;
  /** Connections the server dropped during the trial. */
  drops: number;
  loadCpu: number;
}

interface Measured {
  maxPlayers: number;
  /** The trial at maxPlayers (undefined when even FIRST_N failed). */
  atMax: Trial | undefined;
  trials: Trial[];
}

/** Doubling, then bisection, bounded: the largest N whose p99 ≤ budget. */
async function search(server: ChildProcess, players: LineChild): Promise<Measured> {
  const trials: Trial[] = [];
  const trial = async (n: number): Promise<Trial> => {
    await players.ask({ cmd: "resize", n });
    const before = cpuMsOf(server.pid);
    const r = await players.ask<{ p50: number; p99: number; samples: number; expected: number; cpuMs: number; wallMs: number; deliveries: number; drops: string[] }>({
      cmd: "measure",
      settleMs: SETTLE_MS,
      measureMs: MEASURE_MS,
    });
    const after = cpuMsOf(server.pid);
    const t: Trial = {
      n,
      p50: r.p50,
      p99: r.p99,
      samples: r.samples,
      expected: r.expected,
      serverCpu: before === undefined || after === undefined ? undefined : (after - before) / r.wallMs,
      serverUsPerDelivery: before === undefined || after === undefined || r.deliveries === 0 ? undefined : ((after - before) * 1000) / r.deliveries,
      drops: r.drops.length,
      loadCpu: r.cpuMs / r.wallMs,
    };
    trials.push(t);
    process.stderr.write(`  relay n=${n}: p50 ${round(t.p50, 1)} ms, p99 ${round(t.p99, 1)} ms, ${t.samples}/${t.expected} moves seen, server CPU ${round(t.serverCpu ?? NaN, 2)} (${round(t.serverUsPerDelivery ?? NaN, 2)} µs/delivery), load CPU ${round(t.loadCpu, 2)}${t.drops ? `, ${t.drops} connections dropped` : ""}\n`);
    return t;
  };
  // Every move an observer should have seen must have arrived for the trial to pass.
  const ok = (t: Trial) => t.p99 <= P99_BUDGET_MS && t.samples >= t.expected && t.drops === 0;
  // A failed N is tried once more before it counts: on a shared machine one stall of the server's core by
  // another process is enough to push 1% of three seconds' moves past 50 ms. Both servers get the same.
  const run = async (n: number): Promise<Trial & { passed: boolean }> => {
    const first = await trial(n);
    if (ok(first)) return { ...first, passed: true };
    const second = await trial(n);
    return { ...second, passed: ok(second) };
  };
  let good: Trial | undefined;
  let bad: number | undefined;
  for (let n = FIRST_N; trials.length < MAX_TRIALS; n = Math.min(MAX_PLAYERS, n * 2)) {
    const t = await run(n);
    if (!t.passed) {
      bad = n;
      break;
    }
    good = t;
    if (n === MAX_PLAYERS) break;
  }
  while (bad !== undefined && trials.length < MAX_TRIALS) {
    const low = good?.n ?? 0;
    if (bad - low <= Math.max(2, Math.round(low * 0.05))) break;
    const t = await run(Math.floor((low + bad) / 2));
    if (t.passed) good = t;
    else bad = t.n;
  }
  return { maxPlayers: good?.n ?? 0, atMax: good, trials };
}

/** Runs `use` against our gateway with its players' process ready (and no player yet). */
export async function withGateway<T>(use: (server: ChildProcess, players: LineChild) => Promise<T>): Promise<T> {
  const stack = await startLocalStack({ port: 0, gameliftTimings: { playerSessionReservationMs: 3_600_000 }, extensions: [identityPoolsExtension()] });
  const cognito = new CognitoIdentityClient({ region: stack.region, endpoint: stack.endpoint, credentials: stack.developerCredentials, maxAttempts: 1 });
  const { IdentityPoolId } = await cognito.send(new CreateIdentityPoolCommand({ IdentityPoolName: "relay players", AllowUnauthenticatedIdentities: true }));
  await cognito.send(new SetIdentityPoolRolesCommand({ IdentityPoolId, Roles: defaultRoleArns(stack.accountId) }));
  cognito.destroy();
  const identityPoolId = IdentityPoolId!;
  const gamePort = await freePort();
  const fleet = await launchFleet({
    endpoint: stack.endpoint,
    region: stack.region,
    credentials: stack.developerCredentials,
    location: "custom-bench-relay",
    fleetName: "bench-relay",
    processes: 0,
    command: process.execPath,
    basePort: gamePort,
    ipAddress: "127.0.0.1",
    log: () => undefined,
  });
  const params = { webSocketUrl: fleet.webSocketUrl, processId: "bench-relay-0", hostId: fleet.computeName, fleetId: fleet.fleetId, authToken: await fleet.authToken(), port: gamePort, identityPoolId, issuer: stack.endpoint };
  const [node, args] = tsNode(fixture("relay-gateway-server.ts"), JSON.stringify(params));
  const server = new LineChild(spawnPinned(SERVER_CORE, node, args, { stdio: ["pipe", "pipe", "inherit"] }), "the gateway server");
  const gamelift = new GameLiftClient({ region: stack.region, endpoint: stack.endpoint, credentials: stack.developerCredentials, maxAttempts: 1 });
  let players: LineChild | undefined;
  try {
    await server.next<{ ready: true }>();
    const created = await gamelift.send(new CreateGameSessionCommand({ FleetId: fleet.fleetId, Location: "custom-bench-relay", MaximumPlayerSessionCount: MAX_PLAYERS }));
    await server.next<{ active: true }>();
    const target = { endpoint: stack.endpoint, region: stack.region, credentials: stack.developerCredentials, gameSessionId: created.GameSession!.GameSessionId!, identityPoolId };
    const [cnode, cargs] = tsNode(fixture("relay-clients.ts"), "gateway", JSON.stringify(target));
    players = new LineChild(spawnPinned(LOAD_CORE, cnode, cargs, { stdio: ["pipe", "pipe", "inherit"] }), "the gateway's players");
    return await use(server.child, players);
  } finally {
    await players?.stop();
    await server.stop();
    gamelift.destroy();
    await fleet.stop();
    await stack.stop();
  }
}

/** Runs `use` against the Colyseus room's server with its players' process ready (and no player yet). */
export async function withColyseus<T>(use: (server: ChildProcess, players: LineChild) => Promise<T>): Promise<T> {
  const [node, args] = tsNode(fixture("relay-colyseus-server.ts"));
  const server = new LineChild(spawnPinned(SERVER_CORE, node, args, { stdio: ["pipe", "pipe", "inherit"] }), "the Colyseus server");
  let players: LineChild | undefined;
  try {
    const { port } = await server.next<{ port: number }>();
    const [cnode, cargs] = tsNode(fixture("relay-clients.ts"), "colyseus", JSON.stringify({ endpoint: `http://127.0.0.1:${port}` }));
    players = new LineChild(spawnPinned(LOAD_CORE, cnode, cargs, { stdio: ["pipe", "pipe", "inherit"] }), "the Colyseus players");
    return await use(server.child, players);
  } finally {
    await players?.stop();
    await server.stop();
  }
}

function describe(m: Measured): string {
  const t = m.atMax;
  if (!t) return "none passed";
  const cpu = (v: number | undefined) => (v === undefined ? "?" : `${Math.round(v * 100)}%`);
  return `p99 ${round(t.p99, 1)} ms, server CPU ${cpu(t.serverCpu)} (${round(t.serverUsPerDelivery ?? NaN, 2)} µs per delivered move), load CPU ${cpu(t.loadCpu)}`;
}

export async function benchRelay(): Promise<BenchRow[]> {
  process.stderr.write(" relay: gateway\n");
  const gateway = await withGateway(search);
  process.stderr.write(" relay: Colyseus\n");
  const colyseus = await withColyseus(search);
  const where = pinned ? "server on one core, players on the other" : "unpinned (no taskset)";
  const name = `relay: N players × 20 moves/s, each relayed to the others, p99 ≤ ${P99_BUDGET_MS} ms (${where})`;
  const capped = (m: Measured) => (m.maxPlayers >= MAX_PLAYERS ? ` (GameLift's cap: ≥ ${MAX_PLAYERS})` : "");
  return [
    {
      id: "gateway.relay.maxPlayers",
      name,
      metric: `largest N${capped(gateway)}; at it: ${describe(gateway)}`,
      value: gateway.maxPlayers,
      unit: "players",
      peer: "Colyseus 0.17 room",
      peerValue: colyseus.maxPlayers,
    },
    { id: "gateway.relay.colyseus.maxPlayers", name: `${name} (peer)`, metric: `Colyseus: largest N${capped(colyseus)}; at it: ${describe(colyseus)}`, value: colyseus.maxPlayers, unit: "players" },
    {
      id: "gateway.relay.ratioToColyseus",
      name,
      metric: "ratio of largest N, gateway to Colyseus",
      value: colyseus.maxPlayers > 0 ? round(gateway.maxPlayers / colyseus.maxPlayers, 2) : Number.NaN,
      unit: "×",
      target: "≥ 1.0×",
      peer: "Colyseus 0.17 room",
    },
  ];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const { formatTable } = await import("./table.ts");
  console.log(formatTable(await benchRelay()));
}
