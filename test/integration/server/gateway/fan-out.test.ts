// The gateway's fan-out: a broadcast is encoded once and every socket written to in one turn of the event loop
// is flushed once at the end of it (server/gateway/outbox.ts). What must hold whatever the batching: every
// other player gets every frame, whole, once, in the order it was sent; a connection that dies in the middle of
// a turn's sends costs the others nothing.
import { afterAll, beforeAll, expect, test } from "vitest";
import type { PlayerGateway } from "../../../../server/index.ts";
import { eventually } from "../../../helpers/eventually.ts";
import { startGatewayStack, type GatewayStack, type HostedSession } from "./fixtures/hosted-session.ts";
import { rawSocket, type RawSocket } from "./fixtures/raw-socket.ts";

let env: GatewayStack;
const sockets: RawSocket[] = [];

beforeAll(async () => {
  env = await startGatewayStack();
}, 60_000);

afterAll(async () => {
  for (const s of sockets) s.socket.terminate();
  await env?.stop();
}, 30_000);

/** A relaying game session: every "move" a player sends goes to every other player, from that player. */
async function relaySession(): Promise<HostedSession> {
  const relay: { gateway?: PlayerGateway } = {};
  const session = await env.host({
    onPlayerMessage: (player, type, data) => void relay.gateway?.broadcast(type, data, { except: player.playerId, from: player.playerId }),
    maxMessagesPerSecond: 1000,
  });
  relay.gateway = session.gateway;
  return session;
}

/** A guest seated in `session` over a hand-driven socket. */
async function seat(session: HostedSession): Promise<RawSocket & { playerId: string }> {
  const guest = await env.pool.guest();
  const playerSessionId = await session.reserve(guest.id);
  const socket = rawSocket(session.url);
  sockets.push(socket);
  await socket.opened;
  socket.hello(playerSessionId, await guest.token());
  await eventually(() => socket.frames.some((f) => f["t"] === "accepted"), "the player to be accepted");
  return Object.assign(socket, { playerId: guest.id });
}

const moves = (socket: RawSocket) => socket.frames.filter((f) => f["t"] === "msg" && f["type"] === "move");

test("moves sent back to back reach every other player whole, once each, in order, and not their sender", async () => {
  const session = await relaySession();
  const players = await Promise.all([seat(session), seat(session), seat(session), seat(session)]);
  const [a, b] = [players[0], players[1]];
  // Interleaved, and written without waiting: most of them reach the server in the same read, so the same turn.
  for (let i = 0; i < 50; i++) {
    a.socket.send(JSON.stringify({ t: "msg", v: 1, type: "move", data: { by: "a", i } }));
    b.socket.send(JSON.stringify({ t: "msg", v: 1, type: "move", data: { by: "b", i } }));
  }
  for (const p of players) {
    const expected = (p === a ? 0 : 50) + (p === b ? 0 : 50);
    await eventually(() => moves(p).length >= expected, `player ${players.indexOf(p)} to get ${expected} moves`);
  }
  await new Promise((r) => setTimeout(r, 200)); // anything extra would have arrived by now
  for (const p of players) {
    const got = moves(p);
    expect(got.every((f) => f["from"] !== p.playerId)).toBe(true);
    for (const [sender, by] of [[a, "a"], [b, "b"]] as const) {
      if (sender === p) continue;
      const fromSender = got.filter((f) => f["from"] === sender.playerId);
      expect(fromSender.map((f) => (f["data"] as { by: string; i: number }).i)).toEqual(Array.from({ length: 50 }, (_, i) => i));
      expect(fromSender.every((f) => (f["data"] as { by: string }).by === by)).toBe(true);
    }
    expect(got).toHaveLength((p === a ? 0 : 50) + (p === b ? 0 : 50));
  }
});

test("a game's broadcasts in one turn arrive in order; a player cut off in the middle of them costs the others nothing", async () => {
  const session = await relaySession();
  const players = await Promise.all([seat(session), seat(session), seat(session)]);
  const [gone, ...staying] = players as [RawSocket, ...RawSocket[]];
  // The cut player's socket dies on the client side; the server still writes to it in the same turn.
  gone.socket.terminate();
  for (let i = 0; i < 300; i++) session.gateway.broadcast("tick", { i });
  session.gateway.broadcast("tick", { i: "last" });
  for (const p of staying) {
    await eventually(() => p.frames.some((f) => f["type"] === "tick" && (f["data"] as { i: unknown }).i === "last"), "the last tick");
    const ticks = p.frames.filter((f) => f["type"] === "tick").map((f) => (f["data"] as { i: unknown }).i);
    expect(ticks).toEqual([...Array.from({ length: 300 }, (_, i) => i), "last"]);
  }
  // The gateway noticed the cut player as a drop, not a failure of the send path.
  await eventually(() => session.gateway.players().some((p) => !p.connected), "the cut player's seat to be held");
  expect(session.log.filter((line) => /handler failed|task failed/.test(line))).toEqual([]);
});
