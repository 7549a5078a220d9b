// HTTP status codes in the server SDK's answers, as the Go SDK's error types.
import { test } from "vitest";
import assert from "node:assert/strict";
import { errorCodeForStatus, errorFromStatus } from "../../../../server/sdk/errors.ts";

test("status codes map to the Go SDK's error types", () => {
  assert.equal(errorCodeForStatus(400), "BAD_REQUEST_EXCEPTION");
  assert.equal(errorCodeForStatus(401), "UNAUTHORIZED_EXCEPTION");
  assert.equal(errorCodeForStatus(403), "FORBIDDEN_EXCEPTION");
  assert.equal(errorCodeForStatus(404), "NOT_FOUND_EXCEPTION");
  assert.equal(errorCodeForStatus(409), "CONFLICT_EXCEPTION");
  assert.equal(errorCodeForStatus(429), "TOO_MANY_REQUESTS_EXCEPTION");
  assert.equal(errorCodeForStatus(418), "BAD_REQUEST_EXCEPTION");
  assert.equal(errorCodeForStatus(500), "INTERNAL_SERVICE_EXCEPTION");
  assert.equal(errorCodeForStatus(0), "INTERNAL_SERVICE_EXCEPTION");
  const e = errorFromStatus(404, "Game session not found");
  assert.equal(e.message, "Game session not found");
  assert.equal(e.statusCode, 404);
});
