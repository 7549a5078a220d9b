// Fuzzing in the test suite: 5,000 generated and mutated inputs (fixed seed) at the local stack's HTTP front,
// its server-process WebSocket and a player gateway — no crash, no hang, every answer a success, a typed 4xx or
// a policy close. `npm run fuzz -- --cases 100000` runs the long one (test/fuzz/run.ts).
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startFuzzEnvironment, type FuzzEnvironment } from "../../fuzz/environment.ts";
import { runFuzz } from "../../fuzz/runner.ts";
import type { Target } from "../../fuzz/target.ts";
import { gatewayTarget } from "../../fuzz/targets/gateway.ts";
import { httpFrontTarget } from "../../fuzz/targets/http-front.ts";
import { serverProcessTarget } from "../../fuzz/targets/server-process.ts";

const SEED = 20_260_101;
const CASES = { "http-front": 2_500, "server-process": 1_250, gateway: 1_250 };

describe.sequential("fuzzing the wire", () => {
  let env: FuzzEnvironment;
  beforeAll(async () => {
    env = await startFuzzEnvironment();
  });
  afterAll(() => env?.stop());

  const cases: [string, (env: FuzzEnvironment) => Target<unknown>][] = [
    ["http-front", (e) => httpFrontTarget(e) as Target<unknown>],
    ["server-process", (e) => serverProcessTarget(e) as Target<unknown>],
    ["gateway", (e) => gatewayTarget(e) as Target<unknown>],
  ];
  for (const [name, make] of cases) {
    test(`${name}: ${CASES[name as keyof typeof CASES]} cases`, { timeout: 120_000 }, async () => {
      const [result] = await runFuzz(env, [make(env)], { seed: SEED, cases: { [name]: CASES[name as keyof typeof CASES] } });
      expect(result!.failure).toBeUndefined();
      expect(result!.cases).toBe(CASES[name as keyof typeof CASES]);
    });
  }
});
