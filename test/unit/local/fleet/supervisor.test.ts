// The fleet launcher's supervision rules: restart back-off, and {port} in launch arguments.
import { test } from "vitest";
import assert from "node:assert/strict";
import { DEFAULT_RESTART, restartDelayMs, substitutePort } from "../../../../local/fleet/supervisor.ts";

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
