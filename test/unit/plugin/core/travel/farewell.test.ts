// A leave while reconnecting goes back to the lobby at once, and a connection of its own tells the gateway, so
// the held seat is freed now instead of when the gateway's grace runs out.
import { expect, test } from "vitest";
import { FakeSocket, flush, seatedTravel } from "../../../../helpers/fake-socket.ts";

test("leave while reconnecting: idle at once, then a farewell hello (resume + leave) on a new socket", async () => {
  const s = await seatedTravel({ identityToken: async () => "token-1" });
  s.last().end(1006);
  expect(s.travel.state).toBe("reconnecting");
  await s.travel.leave();
  expect(s.travel.state).toBe("idle");
  expect(s.names().slice(-1)).toEqual(["onLeaveComplete"]);
  const farewell = s.last();
  expect(FakeSocket.all).toHaveLength(2);
  expect(farewell.url, "no ticket in the URL: nothing is to be admitted").toBe("ws://127.0.0.1:7777");
  farewell.open();
  await flush();
  expect(farewell.sent).toEqual([{ t: "hello", v: 1, playerSessionId: "psess-1", resume: true, leave: true, identityToken: "token-1" }]);
  // A gateway that knows the flag frees the seat and closes.
  farewell.end(1000, "left");
  expect(s.clock.pending).toBe(0);
});

test("an older gateway seats the player again: the farewell leaves as from a live session", async () => {
  const s = await seatedTravel();
  s.last().end(1006);
  await s.travel.leave();
  const farewell = s.last();
  farewell.open();
  await flush();
  farewell.accept({ resumed: true });
  expect(farewell.sent.at(-1)).toEqual({ t: "leave", v: 1 });
  expect(s.names().slice(-1), "the farewell's frames are not the game's").toEqual(["onLeaveComplete"]);
});

test("a farewell that gets no answer is given up after one attempt's time", async () => {
  const s = await seatedTravel();
  s.last().end(1006);
  await s.travel.leave();
  const farewell = s.last();
  s.clock.advance(20_000);
  expect(farewell.closedWith).toBe(1000);
  expect(FakeSocket.all).toHaveLength(2);
});

test("a reconnection attempt under way when the player leaves is closed", async () => {
  const s = await seatedTravel();
  s.last().end(1006);
  s.clock.advance(100);
  const attempt = s.last();
  await s.travel.leave();
  expect(attempt.closedWith).toBe(1000);
});
