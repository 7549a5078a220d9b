/**
 * kit.latency's settings with their defaults, checked. Apart from the area so the kit can check a game's config
 * when it is created without loading the measuring code, which comes with the sessions chunk.
 */
import type { LatencyConfig } from "../config.ts";

export interface LatencySettings {
  samples: number;
  timeoutMs: number;
  maxAgeMs: number;
  refreshMs: number;
}

export const DEFAULT_LATENCY_SETTINGS: LatencySettings = { samples: 5, timeoutMs: 3_000, maxAgeMs: 60_000, refreshMs: 30_000 };

/** The settings of config.latency with their defaults; a bad one is a TypeError naming it (the kit checks at creation). */
export function latencySettings(latency: LatencyConfig | undefined): LatencySettings {
  const settings = { ...DEFAULT_LATENCY_SETTINGS };
  const read = (name: keyof LatencySettings, min: number, max: number, integer: boolean) => {
    const value = latency?.[name];
    if (value === undefined) return;
    if (typeof value !== "number" || !Number.isFinite(value) || value < min || value > max || (integer && !Number.isInteger(value))) {
      throw new TypeError(`config.latency.${name} must be ${integer ? "a whole number" : "a number"} from ${min} to ${max}, got ${String(value)}`);
    }
    settings[name] = value;
  };
  read("samples", 1, 10, true);
  read("timeoutMs", 100, 60_000, false);
  read("maxAgeMs", 0, 24 * 3_600_000, false);
  read("refreshMs", 1_000, 24 * 3_600_000, false);
  if (latency?.endpoints !== undefined) {
    for (const [location, url] of Object.entries(latency.endpoints)) {
      if (typeof url !== "string" || !/^https?:\/\/[^/]/.test(url)) throw new TypeError(`config.latency.endpoints.${location} must be an http(s) URL, got ${String(url)}`);
    }
  }
  if (latency?.locations !== undefined && (!Array.isArray(latency.locations) || latency.locations.some((l) => typeof l !== "string" || l === ""))) {
    throw new TypeError("config.latency.locations must be a list of location names");
  }
  return settings;
}
