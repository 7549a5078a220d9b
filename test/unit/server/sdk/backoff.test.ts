// The server SDK's reconnect back-off and heartbeat jitter, as the official SDKs do them.
import { test } from "vitest";
import assert from "node:assert/strict";
import { DEFAULT_RECONNECT, heartbeatDelayMs, reconnectDelayMs } from "../../../../server/sdk/backoff.ts";

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
