// The travel client's side of the gateway's defences, against a scripted WebSocket and a fake clock: the
// hello proves the player's identity, the player session id goes in the URL only where nobody can read it on
// the way, and the closes the server holds the seat for are taken as drops.
import { describe, expect, test } from "vitest";
import { GameLiftKitError } from "../../../../../plugin/core/errors.ts";
import { createTravel, isSecureOrLocal, type TravelOptions } from "../../../../../plugin/core/travel/connection.ts";
import { SLOW_READER_CLOSE, TAKEN_OVER_CLOSE } from "../../../../../protocol/wire.ts";
import { FakeClock } from "../../../../helpers/fake-clock.ts";
import { FakeSocket, flush } from "../../../../helpers/fake-socket.ts";

// The travel unit tests' scripted socket; this player's accept names an identity id and carries no state.
const accept = (socket: FakeSocket, resumed = false) => socket.accept({ playerId: "us-west-2:p1", state: null, resumed });

function setup(options: Partial<TravelOptions> = {}) {
  FakeSocket.all = [];
  const clock = new FakeClock();
  const warnings: string[] = [];
  const t = createTravel({
    timers: clock.timers(),
    random: () => 1,
    WebSocket: FakeSocket,
    reconnect: { attempts: 2, initialDelayMs: 100, maxDelayMs: 1000 },
    identityToken: async () => "token-1",
    warn: (message) => void warnings.push(message),
    ...options,
  });
  return { ...t, clock, warnings, last: () => FakeSocket.all.at(-1)! };
}

async function seated(options: Partial<TravelOptions> = {}) {
  const s = setup(options);
  const joined = s.travel.join({ playerSessionId: "psess-1", ipAddress: "127.0.0.1", port: 7777 });
  await flush();
  s.last().open();
  await flush();
  accept(s.last());
  await joined;
  return s;
}

describe("the hello proves who the player is", () => {
  test("it carries the identity token, asked for again for every connection", async () => {
    let asked = 0;
    const s = await seated({ identityToken: async () => `token-${++asked}` });
    expect(FakeSocket.all[0]!.sent).toEqual([{ t: "hello", v: 1, playerSessionId: "psess-1", identityToken: "token-1" }]);
    s.last().end(1006);
    s.clock.advance(100);
    s.last().open();
    await flush();
    expect(s.last().sent[0]).toEqual({ t: "hello", v: 1, playerSessionId: "psess-1", resume: true, identityToken: "token-2" });
  });

  test("no token to be had: the join fails with that reason and no hello goes out", async () => {
    const s = setup({ identityToken: () => Promise.reject(new GameLiftKitError("NotAuthorizedException", "Logins don't match")) });
    const joined = s.travel.join({ playerSessionId: "psess-1", ipAddress: "127.0.0.1", port: 7777 });
    await flush();
    s.last().open();
    await expect(joined).rejects.toMatchObject({ code: "NotAuthorizedException" });
    expect(s.last().sent).toEqual([]);
    expect(s.travel.state).toBe("idle");
  });
});

describe("closes the server holds the seat for are drops", () => {
  test.each([
    ["a slow reader's policy close", SLOW_READER_CLOSE.code, SLOW_READER_CLOSE.reason],
    ["a takeover by a newer connection", TAKEN_OVER_CLOSE.code, TAKEN_OVER_CLOSE.reason],
  ])("%s: the kit reconnects and resumes", async (_what, code, reason) => {
    const s = await seated();
    s.last().end(code, reason);
    expect(s.travel.state).toBe("reconnecting");
    s.clock.advance(100);
    s.last().open();
    await flush();
    accept(s.last(), true);
    expect(s.travel.state).toBe("in-session");
  });

  test("any other policy close ends the session", async () => {
    const s = await seated();
    const ended = s.travel.bus.once("onSessionEnded");
    s.last().end(1008, "too many messages");
    expect(s.travel.state).toBe("idle");
    const [reason, ending] = await ended;
    expect(reason).toBe("The game server closed the connection.");
    expect(ending).toMatchObject({ cause: "ServerClosed" });
    expect(ending.detail).toMatch(/1008 too many messages/);
  });
});

describe("the player session id travels in the URL only where it cannot be read on the way", () => {
  test.each([
    ["wss:// to a remote host", "wss://game.example.com:7777", true, false],
    ["ws:// to 127.0.0.1", "ws://127.0.0.1:7777", true, false],
    ["ws:// to another loopback address", "ws://127.8.9.10:7777", true, false],
    ["ws:// to [::1]", "ws://[::1]:7777", true, false],
    ["ws:// to localhost", "ws://localhost:7777", true, false],
    ["ws:// to a remote host", "ws://192.0.2.10:7777", false, true],
    ["ws:// to a name that only looks local", "ws://127.0.0.1.example.com:7777", false, true],
  ])("%s: ticket in the URL %s, warning %s", async (_what, url, ticket, warned) => {
    const s = setup({ endpoint: () => url });
    void s.travel.join({ playerSessionId: "psess-1", port: 7777 }).catch(() => undefined);
    await flush();
    expect(new URL(s.last().url).searchParams.get("playerSessionId")).toBe(ticket ? "psess-1" : null);
    expect(s.warnings.length > 0).toBe(warned);
    if (warned) expect(s.warnings[0]).toMatch(/plain ws:\/\//);
    s.destroy();
  });

  test("isSecureOrLocal refuses what is not a URL", () => {
    expect(isSecureOrLocal("not a url")).toBe(false);
    expect(isSecureOrLocal("http://127.0.0.1")).toBe(true);
  });
});
