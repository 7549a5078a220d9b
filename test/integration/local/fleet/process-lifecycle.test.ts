// Process lifecycle as GameLift runs it, with real demo game servers on a launched fleet: terminating every
// process (FORCE_TERMINATE or TRIGGER_ON_PROCESS_TERMINATE) gives full capacity back within 30 s, players of a
// terminated session are told why, an empty session ends by itself, and a process that ignores GameLift letting
// it go, or never connects, is stopped and replaced by the launcher.
import { appendFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import WebSocket from "ws";
import {
  CreateGameSessionCommand,
  CreatePlayerSessionCommand,
  DescribeFleetUtilizationCommand,
  DescribeGameSessionsCommand,
  GameLiftClient,
  TerminateGameSessionCommand,
  type GameSession,
} from "@aws-sdk/client-gamelift";
import { launchFleet, type LaunchedFleet, type LaunchFleetOptions } from "../../../../local/fleet/launcher.ts";
import { startLocalStack, type LocalStack } from "../../../../local/stack.ts";
import { createTravel, type Travel } from "../../../../plugin/core/travel/connection.ts";
import type { WebSocketConstructor } from "../../../../plugin/core/travel/link.ts";
import { plainByAddress } from "../../../../plugin/core/travel/endpoint.ts";
import { END_REASONS } from "../../../../server/index.ts";
import { EMPTY_SESSION_REASON } from "../../../../server/gateway/gateway.ts";
import { eventually } from "../../../helpers/eventually.ts";

const PROCESSES = 4;
let stack: LocalStack;
let gamelift: GameLiftClient;
const output: string[] = [];
const travels: Travel[] = [];

beforeAll(async () => {
  stack = await startLocalStack({ port: 0 });
  gamelift = new GameLiftClient({ region: stack.region, endpoint: stack.endpoint, credentials: stack.developerCredentials, maxAttempts: 1 });
});
afterAll(async () => {
  for (const t of travels) t.destroy();
  gamelift?.destroy();
  await stack?.stop();
});

const recent = () => output.slice(-60).join("\n");
/** What the processes and the launcher print; also appended to $LIFECYCLE_LOG when set (the measured times too). */
const note = (line: string) => {
  output.push(line);
  if (process.env.LIFECYCLE_LOG) appendFileSync(process.env.LIFECYCLE_LOG, `${line}\n`);
};

function fleetOptions(name: string, overrides: Partial<LaunchFleetOptions> = {}): LaunchFleetOptions {
  return {
    endpoint: stack.endpoint,
    region: stack.region,
    credentials: stack.developerCredentials,
    fleetName: name,
    location: `custom-${name}`,
    processes: PROCESSES,
    command: process.execPath,
    args: ["-C", "phaser-gamelift-source", "--import", "tsx", "demo/server/main.ts"],
    env: { DEMO_HEARTBEAT_MS: "2000", DEMO_EMPTY_SESSION_MS: "600000" },
    basePort: 0,
    ipAddress: "127.0.0.1",
    restart: { initialDelayMs: 200, maxDelayMs: 1_000, minUptimeMs: 1_000 },
    watch: { intervalMs: 250 },
    stopGraceMs: 2_000,
    output: (line) => note(line),
    log: (line) => note(`[launcher] ${line}`),
    ...overrides,
  };
}

async function utilization(fleetId: string) {
  return (await gamelift.send(new DescribeFleetUtilizationCommand({ FleetIds: [fleetId] }))).FleetUtilization![0]!;
}

/** Every process ready and idle: the fleet can take PROCESSES new game sessions. */
async function fullCapacity(fleetId: string, timeoutMs = 60_000): Promise<void> {
  await eventually(
    async () => {
      const u = await utilization(fleetId);
      return u.ActiveServerProcessCount === PROCESSES && u.ActiveGameSessionCount === 0;
    },
    `${PROCESSES} idle ready processes`,
    timeoutMs,
    recent,
  );
}

async function activeSessions(fleet: LaunchedFleet, count: number): Promise<GameSession[]> {
  const created = [];
  for (let i = 0; i < count; i++) {
    const answer = await gamelift.send(new CreateGameSessionCommand({ FleetId: fleet.fleetId, Location: fleet.location, MaximumPlayerSessionCount: 4 }));
    created.push(answer.GameSession!.GameSessionId!);
  }
  return Promise.all(created.map((id) => status(id, "ACTIVE")));
}

function status(gameSessionId: string, wanted: string): Promise<GameSession> {
  return eventually(
    async () => {
      const session = (await gamelift.send(new DescribeGameSessionsCommand({ GameSessionId: gameSessionId }))).GameSessions?.[0];
      return session?.Status === wanted ? session : undefined;
    },
    `game session ${gameSessionId} to be ${wanted}`,
    20_000,
    recent,
  );
}

/** A player in the session through the kit's travel; resolves with the reason the kit reports when it ends. */
async function seatPlayer(session: GameSession, playerId: string): Promise<{ ended: Promise<string> }> {
  const reserved = (await gamelift.send(new CreatePlayerSessionCommand({ GameSessionId: session.GameSessionId, PlayerId: playerId }))).PlayerSession!;
  const travel = createTravel({ WebSocket: WebSocket as unknown as WebSocketConstructor, endpoint: plainByAddress, reconnect: { attempts: 1, initialDelayMs: 100, maxDelayMs: 100 } });
  travels.push(travel);
  const ended = new Promise<string>((resolve) => travel.travel.bus.connect({ onSessionEnded: (reason) => resolve(reason) }));
  await travel.travel.join({ playerSessionId: reserved.PlayerSessionId!, ipAddress: reserved.IpAddress, port: reserved.Port, gameSessionId: session.GameSessionId });
  return { ended };
}

describe.sequential("a demo fleet of four processes", () => {
  let fleet: LaunchedFleet;
  beforeAll(async () => {
    fleet = await launchFleet(fleetOptions("lifecycle-demo"));
    await fullCapacity(fleet.fleetId);
  }, 90_000);
  afterAll(() => fleet?.stop());

  for (const mode of ["FORCE_TERMINATE", "TRIGGER_ON_PROCESS_TERMINATE"] as const) {
    test(`terminating every process with ${mode} leaves full capacity again within 30 s; the seated player is told why`, async () => {
      const sessions = await activeSessions(fleet, PROCESSES);
      await expect(gamelift.send(new CreateGameSessionCommand({ FleetId: fleet.fleetId, Location: fleet.location, MaximumPlayerSessionCount: 4 }))).rejects.toMatchObject({
        name: "FleetCapacityExceededException",
      });
      const { ended } = await seatPlayer(sessions[0]!, `player-${mode}`);
      const started = Date.now();
      await Promise.all(sessions.map((s) => gamelift.send(new TerminateGameSessionCommand({ GameSessionId: s.GameSessionId, TerminationMode: mode }))));
      const reason = await ended;
      const toldAfterMs = Date.now() - started;
      expect(reason).toBe(mode === "FORCE_TERMINATE" ? END_REASONS.released : END_REASONS.terminated);
      await fullCapacity(fleet.fleetId, 30_000);
      const recoveredMs = Date.now() - started;
      for (const s of sessions) expect((await status(s.GameSessionId!, "TERMINATED")).StatusReason).toBe(mode === "FORCE_TERMINATE" ? "FORCE_TERMINATED" : "TRIGGERED_ON_PROCESS_TERMINATE");
      note(`[lifecycle] ${mode}: player told after ${toldAfterMs} ms, full capacity (${PROCESSES} idle processes) after ${recoveredMs} ms`);
      expect(recoveredMs).toBeLessThan(30_000);
      // And it is real capacity: as many new sessions as processes.
      const again = await activeSessions(fleet, PROCESSES);
      await Promise.all(again.map((s) => gamelift.send(new TerminateGameSessionCommand({ GameSessionId: s.GameSessionId, TerminationMode: "FORCE_TERMINATE" }))));
      await fullCapacity(fleet.fleetId, 30_000);
    });
  }
});

test("an empty session ends after the demo's empty-session time, and its process is replaced", async () => {
  const fleet = await launchFleet(fleetOptions("lifecycle-empty", { processes: 1, env: { DEMO_HEARTBEAT_MS: "2000", DEMO_EMPTY_SESSION_MS: "1500" } }));
  try {
    await eventually(async () => (await utilization(fleet.fleetId)).ActiveServerProcessCount === 1, "the process to be ready", 60_000, recent);
    const [session] = await activeSessions(fleet, 1);
    await seatPlayer(session!, "player-who-leaves");
    // One player came and went: the countdown starts when the last one goes.
    await travels.at(-1)!.travel.leave();
    await status(session!.GameSessionId!, "TERMINATED");
    expect(output.some((l) => l.includes("nobody in the game session"))).toBe(true);
    await eventually(async () => (await utilization(fleet.fleetId)).ActiveServerProcessCount === 1, "a fresh process", 30_000, recent);
    expect(fleet.processes()[0]!.restarts).toBe(1);
  } finally {
    await fleet.stop();
  }
  expect(EMPTY_SESSION_REASON).toMatch(/ended/);
});

/** A process that gets ready, then drops its connection to GameLift (no close frame) and never comes back. */
const DROPPER = [
  'const { WebSocket } = require("ws");',
  "const e = process.env; const u = new URL(e.GAMELIFT_SDK_WEBSOCKET_URL);",
  'const q = { pID: e.GAMELIFT_SDK_PROCESS_ID, sdkVersion: "5.6.0", sdkLanguage: "NodeJS", ComputeId: e.GAMELIFT_SDK_HOST_ID, FleetId: e.GAMELIFT_SDK_FLEET_ID, IdempotencyToken: "x", Authorization: e.GAMELIFT_SDK_AUTH_TOKEN };',
  "for (const [k, v] of Object.entries(q)) u.searchParams.set(k, v);",
  "const ws = new WebSocket(u);",
  'ws.on("open", () => ws.send(JSON.stringify({ Action: "ActivateServerProcess", RequestId: "r", SdkVersion: "5.6.0", SdkLanguage: "NodeJS", Port: Number(e.PORT), LogPaths: [] })));',
  'ws.on("message", () => { console.log("ready; dropping the connection"); ws.terminate(); });',
  "setInterval(() => {}, 60000);",
].join("\n");

test("the launcher stops a process GameLift let go that stays up, and replaces one that never connects or stays disconnected", async () => {
  const stubborn = await launchFleet(
    fleetOptions("lifecycle-stubborn", { processes: 1, args: ["-C", "phaser-gamelift-source", "--import", "tsx", "test/fixtures/servers/stubborn-server.ts"] }),
  );
  const silent = await launchFleet(
    fleetOptions("lifecycle-silent", { processes: 1, args: ["-e", "setInterval(() => {}, 60000)"], watch: { intervalMs: 250, connectGraceMs: 1_000 } }),
  );
  const dropper = await launchFleet(fleetOptions("lifecycle-dropper", { processes: 1, args: ["-e", DROPPER], watch: { intervalMs: 250, disconnectedGraceMs: 1_000 } }));
  try {
    await eventually(async () => (await utilization(stubborn.fleetId)).ActiveServerProcessCount === 1, "the stubborn process to be ready", 60_000, recent);
    const first = stubborn.processes()[0]!.processId;
    const [session] = await activeSessions(stubborn, 1);
    await gamelift.send(new TerminateGameSessionCommand({ GameSessionId: session!.GameSessionId, TerminationMode: "FORCE_TERMINATE" }));
    // The launcher stops it at once: whether the process got to log that it ignores the release before the
    // SIGTERM is a race (it lost under load), so the launcher's own account is what is checked.
    await eventually(() => output.some((l) => l.includes("lifecycle-stubborn#0: stopping process") && l.includes("GameLift ended it")), "the launcher to stop the released process", 10_000, recent);
    await eventually(() => stubborn.processes()[0]!.processId !== first && stubborn.processes()[0]!.state === "running", "a fresh process in its slot", 15_000, recent);
    expect(stubborn.processes()[0]!.lastExit?.signal).toBe("SIGTERM");
    await eventually(async () => (await utilization(stubborn.fleetId)).ActiveServerProcessCount === 1, "the fresh process to be ready", 60_000, recent);

    await eventually(() => silent.processes()[0]!.restarts >= 1, "the silent process to be replaced", 15_000, recent);
    expect(output.some((l) => l.includes("not connected to GameLift"))).toBe(true);

    await eventually(() => dropper.processes()[0]!.restarts >= 1, "the disconnected process to be replaced", 15_000, recent);
    expect(output.some((l) => l.includes("ready; dropping the connection"))).toBe(true);
    expect(output.some((l) => l.includes("disconnected from GameLift for over 1000 ms"))).toBe(true);
  } finally {
    await Promise.all([stubborn.stop(), silent.stop(), dropper.stop()]);
  }
});
