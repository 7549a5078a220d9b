// `npm run bench` — every benchmark in one run, printed as one table. `npm run bench -- search` runs the
// benchmarks whose name contains "search".
import { fileURLToPath } from "node:url";
import { writeResults } from "./results.ts";
import { formatTable } from "./table.ts";
import type { BenchRow } from "./types.ts";

interface Bench {
  name: string;
  run(): Promise<BenchRow[]>;
}

const benches: Bench[] = [
  { name: "search-expressions", run: async () => (await import("./search.ts")).benchSearch() },
  { name: "gamelift-search-api", run: async () => (await import("./gamelift-api.ts")).benchSearchApi() },
  { name: "gamelift-player-sessions", run: async () => (await import("./gamelift-api.ts")).benchPlayerSessions() },
  { name: "join-latency", run: async () => (await import("./join-latency.ts")).benchJoinLatency() },
  { name: "bundle-size", run: async () => (await import("./bundle-size.ts")).benchBundleSize() },
  { name: "cognito-initiate-auth", run: async () => (await import("./cognito-initiate-auth.ts")).benchInitiateAuth() },
  { name: "flexmatch", run: async () => (await import("./flexmatch.ts")).benchFlexMatch() },
  { name: "gateway-relay", run: async () => (await import("./relay.ts")).benchRelay() },
  { name: "kit-latency", run: async () => (await import("./latency.ts")).benchLatency() },
];

const filters = process.argv.slice(2);
const selected = benches.filter((b) => filters.length === 0 || filters.some((f) => b.name.includes(f)));
const rows: BenchRow[] = [];
for (const bench of selected) {
  process.stderr.write(`running ${bench.name}…\n`);
  try {
    rows.push(...(await bench.run()));
  } catch (e) {
    process.stderr.write(`${bench.name} failed: ${(e as Error).stack ?? String(e)}\n`);
    process.exitCode = 1;
  }
}
console.log(formatTable(rows));
const resultsFile = fileURLToPath(new URL("./results.json", import.meta.url));
writeResults(resultsFile, rows);
process.stderr.write(`rows written to ${resultsFile}\n`);
