// The travel state machine: transitions and deadlines on a fake clock.
import assert from "node:assert/strict";
import { test } from "vitest";
import { DEFAULT_TIMEOUTS, nextState, TravelMachine, type TravelInput, type TravelState, type Transition } from "../../../../../plugin/core/travel/state-machine.ts";
import { FakeClock } from "../../../../helpers/fake-clock.ts";


function machine() {
  const clock = new FakeClock();
  const seen: Transition[] = [];
  const m = new TravelMachine(clock.timers(), DEFAULT_TIMEOUTS, (t) => seen.push(t));
  const run = (...inputs: TravelInput["type"][]) => inputs.map((type) => m.send({ type } as TravelInput)?.to);
  return { clock, seen, m, run };
}

test("the happy path: idle → joining → connecting → traveling → in-session → leaving → idle", () => {
  const { m, run, clock } = machine();
  assert.deepEqual(run("join", "reserved", "opened", "accepted"), ["joining", "connecting", "traveling", "in-session"]);
  assert.equal(clock.pending, 0, "a live session has no deadline");
  assert.deepEqual(run("leave", "closed"), ["leaving", "idle"]);
  assert.equal(m.state, "idle");
  assert.equal(clock.pending, 0);
});

test("a drop reconnects; an accept gets back in; a failure or the server's end goes to idle", () => {
  const { run } = machine();
  run("join", "reserved", "opened", "accepted");
  assert.deepEqual(run("dropped", "opened", "accepted"), ["reconnecting", undefined, "in-session"], "opened means nothing while reconnecting");
  assert.deepEqual(run("dropped", "failed"), ["reconnecting", "idle"]);
  run("join", "reserved", "opened", "accepted");
  assert.deepEqual(run("ended"), ["idle"]);
});

test("every step before the session times out to idle with its own deadline", () => {
  const steps: [TravelState, TravelInput["type"][], number][] = [
    ["joining", ["join"], DEFAULT_TIMEOUTS.joiningMs],
    ["connecting", ["join", "reserved"], DEFAULT_TIMEOUTS.connectingMs],
    ["traveling", ["join", "reserved", "opened"], DEFAULT_TIMEOUTS.travelingMs],
    ["reconnecting", ["join", "reserved", "opened", "accepted", "dropped"], DEFAULT_TIMEOUTS.reconnectingMs],
    ["leaving", ["join", "reserved", "opened", "accepted", "leave"], DEFAULT_TIMEOUTS.leavingMs],
  ];
  for (const [state, path, deadline] of steps) {
    const { m, run, clock, seen } = machine();
    run(...path);
    assert.equal(m.state, state);
    clock.advance(deadline - 1);
    assert.equal(m.state, state, `${state} holds until its deadline`);
    clock.advance(1);
    assert.equal(m.state, "idle", `${state} times out`);
    assert.deepEqual(seen.at(-1), { from: state, to: "idle", input: { type: "timeout" } });
  }
});

test("a deadline belongs to one visit of a state: leaving and coming back re-arms it", () => {
  const { m, run, clock } = machine();
  run("join", "reserved", "opened", "accepted", "dropped");
  clock.advance(DEFAULT_TIMEOUTS.reconnectingMs - 10);
  run("accepted", "dropped");
  clock.advance(20);
  assert.equal(m.state, "reconnecting", "the first visit's deadline does not end the second");
  clock.advance(DEFAULT_TIMEOUTS.reconnectingMs);
  assert.equal(m.state, "idle");
});

test("leave before the seat exists cancels straight to idle; inputs out of place are ignored", () => {
  for (const path of [["join"], ["join", "reserved"], ["join", "reserved", "opened"]] as TravelInput["type"][][]) {
    const { m, run, clock } = machine();
    run(...path);
    run("leave");
    assert.equal(m.state, "idle");
    assert.equal(clock.pending, 0);
  }
  const { m, run } = machine();
  assert.deepEqual(run("reserved", "opened", "accepted", "dropped", "closed", "leave", "timeout", "ended", "failed"), Array(9).fill(undefined));
  assert.equal(m.state, "idle");
  run("join");
  assert.equal(run("join")[0], undefined, "no second join while one is under way");
});

test("nextState is total: every state × input gives a state or undefined, and idle is reachable from every state", () => {
  const states: TravelState[] = ["idle", "joining", "connecting", "traveling", "in-session", "leaving", "reconnecting"];
  const inputs: TravelInput["type"][] = ["join", "reserved", "opened", "accepted", "dropped", "failed", "leave", "closed", "ended", "timeout"];
  for (const s of states) {
    for (const i of inputs) {
      const to = nextState(s, { type: i } as TravelInput);
      assert.ok(to === undefined || states.includes(to));
    }
    if (s !== "idle") assert.equal(nextState(s, { type: "failed" }), "idle");
  }
});
