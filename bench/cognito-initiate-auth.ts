/**
 * InitiateAuth USER_PASSWORD_AUTH throughput, the local stack against moto_server: the same pool, client and user
 * set up on each through the real SDK client, then a fixed number of sign-ins from several concurrent clients.
 * Both servers run in their own process, so the clients' CPU is not the server's.
 *
 * Every local sign-in does the work Cognito's does: the password is checked against the stored SRP verifier (one
 * 3072-bit modexp, ~1 ms), then an ID and an access token are signed with RS256 (two 2048-bit RSA private-key
 * operations, ~1 ms each). Those three dominate; there is no cache in front of them. moto compares the password
 * as a plain string but signs its tokens the same way, so it pays for the two signatures and not the modexp.
 *
 * Why 10× moto is out of reach on 2 cores: moto manages roughly 150-180 sign-ins/s here, so 10× would be
 * 1,500-1,800/s: 1.1-1.3 ms of CPU per sign-in over both cores, before the load generator takes its share. The two RSA signatures alone take ~2 ms (jose signs on the libuv thread pool, so they can use the
 * second core, but not less CPU); with the modexp, HTTP and JSON the ceiling is a few hundred per second. The
 * ratio is reported, not held to a target.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { Agent, request } from "node:http";
import { createServer } from "node:net";
import { createInterface } from "node:readline";
import { pathToFileURL } from "node:url";
import {
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { round } from "./stats.ts";
import { formatTable } from "./table.ts";
import type { BenchRow } from "./types.ts";

const REQUESTS = 2000;
const CLIENTS = 16;
const WARMUP = 50;
const PASSWORD = "Bench-passw0rd!";
const FIXTURE = new URL("../test/fixtures/cognito-stack.ts", import.meta.url).pathname;

interface Server {
  endpoint: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  stop(): Promise<void>;
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill("SIGKILL"), 5000);
    child.once("exit", () => {
      clearTimeout(force);
      resolve();
    });
    child.kill("SIGTERM");
  });
}

async function startLocal(): Promise<Server> {
  const child = spawn(process.execPath, ["-C", "phaser-gamelift-source", "--import", "tsx", FIXTURE], { stdio: ["ignore", "pipe", "ignore"] });
  const line = await new Promise<string>((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`local stack exited (${code}) before it listened`)));
    createInterface({ input: child.stdout! }).once("line", resolve);
  });
  const { endpoint, credentials } = JSON.parse(line) as Pick<Server, "endpoint" | "credentials">;
  return { endpoint, credentials, stop: () => stopChild(child) };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

async function startMoto(): Promise<Server> {
  const port = await freePort();
  const child = spawn("moto_server", ["-H", "127.0.0.1", "-p", String(port)], { stdio: "ignore" });
  const failed = new Promise<never>((_, reject) => {
    child.once("error", (e) => reject(new Error(`moto_server could not start: ${e.message}`)));
    child.once("exit", (code) => reject(new Error(`moto_server exited (${code})`)));
  });
  const endpoint = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      await Promise.race([fetch(`${endpoint}/moto-api/`), failed]);
      break;
    } catch (e) {
      if (Date.now() > deadline || (e as Error).message.startsWith("moto_server")) {
        await stopChild(child);
        throw e;
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  return { endpoint, credentials: { accessKeyId: "testing", secretAccessKey: "testing" }, stop: () => stopChild(child) };
}

/** One pool, one client allowing USER_PASSWORD_AUTH, one confirmed user; set up the same way on either server. */
async function setUp(server: Server): Promise<string> {
  const admin = new CognitoIdentityProviderClient({ region: "us-west-2", endpoint: server.endpoint, credentials: server.credentials, maxAttempts: 1 });
  try {
    const { UserPool } = await admin.send(new CreateUserPoolCommand({ PoolName: "bench" }));
    const { UserPoolClient } = await admin.send(
      new CreateUserPoolClientCommand({ UserPoolId: UserPool!.Id!, ClientName: "bench", ExplicitAuthFlows: ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"] }),
    );
    await admin.send(new AdminCreateUserCommand({ UserPoolId: UserPool!.Id!, Username: "player", MessageAction: "SUPPRESS", TemporaryPassword: "Temp-passw0rd!" }));
    await admin.send(new AdminSetUserPasswordCommand({ UserPoolId: UserPool!.Id!, Username: "player", Password: PASSWORD, Permanent: true }));
    return UserPoolClient!.ClientId!;
  } finally {
    admin.destroy();
  }
}

/**
 * Sign-ins per second: `requests` InitiateAuth calls shared by CLIENTS concurrent callers, each one request at a
 * time on its own keep-alive connection. The load is plain HTTP with the exact bytes the SDK sends (unsigned
 * awsJson1_1), not the SDK itself: on a small machine the SDK's per-call overhead would otherwise be what is
 * measured, for both servers.
 */
async function signInsPerSecond(server: Server, clientId: string, requests: number): Promise<number> {
  const url = new URL(server.endpoint);
  const agent = new Agent({ keepAlive: true, maxSockets: CLIENTS });
  const body = JSON.stringify({ AuthFlow: "USER_PASSWORD_AUTH", ClientId: clientId, AuthParameters: { USERNAME: "player", PASSWORD } });
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

export async function benchInitiateAuth(): Promise<BenchRow[]> {
  const moto = await measure(startMoto);
  const local = await measure(startLocal);
  const name = `InitiateAuth USER_PASSWORD_AUTH, ${CLIENTS} clients`;
  return [
    { name, metric: "throughput", value: round(local, 1), unit: "req/s", peer: "moto_server", peerValue: round(moto, 1) },
    { name, metric: "ratio to moto", value: round(local / moto, 2), unit: "×", target: "≥ 10× (not met: 2 RS256 signatures + a 3072-bit modexp per sign-in)" },
  ];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  console.log(formatTable(await benchInitiateAuth()));
}
