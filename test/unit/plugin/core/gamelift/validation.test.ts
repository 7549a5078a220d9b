/**
 * The sessions area's checks before sending: each names the field, every problem is reported at once, nothing
 * is sent, and the notification still fires (with undefined and the error), as the gem's does.
 */
import { test } from "vitest";
import assert from "node:assert/strict";
import { GameLiftClient } from "@aws-sdk/client-gamelift";
import type { GameLiftKitConfig } from "../../../../../plugin/core/config.ts";
import { GameLiftKitError } from "../../../../../plugin/core/errors.ts";
import { InvalidParameterError, createSessions, sortBy, where } from "../../../../../plugin/core/gamelift/index.ts";

function fakeClient() {
  const client = new GameLiftClient({ region: "us-west-2", credentials: { accessKeyId: "AKID", secretAccessKey: "secret" } });
  const sent: { operation: string; input: Record<string, unknown> }[] = [];
  client.send = (async (command: { constructor: { name: string }; input: Record<string, unknown> }) => {
    sent.push({ operation: command.constructor.name.replace(/Command$/, ""), input: command.input });
    return { GameSession: { GameSessionId: "arn:aws:gamelift:us-west-2::gamesession/fleet-1/gs" }, GameSessions: [], PlayerSession: { PlayerSessionId: "psess-1" } };
  }) as unknown as GameLiftClient["send"];
  return { client, sent };
}

function area(gamelift: GameLiftKitConfig["gamelift"] = {}) {
  const kit = createSessions({ region: "us-west-2", gamelift });
  const fake = fakeClient();
  kit.sessions.configureGameLiftClient({ client: fake.client });
  return { sessions: kit.sessions, sent: fake.sent, destroy: kit.destroy };
}

/** Asserts an InvalidParameterError with exactly these fields and messages matching the patterns. */
async function rejectsWith(promise: Promise<unknown>, expected: Record<string, RegExp>): Promise<InvalidParameterError> {
  let caught: unknown;
  await promise.catch((e) => (caught = e));
  assert.ok(caught instanceof InvalidParameterError, `expected InvalidParameterError, got ${String(caught)}`);
  assert.equal(caught.code, "InvalidParameter");
  assert.deepEqual(caught.problems.map((p) => p.field).sort(), Object.keys(expected).sort());
  for (const p of caught.problems) assert.match(p.message, expected[p.field] as RegExp);
  return caught;
}

test("createSession: fleet xor alias, maxPlayers 0–200, properties, token and location, all at once; nothing sent", async () => {
  const { sessions, sent } = area();
  const error = await rejectsWith(
    sessions.createSession({
      maxPlayers: 201,
      gameProperties: { ["k".repeat(33)]: "v", mode: "x".repeat(97) },
      idempotencyToken: "not ok!",
      location: "custom_place",
    }),
    {
      fleetId: /fleetId or aliasId is required/,
      maxPlayers: /maxPlayers must be a whole number from 0 to 200, not '201'/,
      [`gameProperties.${"k".repeat(33)}`]: /is 33 characters; the limit is 32/,
      "gameProperties.mode": /gameProperties.mode is 97 characters; the limit is 96/,
      idempotencyToken: /idempotencyToken 'not ok!' is not valid: letters, digits and '-' only/,
      location: /location 'custom_place' is not valid/,
    },
  );
  assert.match(error.message, /^createSession: /);
  await rejectsWith(sessions.createSession({ fleetId: "fleet-1", aliasId: "alias-1", maxPlayers: 2 }), { fleetId: /both set; give one/ });
  await rejectsWith(sessions.createSession({ fleetId: "my-fleet", maxPlayers: 2.5 }), {
    fleetId: /'my-fleet' is not valid: a fleet id \(fleet-…\) or fleet ARN/,
    maxPlayers: /whole number/,
  });
  await rejectsWith(sessions.createSession({ aliasId: "alias-1" } as never), { maxPlayers: /maxPlayers is required/ });
  await rejectsWith(sessions.createSession({ aliasId: "alias-1", maxPlayers: -1 }), { maxPlayers: /not '-1'/ });
  const many = Object.fromEntries(Array.from({ length: 17 }, (_, i) => [`k${i}`, "v"]));
  await rejectsWith(sessions.createSession({ aliasId: "alias-1", maxPlayers: 2, gameProperties: many }), { gameProperties: /17 properties; the limit is 16/ });
  await rejectsWith(sessions.createSession({ aliasId: "alias-1", maxPlayers: 2, gameProperties: { level: 3 as unknown as string } }), {
    "gameProperties.level": /must be a string, not number/,
  });
  await rejectsWith(sessions.createSession({ aliasId: "alias-1", maxPlayers: 2, idempotencyToken: "x".repeat(49) }), { idempotencyToken: /49 characters long; the limit is 48/ });
  await rejectsWith(sessions.createSession(undefined as never), { request: /request object is required/ });
  assert.equal(sent.length, 0);
});

test("createSession: config.gamelift fills in; a request naming either target replaces the config's pair", async () => {
  const { sessions, sent } = area({ fleetId: "fleet-cfg", location: "custom-home" });
  await sessions.createSession({ maxPlayers: 0, gameProperties: { level: "forest" }, name: "room", creatorId: "p1", gameSessionData: "d", idempotencyToken: "tok-1" });
  await sessions.createSession({ aliasId: "alias-1", maxPlayers: 200, location: "custom-other", name: "" });
  assert.deepEqual(sent[0], {
    operation: "CreateGameSession",
    input: {
      FleetId: "fleet-cfg",
      AliasId: undefined,
      Location: "custom-home",
      MaximumPlayerSessionCount: 0,
      Name: "room",
      GameProperties: [{ Key: "level", Value: "forest" }],
      GameSessionData: "d",
      IdempotencyToken: "tok-1",
      CreatorId: "p1",
    },
  });
  assert.equal(sent[1]?.input.AliasId, "alias-1");
  assert.equal(sent[1]?.input.FleetId, undefined);
  assert.equal(sent[1]?.input.Location, "custom-other");
  assert.equal(sent[1]?.input.Name, undefined, "an empty name is unset, as in the gem");
  const both = area({ fleetId: "fleet-1", aliasId: "alias-1" });
  await rejectsWith(both.sessions.createSession({ maxPlayers: 1 }), { fleetId: /both set in config.gamelift/ });
});

test("createSessionOnQueue: queue name, placement id, desired players", async () => {
  const { sessions, sent } = area();
  await rejectsWith(sessions.createSessionOnQueue({ maxPlayers: 2 }), { queueName: /queueName is required \(in the request, or as config.gamelift.queueName\)/ });
  await rejectsWith(
    sessions.createSessionOnQueue({
      queueName: "my queue",
      placementId: "p/1",
      maxPlayers: 1,
      desiredPlayers: [{ playerId: "a" }, { playerId: "a" }],
      playerLatencies: [{ playerId: "a", regionIdentifier: "us-west-2", latencyInMilliseconds: -5 }],
    }),
    {
      queueName: /'my queue' is not valid: a queue name/,
      placementId: /'p\/1' is not valid/,
      desiredPlayers: /2 players but maxPlayers is 1/,
      "desiredPlayers[1].playerId": /lists player 'a' twice/,
      "playerLatencies[0].latencyInMilliseconds": /number ≥ 0/,
    },
  );
  const tooMany = Array.from({ length: 26 }, (_, i) => ({ playerId: `p${i}` }));
  await rejectsWith(sessions.createSessionOnQueue({ queueName: "q", maxPlayers: 100, desiredPlayers: tooMany }), { desiredPlayers: /26 entries; the limit is 25/ });
  await rejectsWith(sessions.stopPlacement(""), { placementId: /required/ });
  assert.equal(sent.length, 0);
});

test("searchSessions: expression length, limit, token; builders are sent as their text", async () => {
  // config.gamelift.location is where sessions are created; a search without one covers every location.
  const { sessions, sent } = area({ aliasId: "alias-1", location: "custom-home" });
  await rejectsWith(sessions.searchSessions({ filter: `gameSessionName = '${"x".repeat(1030)}'`, limit: 0 }), {
    filter: /filter is 1050 characters long; the limit is 1024/,
    limit: /limit must be a whole number from 1/,
  });
  await rejectsWith(sessions.searchSessions({ fleetId: "fleet-1", aliasId: "alias-2" }), { fleetId: /both set/ });
  assert.equal(sent.length, 0);
  await sessions.searchSessions({ filter: where("playerSessionCount").lt(4), sort: sortBy("creationTimeMillis", "DESC"), limit: 5, nextToken: "t" });
  assert.deepEqual(sent[0]?.input, {
    FleetId: undefined,
    AliasId: "alias-1",
    Location: undefined,
    FilterExpression: "playerSessionCount < 4",
    SortExpression: "creationTimeMillis DESC",
    Limit: 5,
    NextToken: "t",
  });
  await sessions.searchSessions({ location: "custom-away" });
  assert.equal(sent[1]?.input.Location, "custom-away");
});

test("createPlayerSession and joinSession: game session id and player id", async () => {
  const { sessions, sent } = area();
  await rejectsWith(sessions.createPlayerSession({ gameSessionId: "", playerId: "" }), {
    gameSessionId: /gameSessionId is required/,
    playerId: /playerId is required \(createPlayerId\(\) makes one\)/,
  });
  const error = await rejectsWith(sessions.joinSession({ gameSessionId: "not an id", playerId: "p", playerData: "x".repeat(2049) }), {
    gameSessionId: /not valid: a game session id/,
    playerData: /2049 characters long; the limit is 2048/,
  });
  assert.match(error.message, /^joinSession: /);
  assert.equal(sent.length, 0);
});

test("Async forms fire their notification on a validation failure too, and reject nothing", async () => {
  const { sessions, sent } = area();
  const created = sessions.bus.once("onCreateSessionAsyncComplete");
  const searched = sessions.bus.once("onSearchSessionsAsyncComplete");
  const joined = sessions.bus.once("onJoinSessionAsyncComplete");
  const left = sessions.bus.once("onLeaveSessionAsyncComplete");
  let unhandled = 0;
  const count = () => void unhandled++;
  process.on("unhandledRejection", count);
  assert.equal(sessions.createSessionAsync({ maxPlayers: 999 } as never), undefined);
  sessions.createSessionOnQueueAsync({ maxPlayers: 1 });
  sessions.searchSessionsAsync({});
  sessions.joinSessionAsync({ gameSessionId: "", playerId: "" });
  sessions.leaveSessionAsync();
  const [c, cError] = await created;
  assert.equal(c, undefined);
  assert.ok(cError instanceof GameLiftKitError && cError.code === "InvalidParameter");
  const [s, sError] = await searched;
  assert.equal(s, undefined);
  assert.match(String(sError?.message), /searchSessions: fleetId or aliasId is required/);
  const [j, jError] = await joined;
  assert.equal(j, undefined);
  assert.equal(jError?.code, "InvalidParameter");
  assert.deepEqual(await left, [undefined], "leaving with no traveler succeeds with nothing to leave");
  await new Promise((r) => setTimeout(r, 20));
  process.off("unhandledRejection", count);
  assert.equal(unhandled, 0);
  assert.equal(sent.length, 0);
});

test("NotConfigured before configureGameLiftClient; the region is checked", async () => {
  const kit = createSessions({ region: "us-west-2" });
  const notified = kit.sessions.bus.once("onSearchSessionsAsyncComplete");
  kit.sessions.searchSessionsAsync({ fleetId: "fleet-1" });
  const [, error] = await notified;
  assert.equal(error?.code, "NotConfigured");
  assert.match(String(error?.message), /call configureGameLiftClient/);
  await assert.rejects(kit.sessions.createPlayerSession({ gameSessionId: "arn:x", playerId: "p" }), { code: "NotConfigured" });
  assert.throws(() => kit.sessions.configureGameLiftClient({ region: "US West" }), (e: InvalidParameterError) => e.problems[0]?.field === "region");
  assert.throws(() => kit.sessions.configureGameLiftClient({ region: "us-west-2", endpoint: "localhost:8080" }), /endpoint 'localhost:8080' is not valid: an http\(s\) URL/);
  kit.sessions.configureGameLiftClient();
  const client = await kit.sessions.getGameLiftClient();
  assert.equal(await client.config.region(), "us-west-2");
  assert.equal(kit.sessions.isConfigured, true);
  kit.destroy();
});

test("createPlayerId: v4 UUIDs, unique", () => {
  const { sessions } = area();
  const ids = new Set(Array.from({ length: 1000 }, () => sessions.createPlayerId()));
  assert.equal(ids.size, 1000);
  for (const id of ids) assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
});
