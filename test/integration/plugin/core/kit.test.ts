// The whole kit as a game uses it, in Node: sign in, credentials from the identity pool, create and search
// sessions signed with them, join (player session → game server gateway → travel), see another player arrive,
// exchange messages, leave. The local stack, demo game server processes and two kits on loopback. Seats are
// reserved under each player's identity id, which the demo servers check against the hello's identity token.
import assert from "node:assert/strict";
import { test, beforeAll, afterAll } from "vitest";
import WebSocket from "ws";
import { identityPoolsExtension } from "../../../../local/cognito/identity/index.ts";
import { userPoolsExtension } from "../../../../local/cognito/userpool/index.ts";
import { launchFleet, type LaunchedFleet } from "../../../../local/fleet/launcher.ts";
import { deviceCodeProvidersExtension } from "../../../../local/oauth/index.ts";
import { ensureDemoIdentity, type DemoIdentity } from "../../../../local/setup/demo-identity.ts";
import { startLocalStack, type LocalStack } from "../../../../local/stack.ts";
import { createGameLiftKit, plainByAddress, where, type GameLiftKit, type GameLiftKitConfig, type WebSocketConstructor } from "../../../../plugin/core/index.ts";
import { eventually } from "../../../helpers/eventually.ts";

let stack: LocalStack;
let fleet: LaunchedFleet;
let demo: DemoIdentity;
const kits: GameLiftKit[] = [];
const output: string[] = [];

beforeAll(async () => {
  stack = await startLocalStack({ port: 0, extensions: [userPoolsExtension(), identityPoolsExtension(), deviceCodeProvidersExtension()] });
  demo = await ensureDemoIdentity({ endpoint: stack.endpoint, region: stack.region, accountId: stack.accountId, credentials: stack.developerCredentials });
  fleet = await launchFleet({
    endpoint: stack.endpoint,
    region: stack.region,
    credentials: stack.developerCredentials,
    fleetName: "kit",
    location: "custom-kit",
    processes: 2,
    command: process.execPath,
    args: ["-C", "phaser-gamelift-source", "--import", "tsx", "demo/server/main.ts"],
    basePort: 7600,
    ipAddress: "127.0.0.1",
    createAlias: true,
    env: { PHASER_GAMELIFT_IDENTITY_POOL_ID: demo.identityPoolId, PHASER_GAMELIFT_IDENTITY_ISSUER: stack.endpoint },
    output: (line) => void output.push(line),
    log: (line) => void output.push(line),
  });
  await eventually(() => output.filter((l) => l.includes("process ready")).length >= 2, "two demo processes", 30_000, () => output.slice(-20).join("\n"));
});

afterAll(async () => {
  for (const kit of kits) kit.destroy();
  await fleet?.stop();
  await stack?.stop();
});

function kit(): GameLiftKit {
  const config: GameLiftKitConfig = {
    region: stack.region,
    endpoint: stack.endpoint,
    cognito: { userPoolId: demo.userPoolId, appClientId: demo.appClientId, identityPoolId: demo.identityPoolId },
    gamelift: { aliasId: fleet.aliasId, location: "custom-kit" },
  };
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
  await alice.auth.passwordGrantSignIn("alice", demo.users[0]!.password);
  await bob.auth.passwordGrantSignIn("bob", demo.users[1]!.password);

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
