import { test } from "node:test";
import assert from "node:assert/strict";
import { DEFAULT_RECONNECT, heartbeatDelayMs, reconnectDelayMs } from "../../server/sdk/backoff.ts";
import { DEFAULT_RESTART, restartDelayMs, substitutePort } from "../../local/fleet/supervisor.ts";

test("reconnects wait 4, 8, 16, 32, 32 … seconds, as the official SDKs do", () => {
  const delays = Array.from({ length: 7 }, (_, i) => reconnectDelayMs(i, DEFAULT_RECONNECT));
  assert.deepEqual(delays, [4000, 8000, 16000, 32000, 32000, 32000, 32000]);
  assert.equal(DEFAULT_RECONNECT.retries, 7);
  assert.equal(reconnectDelayMs(1000, DEFAULT_RECONNECT), 32000);
});

test("heartbeats come every interval ± jitter", () => {
  assert.equal(heartbeatDelayMs(60_000, 10_000, () => 0), 50_000);
  assert.equal(heartbeatDelayMs(60_000, 10_000, () => 0.5), 60_000);
  assert.ok(heartbeatDelayMs(60_000, 10_000, () => 0.999999) <= 70_000);
  assert.equal(heartbeatDelayMs(100, 1000, () => 0), 0);
  for (let i = 0; i < 200; i++) {
    const d = heartbeatDelayMs(60_000, 10_000);
    assert.ok(d >= 50_000 && d <= 70_000, String(d));
  }
});

test("the fleet launcher's restart back-off grows and is capped", () => {
  assert.equal(restartDelayMs(0, DEFAULT_RESTART), 0);
  assert.deepEqual(
    [1, 2, 3, 4, 5, 6, 7].map((n) => restartDelayMs(n, DEFAULT_RESTART)),
    [1000, 2000, 4000, 8000, 16000, 30000, 30000],
  );
  assert.equal(restartDelayMs(10_000, DEFAULT_RESTART), 30000);
});

test("{port} in launch arguments becomes the process's port", () => {
  assert.deepEqual(substitutePort(["--port", "{port}", "--url=ws://h:{port}/{port}"], 7001), ["--port", "7001", "--url=ws://h:7001/7001"]);
});
