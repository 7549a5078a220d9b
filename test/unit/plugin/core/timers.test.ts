// The kit's one timer abstraction on a manual clock: scopes stop on their own or with their parent, a stopped
// Timers neither fires nor hangs a sleep, and delays setTimeout cannot keep are clamped.
import { describe, expect, test } from "vitest";
import { MAX_TIMER_DELAY_MS, Timers } from "../../../../plugin/core/timers.ts";
import { FakeClock } from "../../../helpers/fake-clock.ts";

describe("Timers", () => {
  test("after fires once at its time, and its cancel stops it", () => {
    const clock = new FakeClock({ start: 50 });
    const timers = clock.timers();
    const fired: string[] = [];
    timers.after(100, () => fired.push("a"));
    const cancel = timers.after(100, () => fired.push("b"));
    expect(timers.now()).toBe(50);
    expect(timers.size).toBe(2);
    cancel();
    clock.advance(99);
    expect(fired).toEqual([]);
    clock.advance(1);
    expect(fired).toEqual(["a"]);
    expect(timers.size).toBe(0);
  });

  test("a scope stops on its own; the parent's stop ends the scope's timers and sleeps too", async () => {
    const clock = new FakeClock();
    const kit = clock.timers();
    const part = kit.scope();
    const other = kit.scope();
    const fired: string[] = [];
    kit.after(10, () => fired.push("kit"));
    part.after(10, () => fired.push("part"));
    other.after(10, () => fired.push("other"));
    expect(kit.size).toBe(3);
    part.stop();
    expect(part.stopped).toBe(true);
    expect(kit.size).toBe(2);
    part.after(1, () => fired.push("after stop"));
    clock.advance(10);
    expect(fired).toEqual(["kit", "other"]);

    const sleeping = other.sleep(1_000);
    kit.stop();
    await expect(sleeping).rejects.toMatchObject({ code: "Cancelled" });
    await expect(other.sleep(1)).rejects.toMatchObject({ code: "Cancelled" });
    expect(kit.scope().stopped).toBe(true);
    expect(kit.size).toBe(0);
    expect(clock.pending).toBe(0);
  });

  test("sleep resolves on time, or rejects with the signal's reason and leaves no timer", async () => {
    const clock = new FakeClock();
    const timers = clock.timers();
    const done = timers.sleep(20);
    clock.advance(20);
    await expect(done).resolves.toBeUndefined();

    const controller = new AbortController();
    const aborted = timers.sleep(20, controller.signal);
    const reason = new Error("stop");
    controller.abort(reason);
    await expect(aborted).rejects.toBe(reason);
    expect(clock.pending).toBe(0);
    await expect(timers.sleep(5, controller.signal)).rejects.toBe(reason);
  });

  test("delays setTimeout cannot keep are clamped: huge ones to its limit, negative and NaN to 0", () => {
    const clock = new FakeClock();
    const timers = new Timers(clock);
    for (const ms of [Number.MAX_SAFE_INTEGER, Infinity, -5, Number.NaN, 12]) timers.after(ms, () => {});
    expect(clock.delays).toEqual([MAX_TIMER_DELAY_MS, MAX_TIMER_DELAY_MS, 0, 0, 12]);
  });
});
