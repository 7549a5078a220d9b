// The player gateway end to end, as the plugin's travel client meets it on loopback: the local stack, demo game
// server processes from the fleet launcher (each opens the gateway when its game session starts), the real
// @aws-sdk/client-gamelift for game and player sessions, and the travel client over the `ws` package. Players are guest identities of an identity
// pool on the stack: seats are reserved under their identity ids, and each hello carries the identity's token.
import assert from "node:assert/strict";
import { test, beforeAll, afterAll } from "vitest";
import WebSocket from "ws";
import { END_REASONS } from "../../../../server/index.ts";
import {
  CreateGameSessionCommand,
  CreatePlayerSessionCommand,
  DescribeGameSessionsCommand,
  DescribePlayerSessionsCommand,
  TerminateGameSessionCommand,
  type GameLiftClient,
} from "@aws-sdk/client-gamelift";
import { identityPoolsExtension } from "../../../../local/cognito/identity/index.ts";
import { TRAVEL_EVENT_NAMES, type TravelEvents } from "../../../../plugin/core/events/travel-events.ts";
import { ConnectionRejectedError, createTravel, type Travel, type TravelOptions } from "../../../../plugin/core/travel/connection.ts";
import { plainByAddress } from "../../../../plugin/core/travel/endpoint.ts";
import type { PlayerSessionTarget } from "../../../../plugin/core/travel/types.ts";
import { startTestStack, type DemoFleet, type TestStack } from "../../../fixtures/local-stack.ts";
import { eventually } from "../../../helpers/eventually.ts";
import { createTestIdentityPool, type TestIdentity, type TestIdentityPool } from "../../../helpers/identities.ts";

const LOCATION = "custom-travel";
const GRACE_MS = 1500;
const RESERVATION_MS = 1500;
const MAX_BYTES = 4096;
const MAX_RATE = 20;

let local: TestStack;
let gamelift: GameLiftClient;
let fleet: DemoFleet;
let pool: TestIdentityPool;
const clients: Travel[] = [];
const rawSockets: WebSocket[] = [];

beforeAll(async () => {
  local = await startTestStack({
    // A killed server's game session ends soon after its SDK connection drops.
    gameliftTimings: { playerSessionReservationMs: RESERVATION_MS, reconnectGraceMs: 300 },
    extensions: [identityPoolsExtension()],
  });
  gamelift = local.gamelift;
  pool = await createTestIdentityPool(local.stack);
  fleet = await local.launchDemoFleet("travel", {
    processes: 6,
    location: LOCATION,
    env: {
      DEMO_GRACE_MS: String(GRACE_MS),
      DEMO_HELLO_TIMEOUT_MS: "1000",
      DEMO_MAX_MESSAGE_BYTES: String(MAX_BYTES),
      DEMO_MAX_MESSAGES_PER_SECOND: String(MAX_RATE),
      PHASER_GAMELIFT_IDENTITY_POOL_ID: pool.identityPoolId,
      PHASER_GAMELIFT_IDENTITY_ISSUER: pool.issuer,
    },
    restart: { initialDelayMs: 100, maxDelayMs: 1000, minUptimeMs: 1000 },
  });
});

afterAll(async () => {
  // TRAVEL_TEST_LOG=1 shows what the demo servers printed, for a failure that needs their side of it.
  if (process.env.TRAVEL_TEST_LOG) console.log(local?.output.join("\n"));
  for (const c of clients) c.destroy();
  for (const s of rawSockets) s.terminate();
  pool?.destroy();
  await local?.stop();
});

// ── helpers ──────────────────────────────────────────────────────────────────────────────────────────

async function createSession(maxPlayers: number, properties: Record<string, string> = {}): Promise<string> {
  const out = await gamelift.send(
    new CreateGameSessionCommand({
      FleetId: fleet.fleetId,
      Location: LOCATION,
      MaximumPlayerSessionCount: maxPlayers,
      GameProperties: Object.entries(properties).map(([Key, Value]) => ({ Key, Value })),
    }),
  );
  const id = out.GameSession!.GameSessionId!;
  await eventually(async () => (await describe(id))?.Status === "ACTIVE", "the game session to be ACTIVE");
  return id;
}

async function describe(gameSessionId: string) {
  return (await gamelift.send(new DescribeGameSessionsCommand({ GameSessionId: gameSessionId }))).GameSessions?.[0];
}

async function playerCount(gameSessionId: string): Promise<number | undefined> {
  return (await describe(gameSessionId))?.CurrentPlayerSessionCount;
}

/** The players, one guest identity per name, made as they are first asked for. */
const identities = new Map<string, Promise<TestIdentity>>();
function identity(name: string): Promise<TestIdentity> {
  if (!identities.has(name)) identities.set(name, pool.guest());
  return identities.get(name)!;
}
/** A player's identity id: their PlayerId, and what the server calls them. */
const idOf = async (name: string) => (await identity(name)).id;

async function reserve(gameSessionId: string, name: string, playerData?: string): Promise<PlayerSessionTarget> {
  const playerId = await idOf(name);
  const ps = (await gamelift.send(new CreatePlayerSessionCommand({ GameSessionId: gameSessionId, PlayerId: playerId, ...(playerData ? { PlayerData: playerData } : {}) }))).PlayerSession!;
  return { playerSessionId: ps.PlayerSessionId!, ipAddress: ps.IpAddress, dnsName: ps.DnsName, port: ps.Port, gameSessionId: ps.GameSessionId, playerId: ps.PlayerId };
}

type Recorded = { [K in keyof TravelEvents]: [K, ...TravelEvents[K]] }[keyof TravelEvents];

/** A travel client over `ws` for the named player, that records its events and keeps its sockets at hand. */
function client(name = "nobody", options: Partial<TravelOptions> = {}) {
  const sockets: WebSocket[] = [];
  class Tracked extends WebSocket {
    constructor(url: string) {
      super(url);
      sockets.push(this);
    }
  }
  const travel = createTravel({
    WebSocket: Tracked,
    endpoint: plainByAddress,
    reconnect: { attempts: 3, initialDelayMs: 100, maxDelayMs: 300 },
    identityToken: async () => (await identity(name)).token(),
    ...options,
  });
  clients.push(travel);
  const events: Recorded[] = [];
  const handlers = Object.fromEntries(TRAVEL_EVENT_NAMES.map((name) => [name, (...args: unknown[]) => events.push([name, ...args] as Recorded)]));
  travel.travel.bus.connect(handlers);
  return {
    ...travel,
    events,
    sockets,
    named: <K extends keyof TravelEvents>(name: K) => events.filter((e) => e[0] === name).map((e) => e.slice(1) as TravelEvents[K]),
    waitFor: <K extends keyof TravelEvents>(name: K, match: (...args: TravelEvents[K]) => boolean = () => true, what: string = name) =>
      eventually(() => events.some((e) => e[0] === name && match(...(e.slice(1) as TravelEvents[K]))), `${what}`),
  };
}

/** A hand-driven socket, for frames the client would never send. */
function raw(port: number) {
  const socket = new WebSocket(`ws://127.0.0.1:${port}`);
  rawSockets.push(socket);
  const frames: Record<string, unknown>[] = [];
  socket.on("message", (data) => frames.push(JSON.parse(String(data))));
  socket.on("error", () => undefined);
  const closed = new Promise<{ code: number; reason: string }>((resolve) => socket.on("close", (code, reason) => resolve({ code, reason: String(reason) })));
  const opened = new Promise<void>((resolve) => socket.on("open", () => resolve()));
  return { socket, frames, closed, opened };
}

function rejectedWith(code: string) {
  return (error: unknown) => {
    assert.ok(error instanceof ConnectionRejectedError, `expected a ConnectionRejectedError, got ${String(error)}`);
    assert.equal(error.code, "ConnectionRejected");
    assert.equal(error.rejectCode, code);
    return true;
  };
}

// ── tests ────────────────────────────────────────────────────────────────────────────────────────────

test("two players join one session, see each other come, move and go; a full session refuses the next", async () => {
  const gs = await createSession(2, { map: "garden" });
  const [ALICE, BOB] = [await idOf("alice"), await idOf("bob")];
  const alice = client("alice");
  const joined = await alice.travel.joinWith(() => reserve(gs, "alice"));
  assert.equal(joined.map, "garden");
  assert.equal(joined.playerId, ALICE);
  assert.equal(joined.gameSessionId, gs);
  // No PlayerData: the gateway names the player after the end of its id.
  const aliceName = `Player-${ALICE.replace(/[^A-Za-z0-9]/g, "").slice(-4).toUpperCase()}`;
  assert.deepEqual(joined.state, { players: {}, teams: {}, names: { [ALICE]: aliceName } });
  assert.equal(alice.travel.state, "in-session");
  assert.deepEqual(alice.events.filter((e) => e[0] === "onStateChange").map((e) => e[1]), ["joining", "connecting", "traveling", "in-session"]);
  assert.equal(alice.named("onTravelStart")[0]?.[0].playerSessionId, joined.playerSessionId);
  assert.equal(alice.named("onTravelComplete")[0]?.[0], "garden");

  assert.equal(alice.travel.send("move", { x: 10, y: 20 }), true);
  await alice.waitFor("onMessage", (type, data, from) => type === "move" && from === ALICE && (data as { x: number }).x === 10, "alice's move echoed");

  const bob = client("bob");
  // The name a player reserves with (PlayerData, as the kit sends it) reaches the game and the others cleaned:
  // no right-to-left override or control character survives.
  const bobJoined = await bob.travel.joinWith(() => reserve(gs, "bob", JSON.stringify({ name: "  Bob\u202e the\u0007  Great ", level: 3 })));
  assert.deepEqual(bobJoined.state, { players: { [ALICE]: { x: 10, y: 20 } }, teams: {}, names: { [ALICE]: aliceName, [BOB]: "Bob the Great" } }, "a newcomer gets the current state");
  await alice.waitFor("onPlayerJoined", (id, name) => id === BOB && name === "Bob the Great");
  assert.equal(await playerCount(gs), 2);

  await assert.rejects(gamelift.send(new CreatePlayerSessionCommand({ GameSessionId: gs, PlayerId: "carol" })), { name: "GameSessionFullException" });

  bob.travel.send("move", { x: 5, y: 6 });
  await alice.waitFor("onMessage", (type, data, from) => type === "move" && from === BOB && JSON.stringify(data) === JSON.stringify({ playerId: BOB, x: 5, y: 6 }));

  await bob.travel.leave();
  assert.equal(bob.travel.state, "idle");
  assert.equal(bob.named("onLeaveComplete").length, 1);
  assert.equal(await playerCount(gs), 1, "the seat is free as soon as leave resolves");
  await alice.waitFor("onPlayerLeft", (id) => id === BOB);

  await alice.travel.leave();
  assert.equal(await playerCount(gs), 0);
});

test("bad player sessions are refused with a reason and take no slot", async () => {
  const gs = await createSession(4);
  const other = await createSession(2);
  const legit = client("legit");
  const seat = await reserve(gs, "legit");
  await legit.travel.join(seat);
  const port = seat.port!;
  const at = (playerSessionId: string): PlayerSessionTarget => ({ playerSessionId, ipAddress: "127.0.0.1", port });

  const forged = client();
  await assert.rejects(forged.travel.join(at("psess-00000000-0000-4000-8000-000000000000")), rejectedWith("InvalidPlayerSession"));
  await assert.rejects(forged.travel.join(at("not a player session")), rejectedWith("InvalidPlayerSession"));
  assert.equal(forged.travel.state, "idle");
  assert.equal(forged.named("onTravelFail").length, 2);

  // The same player on a second connection, and someone else holding the player session id: neither is seated.
  const twin = client("legit");
  await assert.rejects(twin.travel.join(seat), rejectedWith("AlreadyConnected"));
  await assert.rejects(client("thief").travel.join(seat), rejectedWith("IdentityMismatch"));
  assert.equal(legit.travel.state, "in-session", "the seat's owner is undisturbed");
  legit.travel.send("move", { x: 1, y: 1 });
  await legit.waitFor("onMessage", (type) => type === "move");

  const elsewhere = await reserve(other, "stray");
  await assert.rejects(client("stray").travel.join({ ...elsewhere, port }), rejectedWith("WrongGameSession"));

  const late = await reserve(gs, "late");
  await eventually(async () => {
    const ps = await gamelift.send(new DescribePlayerSessionsCommand({ PlayerSessionId: late.playerSessionId }));
    return ps.PlayerSessions?.[0]?.Status === "TIMEDOUT";
  }, "the reservation to time out", RESERVATION_MS + 5_000);
  await assert.rejects(client("late").travel.join(late), rejectedWith("PlayerSessionTimedOut"));

  const done = client("done");
  const used = await reserve(gs, "done");
  await done.travel.join(used);
  await done.travel.leave();
  await assert.rejects(done.travel.join(used), rejectedWith("PlayerSessionCompleted"));

  assert.equal(await playerCount(gs), 1, "only the legitimate player holds a slot");
  assert.equal(legit.travel.state, "in-session");
});

test("a drop shorter than the grace gets the same seat back; past the grace the seat is freed", async () => {
  const gs = await createSession(3);
  const [BEN, CAT] = [await idOf("ben"), await idOf("cat")];
  const benToken = await (await identity("ben")).token();
  const anna = client("anna");
  await anna.travel.joinWith(() => reserve(gs, "anna"));
  const ben = client("ben");
  const first = await ben.travel.joinWith(() => reserve(gs, "ben"));
  await anna.waitFor("onPlayerJoined", (id) => id === BEN);
  ben.travel.send("move", { x: 300, y: 200 });
  await anna.waitFor("onMessage", (_t, _d, from) => from === BEN);

  ben.sockets.at(-1)!.terminate();
  await ben.waitFor("onConnectionLost");
  await ben.waitFor("onReconnected");
  assert.equal(ben.travel.state, "in-session");
  assert.equal(ben.travel.session?.playerSessionId, first.playerSessionId, "same player session");
  const [state] = ben.named("onReconnected")[0]!;
  assert.deepEqual((state as { players: Record<string, unknown> }).players[BEN], { x: 300, y: 200 }, "the server kept ben's place");
  assert.equal(anna.named("onPlayerLeft").length, 0, "nobody saw ben leave");
  assert.equal(anna.named("onPlayerJoined").length, 1, "nor join twice");
  assert.equal(await playerCount(gs), 2);
  ben.travel.send("move", { x: 301, y: 200 });
  await anna.waitFor("onMessage", (_t, data) => (data as { x: number }).x === 301, "ben's messages flow again");

  // A resume while the old connection still answers pings is refused; once it stops answering, it takes over.
  const benSeat = { playerSessionId: first.playerSessionId, ipAddress: "127.0.0.1", port: (await describe(gs))!.Port! };
  const probe = raw(benSeat.port);
  await probe.opened;
  probe.socket.send(JSON.stringify({ t: "hello", v: 1, playerSessionId: benSeat.playerSessionId, resume: true, identityToken: benToken }));
  assert.equal((await probe.closed).code, 1008);
  assert.equal(probe.frames[0]?.code, "AlreadyConnected");
  assert.equal(ben.travel.state, "in-session");
  // Ben's link goes silent (it stops reading, so it answers no ping): the next resume takes the seat over.
  const silent = ben.sockets.at(-1)!;
  silent.pause();
  const heir = raw(benSeat.port);
  await heir.opened;
  heir.socket.send(JSON.stringify({ t: "hello", v: 1, playerSessionId: benSeat.playerSessionId, resume: true, identityToken: benToken }));
  await eventually(() => heir.frames.find((f) => f.t === "accepted"), "the resume to take the silent seat over", 10_000);
  assert.equal(heir.frames.find((f) => f.t === "accepted")?.resumed, true);
  assert.equal(anna.named("onPlayerLeft").length, 0, "a takeover is no leave");
  heir.socket.terminate();
  // Ben wakes up to a closed link and resumes into the seat the heir dropped.
  silent.resume();
  await eventually(() => ben.named("onReconnected").length === 2 && ben.travel.state === "in-session", "ben back in his seat");
  assert.equal(await playerCount(gs), 2);

  const cat = client("cat", { reconnect: { attempts: 0 } });
  const catSeat = await reserve(gs, "cat");
  await cat.travel.join(catSeat);
  cat.sockets.at(-1)!.terminate();
  await cat.waitFor("onSessionEnded", (_reason, ending) => /reconnection failed/.test(ending.detail));
  assert.equal(cat.travel.state, "idle");
  assert.equal(await playerCount(gs), 3, "the seat is held during the grace");
  await anna.waitFor("onPlayerLeft", (id) => id === CAT, "cat's seat to go after the grace");
  await eventually(async () => (await playerCount(gs)) === 2, "GameLift to show the slot free");
  await assert.rejects(client("cat").travel.join(catSeat), rejectedWith("PlayerSessionCompleted"));
});

test("junk, oversized and flooding connections are closed alone; the session ends for everyone with its reason", async () => {
  const gs = await createSession(3);
  const FLOOD = await idOf("flood");
  const ada = client("ada");
  const seat = await reserve(gs, "ada");
  await ada.travel.join(seat);
  const port = seat.port!;

  const cases: [string, (s: WebSocket) => void, number][] = [
    ["not JSON", (s) => s.send("hello there"), 1003],
    ["binary", (s) => s.send(Buffer.from([1, 2, 3])), 1003],
    ["unknown kind", (s) => s.send(JSON.stringify({ t: "teleport", v: 1 })), 1008],
    ["message before hello", (s) => s.send(JSON.stringify({ t: "msg", v: 1, type: "move", data: { x: 1, y: 1 } })), 1008],
    ["too large", (s) => s.send(JSON.stringify({ t: "msg", v: 1, type: "x", data: "y".repeat(MAX_BYTES) })), 1009],
    ["silent", () => undefined, 1008],
  ];
  for (const [what, act, code] of cases) {
    const junk = raw(port);
    await junk.opened;
    act(junk.socket);
    assert.equal((await junk.closed).code, code, what);
  }

  const version = raw(port);
  await version.opened;
  version.socket.send(JSON.stringify({ t: "hello", v: 9, playerSessionId: "psess-x" }));
  await version.closed;
  assert.equal(version.frames[0]?.code, "UnsupportedVersion");

  // A seated player who floods is closed at once and its seat freed without a grace.
  const flood = await reserve(gs, "flood");
  const flooder = raw(port);
  await flooder.opened;
  flooder.socket.send(JSON.stringify({ t: "hello", v: 1, playerSessionId: flood.playerSessionId, identityToken: await (await identity("flood")).token() }));
  await eventually(() => flooder.frames.some((f) => f.t === "accepted"), "the flooder to be seated");
  await ada.waitFor("onPlayerJoined", (id) => id === FLOOD);
  for (let i = 0; i < MAX_RATE * 2; i++) flooder.socket.send(JSON.stringify({ t: "ping", v: 1 }));
  assert.equal((await flooder.closed).code, 1008);
  await ada.waitFor("onPlayerLeft", (id) => id === FLOOD);
  await eventually(async () => (await playerCount(gs)) === 1, "the flooder's slot to be free");

  assert.equal(ada.travel.state, "in-session", "none of it reached ada");
  ada.travel.send("move", { x: 7, y: 7 });
  await ada.waitFor("onMessage", (_t, data) => (data as { x: number }).x === 7);

  await gamelift.send(new TerminateGameSessionCommand({ GameSessionId: gs, TerminationMode: "TRIGGER_ON_PROCESS_TERMINATE" }));
  // The demo's onProcessTerminate ends the process the kit's way: every player is told why before it goes.
  await ada.waitFor("onSessionEnded", (reason) => reason === END_REASONS.terminated);
  assert.equal(ada.travel.state, "idle");
  assert.equal(ada.named("onConnectionLost").length, 0, "an ended session is not a lost connection");
});

test("a killed game server sends every player back to idle with a reason", async () => {
  const gs = await createSession(3);
  const one = client("one");
  const two = client("two");
  const seat = await reserve(gs, "one");
  await one.travel.join(seat);
  await two.travel.joinWith(() => reserve(gs, "two"));
  const pid = fleet.processes().find((p) => p.port === seat.port && p.state === "running")?.pid;
  assert.ok(pid, "the hosting process");
  process.kill(pid, "SIGKILL");
  for (const c of [one, two]) {
    // Without a GameLift client to ask (travel alone), the reconnection attempts decide.
    await c.waitFor("onSessionEnded", (_reason, ending) => /connection lost/.test(ending.detail) && /reconnection failed after 3 attempts/.test(ending.detail), "the session to end");
    assert.equal(c.travel.state, "idle");
    assert.equal(c.named("onConnectionLost").length, 1);
    assert.equal(c.named("onReconnected").length, 0);
  }
  // A crashed process's game session ends in ERROR, as on AWS; its player sessions are done with it.
  await eventually(async () => (await describe(gs))?.Status === "ERROR", "GameLift to end the game session", 10_000);
  assert.equal(await playerCount(gs), 0);
});
