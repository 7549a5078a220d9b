/**
 * npm run fuzz [-- --cases N] [--seed S] [--target http-front|server-process|gateway]
 *
 * Throws generated and mutated input at the local stack's HTTP front, its server-process WebSocket and a player
 * gateway (test/fuzz/targets/), N cases in all (10,000 by default: half at the HTTP front, a quarter at each
 * WebSocket), from a fixed seed so a run can be repeated. Exits 1 when a case crashed, hung, or got an answer
 * other than a success, a typed 4xx or a policy close; the failing case is printed, shrunk, with its seed.
 */
import { parseArgs } from "node:util";
import { startFuzzEnvironment } from "./environment.ts";
import { runFuzz } from "./runner.ts";
import type { Target } from "./target.ts";
import { gatewayTarget } from "./targets/gateway.ts";
import { httpFrontTarget } from "./targets/http-front.ts";
import { serverProcessTarget } from "./targets/server-process.ts";

export const DEFAULT_SEED = 20_260_101;
export const SHARES = { "http-front": 0.5, "server-process": 0.25, gateway: 0.25 } as const;

const { values } = parseArgs({
  options: { cases: { type: "string" }, seed: { type: "string" }, target: { type: "string" } },
});
const total = Number(values.cases ?? 10_000);
const seed = Number(values.seed ?? DEFAULT_SEED);
if (!Number.isInteger(total) || total < 1 || !Number.isInteger(seed)) {
  console.error("usage: npm run fuzz -- [--cases N] [--seed S] [--target http-front|server-process|gateway]");
  process.exit(2);
}

// What the stack and the gateway log about the junk they refuse (a frame too large, a bad CBOR length) would
// bury the result: counted, not printed.
let quieted = 0;
for (const level of ["warn", "error"] as const) {
  console[level] = () => void quieted++;
}
const crashes: string[] = [];
process.on("uncaughtException", (error) => void crashes.push(`uncaught: ${error.stack ?? String(error)}`));
process.on("unhandledRejection", (error) => void crashes.push(`unhandled rejection: ${(error as Error)?.stack ?? String(error)}`));

const say = (line: string) => process.stdout.write(`${line}\n`);
const env = await startFuzzEnvironment();
const targets: Target<unknown>[] = [httpFrontTarget(env), serverProcessTarget(env), gatewayTarget(env)] as Target<unknown>[];
const chosen = values.target ? targets.filter((t) => t.name === values.target) : targets;
const cases: Record<string, number> = {};
for (const t of chosen) cases[t.name] = chosen.length === 1 ? total : Math.round(total * SHARES[t.name as keyof typeof SHARES]);
say(`fuzzing with seed ${seed}: ${Object.entries(cases).map(([k, v]) => `${k} ${v}`).join(", ")}`);
const started = performance.now();
const results = await runFuzz(env, chosen, { seed, cases, log: say });
await env.stop();
const failed = results.filter((r) => r.failure).length + crashes.length;
say("");
say("| target | cases | time | result |");
say("|---|---:|---:|---|");
for (const r of results) say(`| ${r.target} | ${r.cases} | ${(r.ms / 1000).toFixed(1)} s | ${r.failure ? "FAILED" : "no crash, no hang, every answer typed"} |`);
for (const crash of crashes) say(crash);
say(`\n${results.reduce((n, r) => n + r.cases, 0)} cases in ${((performance.now() - started) / 1000).toFixed(1)} s (seed ${seed}); ${quieted} lines the stack and gateway logged about refused input were not printed`);
say(`${results.length - results.filter((r) => r.failure).length} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
