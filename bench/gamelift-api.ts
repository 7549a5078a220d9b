// GameLift client API benchmarks against the local stack, with real SDK clients over loopback and real
// server SDK connections hosting the game sessions.
import { pathToFileURL } from "node:url";
import { CreatePlayerSessionCommand, SearchGameSessionsCommand } from "@aws-sdk/client-gamelift";
import { startPinnedStack } from "./fixtures/pinned-stack.ts";
import { createSessions, inBatches, startBenchFleet } from "./gamelift-fleet.ts";
import { percentile, round } from "./stats.ts";
import type { BenchRow } from "./types.ts";

const SESSIONS = 10_000;
const SEARCHES = 500;
const FILTER = "playerSessionCount < 8 AND hasAvailablePlayerSessions = true AND gameSessionProperties.mode = 'ctf'";
const SORT = "creationTimeMillis DESC";
const MODES = ["ctf", "deathmatch", "koth", "race"];

/** SearchGameSessions over 10,000 ACTIVE sessions: server-side time (body read → answer written) per request. */
export async function benchSearchApi(): Promise<BenchRow[]> {
  const stack = await startPinnedStack();
  const bench = await startBenchFleet(stack.target, SESSIONS);
  try {
    await createSessions(bench, SESSIONS, (i) => ({
      MaximumPlayerSessionCount: 2 + (i % 15),
      Name: `room-${i}`,
      GameProperties: [{ Key: "mode", Value: MODES[i % MODES.length]! }],
    }));
    const request = () =>
      bench.client.send(new SearchGameSessionsCommand({ FleetId: bench.fleet.fleetId, FilterExpression: FILTER, SortExpression: SORT, Limit: 20 }));
    for (let i = 0; i < 50; i++) await request(); // warm-up
    stack.send("record SearchGameSessions");
    const clientMs: number[] = [];
    for (let i = 0; i < SEARCHES; i++) {
      const t = performance.now();
      const out = await request();
      clientMs.push(performance.now() - t);
      if (out.GameSessions?.length !== 20) throw new Error(`expected a full page, got ${out.GameSessions?.length}`);
    }
    const serverMs = (await stack.report()) as number[];
    const name = `SearchGameSessions, ${SESSIONS.toLocaleString("en-US")} ACTIVE sessions, filter + sort`;
    return [
      { name, metric: "server p50", value: round(percentile(serverMs, 50)), unit: "ms" },
      { name, metric: "server p99", value: round(percentile(serverMs, 99)), unit: "ms", target: "≤ 2 ms" },
      { name, metric: "round trip p50 (JS SDK)", value: round(percentile(clientMs, 50)), unit: "ms" },
      { name, metric: "round trip p99 (JS SDK)", value: round(percentile(clientMs, 99)), unit: "ms" },
    ];
  } finally {
    await bench.stop();
    await stack.stop();
  }
}

/**
 * CreatePlayerSession throughput with the stack pinned to one core, and the over-booking race: 1,000
 * concurrent CreatePlayerSession calls on a 200-slot session, repeated.
 */
export async function benchPlayerSessions(): Promise<BenchRow[]> {
  const stack = await startPinnedStack();
  const THROUGHPUT_SESSIONS = 100;
  const RACES = 10;
  const bench = await startBenchFleet(stack.target, THROUGHPUT_SESSIONS + RACES);
  try {
    const sessions = await createSessions(bench, THROUGHPUT_SESSIONS, () => ({ MaximumPlayerSessionCount: 200 }));
    const total = THROUGHPUT_SESSIONS * 200;
    let failures = 0;
    const started = performance.now();
    await inBatches(total, 64, async (i) => {
      try {
        await bench.client.send(new CreatePlayerSessionCommand({ GameSessionId: sessions[i % THROUGHPUT_SESSIONS], PlayerId: `player-${i}` }));
      } catch {
        failures++;
      }
    });
    const seconds = (performance.now() - started) / 1000;
    if (failures > 0) throw new Error(`${failures} CreatePlayerSession calls failed in the throughput run`);

    const races = await createSessions(bench, RACES, () => ({ MaximumPlayerSessionCount: 200 }));
    let exact = 0;
    const reserved: number[] = [];
    for (const gameSessionId of races) {
      const results = await Promise.allSettled(
        Array.from({ length: 1000 }, (_, i) => bench.client.send(new CreatePlayerSessionCommand({ GameSessionId: gameSessionId, PlayerId: `racer-${i}` }))),
      );
      const ok = results.filter((r) => r.status === "fulfilled").length;
      const full = results.filter((r) => r.status === "rejected" && (r.reason as Error).name === "GameSessionFullException").length;
      reserved.push(ok);
      if (ok === 200 && full === 800) exact++;
    }
    return [
      { name: "CreatePlayerSession, stack pinned to one core, 64 in flight", metric: "throughput", value: round(total / seconds, 0), unit: "req/s" },
      {
        name: "1,000 concurrent CreatePlayerSession on a 200-slot session",
        metric: `runs reserving exactly 200 (of ${RACES})`,
        value: exact,
        unit: `runs (reserved: ${[...new Set(reserved)].join("/")})`,
        target: `${RACES} of ${RACES}`,
      },
    ];
  } finally {
    await bench.stop();
    await stack.stop();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const { formatTable } = await import("./table.ts");
  console.log(formatTable([...(await benchSearchApi()), ...(await benchPlayerSessions())]));
}
