// Messages a server sends right after seating a player wait for the map scene: with holdAfterAccept, the
// session's events are held from the accept until releaseHeld(), then delivered once each, in order.
import { expect, test } from "vitest";
import { HOLD_LIMITS } from "../../../../../plugin/core/travel/held-events.ts";
import { flush, fakeTravel, TARGET } from "../../../../helpers/fake-socket.ts";

async function seatedHolding() {
  const s = fakeTravel();
  s.travel.holdAfterAccept = true;
  const joined = s.travel.join(TARGET);
  await flush();
  s.last().open();
  s.last().accept();
  for (let n = 0; n < 100; n++) s.last().receive({ t: "msg", type: "seq", data: { n } });
  s.last().receive({ t: "joined", playerId: "p2" });
  await joined;
  return s;
}

test("held from the accept until released, then every event once, in order", async () => {
  const s = await seatedHolding();
  expect(s.names()).toEqual(["onTravelStart", "onTravelComplete"]);
  s.travel.releaseHeld();
  const messages = s.events.filter((e) => e[0] === "onMessage").map((e) => (e[2] as { n: number }).n);
  expect(messages).toEqual(Array.from({ length: 100 }, (_, n) => n));
  expect(s.names().at(-1)).toBe("onPlayerJoined");
  // Live from now on; a second release delivers nothing twice.
  s.last().receive({ t: "msg", type: "seq", data: { n: 100 } });
  s.travel.releaseHeld();
  expect(s.events.filter((e) => e[0] === "onMessage")).toHaveLength(101);
});

test("without holdAfterAccept nothing waits", async () => {
  const s = fakeTravel();
  const joined = s.travel.join(TARGET);
  await flush();
  s.last().open();
  s.last().accept();
  s.last().receive({ t: "msg", type: "seq", data: { n: 0 } });
  await joined;
  expect(s.names()).toEqual(["onTravelStart", "onTravelComplete", "onMessage"]);
});

test("a session that ends while held drops what was held; the end itself is never held", async () => {
  const s = await seatedHolding();
  s.last().receive({ t: "ended", reason: "over" });
  expect(s.names()).toEqual(["onTravelStart", "onTravelComplete", "onSessionEnded"]);
  s.travel.releaseHeld();
  expect(s.names()).not.toContain("onMessage");
});

test("bounded: a game that never releases gets the events after HOLD_LIMITS.maxMs", async () => {
  const s = await seatedHolding();
  s.clock.advance(HOLD_LIMITS.maxMs);
  expect(s.events.filter((e) => e[0] === "onMessage")).toHaveLength(100);
});

test("a resume is not held: the map scene is already there", async () => {
  const s = await seatedHolding();
  s.travel.releaseHeld();
  s.last().end(1006);
  s.clock.advance(100);
  s.last().open();
  s.last().accept({ resumed: true });
  s.last().receive({ t: "msg", type: "after", data: null });
  expect(s.names().slice(-3)).toEqual(["onConnectionLost", "onReconnected", "onMessage"]);
});
