// kit.latency over 8 locations at simulated distances (the local stack's location pings: a delay proxy per
// location in front of a 204 responder, on loopback): how long one measurement takes on new connections (cold)
// and on kept-alive ones (warm), and how far its figures are from the simulated round trips. The peer is the
// naive measurement: one request per location, timed, on a new connection.
//
// The kit runs in Node here (its fetch, in the same process as the proxies), not in a browser; the browser test
// (test/browser/plugin/phaser/scenes/lobby-latency.test.ts) checks Chromium's figures against the same pings.
//
// Runnable alone: `npx tsx --conditions phaser-gamelift-source bench/latency.ts`.
import { fileURLToPath } from "node:url";
import { startLocationPings } from "../local/network/location-pings.ts";
import { LatencyArea } from "../plugin/core/latency/latency-area.ts";
import { DEFAULT_LATENCY_SETTINGS } from "../plugin/core/latency/settings.ts";
import { Timers } from "../plugin/core/timers.ts";
import { percentile, round } from "./stats.ts";
import type { BenchRow } from "./types.ts";

/** Round trips, ms: a spread from a neighbouring Region to one across an ocean. */
const SIMULATED = [10, 20, 35, 50, 70, 100, 140, 200];
const RUNS = 5;
const LOCATIONS = Object.fromEntries(SIMULATED.map((ms, i) => [`custom-loc${i + 1}`, ms]));

interface Run {
  coldMs: number;
  warmMs: number;
  errors: number[];
  naiveErrors: number[];
}

async function oneRun(): Promise<Run> {
  const timers = new Timers();
  // New ping endpoints each run (new ports), so nothing is pooled: the first measurement opens every connection.
  const pings = await startLocationPings(LOCATIONS);
  const area = new LatencyArea({ config: { region: "us-west-2", latency: { endpoints: pings.endpoints } }, timers });
  try {
    const cold = await area.measure();
    const warm = await area.measure({ force: true });
    const errors: number[] = [];
    for (const report of [cold, warm]) {
      for (const [location, simulated] of Object.entries(LOCATIONS)) {
        const ms = report.locations[location]?.ms;
        errors.push(ms === undefined ? Number.POSITIVE_INFINITY : ms - simulated);
      }
    }
    return { coldMs: cold.tookMs, warmMs: warm.tookMs, errors, naiveErrors: await naive() };
  } finally {
    area.destroy();
    timers.stop();
    await pings.close();
  }
}

/** The peer: one timed request per location on a new connection (new endpoints), all at once. */
async function naive(): Promise<number[]> {
  const pings = await startLocationPings(LOCATIONS);
  try {
    return await Promise.all(
      Object.entries(LOCATIONS).map(async ([location, simulated]) => {
        const started = performance.now();
        await (await fetch(`${pings.endpoints[location]}?naive=${Math.random()}`, { cache: "no-store" })).arrayBuffer();
        return performance.now() - started - simulated;
      }),
    );
  } finally {
    await pings.close();
  }
}

export async function benchLatency(): Promise<BenchRow[]> {
  // One throwaway run: Node compiles its HTTP client on first use (a browser's is compiled already).
  await oneRun();
  const runs: Run[] = [];
  for (let i = 0; i < RUNS; i++) runs.push(await oneRun());
  const abs = (values: number[]) => values.map((v) => Math.abs(v));
  const errors = abs(runs.flatMap((r) => r.errors));
  const naiveErrors = abs(runs.flatMap((r) => r.naiveErrors));
  const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
  const farthest = Math.max(...SIMULATED);
  const samples = DEFAULT_LATENCY_SETTINGS.samples;
  const name = `kit.latency, 8 locations at ${SIMULATED[0]}–${farthest} ms (delay proxies, Node fetch, ${RUNS} runs)`;
  return [
    {
      id: "latency.8locations.coldMs",
      name,
      metric: "measurement, new connections (median)",
      value: round(percentile(runs.map((r) => r.coldMs), 50), 0),
      unit: "ms",
      // Handshake + warm-up + samples, each one round trip to the farthest location.
      target: `≈ ${samples + 2} RTT of the farthest (${(samples + 2) * farthest} ms), ≤ ${DEFAULT_LATENCY_SETTINGS.timeoutMs} ms`,
    },
    {
      id: "latency.8locations.warmMs",
      name,
      metric: "measurement, kept-alive connections (median)",
      value: round(percentile(runs.map((r) => r.warmMs), 50), 0),
      unit: "ms",
      target: `≈ ${samples + 1} RTT of the farthest (${(samples + 1) * farthest} ms)`,
    },
    {
      id: "latency.errorMs",
      name,
      metric: "|figure − simulated|, mean",
      value: round(mean(errors), 1),
      unit: "ms",
      target: "≤ 15 ms",
      peer: "one request per location, new connection",
      peerValue: round(mean(naiveErrors), 1),
    },
    {
      id: "latency.errorP95Ms",
      name,
      metric: "|figure − simulated|, p95",
      value: round(percentile(errors, 95), 1),
      unit: "ms",
      target: "≤ 15 ms",
      peer: "one request per location, new connection",
      peerValue: round(percentile(naiveErrors, 95), 1),
    },
  ];
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { formatTable } = await import("./table.ts");
  console.log(formatTable(await benchLatency()));
}
