// The server SDK's connection URL.
import { test } from "vitest";
import assert from "node:assert/strict";
import { buildConnectUrl } from "../../../../server/sdk/connection.ts";

test("the connection URL has the official query parameters", () => {
  const url = new URL(
    buildConnectUrl(
      { webSocketUrl: "wss://example.test/sdk", processId: "p-1", hostId: "compute-1", fleetId: "fleet-1", authToken: "tok&en" },
      { sdkVersion: "5.6.0", sdkLanguage: "NodeJS" },
      "idem-1",
    ),
  );
  assert.equal(url.origin + url.pathname, "wss://example.test/sdk");
  assert.deepEqual(Object.fromEntries(url.searchParams), {
    pID: "p-1",
    sdkVersion: "5.6.0",
    sdkLanguage: "NodeJS",
    ComputeId: "compute-1",
    FleetId: "fleet-1",
    IdempotencyToken: "idem-1",
    Authorization: "tok&en",
  });
});
