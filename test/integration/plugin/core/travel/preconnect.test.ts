// Sockets opened ahead of a join (travel.preconnect, what the lobby does when a player picks a session): the
// local stack, a player gateway in front of the real server SDK, and the kit's travel client over `ws` from
// loopback addresses of its own (all of 127.0.0.0/8 is loopback), so the gateway's per-address caps can be seen.
import { afterAll, beforeAll, expect, test } from "vitest";
import WebSocket from "ws";
import { TRAVEL_EVENT_NAMES } from "../../../../../plugin/core/events/travel-events.ts";
import { createTravel, type Travel, type TravelOptions } from "../../../../../plugin/core/travel/connection.ts";
import type { WebSocketConstructor } from "../../../../../plugin/core/travel/link.ts";
import { eventually } from "../../../../helpers/eventually.ts";
import type { TestIdentity } from "../../../../helpers/identities.ts";
import { startGatewayStack, type GatewayStack, type HostedSession } from "../../../server/gateway/fixtures/hosted-session.ts";

let env: GatewayStack;
const travels: Travel[] = [];

beforeAll(async () => {
  env = await startGatewayStack();
}, 60_000);

afterAll(async () => {
  for (const t of travels) t.destroy();
  await env?.stop();
}, 30_000);

interface Opened {
  socket: WebSocket;
  url: string;
  closed: Promise<{ code: number; reason: string }>;
}

/** The kit's travel client for `who` on address `from`, recording every socket it opens and every event it emits. */
function player(session: HostedSession, who: TestIdentity, from: string, options: Partial<TravelOptions> = {}) {
  const sockets: Opened[] = [];
  class Tracked extends WebSocket {
    constructor(url: string | URL) {
      super(url, { localAddress: from });
      const closed = new Promise<{ code: number; reason: string }>((resolve) => this.on("close", (code, reason) => resolve({ code, reason: String(reason) })));
      this.on("error", () => undefined);
      sockets.push({ socket: this, url: String(url), closed });
    }
  }
  const travel = createTravel({
    WebSocket: Tracked as unknown as WebSocketConstructor,
    endpoint: () => session.url,
    identityToken: () => who.token(),
    ...options,
  });
  travels.push(travel);
  const events: string[] = [];
  travel.travel.bus.connect(Object.fromEntries(TRAVEL_EVENT_NAMES.map((name) => [name, () => events.push(name)])));
  // The game server's address as a search shows it (the endpoint policy above points at the gateway).
  const server = { ipAddress: "127.0.0.1", port: session.gateway.port, gameSessionId: session.gameSessionId };
  return { ...travel, sockets, events, server, identity: who.id };
}

const isOpen = (o: Opened | undefined) => o?.socket.readyState === WebSocket.OPEN;

test("a join after preconnect uses the open socket: one socket, no ticket in its URL, the player seated", async () => {
  const session = await env.host();
  const me = await env.pool.guest();
  const kit = player(session, me, "127.0.1.1");
  kit.travel.preconnect(kit.server);
  await eventually(() => isOpen(kit.sockets[0]), "the spare socket to open");
  expect(kit.events).toEqual([]); // a hint: nothing to tell the game yet

  const joined = await kit.travel.joinWith(async () => ({ playerSessionId: await session.reserve(me.id), port: 1 }));
  expect(joined.playerId).toBe(me.id);
  expect(kit.sockets).toHaveLength(1);
  expect(new URL(kit.sockets[0]!.url).searchParams.has("playerSessionId")).toBe(false);
  expect(session.gateway.players().map((p) => p.playerId)).toEqual([me.id]);
  expect(kit.travel.send("move", { x: 1 })).toBe(true);

  // Without a spare, the same client joins cold, with early admission (the ticket in the URL).
  await kit.travel.leave();
  const again = await kit.travel.joinWith(async () => ({ playerSessionId: await session.reserve(me.id), port: 1 }));
  expect(again.playerId).toBe(me.id);
  expect(kit.sockets).toHaveLength(2);
  expect(new URL(kit.sockets[1]!.url).searchParams.has("playerSessionId")).toBe(true);
});

test("an unused spare closes quietly and never holds a seat: closed by the gateway's hello deadline, or by the kit", async () => {
  const session = await env.host({ helloTimeoutMs: 400 });
  const me = await env.pool.guest();
  // The gateway's deadline first: the kit does not open another, since this one lived shorter than minLifeMs.
  const waiting = player(session, me, "127.0.1.2");
  waiting.travel.preconnect(waiting.server);
  await eventually(() => isOpen(waiting.sockets[0]), "the spare socket to open");
  await waiting.sockets[0]!.closed;
  // The kit's own keepMs second: it closes its spare normally, well before the gateway would.
  const idle = player(session, me, "127.0.1.3", { preconnect: { keepMs: 100 } });
  idle.travel.preconnect(idle.server);
  expect((await idle.sockets[0]!.closed).code).toBe(1000);

  await new Promise((r) => setTimeout(r, 1_500)); // room for a re-open that must not come
  for (const kit of [waiting, idle]) {
    expect(kit.sockets).toHaveLength(1);
    expect(kit.events).toEqual([]);
    expect(kit.travel.state).toBe("idle");
  }
  expect(session.gateway.players()).toEqual([]);
  expect(session.calls).toEqual({ describePlayerSessions: 0, acceptPlayerSession: 0, removePlayerSession: 0 });
  expect(await session.playerCount()).toBe(0);
  expect(session.log).toEqual([]);
});

test("spares count against the gateway's cap on sockets that have not said hello: the address gets its 8, the rest are cut quietly", async () => {
  const session = await env.host({ helloTimeoutMs: 20_000 });
  const from = "127.0.1.4";
  const kits = await Promise.all(Array.from({ length: 10 }, async () => player(session, await env.pool.guest(), from)));
  for (const kit of kits) kit.travel.preconnect(kit.server);
  await eventually(() => kits.every((k) => isOpen(k.sockets[0]) || k.sockets[0]?.socket.readyState === WebSocket.CLOSED), "every spare to open or be cut");
  const open = kits.filter((k) => isOpen(k.sockets[0]));
  const cut = kits.filter((k) => !isOpen(k.sockets[0]));
  expect(open).toHaveLength(8);
  expect(cut).toHaveLength(2);
  for (const kit of cut) {
    expect(kit.events).toEqual([]);
    expect(kit.sockets).toHaveLength(1); // cut at once: not tried again
  }
  expect(session.calls.describePlayerSessions).toBe(0);

  // A player elsewhere still joins; so does one of the eight on its spare, which frees its slot.
  const other = await env.pool.guest();
  const elsewhere = player(session, other, "127.0.1.5");
  expect((await elsewhere.travel.joinWith(async () => ({ playerSessionId: await session.reserve(other.id), port: 1 }))).playerId).toBe(other.id);
  const first = open[0]!;
  const seat = await first.travel.joinWith(async () => ({ playerSessionId: await session.reserve(first.identity), port: 1 }));
  expect(seat.playerId).toBe(first.identity);
  expect(first.sockets).toHaveLength(1);
});
