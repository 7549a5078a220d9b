// While reconnecting, travel asks GameLift about the session (DescribeGameSessions through the kit): an ended
// session ends travel at once with the reason, and a server that refuses every attempt while GameLift still
// lists the session is taken for dead. Fake sockets and a fake clock; the lookup is a scripted function.
import { describe, expect, test } from "vitest";
import type { SessionEnding } from "../../../../../plugin/core/events/travel-events.ts";
import type { GameSessionStatus, SessionStatusLookup } from "../../../../../plugin/core/travel/connection.ts";
import { flush, seatedTravel } from "../../../../helpers/fake-socket.ts";

/** A lookup answering from a list (the last answer repeats), recording the ids it was asked about. */
function lookup(...answers: (GameSessionStatus | undefined | Error)[]) {
  const asked: string[] = [];
  const fn: SessionStatusLookup = async (id) => {
    asked.push(id);
    const answer = answers.length > 1 ? answers.shift() : answers[0];
    if (answer instanceof Error) throw answer;
    return answer;
  };
  return { fn, asked };
}

const lastEnding = (events: [string, ...unknown[]][]) => {
  const ended = events.filter((e) => e[0] === "onSessionEnded").at(-1);
  return ended && { reason: ended[1] as string, ending: ended[2] as SessionEnding };
};

describe("a session GameLift reports over ends travel at once", () => {
  test.each([
    [{ status: "TERMINATED", statusReason: "FORCE_TERMINATED" }, "The game session was shut down.", "FORCE_TERMINATED"],
    [{ status: "TERMINATING", statusReason: "TRIGGERED_ON_PROCESS_TERMINATE" }, "The game server was shut down, so the game has ended.", "TRIGGERED_ON_PROCESS_TERMINATE"],
    [{ status: "ERROR" }, "The game server stopped working, so the game has ended.", undefined],
    [{ status: "TERMINATED" }, "The game session has ended.", undefined],
    [undefined, "The game session no longer exists.", undefined],
  ] as const)("%o", async (answer, words, statusReason) => {
    const { fn, asked } = lookup(answer);
    const s = await seatedTravel({ sessionStatus: fn });
    s.last().end(1006);
    expect(s.travel.state).toBe("reconnecting");
    await flush();
    expect(asked).toEqual(["gs-1"]);
    expect(s.travel.state).toBe("idle");
    const { reason, ending } = lastEnding(s.events)!;
    expect(reason).toBe(words);
    expect(ending.cause).toBe("SessionTerminated");
    expect(ending.gameSessionStatus).toBe(answer?.status);
    expect(ending.gameSessionStatusReason).toBe(statusReason);
    expect(ending.detail).toMatch(/^connection lost: connection closed \(1006\); GameLift /);
    expect(s.names().slice(-2)).toEqual(["onConnectionLost", "onSessionEnded"]);
    expect(s.clock.pending).toBe(0);
  });
});

describe("a dead server: refused again and again while GameLift answers", () => {
  test("three refused attempts with the session ACTIVE in GameLift end it as ServerGone", async () => {
    const { fn, asked } = lookup({ status: "ACTIVE" });
    const s = await seatedTravel({ sessionStatus: fn, reconnect: { attempts: 10, initialDelayMs: 100, maxDelayMs: 1000 } });
    s.last().end(1006);
    await flush();
    for (let i = 0; i < 3; i++) {
      expect(s.travel.state).toBe("reconnecting");
      s.clock.advance(1000);
      s.last().end(1006); // closed without opening, at once: nothing listens there
      await flush();
    }
    expect(s.travel.state).toBe("idle");
    const { reason, ending } = lastEnding(s.events)!;
    expect(reason).toBe("The game server stopped, so the game has ended.");
    expect(ending.cause).toBe("ServerGone");
    expect(ending.gameSessionStatus).toBe("ACTIVE");
    expect(asked.length).toBeGreaterThanOrEqual(3);
  });

  test("GameLift out of reach too (the player's network): no verdict, the attempts run their course", async () => {
    const { fn } = lookup(new Error("Failed to fetch"));
    const s = await seatedTravel({ sessionStatus: fn, reconnect: { attempts: 4, initialDelayMs: 100, maxDelayMs: 100 } });
    s.last().end(1006);
    for (let i = 0; i < 4; i++) {
      await flush();
      s.clock.advance(100);
      s.last().end(1006);
    }
    await flush();
    expect(lastEnding(s.events)!.ending.cause).toBe("ReconnectFailed");
  });

  test("attempts that open (or hang) are no refusals", async () => {
    const { fn } = lookup({ status: "ACTIVE" });
    const s = await seatedTravel({ sessionStatus: fn, reconnect: { attempts: 4, initialDelayMs: 100, maxDelayMs: 100 } });
    s.last().end(1006);
    for (let i = 0; i < 4; i++) {
      await flush();
      s.clock.advance(100);
      s.last().open();
      s.last().end(1006);
    }
    await flush();
    expect(lastEnding(s.events)!.ending.cause).toBe("ReconnectFailed");
  });

  test("a stale ACTIVE (GameLift last answered long ago) does not condemn the server", async () => {
    const { fn } = lookup({ status: "ACTIVE" }, new Error("offline"));
    const s = await seatedTravel({ sessionStatus: fn, reconnect: { attempts: 4, initialDelayMs: 3000, maxDelayMs: 3000 } });
    s.last().end(1006);
    for (let i = 0; i < 4; i++) {
      await flush();
      s.clock.advance(3000);
      s.last().end(1006);
    }
    await flush();
    expect(lastEnding(s.events)!.ending.cause).toBe("ReconnectFailed");
  });

  test("back in before the verdict: nothing ends, and GameLift is no longer asked", async () => {
    const { fn, asked } = lookup({ status: "ACTIVE" });
    const s = await seatedTravel({ sessionStatus: fn });
    s.last().end(1006);
    await flush();
    s.clock.advance(100);
    s.last().open();
    s.last().accept({ resumed: true });
    const before = asked.length;
    await flush();
    expect(s.travel.state).toBe("in-session");
    expect(asked.length).toBe(before);
    expect(s.names()).not.toContain("onSessionEnded");
  });
});
