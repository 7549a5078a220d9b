// The fleet launcher's process supervision against a local stack: bounded restarts, bad commands, stop().
import { test, beforeAll, afterAll } from "vitest";
import assert from "node:assert/strict";
import { startLocalStack, type LocalStack } from "../../../../local/stack.ts";
import { launchFleet, type LaunchFleetOptions } from "../../../../local/fleet/launcher.ts";
import { eventually } from "../../../helpers/eventually.ts";

let stack: LocalStack;
const logs: string[] = [];

beforeAll(async () => {
  stack = await startLocalStack({ port: 0 });
});
afterAll(() => stack.stop());

const options = (overrides: Partial<LaunchFleetOptions>): LaunchFleetOptions => ({
  endpoint: stack.endpoint,
  region: stack.region,
  credentials: stack.developerCredentials,
  fleetName: "supervised",
  location: "custom-launcher-test",
  processes: 1,
  command: process.execPath,
  args: [],
  basePort: 0,
  ipAddress: "127.0.0.1",
  restart: { initialDelayMs: 100, maxDelayMs: 400, minUptimeMs: 1000 },
  stopGraceMs: 300,
  output: (line) => void logs.push(line),
  log: (line) => void logs.push(line),
  ...overrides,
});

test("a command that crashes at once is retried with a growing delay, not in a hot loop", async () => {
  const started = Date.now();
  const fleet = await launchFleet(options({ args: ["-e", "process.exit(3)"] }));
  try {
    const [info] = await eventually(() => (fleet.processes()[0]!.restarts >= 3 ? fleet.processes() : undefined), "three relaunches", 30_000);
    // Before the third relaunch the supervisor waited 100 + 200 + 400 ms: however slow the machine, no sooner.
    assert.ok(Date.now() - started >= 700, `three relaunches took ${Date.now() - started} ms`);
    assert.equal(info!.lastExit?.code, 3);
  } finally {
    await fleet.stop();
  }
});

test("a missing command is reported and retried without crashing the launcher", async () => {
  const fleet = await launchFleet(options({ command: "/nonexistent/game-server", processes: 2 }));
  try {
    await new Promise((r) => setTimeout(r, 400));
    assert.ok(logs.some((l) => l.includes("ENOENT")));
    assert.ok(fleet.processes().every((p) => p.state !== "running" || p.pid === undefined));
  } finally {
    await fleet.stop();
  }
  assert.ok(fleet.processes().every((p) => p.state === "stopped"));
});

test("each process gets its own free port, GAMELIFT_SDK_* and {port} in its arguments; stop() SIGKILLs a process that ignores SIGTERM", async () => {
  // SIGTERM is ignored before the line that tells the test the process is up: on a loaded machine the test can
  // read that line and stop the fleet before the child runs its next statement.
  const script = [
    "process.on('SIGTERM', () => {}); setInterval(() => {}, 1000);",
    "const e = process.env;",
    "console.log(JSON.stringify({ port: e.PORT, arg: process.argv[1], url: e.GAMELIFT_SDK_WEBSOCKET_URL, pid: e.GAMELIFT_SDK_PROCESS_ID,",
    "  host: e.GAMELIFT_SDK_HOST_ID, fleet: e.GAMELIFT_SDK_FLEET_ID, token: e.GAMELIFT_SDK_AUTH_TOKEN, extra: e.EXTRA }));",
  ].join("\n");
  const seen: Record<string, string>[] = [];
  const fleet = await launchFleet(
    options({
      processes: 2,
      args: ["-e", script, "listen={port}"],
      env: { EXTRA: "yes" },
      output: (line) => {
        const json = line.slice(line.indexOf("{"));
        if (json.startsWith("{")) seen.push(JSON.parse(json) as Record<string, string>);
      },
    }),
  );
  const deadline = Date.now() + 5000;
  while (seen.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  assert.equal(seen.length, 2);
  // basePort 0: each slot got a port nobody listened on, in the SDKs' range, and its process was told it.
  const ports = fleet.processes().map((p) => p.port);
  assert.equal(new Set(ports).size, 2);
  assert.ok(ports.every((port) => port > 0 && port <= 60_000), String(ports));
  const sorted = [...seen].sort((a, b) => ports.indexOf(Number(a.port)) - ports.indexOf(Number(b.port)));
  assert.deepEqual(
    sorted.map((s) => [s.port, s.arg]),
    ports.map((port) => [String(port), `listen=${port}`]),
  );
  for (const s of sorted) {
    assert.equal(s.url, fleet.webSocketUrl);
    assert.equal(s.host, fleet.computeName);
    assert.equal(s.fleet, fleet.fleetId);
    assert.ok(s.token && s.pid?.startsWith("process-"));
    assert.equal(s.extra, "yes");
  }
  assert.notEqual(sorted[0]?.pid, sorted[1]?.pid);
  const started = Date.now();
  await fleet.stop();
  assert.ok(Date.now() - started < 3000);
  assert.ok(fleet.processes().every((p) => p.state === "stopped" && p.lastExit?.signal === "SIGKILL"), `${JSON.stringify(fleet.processes())}\n${logs.join("\n")}`);
});
