// kit.latency against real ping endpoints on loopback, each behind a delay proxy that makes it a simulated
// distance away: the local stack's location pings (20 ms, 120 ms) and the server kit's own ping server (60 ms).
//
// Load: the machine runs other suites at once, and load only ever adds time. Each figure is the median of seven
// round trips; where a figure is checked against its simulated distance, the check takes the lowest of up to
// five such figures (test/helpers/latency-figures.ts) and allows 15 ms above, 2 below. The proxies run in this
// process, so its first fetches (Node compiling its HTTP client) are taken before any test.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startDelayProxy, type DelayProxy } from "../../../../../local/network/delay-proxy.ts";
import { startLocationPings, type LocationPings } from "../../../../../local/network/location-pings.ts";
import { createGameLiftKit } from "../../../../../plugin/core/index.ts";
import { LatencyArea, type LatencyAreaOptions } from "../../../../../plugin/core/latency/latency-area.ts";
import type { LatencyReport } from "../../../../../plugin/core/latency/latency-types.ts";
import { REAL_TIME, Timers } from "../../../../../plugin/core/timers.ts";
import { startPingServer, type PingServer } from "../../../../../server/index.ts";
import { lowestOf, TOLERANCE_MS } from "../../../../helpers/latency-figures.ts";

const SIMULATED = { "custom-near": 20, "custom-far": 120 } as const;
const KIT_ROUTE_MS = 60;

let pings: LocationPings;
let kitPing: PingServer;
let kitProxy: DelayProxy;
let endpoints: Record<string, string>;
const timers = new Timers();
const areas: LatencyArea[] = [];

beforeAll(async () => {
  pings = await startLocationPings(SIMULATED);
  kitPing = await startPingServer({ port: 0, host: "127.0.0.1" });
  kitProxy = await startDelayProxy(kitPing.port, KIT_ROUTE_MS / 2, "127.0.0.1", { roundTripOnReturn: true });
  endpoints = { ...pings.endpoints, "custom-kit": `http://127.0.0.1:${kitProxy.port}/ping` };
  // This process's first fetches pay for compiling Node's HTTP client (a browser's do not): one measurement
  // whose figures are not looked at.
  const warm = new LatencyArea({ config: { region: "us-west-2", latency: { endpoints } }, timers: timers.scope() });
  await warm.measure();
  warm.destroy();
});

afterAll(async () => {
  for (const area of areas) area.destroy();
  timers.stop();
  await pings?.close();
  await kitProxy?.close();
  await kitPing?.close();
});

/** Real timers on a clock the test moves by hand. */
const timersAt = (now: () => number) => new Timers({ ...REAL_TIME, now });

/** An area over the given endpoints, its fetch counted. */
function area(latency: NonNullable<LatencyAreaOptions["config"]["latency"]>, extra: Partial<LatencyAreaOptions> = {}) {
  const counter = { requests: 0 };
  /** The location of each request, in the order sent. */
  const order: string[] = [];
  const byUrl = Object.fromEntries(Object.entries(latency.endpoints ?? {}).map(([location, url]) => [new URL(url).host, location]));
  const made = new LatencyArea({
    config: { region: "us-west-2", latency: { samples: 7, ...latency } },
    timers: timers.scope(),
    fetch: (url, init) => {
      counter.requests++;
      order.push(byUrl[new URL(url).host] ?? url);
      return fetch(url, init);
    },
    ...extra,
  });
  areas.push(made);
  return Object.assign(made, { counter, order });
}

const within = (figure: number | undefined, simulated: number, label: string) => {
  expect(figure, label).toBeDefined();
  expect(figure!, label).toBeGreaterThanOrEqual(simulated - 2);
  expect(figure!, label).toBeLessThanOrEqual(simulated + TOLERANCE_MS);
};

/** Per location, the lowest of up to five measurements' figures (each a median): see latency-figures.ts. */
const settled = (latency: LatencyArea, expected: Record<string, number>) =>
  lowestOf(expected, async () => {
    const report = await latency.measure({ force: true });
    return Object.fromEntries(Object.entries(report.locations).map(([location, l]) => [location, l.ms]));
  });

describe("kit.latency in Node, over loopback with simulated distance", () => {
  test("every location at once: each figure is the median round trip, the best location is the near one", async () => {
    const latency = area({ endpoints });
    const changes: LatencyReport[] = [];
    latency.bus.connect({ onLatencyChanged: (report) => void changes.push(report) });
    const report = await latency.measure();
    for (const location of Object.values(report.locations)) expect(location.samples).toHaveLength(7);
    const figures = await settled(latency, { ...SIMULATED, "custom-kit": KIT_ROUTE_MS });
    within(figures["custom-near"], SIMULATED["custom-near"], "custom-near");
    within(figures["custom-far"], SIMULATED["custom-far"], "custom-far");
    within(figures["custom-kit"], KIT_ROUTE_MS, "the server kit's ping route");
    expect(report.best?.location).toBe("custom-near");
    const last = latency.report!;
    expect(latency.figures()).toEqual({
      "custom-near": Math.round(last.locations["custom-near"]!.ms!),
      "custom-far": Math.round(last.locations["custom-far"]!.ms!),
      "custom-kit": Math.round(last.locations["custom-kit"]!.ms!),
    });
    // In parallel: every location's warm-up request is sent before any location's first timed one.
    expect(latency.order.slice(0, 3).sort()).toEqual(["custom-far", "custom-kit", "custom-near"]);
    expect(changes[0]).toBe(report);
    // Eight requests per location and measurement: the warm-up and seven timed ones.
    expect(latency.counter.requests % (3 * 8)).toBe(0);
  });

  test("figures are kept with their age: a fresh measurement is used as it is, `force` measures again", async () => {
    const latency = area({ endpoints: { "custom-near": endpoints["custom-near"]! } });
    const first = await latency.measure();
    const requests = latency.counter.requests;
    expect(await latency.measure()).toBe(first);
    expect(await latency.current()).toEqual(latency.figures());
    expect(latency.counter.requests).toBe(requests);
    expect(latency.ageMs).toBeGreaterThanOrEqual(0);
    const second = await latency.measure({ force: true });
    expect(second).not.toBe(first);
    expect(latency.counter.requests).toBe(2 * requests);
    // Two calls at once share one measurement.
    const [a, b] = await Promise.all([latency.measure({ force: true }), latency.measure({ force: true })]);
    expect(a).toBe(b);
    expect(latency.counter.requests).toBe(3 * requests);
  });

  test("stale figures are measured again before use", async () => {
    let clock = 1_000_000;
    const latency = area({ endpoints: { "custom-near": endpoints["custom-near"]! }, maxAgeMs: 5_000 }, { timers: timersAt(() => clock) });
    await latency.current();
    const requests = latency.counter.requests;
    clock += 4_999;
    await latency.current();
    expect(latency.counter.requests).toBe(requests);
    clock += 1;
    await latency.current();
    expect(latency.counter.requests).toBe(2 * requests);
  });

  test("a location that does not answer, or has no endpoint, is reported as such; the others are measured", async () => {
    const closed = await startPingServer({ port: 0, host: "127.0.0.1" });
    await closed.close();
    const latency = area({ locations: ["custom-near", "custom-gone", "custom-unknown"], endpoints: { "custom-near": endpoints["custom-near"]!, "custom-gone": closed.url } });
    const report = await latency.measure();
    expect(report.locations["custom-near"]!.ms).toBeGreaterThanOrEqual(SIMULATED["custom-near"] - 2);
    expect(report.locations["custom-gone"]).toMatchObject({ samples: [], error: { code: "NetworkError" } });
    expect(report.locations["custom-unknown"]).toMatchObject({ samples: [], error: { code: "NotConfigured" } });
    expect(report.locations["custom-unknown"]!.error!.message).toContain('config.latency.endpoints["custom-unknown"]');
    expect(Object.keys(latency.figures())).toEqual(["custom-near"]);
  });

  test("bounded in time: a location slower than timeoutMs ends with the samples it has, or a Timeout", async () => {
    const slow = await startDelayProxy(kitPing.port, 1_500);
    try {
      const latency = area({ endpoints: { "custom-near": endpoints["custom-near"]!, "custom-slow": `http://127.0.0.1:${slow.port}/ping` }, timeoutMs: 800 });
      const started = performance.now();
      const report = await latency.measure();
      // Unbounded, the slow location alone would take eight 3 s round trips.
      expect(performance.now() - started).toBeLessThan(3_000);
      expect(report.locations["custom-slow"]).toMatchObject({ samples: [], error: { code: "Timeout" } });
      expect(report.locations["custom-near"]!.ms).toBeGreaterThanOrEqual(SIMULATED["custom-near"] - 2);
    } finally {
      await slow.close();
    }
  });

  test("a location that fails once keeps its figure while it is young; with none at all, onLatencyMeasureFail", async () => {
    const ping = await startPingServer({ port: 0, host: "127.0.0.1" });
    const latency = area({ endpoints: { "custom-flaky": ping.url } });
    const failures: string[] = [];
    latency.bus.connect({ onLatencyMeasureFail: (error) => void failures.push(error.code) });
    const first = await latency.measure();
    const kept = latency.figures()["custom-flaky"];
    expect(kept).toBeGreaterThanOrEqual(1);
    await ping.close();
    const second = await latency.measure({ force: true });
    expect(second.locations["custom-flaky"]!.error?.code).toBe("NetworkError");
    expect(latency.figures()).toEqual({ "custom-flaky": kept });
    expect(failures).toEqual(["NetworkError"]);
    // The last good report stays the report (and its age the age).
    expect(latency.report).toBe(first);
  });

  test("with every endpoint failing, current() does not wait on a new measurement for each placement", async () => {
    const gone = await startPingServer({ port: 0, host: "127.0.0.1" });
    await gone.close();
    let clock = 5_000_000;
    const latency = area({ endpoints: { "custom-gone": gone.url } }, { timers: timersAt(() => clock) });
    expect(await latency.current()).toEqual({});
    const requests = latency.counter.requests;
    clock += 9_000;
    expect(await latency.current()).toEqual({});
    expect(latency.counter.requests).toBe(requests);
    clock += 1_000;
    await latency.current();
    expect(latency.counter.requests).toBe(2 * requests);
  });

  test("startRefreshing measures in the background until stopped; destroy stops it too", async () => {
    const latency = area({ endpoints: { "custom-near": endpoints["custom-near"]! } });
    let reports = 0;
    const originalRecord = latency.measure.bind(latency);
    latency.measure = (options) => {
      reports++;
      return originalRecord(options);
    };
    latency.startRefreshing(1_000);
    expect(latency.refreshing).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 2_600));
    expect(reports).toBeGreaterThanOrEqual(2);
    latency.stopRefreshing();
    const stoppedAt = reports;
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(reports).toBe(stoppedAt);
    latency.startRefreshing(1_000);
    latency.destroy();
    expect(latency.refreshing).toBe(false);
    expect(() => latency.startRefreshing()).toThrow(/destroyed/);
  });

  test("sortByLatency: lowest first, sessions in unmeasured locations last in their order", async () => {
    const latency = area({ endpoints: { "custom-near": endpoints["custom-near"]!, "custom-far": endpoints["custom-far"]! } });
    await latency.measure();
    const sessions = [{ id: 1, location: "custom-far" }, { id: 2, location: "custom-elsewhere" }, { id: 3, location: "custom-near" }, { id: 4 }, { id: 5, location: "custom-near" }];
    expect(latency.sortByLatency(sessions).map((s) => s.id)).toEqual([3, 5, 1, 2, 4]);
    expect(latency.playerLatencies(["p"])).toEqual([
      { playerId: "p", regionIdentifier: "custom-near", latencyInMilliseconds: latency.latencyOf("custom-near") },
      { playerId: "p", regionIdentifier: "custom-far", latencyInMilliseconds: latency.latencyOf("custom-far") },
    ]);
  });
});

describe("kit.latency on the kit", () => {
  test("answers from the start, measures once its chunk is here; prefetch starts the first measurement", async () => {
    const kit = createGameLiftKit({ region: "us-west-2", endpoint: "http://127.0.0.1:9", latency: { endpoints, samples: 5 } });
    try {
      expect(kit.latency.figures()).toEqual({});
      expect(kit.latency.best()).toBeUndefined();
      expect(kit.latency.sortByLatency([{ location: "custom-far" }])).toEqual([{ location: "custom-far" }]);
      const changed = kit.latency.bus.once("onLatencyChanged");
      await kit.prefetch();
      const [report] = await changed;
      expect(report.best?.location).toBe("custom-near");
      expect(kit.latency.report).toBe(report);
      expect(kit.latency.latencyOf("custom-far")).toBeGreaterThan(kit.latency.latencyOf("custom-near")!);
    } finally {
      kit.destroy();
    }
  });

  test("startRefreshing is taken at once and starts once the chunk is here; a stop before that wins", async () => {
    const kit = createGameLiftKit({ region: "us-west-2", endpoint: "http://127.0.0.1:9", latency: { endpoints: { "custom-near": endpoints["custom-near"]! }, samples: 3 } });
    try {
      expect(() => kit.latency.startRefreshing(10)).toThrow(/1000 or more/);
      kit.latency.startRefreshing(60_000);
      kit.latency.stopRefreshing();
      await kit.sessions.prefetch();
      expect(kit.latency.refreshing).toBe(false);
      const changed = kit.latency.bus.once("onLatencyChanged");
      kit.latency.startRefreshing(60_000);
      await changed;
      expect(kit.latency.refreshing).toBe(true);
      kit.latency.stopRefreshing();
      expect(kit.latency.refreshing).toBe(false);
    } finally {
      kit.destroy();
    }
  });

  test("a bad latency setting is refused when the kit is made", () => {
    expect(() => createGameLiftKit({ region: "us-west-2", latency: { samples: 50 } })).toThrow(/config\.latency\.samples/);
  });
});
