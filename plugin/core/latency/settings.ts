/**
 * kit.latency's settings with their defaults, checked. Apart from the area so the kit can check a game's config
 * when it is created without loading the measuring code, which comes with the sessions chunk.
 */
import type { LatencyConfig } from "../config.ts";
import { invalidConfig, RequestChecks, type TextRule } from "../validation.ts";

/** kit.latency's settings, every one set. */
export interface LatencySettings {
  samples: number;
  timeoutMs: number;
  maxAgeMs: number;
  refreshMs: number;
}

/** What a config that leaves them out gets. */
export const DEFAULT_LATENCY_SETTINGS: LatencySettings = { samples: 5, timeoutMs: 3_000, maxAgeMs: 60_000, refreshMs: 30_000 };

/** The settings of config.latency with their defaults; bad ones are one TypeError naming each (the kit checks at creation). */
export function latencySettings(latency: LatencyConfig | undefined): LatencySettings {
  const checks = new RequestChecks("config.latency");
  const settings = checkLatencyConfig(checks, latency);
  checks.done(invalidConfig);
  return settings;
}

/** Checks config.latency into `checks` (the kit checks its whole config at once); returns the settings with their defaults. */
export function checkLatencyConfig(checks: RequestChecks, latency: LatencyConfig | undefined): LatencySettings {
  const field = (name: string) => `config.latency.${name}`;
  const settings: LatencySettings = {
    samples: checks.wholeNumber(field("samples"), latency?.samples, 1, 10) ?? DEFAULT_LATENCY_SETTINGS.samples,
    timeoutMs: checks.number(field("timeoutMs"), latency?.timeoutMs, 100, 60_000) ?? DEFAULT_LATENCY_SETTINGS.timeoutMs,
    maxAgeMs: checks.number(field("maxAgeMs"), latency?.maxAgeMs, 0, 24 * 3_600_000) ?? DEFAULT_LATENCY_SETTINGS.maxAgeMs,
    refreshMs: checks.number(field("refreshMs"), latency?.refreshMs, 1_000, 24 * 3_600_000) ?? DEFAULT_LATENCY_SETTINGS.refreshMs,
  };
  if (latency?.endpoints !== undefined) {
    for (const [location, url] of Object.entries(latency.endpoints)) checks.requiredText(field(`endpoints.${location}`), url, ENDPOINT_URL);
  }
  if (latency?.locations !== undefined && (!Array.isArray(latency.locations) || latency.locations.some((l) => typeof l !== "string" || l === ""))) {
    checks.fail(field("locations"), "config.latency.locations must be a list of location names");
  }
  return settings;
}

/** Checks startRefreshing's `everyMs`, when given: at least a second apart. */
export function checkRefreshInterval(everyMs: number | undefined): void {
  const checks = new RequestChecks("startRefreshing");
  if (everyMs !== undefined && (typeof everyMs !== "number" || !Number.isFinite(everyMs) || everyMs < 1_000)) {
    checks.fail("everyMs", `everyMs must be 1000 or more, got ${everyMs}`);
  }
  checks.done();
}

/** A ping endpoint: any http(s) URL. */
const ENDPOINT_URL: TextRule = { max: 2048, pattern: /^https?:\/\/[^/]/, allowed: "it must be an http(s) URL" };
