// The travel client against a scripted WebSocket and a fake clock: every deadline, the reconnection policy
// and keepalive without waiting in real time.
import assert from "node:assert/strict";
import { test } from "vitest";
import { GameLiftKitError } from "../../../../../plugin/core/errors.ts";
import type { SessionEnding } from "../../../../../plugin/core/events/travel-events.ts";
import { ConnectionRejectedError } from "../../../../../plugin/core/travel/connection.ts";
import { DEFAULT_TIMEOUTS } from "../../../../../plugin/core/travel/state-machine.ts";
import { FakeSocket, TARGET, fakeTravel, flush, seatedTravel } from "../../../../helpers/fake-socket.ts";
import { GAMELIFT_PLAYER_MESSAGES } from "../../../../../plugin/core/gamelift/player-messages.ts";
import { addPlayerMessages } from "../../../../../plugin/core/player-messages.ts";

// In a game, travel arrives with the session runtime, which adds the player's words for the game server's
// refusals; here travel is created on its own, so the test adds them as the runtime does.
addPlayerMessages(GAMELIFT_PLAYER_MESSAGES);

// The scripted socket, travel on it and a seated player: the one set of fakes the travel unit tests share.
const setup = fakeTravel;
const seated = seatedTravel;
const target = TARGET;

test("join: early-admission URL, hello, accepted → in-session with the server's map and state", async () => {
  const s = setup();
  const joined = s.travel.join(target);
  await flush();
  assert.equal(s.travel.state, "connecting");
  assert.equal(s.last().url, "ws://127.0.0.1:7777/?playerSessionId=psess-1");
  s.last().open();
  assert.deepEqual(s.last().sent, [{ t: "hello", v: 1, playerSessionId: "psess-1" }]);
  assert.equal(s.travel.state, "traveling");
  s.last().accept();
  const result = await joined;
  assert.deepEqual(result, { map: "arena", playerId: "p1", playerSessionId: "psess-1", gameSessionId: "gs-1", url: "ws://127.0.0.1:7777", state: { n: 1 } });
  assert.deepEqual(s.names(), ["onTravelStart", "onTravelComplete"]);
  assert.equal(s.travel.send("move", { x: 1 }), true);
  assert.deepEqual(s.last().sent.at(-1), { t: "msg", v: 1, type: "move", data: { x: 1 } });
  assert.throws(() => s.travel.send(""), GameLiftKitError);
});

test("each step's deadline fails the join back to idle with a Timeout", async () => {
  for (const [step, act, deadline] of [
    ["connecting", () => undefined, DEFAULT_TIMEOUTS.connectingMs],
    ["traveling", (sock: FakeSocket) => sock.open(), DEFAULT_TIMEOUTS.travelingMs],
  ] as const) {
    const s = setup();
    const joined = s.travel.join(target);
    await flush();
    act(s.last());
    assert.equal(s.travel.state, step);
    s.clock.advance(deadline);
    await assert.rejects(joined, { code: "Timeout" });
    assert.equal(s.travel.state, "idle");
    assert.equal(s.last().closedWith, 1000, "the half-open socket is closed");
    assert.deepEqual(s.names(), ["onTravelStart", "onTravelFail"]);
  }
  const s = setup();
  const joined = s.travel.joinWith(() => new Promise(() => undefined));
  s.clock.advance(DEFAULT_TIMEOUTS.joiningMs);
  await assert.rejects(joined, { code: "Timeout" });
});

test("a rejection is a ConnectionRejectedError with the server's code; unreachable is a NetworkError", async () => {
  const s = setup();
  const joined = s.travel.join(target);
  await flush();
  s.last().open();
  s.last().receive({ t: "rejected", code: "PlayerSessionTimedOut", reason: "too late" });
  await assert.rejects(joined, (e: unknown) => e instanceof ConnectionRejectedError && e.rejectCode === "PlayerSessionTimedOut");
  const again = s.travel.join(target);
  await flush();
  s.last().end(1006);
  await assert.rejects(again, { code: "NetworkError" });
  assert.equal(s.travel.state, "idle");
});

test("a drop reconnects with resume and the same player session; back in, onReconnected", async () => {
  const s = await seated();
  s.last().end(1006);
  assert.equal(s.travel.state, "reconnecting");
  assert.equal(s.travel.send("move", {}), false, "nothing to send on while reconnecting");
  s.clock.advance(100);
  const retry = s.last();
  assert.equal(FakeSocket.all.length, 2);
  retry.open();
  assert.deepEqual(retry.sent[0], { t: "hello", v: 1, playerSessionId: "psess-1", resume: true });
  retry.accept({ resumed: true, state: { n: 2 } });
  assert.equal(s.travel.state, "in-session");
  assert.deepEqual(s.names().slice(-2), ["onConnectionLost", "onReconnected"]);
  assert.deepEqual(s.events.at(-1), ["onReconnected", { n: 2 }]);
});

test("reconnection is bounded: out of attempts, or refused, the session ends with the reason", async () => {
  const s = await seated();
  s.last().end(1006);
  s.clock.advance(100);
  s.last().end(1006);
  s.clock.advance(200);
  s.last().end(1006);
  assert.equal(FakeSocket.all.length, 3);
  assert.equal(s.travel.state, "idle");
  const [name, reason, ending] = s.events.at(-1)!;
  assert.equal(name, "onSessionEnded");
  assert.equal(reason, "The connection to the game server was lost and could not be restored.", "the player's words");
  assert.equal((ending as SessionEnding).cause, "ReconnectFailed");
  assert.match((ending as SessionEnding).detail, /connection lost: connection closed \(1006\); reconnection failed after 2 attempts/);

  const r = await seated();
  r.last().end(1006);
  r.clock.advance(100);
  r.last().open();
  r.last().receive({ t: "rejected", code: "PlayerSessionCompleted", reason: "gone" });
  assert.equal(r.travel.state, "idle");
  assert.match(String(r.events.at(-1)![1]), /^You could not rejoin the game\. Your seat has already been used/);
  assert.match((r.events.at(-1)![2] as SessionEnding).detail, /PlayerSessionCompleted/);
});

test("a silent server is noticed by keepalive; a kick (1008) or the server's end is final", async () => {
  const s = await seated({ keepalive: { intervalMs: 1000, timeoutMs: 3000 } });
  s.clock.advance(1000);
  assert.deepEqual(s.last().sent.at(-1), { t: "ping", v: 1 });
  s.clock.advance(3000);
  assert.equal(s.last().closedWith, 4000);
  assert.equal(s.travel.state, "reconnecting");

  const k = await seated();
  k.last().end(1008, "too many messages");
  assert.equal(k.travel.state, "idle");
  assert.deepEqual(k.names().slice(-1), ["onSessionEnded"]);

  const e = await seated();
  e.last().receive({ t: "joined", playerId: "p2" });
  e.last().receive({ t: "msg", type: "move", data: { x: 3 }, from: "p2" });
  e.last().receive({ t: "ended", reason: "game over" });
  assert.deepEqual(e.events.slice(-4).filter((x) => x[0] !== "onStateChange"), [
    ["onPlayerJoined", "p2", undefined],
    ["onMessage", "move", { x: 3 }, "p2"],
    ["onSessionEnded", "game over", { cause: "ServerEnded", detail: "the game server ended the session: game over" }],
  ]);
  assert.equal(e.travel.state, "idle");
});

test("leave: says leave, waits for the server's close; a server that never closes is left after leavingMs", async () => {
  const s = await seated();
  const left = s.travel.leave();
  assert.equal(s.travel.state, "leaving");
  assert.deepEqual(s.last().sent.at(-1), { t: "leave", v: 1 });
  s.last().end(1000);
  await left;
  assert.deepEqual(s.names().slice(-1), ["onLeaveComplete"]);

  const slow = await seated();
  const gone = slow.travel.leave();
  slow.clock.advance(DEFAULT_TIMEOUTS.leavingMs);
  await gone;
  assert.equal(slow.travel.state, "idle");
  assert.equal(slow.last().closedWith, 1000);
});
