// The RFC 8628 polling loop on a fake clock: no real waiting, every sleep recorded.
import assert from "node:assert/strict";
import { test } from "vitest";
import type { DeviceTokenAnswer } from "../../../../../plugin/core/auth/device-code.ts";
import { pollForDeviceTokens } from "../../../../../plugin/core/auth/device-poller.ts";
import { GameLiftKitError } from "../../../../../plugin/core/errors.ts";
import { FakeClock } from "../../../../helpers/fake-clock.ts";

type Step = DeviceTokenAnswer | Error;

function harness(steps: Step[], options: { intervalSeconds?: number; expiresInSeconds?: number } = {}) {
  const clock = new FakeClock({ start: 1_000_000, autoAdvance: true });
  const sleeps = clock.delays;
  const pollTimes: number[] = [];
  const controller = new AbortController();
  const run = pollForDeviceTokens({
    intervalSeconds: options.intervalSeconds ?? 5,
    expiresAt: clock.now() + (options.expiresInSeconds ?? 600) * 1000,
    timers: clock.timers(),
    poll: async () => {
      pollTimes.push(clock.now());
      const step = steps.shift() ?? { kind: "pending" };
      if (step instanceof Error) throw step;
      return step;
    },
    signal: controller.signal,
  });
  return { run, sleeps, pollTimes, clock, controller };
}

const tokens: DeviceTokenAnswer = { kind: "tokens", body: { access_token: "Atza|x", expires_in: 3600 } };

test("waits the interval before each poll until the tokens come", async () => {
  const h = harness([{ kind: "pending" }, { kind: "pending" }, tokens]);
  assert.deepEqual(await h.run, tokens.body);
  assert.deepEqual(h.sleeps, [5000, 5000, 5000]);
});

test("slow_down adds five seconds for good", async () => {
  const h = harness([{ kind: "slow_down" }, { kind: "pending" }, { kind: "slow_down" }, tokens]);
  await h.run;
  assert.deepEqual(h.sleeps, [5000, 10000, 10000, 15000]);
});

test("an interval of 0 is still not a tight loop", async () => {
  const h = harness([{ kind: "pending" }, tokens], { intervalSeconds: 0 });
  await h.run;
  assert.deepEqual(h.sleeps, [1000, 1000]);
});

test("network trouble is retried, a refusal is not", async () => {
  const network = new GameLiftKitError("NetworkError", "fetch failed");
  const h = harness([network, new GameLiftKitError("server_error", "down", { status: 503 }), tokens]);
  assert.deepEqual(await h.run, tokens.body);
  assert.equal(h.pollTimes.length, 3);

  const denied = harness([{ kind: "pending" }, new GameLiftKitError("access_denied", "Device code sign-in was denied by the user.")]);
  await assert.rejects(denied.run, { code: "access_denied" });
  const invalid = harness([new GameLiftKitError("invalid_grant", "Unknown device code.")]);
  await assert.rejects(invalid.run, { code: "invalid_grant" });
});

test("the provider's expired_token and the code's own expiry both end it", async () => {
  const told = harness([{ kind: "pending" }, new GameLiftKitError("expired_token", "expired")]);
  await assert.rejects(told.run, { code: "expired_token" });

  const lapsed = harness([], { intervalSeconds: 5, expiresInSeconds: 12 });
  await assert.rejects(lapsed.run, (e: GameLiftKitError) => e.code === "expired_token" && /expired/.test(e.message));
  assert.equal(lapsed.pollTimes.length, 2, "polled at 5 s and 10 s, gave up at 15 s without polling");
});

test("an abort ends the loop with its reason", async () => {
  // Time stands still: the first wait is still under way when the abort comes.
  const clock = new FakeClock();
  const controller = new AbortController();
  const run = pollForDeviceTokens({
    intervalSeconds: 1,
    expiresAt: 60_000,
    timers: clock.timers(),
    poll: async () => ({ kind: "pending" }),
    signal: controller.signal,
  });
  controller.abort(new GameLiftKitError("Cancelled", "Signed out."));
  await assert.rejects(run, { code: "Cancelled" });
});
