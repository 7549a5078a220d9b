/**
 * gamelift.config.json → GameConfig: the schema's checks, then the checks that span fields, then names, locations
 * and paths resolved. Every problem found is reported at once, each naming its field, in one GameConfigError.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { isAbsolute, join, resolve } from "node:path";
import type { z } from "zod";
import { defaultLocations, derivedNames } from "./defaults.ts";
import { gameConfigSchema, type GameConfigShape } from "./schema.ts";
import type { GameConfig, MatchmakingConfig, PasswordPolicyConfig } from "./types.ts";

export interface GameConfigIssue {
  /** The field, as a path into the file: `cognito.userPool.passwordPolicy.minLength`, `local.players[1].email`. */
  path: string;
  message: string;
}

export class GameConfigError extends Error {
  override readonly name = "GameConfigError";
  readonly issues: GameConfigIssue[];
  /** The file that was read, when there was one. */
  readonly file?: string;

  constructor(issues: GameConfigIssue[], file?: string) {
    const where = file ?? "the game config";
    const count = issues.length === 1 ? "1 problem" : `${issues.length} problems`;
    super(`${where} has ${count}:\n${issues.map((i) => `  ${i.path || "(top level)"}: ${i.message}`).join("\n")}`);
    this.issues = issues;
    this.file = file;
  }
}

export interface ParseGameConfigOptions {
  /** Relative paths (server folder, rule set file) are resolved against this; the working directory by default. */
  baseDir?: string;
  /** Named in errors. */
  file?: string;
  /** Reads the rule set file; Node's readFileSync by default. */
  readFile?: (path: string) => string;
  /** Also check that the server folder and its entry file exist. */
  checkFiles?: boolean;
}

export function parseGameConfig(value: unknown, options: ParseGameConfigOptions = {}): GameConfig {
  const parsed = gameConfigSchema.safeParse(value);
  if (!parsed.success) {
    // One problem per field is enough to act on ("too short" and "bad characters" for an empty name say the same).
    const issues = parsed.error.issues.flatMap(describeIssue);
    throw new GameConfigError(issues.filter((issue, i) => issues.findIndex((other) => other.path === issue.path) === i), options.file);
  }
  const issues: GameConfigIssue[] = [];
  const config = resolveConfig(parsed.data, options, issues);
  checkConfig(config, issues);
  if (options.checkFiles) checkFiles(config, issues);
  if (issues.length) throw new GameConfigError(issues, options.file);
  return config;
}

export function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out;
}

function describeIssue(issue: z.core.$ZodIssue): GameConfigIssue[] {
  if (issue.code === "unrecognized_keys") {
    return issue.keys.map((key) => ({ path: formatPath([...issue.path, key]), message: "unknown field" }));
  }
  if (issue.code === "invalid_key") {
    return [{ path: formatPath(issue.path), message: `bad key: ${issue.issues.map((i) => i.message).join("; ")}` }];
  }
  if (issue.code === "invalid_type" && issue.message.endsWith("received undefined")) {
    return [{ path: formatPath(issue.path), message: `required (${issue.expected})` }];
  }
  return [{ path: formatPath(issue.path), message: issue.message }];
}

function resolveConfig(shape: GameConfigShape, options: ParseGameConfigOptions, issues: GameConfigIssue[]): GameConfig {
  const baseDir = resolve(options.baseDir ?? process.cwd());
  const names = derivedNames(shape.game);
  const { cognito, gamelift } = shape;
  const fleet = gamelift.fleet;
  return {
    game: shape.game,
    region: shape.region,
    cognito: {
      userPool: { ...cognito.userPool, name: cognito.userPool.name ?? names.userPool },
      appClient: { ...cognito.appClient, name: cognito.appClient.name ?? names.appClient },
      identityPool: { ...cognito.identityPool, name: cognito.identityPool.name ?? names.identityPool },
      providers: cognito.providers,
    },
    gamelift: {
      fleet: {
        ...fleet,
        name: fleet.name ?? names.fleet,
        server: { folder: resolve(baseDir, fleet.server.folder), entry: fleet.server.entry },
        locations: fleet.locations ?? defaultLocations(fleet.type, shape.game, shape.region),
      },
      alias: { ...gamelift.alias, name: gamelift.alias.name ?? names.alias },
      queue: { ...gamelift.queue, name: gamelift.queue.name ?? names.queue },
      ...(gamelift.matchmaking ? { matchmaking: resolveMatchmaking(gamelift.matchmaking, names, baseDir, options, issues) } : {}),
    },
    local: shape.local,
    baseDir,
  };
}

function resolveMatchmaking(
  mm: NonNullable<GameConfigShape["gamelift"]["matchmaking"]>,
  names: ReturnType<typeof derivedNames>,
  baseDir: string,
  options: ParseGameConfigOptions,
  issues: GameConfigIssue[],
): MatchmakingConfig {
  const at = "gamelift.matchmaking.ruleSet";
  let body: Record<string, unknown> = mm.ruleSet.body ?? {};
  let path: string | undefined;
  if (mm.ruleSet.body && mm.ruleSet.path) issues.push({ path: at, message: "give body or path, not both" });
  else if (!mm.ruleSet.body && !mm.ruleSet.path) issues.push({ path: at, message: "give the rule set as body (inline JSON) or path (a file)" });
  else if (mm.ruleSet.path) {
    path = isAbsolute(mm.ruleSet.path) ? mm.ruleSet.path : resolve(baseDir, mm.ruleSet.path);
    try {
      const parsed: unknown = JSON.parse((options.readFile ?? ((p: string) => readFileSync(p, "utf8")))(path));
      if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) body = parsed as Record<string, unknown>;
      else issues.push({ path: `${at}.path`, message: `${path} does not hold a JSON object` });
    } catch (error) {
      issues.push({ path: `${at}.path`, message: `cannot read ${path}: ${(error as Error).message}` });
    }
  }
  return {
    ruleSet: { name: mm.ruleSet.name ?? names.ruleSet, body, ...(path ? { path } : {}) },
    configuration: { ...mm.configuration, name: mm.configuration.name ?? names.matchmakingConfiguration },
  };
}

const REGION = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;
const EMAIL = /^[^@\s]+@[^@\s]+$/;
const PHONE = /^\+\d{4,15}$/;

/** Rules between fields; each pushes an issue naming the field to change. */
function checkConfig(config: GameConfig, issues: GameConfigIssue[]): void {
  const problem = (path: string, message: string) => issues.push({ path, message });
  const { userPool, appClient } = config.cognito;
  const { fleet, queue, matchmaking } = config.gamelift;

  const signIn = userPool.signIn;
  if (!signIn.username && !signIn.email && !signIn.phone) problem("cognito.userPool.signIn", "players need something to sign in with: username, email or phone");
  if (signIn.preferredUsername && !signIn.username) problem("cognito.userPool.signIn.preferredUsername", "a preferred username is an alias of a username: set username too");
  if (userPool.mfa.mode !== "off" && !userPool.mfa.totp && !userPool.mfa.sms) problem("cognito.userPool.mfa", `mode ${userPool.mfa.mode} needs totp or sms`);

  duplicates(appClient.authFlows).forEach((flow) => problem("cognito.appClient.authFlows", `${flow} is listed twice`));
  if (!appClient.authFlows.includes("REFRESH_TOKEN_AUTH")) problem("cognito.appClient.authFlows", "REFRESH_TOKEN_AUTH is required: the kit refreshes tokens (and CDK always allows it)");
  if (!appClient.authFlows.some((f) => f !== "REFRESH_TOKEN_AUTH")) problem("cognito.appClient.authFlows", "add a sign-in flow: USER_SRP_AUTH, USER_PASSWORD_AUTH or CUSTOM_AUTH");
  const validity = appClient.tokenValidity;
  const refreshMinutes = validity.refreshTokenDays * 1440;
  if (refreshMinutes <= validity.accessTokenMinutes || refreshMinutes <= validity.idTokenMinutes) {
    problem("cognito.appClient.tokenValidity.refreshTokenDays", "refresh tokens must outlive access and ID tokens");
  }

  duplicates(fleet.locations).forEach((l) => problem("gamelift.fleet.locations", `${l} is listed twice`));
  fleet.locations.forEach((l, i) => {
    if (fleet.type === "anywhere" && !l.startsWith("custom-")) problem(`gamelift.fleet.locations[${i}]`, `an Anywhere fleet's locations are custom-…, not ${l}`);
    if (fleet.type === "container" && !REGION.test(l)) problem(`gamelift.fleet.locations[${i}]`, `a container fleet's locations are AWS Regions, not ${l}`);
  });
  if (fleet.type === "container" && !fleet.locations.includes(config.region)) {
    problem("gamelift.fleet.locations", `a container fleet always has its home Region (${config.region}) among its locations`);
  }
  const { from, to } = fleet.ports;
  if (from > to) problem("gamelift.fleet.ports", `from (${from}) is above to (${to})`);
  else if (to - from + 1 < fleet.processesPerCompute) {
    problem("gamelift.fleet.ports", `${from}–${to} holds ${to - from + 1} ports; each instance needs one per game server process (processesPerCompute ${fleet.processesPerCompute})`);
  }
  const capacity = fleet.container.capacity;
  if (!(capacity.min <= capacity.desired && capacity.desired <= capacity.max)) {
    problem("gamelift.fleet.container.capacity", `needs min ≤ desired ≤ max, got ${capacity.min} / ${capacity.desired} / ${capacity.max}`);
  }

  duplicates(queue.destinations).forEach((d) => problem("gamelift.queue.destinations", `${d} is listed twice`));
  queue.playerLatencyPolicies.forEach((policy, i) => {
    if (i < queue.playerLatencyPolicies.length - 1 && policy.policyDurationSeconds === undefined) {
      problem(`gamelift.queue.playerLatencyPolicies[${i}].policyDurationSeconds`, "only the last policy may go without a duration");
    }
  });
  if (queue.priority) {
    duplicates(queue.priority.order).forEach((p) => problem("gamelift.queue.priority.order", `${p} is listed twice`));
    if (queue.priority.locationOrder && !queue.priority.order.includes("LOCATION")) {
      problem("gamelift.queue.priority.locationOrder", "takes effect only with LOCATION in priority.order");
    }
  }
  // With only the game's own fleet behind the queue, locations elsewhere can never be used.
  if (queue.destinations.every((d) => d === "alias" || d === "fleet")) {
    const known = new Set(fleet.locations);
    queue.priority?.locationOrder?.forEach((l, i) => {
      if (!known.has(l)) problem(`gamelift.queue.priority.locationOrder[${i}]`, `${l} is not one of the fleet's locations`);
    });
    queue.filter?.allowedLocations.forEach((l, i) => {
      if (!known.has(l)) problem(`gamelift.queue.filter.allowedLocations[${i}]`, `${l} is not one of the fleet's locations`);
    });
  }

  if (matchmaking) {
    const c = matchmaking.configuration;
    const at = "gamelift.matchmaking.configuration";
    if (c.acceptanceRequired && c.acceptanceTimeoutSeconds === undefined) problem(`${at}.acceptanceTimeoutSeconds`, "required when acceptanceRequired is true");
    if (c.backfill === "AUTOMATIC" && c.mode !== "WITH_QUEUE") problem(`${at}.backfill`, "AUTOMATIC backfill needs mode WITH_QUEUE");
    if (Object.keys(c.gameProperties).length > 16) problem(`${at}.gameProperties`, "at most 16 game properties");
    if (JSON.stringify(matchmaking.ruleSet.body).length > 65535) problem("gamelift.matchmaking.ruleSet", "a rule set body is at most 65,535 characters");
  }

  const players = config.local.players;
  const names = players.map((p) => (userPool.caseSensitive ? p.username : p.username.toLowerCase()));
  players.forEach((player, i) => {
    if (names.indexOf(names[i]!) !== i) problem(`local.players[${i}].username`, `${player.username} is listed twice`);
    const violation = passwordViolation(userPool.passwordPolicy, player.password);
    if (violation) problem(`local.players[${i}].password`, `breaks cognito.userPool.passwordPolicy: ${violation}`);
    if (!signIn.username) {
      const fits = (signIn.email && EMAIL.test(player.username)) || (signIn.phone && PHONE.test(player.username));
      if (!fits) problem(`local.players[${i}].username`, `the pool signs in with ${[signIn.email && "email", signIn.phone && "phone"].filter(Boolean).join(" or ")}, so the username must be one`);
    }
  });
  for (const name of Object.keys(fleet.pingEndpoints ?? {})) {
    if (!fleet.locations.includes(name)) problem(`gamelift.fleet.pingEndpoints.${name}`, "is not one of gamelift.fleet.locations");
  }
  for (const name of Object.keys(config.local.locations)) {
    if (!fleet.locations.includes(name)) problem(`local.locations.${name}`, "is not one of gamelift.fleet.locations");
  }
}

function checkFiles(config: GameConfig, issues: GameConfigIssue[]): void {
  const { folder, entry } = config.gamelift.fleet.server;
  if (!existsSync(folder) || !statSync(folder).isDirectory()) issues.push({ path: "gamelift.fleet.server.folder", message: `${folder} is not a folder` });
  else if (!existsSync(join(folder, entry))) issues.push({ path: "gamelift.fleet.server.entry", message: `${join(folder, entry)} does not exist` });
}

/** The rule a password breaks, in Cognito's order, or undefined. */
export function passwordViolation(policy: PasswordPolicyConfig, password: string): string | undefined {
  if ([...password].length < policy.minLength) return `shorter than ${policy.minLength} characters`;
  if (policy.requireLowercase && !/[a-z]/.test(password)) return "no lowercase letter";
  if (policy.requireUppercase && !/[A-Z]/.test(password)) return "no uppercase letter";
  if (policy.requireDigits && !/[0-9]/.test(password)) return "no digit";
  if (policy.requireSymbols && !/[\^$*.[\]{}()?"!@#%&/\\,><':;|_~`=+-]/.test(password)) return "no symbol";
  return undefined;
}

function duplicates<T>(items: readonly T[]): T[] {
  return [...new Set(items.filter((item, i) => items.indexOf(item) !== i))];
}
