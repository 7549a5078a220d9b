// How a session the player did not leave ends, against the local stack and real demo game server processes:
// the player is back in the lobby within 5 s, told why, after `kill -9` of its server, a TerminateGameSession
// TRIGGER_ON_PROCESS_TERMINATE or FORCE_TERMINATE; and a player who leaves while reconnecting frees the seat at
// once (the demo servers hold a dropped seat for 30 s here, so only the kit's farewell can free it sooner).
// The measured times are printed, for the record.
import { DescribeGameSessionsCommand, DescribePlayerSessionsCommand, GameLiftClient, TerminateGameSessionCommand } from "@aws-sdk/client-gamelift";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import WebSocket from "ws";
import { identityPoolsExtension } from "../../../../../local/cognito/identity/index.ts";
import { userPoolsExtension } from "../../../../../local/cognito/userpool/index.ts";
import { launchFleet, type LaunchedFleet } from "../../../../../local/fleet/launcher.ts";
import { ensureDemoIdentity, type DemoIdentity } from "../../../../../local/setup/demo-identity.ts";
import { startLocalStack, type LocalStack } from "../../../../../local/stack.ts";
import { createGameLiftKit, plainByAddress, type GameLiftKit, type WebSocketConstructor } from "../../../../../plugin/core/index.ts";
import type { SessionEnding } from "../../../../../plugin/core/events/travel-events.ts";
import { eventually } from "../../../../helpers/eventually.ts";

const TARGET_MS = 5_000;
const GRACE_MS = 30_000;

let stack: LocalStack;
let fleet: LaunchedFleet;
let demo: DemoIdentity;
let gamelift: GameLiftClient;
const kits: GameLiftKit[] = [];
const output: string[] = [];
/** Every client socket the kits opened, to cut one as a network would. */
const sockets: WebSocket[] = [];
const measured: Record<string, number[]> = {};

class RecordedWebSocket extends WebSocket {
  constructor(url: string) {
    super(url);
    sockets.push(this);
  }
}

beforeAll(async () => {
  stack = await startLocalStack({ port: 0, extensions: [userPoolsExtension(), identityPoolsExtension()] });
  demo = await ensureDemoIdentity({ endpoint: stack.endpoint, region: stack.region, accountId: stack.accountId, credentials: stack.developerCredentials });
  gamelift = new GameLiftClient({ region: stack.region, endpoint: stack.endpoint, credentials: stack.developerCredentials, maxAttempts: 1 });
  fleet = await launchFleet({
    endpoint: stack.endpoint,
    region: stack.region,
    credentials: stack.developerCredentials,
    fleetName: "session-end",
    location: "custom-session-end",
    processes: 3,
    command: process.execPath,
    args: ["-C", "phaser-gamelift-source", "--import", "tsx", "demo/server/main.ts"],
    basePort: 0,
    ipAddress: "127.0.0.1",
    createAlias: true,
    stopGraceMs: 2_000,
    env: { PHASER_GAMELIFT_IDENTITY_POOL_ID: demo.identityPoolId, PHASER_GAMELIFT_IDENTITY_ISSUER: stack.endpoint, DEMO_GRACE_MS: String(GRACE_MS) },
    output: (line) => void output.push(line),
    log: (line) => void output.push(`[launcher] ${line}`),
  });
  await eventually(() => output.filter((l) => l.includes("process ready")).length >= 3, "three demo processes", 30_000, () => output.slice(-20).join("\n"));
}, 60_000);

afterAll(async () => {
  for (const kit of kits) kit.destroy();
  await fleet?.stop();
  gamelift?.destroy();
  await stack?.stop();
  // Passing tests print nothing (silent: passed-only); the times go to a file as well.
  mkdirSync("test-results", { recursive: true });
  writeFileSync(join("test-results", "session-end-times.json"), `${JSON.stringify(measured, null, 2)}\n`);
  for (const [what, times] of Object.entries(measured)) console.log(`[session-end] ${what}: ${times.map((t) => `${t} ms`).join(", ")}`);
});

function kit(): GameLiftKit {
  const k = createGameLiftKit(
    {
      region: stack.region,
      endpoint: stack.endpoint,
      cognito: { userPoolId: demo.userPoolId, appClientId: demo.appClientId, identityPoolId: demo.identityPoolId },
      gamelift: { aliasId: fleet.aliasId, location: fleet.location },
    },
    { WebSocket: RecordedWebSocket as unknown as WebSocketConstructor, travel: { endpoint: plainByAddress } },
  );
  kits.push(k);
  return k;
}

/** A signed-in demo player seated in a new session of its own; the session's id and its server process's pid. */
async function seatedPlayer(name: string): Promise<{ player: GameLiftKit; gameSessionId: string; pid: number; port: number }> {
  const player = kit();
  await player.auth.passwordGrantSignIn("alice", demo.users[0]!.password);
  const created = await player.sessions.createSession({ maxPlayers: 4, name, gameProperties: { map: "arena" } });
  await eventually(async () => {
    const [session] = (await gamelift.send(new DescribeGameSessionsCommand({ GameSessionId: created.gameSessionId }))).GameSessions ?? [];
    return session?.Status === "ACTIVE";
  }, `${name} to be ACTIVE`);
  await player.sessions.joinSession({ gameSessionId: created.gameSessionId });
  expect(player.travel.state).toBe("in-session");
  const port = created.session.port!;
  const host = fleet.processes().find((p) => p.port === port && p.pid !== undefined);
  expect(host, `the fleet process on port ${port}`).toBeDefined();
  return { player, gameSessionId: created.gameSessionId, pid: host!.pid!, port };
}

/** Runs `cause` and waits for the session to end on the player's kit; the time it took, the reason and the ending. */
async function endedBy(player: GameLiftKit, cause: () => Promise<void> | void): Promise<{ ms: number; reason: string; ending: SessionEnding }> {
  const ended = player.travel.bus.once("onSessionEnded");
  const started = performance.now();
  await cause();
  const [reason, ending] = await Promise.race([
    ended,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error("the session did not end within 20 s")), 20_000)),
  ]);
  return { ms: Math.round(performance.now() - started), reason, ending };
}

function record(what: string, ms: number): void {
  (measured[what] ??= []).push(ms);
}

/** The player reads words, never an ARN or an exception name. */
function expectPlayerWords(reason: string): void {
  expect(reason).not.toMatch(/arn:aws|gsess-|psess-|Exception|\(\d{4}/);
  expect(reason.length).toBeLessThan(120);
}

describe("back in the lobby within 5 s, told why", () => {
  test("kill -9 of the game server", async () => {
    for (let round = 0; round < 3; round++) {
      const { player, pid } = await seatedPlayer(`killed ${round}`);
      const { ms, reason, ending } = await endedBy(player, () => void process.kill(pid, "SIGKILL"));
      record(`kill -9 (${ending.cause})`, ms);
      expect(ms).toBeLessThan(TARGET_MS);
      expect(player.travel.state).toBe("idle");
      // On a stack that notices the process's death GameLift says so; otherwise the refused reconnections do.
      expect(["ServerGone", "SessionTerminated"]).toContain(ending.cause);
      expectPlayerWords(reason);
      expect(ending.detail).toMatch(/connection lost/);
    }
  }, 90_000);

  test("TerminateGameSession TRIGGER_ON_PROCESS_TERMINATE", async () => {
    const { player, gameSessionId } = await seatedPlayer("triggered");
    const { ms, reason, ending } = await endedBy(player, async () => {
      await gamelift.send(new TerminateGameSessionCommand({ GameSessionId: gameSessionId, TerminationMode: "TRIGGER_ON_PROCESS_TERMINATE" }));
    });
    record(`TRIGGER_ON_PROCESS_TERMINATE (${ending.cause})`, ms);
    expect(ms).toBeLessThan(TARGET_MS);
    // The demo server's onProcessTerminate ends its gateway's session with its own words; a server that does not
    // would leave it to GameLift's status, which the kit asks for when the connection drops.
    expect(["ServerEnded", "SessionTerminated"]).toContain(ending.cause);
    expectPlayerWords(reason);
  }, 60_000);

  // The fleet launcher stops a process GameLift force-terminated, as a managed fleet's host does.
  test("TerminateGameSession FORCE_TERMINATE", async () => {
    const { player, gameSessionId } = await seatedPlayer("forced");
    const { ms, reason, ending } = await endedBy(player, async () => {
      await gamelift.send(new TerminateGameSessionCommand({ GameSessionId: gameSessionId, TerminationMode: "FORCE_TERMINATE" }));
    });
    record(`FORCE_TERMINATE (${ending.cause})`, ms);
    expect(ms).toBeLessThan(TARGET_MS);
    expect(["ServerEnded", "SessionTerminated", "ServerGone"]).toContain(ending.cause);
    expectPlayerWords(reason);
  }, 60_000);
});

test("a leave while reconnecting frees the seat at once, not after the server's grace", async () => {
  const { player, gameSessionId } = await seatedPlayer("leaver");
  const seat = player.travel.session!.playerSessionId;
  const status = async () => (await gamelift.send(new DescribePlayerSessionsCommand({ PlayerSessionId: seat }))).PlayerSessions?.[0]?.Status;
  expect(await status()).toBe("ACTIVE");
  // The network drops the connection: no close frame, the server sees the socket die and holds the seat.
  const lost = player.travel.bus.once("onConnectionLost");
  sockets.at(-1)!.terminate();
  await lost;
  expect(player.travel.state).toBe("reconnecting");
  const started = performance.now();
  await player.sessions.leaveSession();
  expect(player.travel.state).toBe("idle");
  await eventually(async () => (await status()) === "COMPLETED", "the seat to be freed", 5_000);
  const ms = Math.round(performance.now() - started);
  record("seat freed after a leave while reconnecting", ms);
  expect(ms).toBeLessThan(GRACE_MS / 10);
  const [session] = (await gamelift.send(new DescribeGameSessionsCommand({ GameSessionId: gameSessionId }))).GameSessions ?? [];
  expect(session?.CurrentPlayerSessionCount).toBe(0);
}, 60_000);
