// The gateway's limits under attack: the local stack, a player gateway in this process in front of the real
// server SDK, attackers on 127.0.0.1 and players on other loopback addresses (all of 127.0.0.0/8 is loopback).
import { createServer, type Server } from "node:http";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import WebSocket from "ws";
import { createTravel, type Travel } from "../../../../plugin/core/travel/connection.ts";
import type { WebSocketConstructor } from "../../../../plugin/core/travel/link.ts";
import { eventually } from "../../../helpers/eventually.ts";
import type { TestIdentity } from "../../../helpers/identities.ts";
import { startGatewayStack, type GatewayStack, type HostedSession } from "./fixtures/hosted-session.ts";
import { rawSocket, webSocketFrom, type RawSocket } from "./fixtures/raw-socket.ts";

// A full collection on demand, so memory is measured as what is kept, not as garbage not yet collected.
setFlagsFromString("--expose-gc");
const collectGarbage = runInNewContext("gc") as () => void;

let env: GatewayStack;
const travels: Travel[] = [];
const servers: Server[] = [];
const leftovers: RawSocket[] = [];

beforeAll(async () => {
  env = await startGatewayStack();
}, 60_000);

afterAll(async () => {
  for (const t of travels) t.destroy();
  for (const s of leftovers) s.socket.terminate();
  await env?.stop();
  for (const s of servers) s.close();
}, 30_000);

/** The kit's travel client for a player on `from`, connecting to this session's gateway. */
function player(session: HostedSession, who: TestIdentity, from = "127.0.0.2") {
  const sockets: WebSocket[] = [];
  const Bound = webSocketFrom(from);
  class Tracked extends Bound {
    constructor(url: string | URL) {
      super(url);
      sockets.push(this);
    }
  }
  const travel = createTravel({
    WebSocket: Tracked as unknown as WebSocketConstructor,
    endpoint: () => session.url,
    identityToken: () => who.token(),
    reconnect: { attempts: 5, initialDelayMs: 200, maxDelayMs: 1_000 },
  });
  travels.push(travel);
  return { ...travel, sockets };
}

/** Opens `count` sockets from one address at once and says nothing on them; which opened, which were cut. */
async function idleSockets(url: string, from: string, count: number): Promise<{ open: RawSocket[]; cut: number }> {
  const sockets = Array.from({ length: count }, () => rawSocket(url, from));
  leftovers.push(...sockets);
  const outcomes = await Promise.all(sockets.map((s) => s.opened.then(() => true, () => false)));
  return { open: sockets.filter((_, i) => outcomes[i]), cut: outcomes.filter((o) => !o).length };
}

describe("sockets waiting for their hello", () => {
  test("65 idle sockets from one address: the address gets its 8, another address still joins", async () => {
    const session = await env.host({ helloTimeoutMs: 20_000 });
    const { open, cut } = await idleSockets(session.url, "127.0.0.1", 65);
    expect(open.length).toBe(8);
    expect(cut).toBe(57);

    const me = await env.pool.guest();
    const seat = await session.reserve(me.id);
    const kit = player(session, me, "127.0.0.2");
    const joined = await kit.travel.join({ playerSessionId: seat, port: 1 });
    expect(joined.playerId).toBe(me.id);
    // The attacker's sockets cost GameLift nothing.
    expect(session.calls.describePlayerSessions).toBe(1);
    for (const s of open) expect(s.socket.readyState).toBe(WebSocket.OPEN);
  });

  test("on a game's own HTTP server, a socket refused with 1013 ignores the hello it sends anyway: the reservation stays RESERVED", async () => {
    const server = createServer();
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const session = await env.host({ port: undefined, server, helloTimeoutMs: 20_000 });
    const { open } = await idleSockets(session.url, "127.0.0.3", 8);
    expect(open.length).toBe(8);

    const victim = await env.pool.guest();
    const seat = await session.reserve(victim.id);
    const token = await victim.token();
    // The ninth socket says hello the moment it opens, a real one for a real reservation, as the refusal goes
    // out; then it stops reading, so it never answers the close and the gateway cannot lean on the close ending.
    const late = rawSocket(session.url, "127.0.0.3");
    leftovers.push(late);
    late.socket.once("open", () => {
      late.hello(seat, token);
      late.socket.pause();
    });
    await late.opened;
    await new Promise((r) => setTimeout(r, 1_000));
    expect(session.calls).toEqual({ describePlayerSessions: 0, acceptPlayerSession: 0, removePlayerSession: 0 });
    expect(await session.status(seat)).toBe("RESERVED");
    late.socket.resume();
    expect((await late.closed).code).toBe(1013);
    expect(late.frames.filter((f) => f.t === "accepted")).toEqual([]);

    // Its player, from elsewhere, still gets the seat.
    const kit = player(session, victim, "127.0.0.5");
    expect((await kit.travel.join({ playerSessionId: seat, port: 1 })).playerId).toBe(victim.id);
  });

  test("a socket closed for junk ignores the hello right behind it: nothing accepted, nothing spent", async () => {
    const session = await env.host();
    const victim = await env.pool.guest();
    const seat = await session.reserve(victim.id);
    const sneaky = rawSocket(session.url, "127.0.0.6");
    leftovers.push(sneaky);
    await sneaky.opened;
    // Back to back: the gateway decides to close on the first and must not read the second. The sender then
    // stops reading, so it never answers the close: only the gateway's own decision can keep the hello out.
    const token = await victim.token();
    sneaky.socket.send("not json");
    sneaky.hello(seat, token);
    sneaky.socket.pause();
    await new Promise((r) => setTimeout(r, 1_000));
    expect(session.calls).toEqual({ describePlayerSessions: 0, acceptPlayerSession: 0, removePlayerSession: 0 });
    expect(await session.status(seat)).toBe("RESERVED");
    sneaky.socket.resume();
    expect((await sneaky.closed).code).toBe(1003);
    expect(sneaky.frames).toEqual([]);
  });

  test("an upgrade that does not complete in time is cut", async () => {
    const session = await env.host({ upgradeTimeoutMs: 300 });
    const { createConnection } = await import("node:net");
    const socket = createConnection({ host: "127.0.0.1", port: session.gateway.port, localAddress: "127.0.0.7" });
    // Half a request, then nothing: a slow-loris upgrade.
    socket.write("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n");
    const started = Date.now();
    await new Promise<void>((resolve) => socket.on("close", () => resolve()));
    socket.on("error", () => undefined);
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});

test("2,000 junk connections from one address cost at most that address's admission budget in GameLift calls", async () => {
  const session = await env.host();
  const attacker = await env.pool.guest();
  const token = await attacker.token();
  const outcomes: Record<string, number> = {};
  let made = 0;
  const started = Date.now();
  // As fast as one address may: eight connections at a time (its cap of sockets waiting for their hello),
  // each naming a made-up player session in its URL and in a hello carrying the attacker's own valid token.
  const worker = async () => {
    while (made < 2_000) {
      made++;
      const id = `psess-${crypto.randomUUID()}`;
      const junk = rawSocket(`${session.url}/?playerSessionId=${id}`, "127.0.0.1");
      junk.socket.once("open", () => junk.hello(id, token));
      const { code } = await junk.closed;
      const key = String(junk.frames[0]?.code ?? code);
      outcomes[key] = (outcomes[key] ?? 0) + 1;
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  const seconds = (Date.now() - started) / 1000;
  const calls = session.calls.describePlayerSessions + session.calls.acceptPlayerSession + session.calls.removePlayerSession;
  // Per address: 5 admissions a second, bursts of 10; each junk admission is one DescribePlayerSessions.
  const budget = 10 + 5 * seconds;
  console.log(`2,000 junk connections in ${seconds.toFixed(1)} s: ${calls} GameLift calls (budget ${budget.toFixed(0)}); outcomes ${JSON.stringify(outcomes)}`);
  expect(calls).toBeLessThanOrEqual(budget);
  expect(session.calls.acceptPlayerSession).toBe(0);
  expect(outcomes["TryAgainLater"]).toBeGreaterThan(1_000);

  // Meanwhile the gateway is still everyone else's.
  const me = await env.pool.guest();
  const seat = await session.reserve(me.id);
  const kit = player(session, me, "127.0.0.2");
  expect((await kit.travel.join({ playerSessionId: seat, port: 1 })).playerId).toBe(me.id);
}, 120_000);

describe("a player who stops reading", () => {
  /**
   * Broadcasts 64 MiB to the session while a player does not read, and measures what this process holds after
   * it (heap and buffers, after a full collection: what the gateway keeps, not garbage waiting to be collected).
   */
  async function flood(session: HostedSession, except: string): Promise<{ retained: number; peakRss: number }> {
    const payload = "x".repeat(64 * 1024);
    collectGarbage();
    const held = () => {
      const m = process.memoryUsage();
      return m.heapUsed + m.external;
    };
    const base = held();
    const baseRss = process.memoryUsage().rss;
    let peakRss = 0;
    for (let batch = 0; batch < 64; batch++) {
      for (let i = 0; i < 16; i++) session.gateway.broadcast("blob", payload, { except });
      await new Promise((r) => setImmediate(r));
      peakRss = Math.max(peakRss, process.memoryUsage().rss - baseRss);
    }
    collectGarbage();
    return { retained: held() - base, peakRss };
  }

  const MiB = 1024 * 1024;

  test("is closed once 1 MiB waits unsent, the server's memory stays bounded, and the kit resumes its seat", async () => {
    const session = await env.host({ graceMs: 30_000 });
    const [slowOne, other] = [await env.pool.guest(), await env.pool.guest()];
    const slow = player(session, slowOne, "127.0.0.2");
    await slow.travel.join({ playerSessionId: await session.reserve(slowOne.id), port: 1 });
    const bystander = player(session, other, "127.0.0.3");
    await bystander.travel.join({ playerSessionId: await session.reserve(other.id), port: 1 });

    slow.sockets.at(-1)!.pause();
    const { retained, peakRss } = await flood(session, other.id);
    console.log(`slow reader, 64 MiB broadcast: the process holds ${(retained / MiB).toFixed(1)} MiB more after it (peak RSS +${(peakRss / MiB).toFixed(1)} MiB)`);
    expect(retained).toBeLessThan(8 * MiB);
    expect(session.log.some((l) => /stopped reading/.test(l))).toBe(true);
    // Its close waits behind the unread data; the socket is cut a second later and the seat held for it.
    await eventually(() => session.gateway.players().find((p) => p.playerId === slowOne.id)?.connected === false, "the slow player's seat to be held");

    // The bystander never noticed.
    const heard = bystander.travel.bus.once("onMessage");
    session.gateway.broadcast("hello", { to: "everyone" });
    expect((await heard)[0]).toBe("hello");

    // The slow player wakes up: its kit takes the close as a drop and gets its held seat back.
    const ended = slow.travel.bus.once("onSessionEnded").then(() => "ended");
    const back = slow.travel.bus.once("onReconnected").then(() => "reconnected");
    slow.sockets.at(-1)!.resume();
    expect(await Promise.race([back, ended])).toBe("reconnected");
    await eventually(() => session.gateway.players().find((p) => p.playerId === slowOne.id)?.connected, "the slow player seated again");
  }, 60_000);

  test("the same flood without the cap does grow the server (so the measurement above can tell)", async () => {
    const session = await env.host({ maxBufferedBytes: 1024 * MiB });
    const slowOne = await env.pool.guest();
    const slow = player(session, slowOne, "127.0.0.4");
    await slow.travel.join({ playerSessionId: await session.reserve(slowOne.id), port: 1 });
    slow.sockets.at(-1)!.pause();
    const { retained } = await flood(session, "nobody");
    console.log(`slow reader without the cap, 64 MiB broadcast: the process holds ${(retained / MiB).toFixed(1)} MiB more after it`);
    expect(retained).toBeGreaterThan(32 * MiB);
    slow.destroy();
    await session.gateway.endSession("test over");
  }, 60_000);
});
