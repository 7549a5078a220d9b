// The whole kit as a game uses it, in Node: sign in, credentials from the identity pool, create and search
// sessions signed with them, join (player session → game server gateway → travel), see another player arrive,
// exchange messages, leave. The local stack, demo game server processes and two kits on loopback. Seats are
// reserved under each player's identity id, which the demo servers check against the hello's identity token.
import assert from "node:assert/strict";
import { test, beforeAll, afterAll } from "vitest";
import WebSocket from "ws";
import { DescribePlayerSessionsCommand } from "@aws-sdk/client-gamelift";
import { createGameLiftKit, plainByAddress, where, type GameLiftKit, type GameLiftKitConfig, type WebSocketConstructor } from "../../../../plugin/core/index.ts";
import { startTestStack } from "../../../fixtures/local-stack.ts";
import { eventually } from "../../../helpers/eventually.ts";

const PASSWORD = "Kit-players-42-go";
const startKitStack = () => startTestStack({ cognito: true, demoFleet: { processes: 3, location: "custom-kit" } });
let local: Awaited<ReturnType<typeof startKitStack>>;
const kits: GameLiftKit[] = [];

beforeAll(async () => {
  local = await startKitStack();
  await local.cognito.createUser("alice", PASSWORD);
  await local.cognito.createUser("bob", PASSWORD);
});

afterAll(async () => {
  for (const kit of kits) kit.destroy();
  await local?.stop();
});

function kit(): GameLiftKit {
  const { region, endpoint, cognito } = local.publicConfig;
  const config: GameLiftKitConfig = { region, endpoint, cognito, gamelift: { aliasId: local.demoFleet.aliasId, location: "custom-kit" } };
  const k = createGameLiftKit(config, { WebSocket: WebSocket as unknown as WebSocketConstructor, travel: { endpoint: plainByAddress } });
  kits.push(k);
  return k;
}

test("a guest may search but not create sessions", async () => {
  const guest = kit();
  const creds = await guest.credentials.requestAWSCredentials();
  assert.match(creds.accessKeyId, /^ASIA/);
  const found = await guest.sessions.searchSessions({ filter: where("hasAvailablePlayerSessions").eq(true) });
  assert.ok(Array.isArray(found.sessions));
  await assert.rejects(guest.sessions.createSession({ maxPlayers: 2 }), { code: "AccessDeniedException" });
  // A guest is named after the end of its identity id.
  const suffix = creds.identityId.replace(/[^A-Za-z0-9]/g, "").slice(-4).toUpperCase();
  assert.equal(await guest.credentials.playerDisplayName(), `Guest-${suffix}`);
});

test("two signed-in players create, find and join one session, see each other, talk, and leave", async () => {
  const alice = kit();
  const bob = kit();
  await alice.auth.passwordGrantSignIn("alice", PASSWORD);
  await bob.auth.passwordGrantSignIn("bob", PASSWORD);

  const created = await alice.sessions.createSession({ maxPlayers: 4, name: "kit room", gameProperties: { map: "arena" } });
  await eventually(async () => {
    const { sessions } = await bob.sessions.searchSessions({ filter: where("gameSessionName").eq("kit room").and(where("hasAvailablePlayerSessions").eq(true)) });
    return sessions.find((s) => s.gameSessionId === created.gameSessionId);
  }, "the session to be ACTIVE and found");

  const aliceTravel = alice.travel.bus.once("onTravelComplete");
  const aliceJoined = alice.sessions.bus.once("onJoinSessionAsyncComplete");
  alice.sessions.joinSessionAsync({ gameSessionId: created.gameSessionId });
  const [map] = await aliceTravel;
  assert.equal(map, "arena");
  const [joinResult, joinError] = await aliceJoined;
  assert.equal(joinError, undefined);
  assert.match(joinResult!.playerSession.playerSessionId, /^psess-/);
  assert.equal(alice.travel.state, "in-session");
  const ALICE = alice.credentials.getIdentityId()!;
  const BOB = await bob.credentials.playerIdentityId();
  assert.equal(joinResult!.playerSession.playerId, ALICE, "the seat is reserved under alice's identity id");
  assert.equal(joinResult!.playerSession.playerData, JSON.stringify({ name: "alice" }), "and with her name for the game server");
  assert.equal(alice.travel.session?.playerId, ALICE);

  const seen = alice.travel.bus.once("onPlayerJoined");
  await bob.sessions.joinSession({ gameSessionId: created.gameSessionId });
  // Joined under his identity id, named by his account: the kit reserved with PlayerData {"name":"bob"}.
  assert.deepEqual(await seen, [BOB, "bob"]);

  const heard = bob.travel.bus.once("onMessage");
  assert.equal(alice.travel.send("move", { x: 10, y: 20 }), true);
  const [type, data] = await heard;
  assert.equal(type, "move");
  assert.equal((data as { playerId: string }).playerId, ALICE);

  const gone = alice.travel.bus.once("onPlayerLeft");
  await bob.sessions.leaveSession();
  assert.deepEqual(await gone, [BOB]);
  assert.equal(bob.travel.state, "idle");

  const full = await alice.sessions.searchSessions({ filter: where("gameSessionId").eq(created.gameSessionId) });
  assert.equal(full.sessions[0]?.currentPlayers, 1, "bob's seat is free again");
  await alice.sessions.leaveSession();
  assert.equal(alice.travel.state, "idle");
});

test("a session picked in the lobby (prepareJoin) is joined over the socket opened then; an id the kit has not seen opens nothing", async () => {
  const sockets: WebSocket[] = [];
  class Tracked extends WebSocket {
    constructor(url: string | URL) {
      super(url);
      sockets.push(this);
    }
  }
  const host = kit();
  await host.auth.passwordGrantSignIn("alice", PASSWORD);
  const created = await host.sessions.createSession({ maxPlayers: 4, name: "picked room", gameProperties: { map: "arena" } });
  const config = { ...host.config };
  const picker = createGameLiftKit(config, { WebSocket: Tracked as unknown as WebSocketConstructor, travel: { endpoint: plainByAddress } });
  kits.push(picker);
  await picker.auth.passwordGrantSignIn("bob", PASSWORD);

  await picker.sessions.prepareJoin("an-id-never-seen");
  const found = await eventually(async () => {
    const { sessions } = await picker.sessions.searchSessions({ filter: where("gameSessionId").eq(created.gameSessionId).and(where("hasAvailablePlayerSessions").eq(true)) });
    return sessions.find((s) => s.status === "ACTIVE");
  }, "the session to be ACTIVE and found");
  assert.equal(sockets.length, 0);

  await picker.sessions.prepareJoin(found);
  await eventually(() => sockets[0]?.readyState === WebSocket.OPEN, "the socket to the session's server to open");
  const joined = await picker.sessions.joinSession({ gameSessionId: created.gameSessionId });
  assert.equal(joined.travel?.map, "arena");
  assert.equal(sockets.length, 1, "the join used the socket opened when the session was picked");
  assert.equal(new URL(sockets[0]!.url).searchParams.has("playerSessionId"), false);
  await picker.sessions.leaveSession();
});

test("a placement on a queue gives the player's own seat the player's name, as a join does; other seats stay as written", async () => {
  const alice = kit();
  await alice.auth.passwordGrantSignIn("alice", PASSWORD);
  const ALICE = await alice.credentials.playerIdentityId();
  const queueName = local.publicConfig.gamelift.queueName!;
  const placed = await alice.sessions.createSessionOnQueue({
    queueName,
    maxPlayers: 3,
    name: "named seats",
    desiredPlayers: [{ playerId: ALICE }, { playerId: "friend-without-data" }, { playerId: "friend-with-data", playerData: "red" }],
  });
  const seats = await local.gamelift.send(new DescribePlayerSessionsCommand({ GameSessionId: placed.gameSessionId }));
  const dataOf = (playerId: string) => seats.PlayerSessions!.find((p) => p.PlayerId === playerId)?.PlayerData;
  assert.equal(dataOf(ALICE), JSON.stringify({ name: "alice" }));
  assert.equal(dataOf("friend-without-data"), undefined);
  assert.equal(dataOf("friend-with-data"), "red");
});
