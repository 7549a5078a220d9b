// The server SDK's WebSocket messages: requests out, pushes and answers in, junk skipped.
import { test } from "vitest";
import assert from "node:assert/strict";
import {
  decodeCreateGameSession,
  decodeDescribePlayerSessions,
  decodeRefreshConnection,
  decodeTerminateProcess,
  decodeUpdateGameSession,
  describePlayerSessionsRequest,
  newRequest,
  parseFrame,
} from "../../../../server/sdk/wire.ts";

test("requests carry Action and a fresh RequestId, and leave absent members off", () => {
  const a = newRequest("ActivateServerProcess", { SdkVersion: "5.6.0", Port: 7777, LogPaths: [], SdkToolName: undefined });
  const b = newRequest("ActivateServerProcess");
  assert.equal(a.Action, "ActivateServerProcess");
  assert.match(a.RequestId, /^[0-9a-f-]{36}$/);
  assert.notEqual(a.RequestId, b.RequestId);
  assert.deepEqual(Object.keys(a).sort(), ["Action", "LogPaths", "Port", "RequestId", "SdkVersion"]);
});

test("DescribePlayerSessions request uses the wire's PascalCase names", () => {
  const r = describePlayerSessionsRequest({ gameSessionId: "arn:gs", playerSessionStatusFilter: "ACTIVE", limit: 5 });
  assert.equal(r.GameSessionId, "arn:gs");
  assert.equal(r.PlayerSessionStatusFilter, "ACTIVE");
  assert.equal(r.Limit, 5);
  assert.equal("PlayerId" in r, false);
});

test("parseFrame takes JSON objects only", () => {
  assert.equal(parseFrame("not json"), undefined);
  assert.equal(parseFrame("[1,2]"), undefined);
  assert.equal(parseFrame("null"), undefined);
  const f = parseFrame(JSON.stringify({ Action: "X", RequestId: "r", StatusCode: 404, ErrorMessage: "gone" }));
  assert.deepEqual({ ...f, raw: undefined }, { Action: "X", RequestId: "r", StatusCode: 404, ErrorMessage: "gone", raw: undefined });
  assert.equal(parseFrame(JSON.stringify({ Action: 5, RequestId: "" }))?.RequestId, undefined);
});

test("CreateGameSession decodes the flat message with GameSessionName", () => {
  const s = decodeCreateGameSession({
    Action: "CreateGameSession",
    GameSessionId: "arn:aws:gamelift:custom-x::gamesession/fleet-1/gs",
    GameSessionName: "room",
    MaximumPlayerSessionCount: 4,
    IpAddress: "127.0.0.1",
    Port: 7000,
    DnsName: "",
    GameProperties: { level: "forest", n: 3 },
    GameSessionData: "data",
  });
  assert.deepEqual(s, {
    gameSessionId: "arn:aws:gamelift:custom-x::gamesession/fleet-1/gs",
    name: "room",
    maximumPlayerSessionCount: 4,
    ipAddress: "127.0.0.1",
    port: 7000,
    gameProperties: { level: "forest", n: "3" },
    gameSessionData: "data",
  });
});

test("UpdateGameSession decodes the nested GameSession (Name) and reason", () => {
  const u = decodeUpdateGameSession({
    GameSession: { GameSessionId: "gs", Name: "room", MaximumPlayerSessionCount: 2, Port: 1, GameProperties: [{ Key: "k", Value: "v" }] },
    UpdateReason: "MATCHMAKING_DATA_UPDATED",
    BackfillTicketId: "t-1",
  });
  assert.equal(u.gameSession.name, "room");
  assert.deepEqual(u.gameSession.gameProperties, { k: "v" });
  assert.equal(u.updateReason, "MATCHMAKING_DATA_UPDATED");
  assert.equal(u.backfillTicketId, "t-1");
  assert.equal(decodeUpdateGameSession({ UpdateReason: "WHATEVER" }).updateReason, "UNKNOWN");
});

test("TerminateProcess and RefreshConnection decode their members", () => {
  assert.equal(decodeTerminateProcess({ TerminationTime: 1700000000123 }), 1700000000123);
  assert.equal(decodeTerminateProcess({ TerminationTime: "soon" }), undefined);
  assert.deepEqual(decodeRefreshConnection({ RefreshConnectionEndpoint: "wss://x", AuthToken: "t" }), { endpoint: "wss://x", authToken: "t" });
  assert.equal(decodeRefreshConnection({ RefreshConnectionEndpoint: "wss://x" }), undefined);
});

test("DescribePlayerSessions answers decode, skipping junk entries", () => {
  const r = decodeDescribePlayerSessions({
    PlayerSessions: [
      { PlayerSessionId: "psess-1", GameSessionId: "gs", Status: "ACTIVE", CreationTime: 1700000000000, TerminationTime: 0, Port: 7000 },
      "junk",
    ],
    NextToken: "n",
  });
  assert.equal(r.playerSessions.length, 1);
  assert.equal(r.playerSessions[0]?.status, "ACTIVE");
  assert.equal(r.playerSessions[0]?.creationTime, 1700000000000);
  assert.equal(r.playerSessions[0]?.terminationTime, undefined);
  assert.equal(r.nextToken, "n");
  assert.deepEqual(decodeDescribePlayerSessions({}), { playerSessions: [] });
});
