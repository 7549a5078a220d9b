// Where a queue places and in which order: latency policies over time, allowed locations, and the priority
// criteria (LATENCY, COST, DESTINATION, LOCATION) with their defaults, as the GameLift guide describes them.
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import {
  effectivePriorityOrder,
  latencyCapAt,
  orderCandidates,
  type PlacementCandidate,
  type PlayerLatency,
} from "../../../../../local/gamelift/model/queue-priority.ts";

const lat = (playerId: string, regionIdentifier: string, latencyInMilliseconds: number): PlayerLatency => ({ playerId, regionIdentifier, latencyInMilliseconds });
const where = (list: PlacementCandidate[]) => list.map((c) => c.location);

describe("latency policies", () => {
  const policies = [
    { maximumIndividualPlayerLatencyMs: 200 },
    { maximumIndividualPlayerLatencyMs: 50, policyDurationSeconds: 120 },
    { maximumIndividualPlayerLatencyMs: 100, policyDurationSeconds: 120 },
  ];

  test("apply from the lowest cap up, each for its duration; one without a duration holds to the end", () => {
    expect(latencyCapAt(policies, 0)).toBe(50);
    expect(latencyCapAt(policies, 119_999)).toBe(50);
    expect(latencyCapAt(policies, 120_000)).toBe(100);
    expect(latencyCapAt(policies, 239_999)).toBe(100);
    expect(latencyCapAt(policies, 240_000)).toBe(200);
    expect(latencyCapAt(policies, 10 * 3_600_000)).toBe(200);
  });

  test("after the last timed policy no cap applies; without policies there is none", () => {
    expect(latencyCapAt([{ maximumIndividualPlayerLatencyMs: 100, policyDurationSeconds: 10 }], 9_999)).toBe(100);
    expect(latencyCapAt([{ maximumIndividualPlayerLatencyMs: 100, policyDurationSeconds: 10 }], 10_000)).toBeUndefined();
    expect(latencyCapAt([], 0)).toBeUndefined();
  });

  test("durations follow the stack's time scale", () => {
    expect(latencyCapAt([{ maximumIndividualPlayerLatencyMs: 100, policyDurationSeconds: 10 }], 99, 0.01)).toBe(100);
    expect(latencyCapAt([{ maximumIndividualPlayerLatencyMs: 100, policyDurationSeconds: 10 }], 100, 0.01)).toBeUndefined();
  });

  test("the cap never falls as time goes on", () => {
    const policy = fc.record({ maximumIndividualPlayerLatencyMs: fc.integer({ min: 0, max: 1000 }), policyDurationSeconds: fc.option(fc.integer({ min: 0, max: 600 }), { nil: undefined }) });
    fc.assert(
      fc.property(fc.array(policy, { maxLength: 6 }), fc.integer({ min: 0, max: 4_000_000 }), fc.integer({ min: 0, max: 4_000_000 }), (list, a, b) => {
        const [early, late] = [Math.min(a, b), Math.max(a, b)];
        const before = latencyCapAt(list, early);
        const after = latencyCapAt(list, late);
        return before === undefined ? after === undefined : after === undefined || after >= before;
      }),
    );
  });
});

describe("ordering and filtering", () => {
  const near = { destination: 0, location: "custom-near" };
  const far = { destination: 0, location: "custom-far" };

  test("with latencies, the lowest average comes first; a cap rules out locations any reporter exceeds", () => {
    const latencies = [lat("a", "custom-near", 20), lat("a", "custom-far", 120)];
    expect(where(orderCandidates([far, near], { playerLatencies: latencies }))).toEqual(["custom-near", "custom-far"]);
    expect(where(orderCandidates([far, near], { playerLatencies: latencies, cap: 100 }))).toEqual(["custom-near"]);
    // Two players: the average decides the order, the worst one decides the cap.
    const two = [...latencies, lat("b", "custom-near", 150), lat("b", "custom-far", 30)];
    expect(where(orderCandidates([near, far], { playerLatencies: two }))).toEqual(["custom-far", "custom-near"]);
    expect(where(orderCandidates([near, far], { playerLatencies: two, cap: 100 }))).toEqual([]);
    expect(where(orderCandidates([near, far], { playerLatencies: two, cap: 120 }))).toEqual(["custom-far"]);
    expect(where(orderCandidates([near, far], { playerLatencies: two, cap: 150 }))).toEqual(["custom-far", "custom-near"]);
  });

  test("a cap is not enforced without latencies; a location a reporter gave no figure for is out while one is", () => {
    expect(where(orderCandidates([near, far], { cap: 10 }))).toEqual(["custom-far", "custom-near"]);
    expect(where(orderCandidates([near, far], { playerLatencies: [lat("a", "custom-near", 20)], cap: 100 }))).toEqual(["custom-near"]);
    // No cap: the unreported location comes after the reported one.
    expect(where(orderCandidates([far, near], { playerLatencies: [lat("a", "custom-near", 20)] }))).toEqual(["custom-near", "custom-far"]);
  });

  test("without latencies: destination order, then locations alphabetically", () => {
    const list = [
      { destination: 1, location: "custom-a" },
      { destination: 0, location: "custom-z" },
      { destination: 0, location: "custom-m" },
    ];
    expect(where(orderCandidates(list, {}))).toEqual(["custom-m", "custom-z", "custom-a"]);
  });

  test("default with latencies: latency, then cost, then destination, then location", () => {
    const list = [
      { destination: 0, location: "custom-b", cost: 2 },
      { destination: 1, location: "custom-a", cost: 1 },
      { destination: 1, location: "custom-c", cost: 1 },
      { destination: 0, location: "custom-d" },
    ];
    const same = ["custom-a", "custom-b", "custom-c", "custom-d"].map((l) => lat("p", l, 40));
    expect(where(orderCandidates(list, { playerLatencies: same }))).toEqual(["custom-a", "custom-c", "custom-b", "custom-d"]);
    // Cost is not a default criterion without latencies.
    expect(where(orderCandidates(list, {}))).toEqual(["custom-b", "custom-d", "custom-a", "custom-c"]);
  });

  test("a custom order is followed, the criteria it leaves out appended in the default order", () => {
    expect(effectivePriorityOrder({ order: ["LOCATION"], locationOrder: ["x"] }, true)).toEqual(["LOCATION", "LATENCY", "COST", "DESTINATION"]);
    expect(effectivePriorityOrder({ order: ["COST", "LATENCY"] }, false)).toEqual(["COST", "LATENCY", "DESTINATION", "LOCATION"]);
    const latencies = [lat("p", "custom-near", 20), lat("p", "custom-far", 120)];
    const byLocation = { order: ["LOCATION" as const], locationOrder: ["custom-far", "custom-near"] };
    expect(where(orderCandidates([near, far], { playerLatencies: latencies, priority: byLocation }))).toEqual(["custom-far", "custom-near"]);
    // A location the LocationOrder does not list comes after the listed ones.
    const other = { destination: 0, location: "custom-aaa" };
    expect(where(orderCandidates([other, near, far], { priority: byLocation }))).toEqual(["custom-far", "custom-near", "custom-aaa"]);
    const byDestination = { order: ["DESTINATION" as const] };
    const second = { destination: 1, location: "custom-near2" };
    expect(where(orderCandidates([second, far], { playerLatencies: [...latencies, lat("p", "custom-near2", 5)], priority: byDestination }))).toEqual(["custom-far", "custom-near2"]);
  });

  test("FilterConfiguration: only allowed locations, whatever their latency", () => {
    const latencies = [lat("p", "custom-near", 20), lat("p", "custom-far", 120)];
    expect(where(orderCandidates([near, far], { playerLatencies: latencies, allowedLocations: ["custom-far"] }))).toEqual(["custom-far"]);
  });

  test("the result is a reordering of the usable candidates: none lost, none invented", () => {
    const candidate = fc.record({ destination: fc.integer({ min: 0, max: 3 }), location: fc.constantFrom("custom-a", "custom-b", "custom-c"), cost: fc.option(fc.integer({ min: 0, max: 5 }), { nil: undefined }) });
    const latency = fc.record({ playerId: fc.constantFrom("p", "q"), regionIdentifier: fc.constantFrom("custom-a", "custom-b", "custom-c"), latencyInMilliseconds: fc.integer({ min: 0, max: 300 }) });
    fc.assert(
      fc.property(fc.array(candidate, { maxLength: 8 }), fc.array(latency, { maxLength: 6 }), (list, latencies) => {
        const out = orderCandidates(list, { playerLatencies: latencies });
        return out.length === list.length && out.every((c) => list.includes(c));
      }),
    );
  });
});
