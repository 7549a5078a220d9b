/**
 * InitiateAuth USER_PASSWORD_AUTH throughput: the local stack beside its peers, moto_server and cognito-local,
 * and beside the crypto floor. The same pool, client and user are set up on each server through the real SDK
 * client, then a fixed number of sign-ins come from the same concurrent clients. Each server runs in a process
 * of its own pinned to one core (the same core for all, one after the other), so every peer gets the same CPU
 * and the load generator, on the other core, does not take it.
 *
 * Every local sign-in does the work Cognito's does: the password is checked against the stored SRP verifier (one
 * 3072-bit modexp), then an ID and an access token are signed with RS256 (two 2048-bit RSA private-key
 * operations). Those three are the floor: bench/fixtures/crypto-floor.ts does exactly them with OpenSSL in a
 * tight loop on the same core, and "fraction of floor" is how close the whole request (HTTP, JSON, the pool's
 * rules, the tokens' claims) comes to it. moto compares the password as a plain string and signs two tokens;
 * cognito-local compares it as a plain string, signs three (access, ID and a JWT refresh token) and rewrites its
 * JSON database file on every sign-in (the refresh token is stored). The local stack runs in memory here, as
 * moto does.
 */
import type { ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { Agent, request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath, pathToFileURL } from "node:url";
import {
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { freePort, pinned, SERVER_CORE, spawnPinned, stopChild, tsNode } from "./fixtures/processes.ts";
import { round } from "./stats.ts";
import { formatTable } from "./table.ts";
import type { BenchRow } from "./types.ts";

const REQUESTS = 2000;
const CLIENTS = 16;
const WARMUP = 100;
const USERNAME = "player@example.com";
const PASSWORD = "Bench-passw0rd!";
const FLOOR_SECONDS = 3;
const FIXTURE = fileURLToPath(new URL("../test/fixtures/cognito-stack.ts", import.meta.url));
const FLOOR = fileURLToPath(new URL("./fixtures/crypto-floor.ts", import.meta.url));

interface Server {
  endpoint: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  stop(): Promise<void>;
}

interface Peer {
  name: string;
  start(): Promise<Server>;
}

async function startLocal(): Promise<Server> {
  const [node, args] = tsNode(FIXTURE);
  const child = spawnPinned(SERVER_CORE, node, args, { stdio: ["ignore", "pipe", "ignore"] });
  const line = await new Promise<string>((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`local stack exited (${code}) before it listened`)));
    createInterface({ input: child.stdout! }).once("line", resolve);
  });
  const { endpoint, credentials } = JSON.parse(line) as Pick<Server, "endpoint" | "credentials">;
  return { endpoint, credentials, stop: () => stopChild(child) };
}

/** Polls `url` until it answers (any status) or the child dies or 30 s pass. */
async function waitUntilServing(url: string, child: ChildProcess, what: string): Promise<void> {
  const failed = new Promise<never>((_, reject) => {
    child.once("error", (e) => reject(new Error(`${what} could not start: ${e.message}`)));
    child.once("exit", (code) => reject(new Error(`${what} exited (${code}) before it listened`)));
  });
  failed.catch(() => undefined);
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      await Promise.race([fetch(url, { method: "POST", body: "{}" }), failed]);
      return;
    } catch (e) {
      if (Date.now() > deadline || (e as Error).message.startsWith(what)) {
        await stopChild(child);
        throw e;
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

async function startMoto(): Promise<Server> {
  const port = await freePort();
  const child = spawnPinned(SERVER_CORE, "moto_server", ["-H", "127.0.0.1", "-p", String(port)], { stdio: "ignore" });
  const endpoint = `http://127.0.0.1:${port}`;
  await waitUntilServing(`${endpoint}/moto-api/`, child, "moto_server");
  return { endpoint, credentials: { accessKeyId: "testing", secretAccessKey: "testing" }, stop: () => stopChild(child) };
}

/** cognito-local as its README runs it (its own bin, logging to stdout), with its database in a fresh directory. */
async function startCognitoLocal(): Promise<Server> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), "pgl-cognito-local-"));
  const bin = createRequire(import.meta.url).resolve("cognito-local/lib/bin/start.js");
  const child = spawnPinned(SERVER_CORE, process.execPath, [bin], {
    cwd: dir,
    stdio: "ignore",
    env: { ...process.env, PORT: String(port), HOST: "127.0.0.1", AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE: "1" },
  });
  const endpoint = `http://127.0.0.1:${port}`;
  try {
    await waitUntilServing(endpoint, child, "cognito-local");
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  return {
    endpoint,
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
    stop: async () => {
      await stopChild(child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** One pool, one client allowing USER_PASSWORD_AUTH, one confirmed user; set up the same way on every server. */
async function setUp(server: Server): Promise<string> {
  const admin = new CognitoIdentityProviderClient({ region: "us-west-2", endpoint: server.endpoint, credentials: server.credentials, maxAttempts: 1 });
  try {
    const { UserPool } = await admin.send(new CreateUserPoolCommand({ PoolName: "bench" }));
    const { UserPoolClient } = await admin.send(
      new CreateUserPoolClientCommand({ UserPoolId: UserPool!.Id!, ClientName: "bench", ExplicitAuthFlows: ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"] }),
    );
    await admin.send(new AdminCreateUserCommand({ UserPoolId: UserPool!.Id!, Username: USERNAME, MessageAction: "SUPPRESS", TemporaryPassword: "Temp-passw0rd!" }));
    await admin.send(new AdminSetUserPasswordCommand({ UserPoolId: UserPool!.Id!, Username: USERNAME, Password: PASSWORD, Permanent: true }));
    return UserPoolClient!.ClientId!;
  } finally {
    admin.destroy();
  }
}

/**
 * Sign-ins per second: `requests` InitiateAuth calls shared by CLIENTS concurrent callers, each one request at a
 * time on its own keep-alive connection. The load is plain HTTP with the exact bytes the SDK sends (unsigned
 * awsJson1_1), not the SDK itself: on a small machine the SDK's per-call overhead would otherwise be what is
 * measured, for every server.
 */
async function signInsPerSecond(server: Server, clientId: string, requests: number): Promise<number> {
  const url = new URL(server.endpoint);
  const agent = new Agent({ keepAlive: true, maxSockets: CLIENTS });
  const body = JSON.stringify({ AuthFlow: "USER_PASSWORD_AUTH", ClientId: clientId, AuthParameters: { USERNAME, PASSWORD } });
  const signIn = () =>
    new Promise<void>((resolve, reject) => {
      const req = request(
        {
          agent,
          host: url.hostname,
          port: url.port,
          method: "POST",
          path: "/",
          headers: {
            "content-type": "application/x-amz-json-1.1",
            "x-amz-target": "AWSCognitoIdentityProviderService.InitiateAuth",
            "content-length": Buffer.byteLength(body),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("end", () => {
            const text = Buffer.concat(chunks).toString("utf8");
            if (res.statusCode === 200 && text.includes('"AccessToken"')) resolve();
            else reject(new Error(`sign-in failed (${res.statusCode}): ${text.slice(0, 200)}`));
          });
          res.on("error", reject);
        },
      );
      req.on("error", reject);
      req.end(body);
    });
  try {
    const run = async (count: number) => {
      let issued = 0;
      await Promise.all(
        Array.from({ length: CLIENTS }, async () => {
          while (issued++ < count) await signIn();
        }),
      );
    };
    await run(Math.min(WARMUP, requests));
    const t0 = performance.now();
    await run(requests);
    return requests / ((performance.now() - t0) / 1000);
  } finally {
    agent.destroy();
  }
}

async function measure(start: () => Promise<Server>): Promise<number> {
  const server = await start();
  try {
    return await signInsPerSecond(server, await setUp(server), REQUESTS);
  } finally {
    await server.stop();
  }
}

interface Floor {
  signInsPerSecond: number;
  modexpMs: number;
  signMs: number;
}

async function measureFloor(): Promise<Floor> {
  const child = spawnPinned(SERVER_CORE, process.execPath, ["--import", "tsx", FLOOR, String(FLOOR_SECONDS)], { stdio: ["ignore", "pipe", "inherit"] });
  let out = "";
  child.stdout!.on("data", (chunk) => (out += chunk));
  const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
  if (code !== 0) throw new Error(`the crypto floor exited with ${code}`);
  return JSON.parse(out.trim()) as Floor;
}

const PEERS: Peer[] = [
  { name: "moto_server", start: startMoto },
  { name: "cognito-local", start: startCognitoLocal },
];

export async function benchInitiateAuth(): Promise<BenchRow[]> {
  const local = await measure(startLocal);
  const peers: { name: string; value: number }[] = [];
  const missing: string[] = [];
  for (const peer of PEERS) {
    try {
      peers.push({ name: peer.name, value: await measure(peer.start) });
    } catch (e) {
      process.stderr.write(`cognito-initiate-auth: ${peer.name} not measured: ${(e as Error).message}\n`);
      missing.push(peer.name);
    }
  }
  const floor = await measureFloor();
  const best = peers.reduce<{ name: string; value: number } | undefined>((a, b) => (a && a.value >= b.value ? a : b), undefined);
  const where = pinned ? `server on one core` : `server unpinned (no taskset)`;
  const name = `InitiateAuth USER_PASSWORD_AUTH, ${CLIENTS} clients, ${where}`;
  const rows: BenchRow[] = [
    {
      id: "cognito.initiateAuth.throughput",
      name,
      metric: "throughput",
      value: round(local, 1),
      unit: "req/s",
      ...(best ? { peer: `best peer: ${best.name}`, peerValue: round(best.value, 1) } : {}),
    },
    ...peers.map((p) => ({ id: `cognito.initiateAuth.peer.${p.name}`, name: `${name} (peer)`, metric: `throughput, ${p.name}`, value: round(p.value, 1), unit: "req/s" })),
    {
      id: "cognito.initiateAuth.floor",
      name: "crypto floor of a sign-in (3072-bit modexp + 2 RS256 signatures, OpenSSL, one core)",
      metric: `throughput (modexp ${round(floor.modexpMs, 2)} ms, RS256 ${round(floor.signMs, 2)} ms)`,
      value: round(floor.signInsPerSecond, 1),
      unit: "req/s",
    },
  ];
  if (best) {
    rows.push({
      id: "cognito.initiateAuth.ratioToBestPeer",
      name,
      metric: `ratio to the best peer (${best.name})`,
      value: round(local / best.value, 2),
      unit: "×",
      target: "≥ 1.0×",
      peer: best.name,
    });
  }
  if (missing.length > 0) rows.push({ name, metric: `peers not measured: ${missing.join(", ")}`, value: missing.length, unit: "peers" });
  rows.push({
    id: "cognito.initiateAuth.fractionOfFloor",
    name,
    metric: "fraction of the crypto floor",
    value: round(local / floor.signInsPerSecond, 2),
    unit: "of floor",
    target: "≥ 0.70",
  });
  return rows;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  console.log(formatTable(await benchInitiateAuth()));
}
