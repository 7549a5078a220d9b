// The server SDK's parameters: GAMELIFT_SDK_* variables, argument validation as the official SDKs do it.
import { test } from "vitest";
import assert from "node:assert/strict";
import { GameLiftServerError } from "../../../../server/sdk/errors.ts";
import {
  resolveServerParameters,
  validateDescribePlayerSessions,
  validateFleetRoleRequest,
  validatePlayerSessionId,
  validatePolicy,
  validatePort,
} from "../../../../server/sdk/parameters.ts";

const ENV = {
  GAMELIFT_SDK_WEBSOCKET_URL: "ws://127.0.0.1:8080/gamelift-sdk",
  GAMELIFT_SDK_PROCESS_ID: "process-1",
  GAMELIFT_SDK_HOST_ID: "compute-1",
  GAMELIFT_SDK_FLEET_ID: "fleet-123",
  GAMELIFT_SDK_AUTH_TOKEN: "token",
};

const isValidation = (e: unknown): boolean => e instanceof GameLiftServerError && e.code === "VALIDATION_EXCEPTION";

test("initSDK without arguments reads the GAMELIFT_SDK_* variables", () => {
  assert.deepEqual(resolveServerParameters(undefined, ENV), {
    webSocketUrl: ENV.GAMELIFT_SDK_WEBSOCKET_URL,
    processId: "process-1",
    hostId: "compute-1",
    fleetId: "fleet-123",
    authToken: "token",
  });
});

test("arguments win field by field; computeId is hostId", () => {
  const p = resolveServerParameters({ processId: "mine", computeId: "other-compute" }, ENV);
  assert.equal(p.processId, "mine");
  assert.equal(p.hostId, "other-compute");
  assert.equal(p.fleetId, "fleet-123");
});

test("missing or malformed parameters are a validation error naming the variable", () => {
  const { GAMELIFT_SDK_AUTH_TOKEN: _t, ...noToken } = ENV;
  assert.throws(() => resolveServerParameters({}, noToken), (e) => isValidation(e) && /GAMELIFT_SDK_AUTH_TOKEN/.test((e as Error).message));
  assert.throws(() => resolveServerParameters({ webSocketUrl: "http://x" }, ENV), isValidation);
  assert.throws(() => resolveServerParameters({ webSocketUrl: "::::" }, ENV), isValidation);
  assert.throws(() => resolveServerParameters({ fleetId: "fleet 1" }, ENV), isValidation);
  assert.throws(() => resolveServerParameters({ hostId: "a/b/c" }, ENV), isValidation);
  assert.throws(() => resolveServerParameters({}, {}), isValidation);
});

test("ports, player session ids and policies follow the official SDKs' rules", () => {
  validatePort(1);
  validatePort(60000);
  for (const bad of [0, 60001, 1.5, "7777", undefined]) assert.throws(() => validatePort(bad), isValidation);
  validatePlayerSessionId("psess-1234-abcd");
  for (const bad of ["", "psess 1", "x".repeat(257), 42]) assert.throws(() => validatePlayerSessionId(bad), isValidation);
  validatePolicy("ACCEPT_ALL");
  validatePolicy("DENY_ALL");
  assert.throws(() => validatePolicy("NOT_SET"), isValidation);
});

test("DescribePlayerSessions needs exactly one id", () => {
  validateDescribePlayerSessions({ gameSessionId: "arn:aws:gamelift:us-west-2::gamesession/fleet-1/gs" });
  validateDescribePlayerSessions({ playerId: "p", playerSessionStatusFilter: "ACTIVE", limit: 10 });
  assert.throws(() => validateDescribePlayerSessions({}), isValidation);
  assert.throws(() => validateDescribePlayerSessions({ playerId: "p", playerSessionId: "psess-1" }), isValidation);
  assert.throws(() => validateDescribePlayerSessions({ gameSessionId: "not an arn" }), isValidation);
  assert.throws(() => validateDescribePlayerSessions({ playerId: "p", playerSessionStatusFilter: "DONE" as never }), isValidation);
  assert.throws(() => validateDescribePlayerSessions({ playerId: "p", limit: 0 }), isValidation);
  assert.throws(() => validateDescribePlayerSessions(undefined), isValidation);
});

test("fleet role requests need an ARN and a 2–64 character session name", () => {
  validateFleetRoleRequest("arn:aws:iam::123456789012:role/game", "fleet-1-compute-1");
  assert.throws(() => validateFleetRoleRequest("", "ok"), isValidation);
  assert.throws(() => validateFleetRoleRequest("arn with spaces", "ok"), isValidation);
  assert.throws(() => validateFleetRoleRequest("arn:aws:iam::1:role/x", "x"), isValidation);
  assert.throws(() => validateFleetRoleRequest("arn:aws:iam::1:role/x", "x".repeat(65)), isValidation);
});
