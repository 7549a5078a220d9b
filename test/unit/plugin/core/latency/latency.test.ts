// kit.latency's pure parts: which URL each location is timed at, the median, the settings' checks.
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { defaultPingEndpoint, isAwsRegion, pingTargets } from "../../../../../plugin/core/latency/endpoints.ts";
import { median } from "../../../../../plugin/core/latency/probe.ts";
import { DEFAULT_LATENCY_SETTINGS, latencySettings } from "../../../../../plugin/core/latency/settings.ts";
import { createGameLiftKit } from "../../../../../plugin/core/kit.ts";

describe("ping endpoints", () => {
  test("an AWS Region defaults to its DynamoDB endpoint's /ping; a custom location has none", () => {
    expect(defaultPingEndpoint("us-west-2")).toBe("https://dynamodb.us-west-2.amazonaws.com/ping");
    expect(defaultPingEndpoint("ap-southeast-1")).toBe("https://dynamodb.ap-southeast-1.amazonaws.com/ping");
    expect(defaultPingEndpoint("us-gov-west-1")).toBe("https://dynamodb.us-gov-west-1.amazonaws.com/ping");
    expect(defaultPingEndpoint("cn-north-1")).toBe("https://dynamodb.cn-north-1.amazonaws.com.cn/ping");
    expect(defaultPingEndpoint("custom-home")).toBeUndefined();
    expect(isAwsRegion("custom-us-west-2")).toBe(false);
  });

  test("what is measured: the configured locations with their endpoints, Regions by default, the rest named as unreachable", () => {
    expect(pingTargets({ locations: ["us-east-1", "custom-home", "custom-office"], endpoints: { "custom-home": "http://127.0.0.1:9/ping" } }, "us-west-2")).toEqual({
      targets: [
        { location: "us-east-1", url: "https://dynamodb.us-east-1.amazonaws.com/ping" },
        { location: "custom-home", url: "http://127.0.0.1:9/ping" },
      ],
      unreachable: ["custom-office"],
    });
    // An endpoint configured for a Region wins over the default.
    expect(pingTargets({ endpoints: { "us-east-1": "https://ping.example.com/" } }, "us-west-2").targets).toEqual([{ location: "us-east-1", url: "https://ping.example.com/" }]);
    // Nothing configured: the game's own location (or Region).
    expect(pingTargets(undefined, "eu-west-1").targets).toEqual([{ location: "eu-west-1", url: "https://dynamodb.eu-west-1.amazonaws.com/ping" }]);
    // A location named "__proto__" or "constructor" is a location like any other, not an object's member.
    expect(pingTargets({ locations: ["constructor"], endpoints: {} }, "us-west-2")).toEqual({ targets: [], unreachable: ["constructor"] });
  });
});

describe("median", () => {
  test("the middle value, or the mean of the two middle ones", () => {
    expect(median([])).toBeUndefined();
    expect(median([5])).toBe(5);
    expect(median([30, 10, 20])).toBe(20);
    expect(median([40, 10, 20, 30])).toBe(25);
  });

  test("one stretched sample in five moves it no further than the next sample", () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 1, max: 500, noNaN: true }), { minLength: 5, maxLength: 5 }), fc.integer({ min: 0, max: 4 }), fc.double({ min: 0, max: 10_000, noNaN: true }), (samples, i, extra) => {
        const stretched = samples.map((s, j) => (j === i ? s + extra : s));
        const sorted = [...samples].sort((a, b) => a - b);
        const m = median(stretched)!;
        return m >= sorted[2]! && m <= sorted[3]!;
      }),
    );
  });
});

describe("settings", () => {
  test("defaults, and every bad value named", () => {
    expect(latencySettings(undefined)).toEqual(DEFAULT_LATENCY_SETTINGS);
    expect(latencySettings({ samples: 3, timeoutMs: 500 })).toMatchObject({ samples: 3, timeoutMs: 500 });
    expect(() => latencySettings({ samples: 0 })).toThrow(/config\.latency\.samples/);
    expect(() => latencySettings({ samples: 2.5 })).toThrow(/whole number/);
    expect(() => latencySettings({ refreshMs: 10 })).toThrow(/config\.latency\.refreshMs/);
    expect(() => latencySettings({ endpoints: { "custom-a": "ws://x" } })).toThrow(/config\.latency\.endpoints\.custom-a/);
    expect(() => latencySettings({ locations: "us-west-2" as unknown as string[] })).toThrow(/config\.latency\.locations/);
  });

  test("every bad value at once, in one TypeError; the kit adds its own config's problems to them", () => {
    const bad = { samples: 0, timeoutMs: Number.NaN, endpoints: { "custom-a": "ws://x" } };
    expect(() => latencySettings(bad)).toThrow(TypeError);
    expect(() => latencySettings(bad)).toThrow(/config\.latency\.samples.*; config\.latency\.timeoutMs.*; config\.latency\.endpoints\.custom-a/);
    expect(() => createGameLiftKit({ region: "", latency: { refreshMs: 10 } })).toThrow(/needs a config with a region.*; config\.latency\.refreshMs/);
    expect(() => createGameLiftKit(undefined as never)).toThrow(TypeError);
  });
});
