/**
 * Where `vite build` gets the game's public config: given in the plugin's options, read from a file (the
 * config itself, or the outputs file `cdk deploy --outputs-file` writes), checked field by field so a wrong
 * file fails the build with the field's name instead of shipping a game that cannot sign in.
 */
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import type { GameLiftPublicConfig } from "../core/config.ts";

/** The CloudFormation output that holds the whole public config as JSON (the CDK app writes it). */
export const CONFIG_OUTPUT_KEY = "PhaserGameLiftConfig";

/** Where a game keeps the deploy's outputs when the plugin is not told otherwise. */
export const DEFAULT_OUTPUTS_FILE = "gamelift.outputs.json";

/**
 * A public config (the `aws` option, an outputs file, the local stack's) that is not one: missing ids, wrong
 * types. The build stops with every problem listed.
 */
export class PublicConfigError extends Error {
  override readonly name = "PublicConfigError";
  /** Each problem found, e.g. "config.cognito.userPoolId must be a non-empty string". */
  readonly problems: readonly string[];
  /** `source` names where the config came from, for the message. */
  constructor(source: string, problems: readonly string[]) {
    super(`${source}: ${problems.join("; ")}`);
    this.problems = problems;
  }
}

/** Checks a value read from anywhere; every problem is listed, none is guessed around. */
export function checkPublicConfig(value: unknown, source: string): GameLiftPublicConfig {
  const problems: string[] = [];
  const record = (v: unknown, path: string): Record<string, unknown> | undefined => {
    if (v !== null && typeof v === "object" && !Array.isArray(v)) return v as Record<string, unknown>;
    problems.push(`${path} must be an object`);
    return undefined;
  };
  const text = (o: Record<string, unknown> | undefined, key: string, path: string, required: boolean): void => {
    const v = o?.[key];
    if (v === undefined && !required) return;
    if (typeof v !== "string" || v === "") problems.push(`${path}.${key} must be a non-empty string`);
  };
  const root = record(value, "the config");
  text(root, "region", "config", true);
  text(root, "endpoint", "config", false);
  const cognito = record(root?.["cognito"], "config.cognito");
  for (const key of ["userPoolId", "appClientId", "identityPoolId"]) text(cognito, key, "config.cognito", true);
  const gamelift = root?.["gamelift"] === undefined ? {} : record(root["gamelift"], "config.gamelift");
  for (const key of ["aliasId", "fleetId", "location", "queueName", "matchmakingConfigurationName"]) text(gamelift, key, "config.gamelift", false);
  if (root?.["providers"] !== undefined) {
    const providers = record(root["providers"], "config.providers");
    for (const name of ["loginWithAmazon", "google"]) {
      if (providers?.[name] === undefined) continue;
      text(record(providers[name], `config.providers.${name}`), "clientId", `config.providers.${name}`, true);
    }
  }
  if (root?.["latency"] !== undefined) {
    const latency = record(root["latency"], "config.latency");
    const locations = latency?.["locations"];
    if (locations !== undefined && (!Array.isArray(locations) || !locations.every((l) => typeof l === "string" && l !== ""))) {
      problems.push("config.latency.locations must be a list of location names");
    }
    if (latency?.["endpoints"] !== undefined) {
      const endpoints = record(latency["endpoints"], "config.latency.endpoints");
      for (const [location, url] of Object.entries(endpoints ?? {})) {
        if (typeof url !== "string" || !/^https?:\/\//.test(url)) problems.push(`config.latency.endpoints.${location} must be an http(s) URL`);
      }
    }
  }
  if (problems.length) throw new PublicConfigError(source, problems);
  return { ...(root as unknown as GameLiftPublicConfig), gamelift: (gamelift ?? {}) as GameLiftPublicConfig["gamelift"] };
}

/**
 * Reads a JSON file holding either the public config or a CDK outputs file (`{ Stack: { PhaserGameLiftConfig:
 * "<json>", … } }`) and returns the checked config.
 */
export function readPublicConfigFile(path: string): GameLiftPublicConfig {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new PublicConfigError(path, [`cannot read it as JSON (${(error as Error).message})`]);
  }
  const fromOutputs = configInOutputs(parsed);
  if (fromOutputs === undefined) return checkPublicConfig(parsed, path);
  let inner: unknown;
  try {
    inner = JSON.parse(fromOutputs);
  } catch (error) {
    throw new PublicConfigError(path, [`the ${CONFIG_OUTPUT_KEY} output is not JSON (${(error as Error).message})`]);
  }
  return checkPublicConfig(inner, `${path} (${CONFIG_OUTPUT_KEY})`);
}

function configInOutputs(parsed: unknown): string | undefined {
  if (parsed === null || typeof parsed !== "object" || "region" in parsed) return undefined;
  for (const stack of Object.values(parsed as Record<string, unknown>)) {
    if (stack !== null && typeof stack === "object" && typeof (stack as Record<string, unknown>)[CONFIG_OUTPUT_KEY] === "string") {
      return (stack as Record<string, string>)[CONFIG_OUTPUT_KEY];
    }
  }
  return undefined;
}

/** The build's config: the option, else the outputs file in the game's folder when there is one. */
export function buildConfigFrom(option: GameLiftPublicConfig | string | undefined, root: string): GameLiftPublicConfig | undefined {
  if (typeof option === "string") return readPublicConfigFile(resolve(root, option));
  if (option !== undefined) return checkPublicConfig(option, "gamelift({ aws })");
  const outputs = resolve(root, DEFAULT_OUTPUTS_FILE);
  return existsSync(outputs) ? readPublicConfigFile(outputs) : undefined;
}
