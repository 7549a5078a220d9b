import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, test } from "vitest";
import { passwordPolicyViolation } from "../../../../local/cognito/userpool/password-policy.ts";
import {
  GAME_CONFIG_DEFAULTS,
  GameConfigError,
  loadGameConfig,
  parseGameConfig,
  passwordViolation,
  type GameConfigIssue,
} from "../../../../local/game-config/index.ts";

const minimal = { game: "space-race", gamelift: { fleet: { server: { folder: "server", entry: "main.js" } } } };

/** The issues a config raises, or [] when it parses. */
function issuesOf(value: unknown): GameConfigIssue[] {
  try {
    parseGameConfig(value, { baseDir: "/games/space-race", readFile: () => "{}" });
    return [];
  } catch (error) {
    expect(error).toBeInstanceOf(GameConfigError);
    return (error as GameConfigError).issues;
  }
}

const paths = (value: unknown) => issuesOf(value).map((i) => i.path);
const withFleet = (fleet: object) => ({ ...minimal, gamelift: { fleet: { ...minimal.gamelift.fleet, ...fleet } } });

describe("parseGameConfig", () => {
  test("a minimal config gets every default, names made from the game's name, paths made absolute", () => {
    const config = parseGameConfig(minimal, { baseDir: "/games/space-race" });
    expect(config.region).toBe(GAME_CONFIG_DEFAULTS.region);
    expect(config.cognito.userPool.passwordPolicy).toEqual(GAME_CONFIG_DEFAULTS.cognito.userPool.passwordPolicy);
    expect(config.cognito.appClient.authFlows).toEqual(["USER_SRP_AUTH", "REFRESH_TOKEN_AUTH"]);
    expect(config.cognito.appClient.preventUserExistenceErrors).toBe(true);
    expect(config.cognito.identityPool.allowGuests).toBe(true);
    expect(config.gamelift.fleet).toMatchObject({
      name: "space-race-fleet",
      type: "container",
      locations: ["us-west-2"],
      server: { folder: "/games/space-race/server", entry: "main.js" },
    });
    expect(config.gamelift.alias.name).toBe("space-race-live");
    expect(config.gamelift.queue).toMatchObject({ name: "space-race-queue", timeoutSeconds: 600, destinations: ["alias"] });
    expect(config.gamelift.matchmaking).toBeUndefined();
    expect(config.local).toEqual({ players: [], locations: {} });
  });

  test("an Anywhere fleet defaults to one custom location named after the game", () => {
    expect(parseGameConfig(withFleet({ type: "anywhere" })).gamelift.fleet.locations).toEqual(["custom-space-race"]);
  });

  test("every shape problem is listed at once, each naming its field", () => {
    const issues = issuesOf({
      game: "1 bad name",
      region: "mars",
      cognito: {
        userPool: { passwordPolicy: { minLength: 3, pasword: true } },
        appClient: { authFlows: ["USER_SRP_AUTH", "MAGIC"], tokenValidity: { accessTokenMinutes: "sixty" } },
      },
      gamelift: { fleet: { server: { folder: "server" }, ports: { from: 0 } }, queue: { timeoutSeconds: 5 } },
      local: { players: [{ username: "a", password: "p", email: "not-an-email" }] },
      extra: 1,
    });
    expect(issues.map((i) => i.path).sort()).toEqual(
      [
        "game",
        "region",
        "cognito.userPool.passwordPolicy.minLength",
        "cognito.userPool.passwordPolicy.pasword",
        "cognito.appClient.authFlows[1]",
        "cognito.appClient.tokenValidity.accessTokenMinutes",
        "gamelift.fleet.server.entry",
        "gamelift.fleet.ports.from",
        "gamelift.queue.timeoutSeconds",
        "local.players[0].email",
        "extra",
      ].sort(),
    );
    expect(issues.find((i) => i.path === "extra")?.message).toBe("unknown field");
    expect(issues.find((i) => i.path === "gamelift.fleet.server.entry")?.message).toMatch(/required/);
  });

  test("the error's message lists the file and every problem", () => {
    try {
      parseGameConfig({ game: "" }, { file: "/games/x/gamelift.config.json" });
      expect.unreachable();
    } catch (error) {
      expect((error as Error).message).toMatch(/^\/games\/x\/gamelift\.config\.json has 2 problems:\n {2}game: .*\n {2}gamelift: required/);
    }
  });

  test("rules across fields name the field to change", () => {
    expect(paths({ ...minimal, cognito: { userPool: { mfa: { mode: "required", totp: false, sms: false } } } })).toEqual(["cognito.userPool.mfa"]);
    expect(paths({ ...minimal, cognito: { userPool: { signIn: { username: false } } } })).toEqual(["cognito.userPool.signIn"]);
    expect(paths({ ...minimal, cognito: { appClient: { authFlows: ["USER_SRP_AUTH"] } } })).toEqual(["cognito.appClient.authFlows"]);
    expect(paths({ ...minimal, cognito: { appClient: { authFlows: ["REFRESH_TOKEN_AUTH"] } } })).toEqual(["cognito.appClient.authFlows"]);
    expect(paths({ ...minimal, cognito: { appClient: { tokenValidity: { refreshTokenDays: 1, accessTokenMinutes: 1440 } } } })).toEqual([
      "cognito.appClient.tokenValidity.refreshTokenDays",
    ]);
    expect(paths(withFleet({ processesPerCompute: 4, ports: { from: 7000, to: 7002 } }))).toEqual(["gamelift.fleet.ports"]);
    expect(paths(withFleet({ ports: { from: 7010, to: 7000 } }))).toEqual(["gamelift.fleet.ports"]);
    expect(paths(withFleet({ type: "anywhere", locations: ["us-east-1"] }))).toEqual(["gamelift.fleet.locations[0]"]);
    expect(paths(withFleet({ locations: ["eu-west-1"] }))).toEqual(["gamelift.fleet.locations"]);
    expect(paths(withFleet({ locations: ["us-west-2", "custom-home"] }))).toEqual(["gamelift.fleet.locations[1]"]);
    expect(paths(withFleet({ container: { capacity: { min: 2, desired: 1, max: 3 } } }))).toEqual(["gamelift.fleet.container.capacity"]);
    // Ping endpoints: http(s) URLs, for the fleet's own locations.
    expect(paths(withFleet({ type: "anywhere", locations: ["custom-home"], pingEndpoints: { "custom-home": "https://home.example.com/ping" } }))).toEqual([]);
    expect(paths(withFleet({ pingEndpoints: { "eu-west-1": "https://eu.example.com/ping" } }))).toEqual(["gamelift.fleet.pingEndpoints.eu-west-1"]);
    expect(paths(withFleet({ pingEndpoints: { "us-west-2": "ftp://example.com/ping" } }))).toEqual(["gamelift.fleet.pingEndpoints.us-west-2"]);
  });

  test("queue and matchmaking rules", () => {
    const queue = (q: object) => ({ ...minimal, gamelift: { ...minimal.gamelift, queue: q } });
    expect(paths(queue({ playerLatencyPolicies: [{ maximumIndividualPlayerLatencyMs: 50 }, { maximumIndividualPlayerLatencyMs: 100 }] }))).toEqual([
      "gamelift.queue.playerLatencyPolicies[0].policyDurationSeconds",
    ]);
    expect(paths(queue({ priority: { order: ["COST"], locationOrder: ["us-west-2"] } }))).toEqual(["gamelift.queue.priority.locationOrder"]);
    expect(paths(queue({ filter: { allowedLocations: ["eu-west-1"] } }))).toEqual(["gamelift.queue.filter.allowedLocations[0]"]);
    expect(paths(queue({ destinations: ["alias", "alias"] }))).toEqual(["gamelift.queue.destinations"]);
    // With another fleet behind the queue, its locations are not the game's to check.
    expect(paths(queue({ destinations: ["alias", "arn:aws:gamelift:eu-west-1:123456789012:fleet/fleet-1"], filter: { allowedLocations: ["eu-west-1"] } }))).toEqual([]);

    const mm = (m: object) => ({ ...minimal, gamelift: { ...minimal.gamelift, matchmaking: m } });
    expect(paths(mm({ ruleSet: {} }))).toEqual(["gamelift.matchmaking.ruleSet"]);
    expect(paths(mm({ ruleSet: { body: {}, path: "rules.json" } }))).toEqual(["gamelift.matchmaking.ruleSet"]);
    expect(paths(mm({ ruleSet: { body: {} }, configuration: { acceptanceRequired: true } }))).toEqual(["gamelift.matchmaking.configuration.acceptanceTimeoutSeconds"]);
    expect(paths(mm({ ruleSet: { body: {} }, configuration: { mode: "STANDALONE", backfill: "AUTOMATIC" } }))).toEqual(["gamelift.matchmaking.configuration.backfill"]);
    const many = Object.fromEntries(Array.from({ length: 17 }, (_, i) => [`k${i}`, "v"]));
    expect(paths(mm({ ruleSet: { body: {} }, configuration: { gameProperties: many } }))).toEqual(["gamelift.matchmaking.configuration.gameProperties"]);
  });

  test("local players must be able to sign in under the pool's rules", () => {
    const players = (list: object[], userPool: object = {}) => ({ ...minimal, cognito: { userPool }, local: { players: list } });
    const alice = { username: "alice", password: "Alice-plays-2026", email: "alice@example.com" };
    expect(paths(players([alice]))).toEqual([]);
    expect(paths(players([alice], { passwordPolicy: { minLength: 20 } }))).toEqual(["local.players[0].password"]);
    expect(paths(players([alice, { ...alice, username: "ALICE" }]))).toEqual(["local.players[1].username"]);
    expect(paths(players([alice, { ...alice, username: "ALICE" }], { caseSensitive: true }))).toEqual([]);
    expect(paths(players([alice], { signIn: { username: false, email: true } }))).toEqual(["local.players[0].username"]);
    expect(paths(players([{ ...alice, username: "alice@example.com" }], { signIn: { username: false, email: true } }))).toEqual([]);
    expect(paths({ ...minimal, local: { locations: { "eu-west-1": { latencyMs: 80 } } } })).toEqual(["local.locations.eu-west-1"]);
  });

  test("a rule set given as a path is read, relative to the config's folder; a bad one is named", () => {
    const mm = { ...minimal, gamelift: { ...minimal.gamelift, matchmaking: { ruleSet: { path: "rules.json" } } } };
    const read: string[] = [];
    const config = parseGameConfig(mm, { baseDir: "/g", readFile: (p) => (read.push(p), '{"ruleLanguageVersion":"1.0"}') });
    expect(read).toEqual(["/g/rules.json"]);
    expect(config.gamelift.matchmaking?.ruleSet).toEqual({ name: "space-race-rules", body: { ruleLanguageVersion: "1.0" }, path: "/g/rules.json" });
    const bad = (text: string) => {
      try {
        parseGameConfig(mm, { baseDir: "/g", readFile: () => text });
        return [];
      } catch (error) {
        return (error as GameConfigError).issues;
      }
    };
    expect(bad("[1]")).toEqual([{ path: "gamelift.matchmaking.ruleSet.path", message: "/g/rules.json does not hold a JSON object" }]);
    expect(bad("{")[0]?.path).toBe("gamelift.matchmaking.ruleSet.path");
  });

  test("no input crashes it: anything is a config or a GameConfigError with named problems", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const issues = issuesOf(value);
        if (issues.length === 0) return;
        for (const issue of issues) expect(typeof issue.path === "string" && issue.message.length > 0).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  test("no field of a good config, replaced by any JSON, crashes it", () => {
    const demo = JSON.parse(readFileSync("demo/gamelift.config.json", "utf8")) as Record<string, unknown>;
    const leaves: string[][] = [];
    const walk = (value: unknown, path: string[]) => {
      if (value && typeof value === "object" && !Array.isArray(value)) for (const [k, v] of Object.entries(value)) walk(v, [...path, k]);
      else leaves.push(path);
    };
    walk(demo, []);
    fc.assert(
      fc.property(fc.constantFrom(...leaves), fc.jsonValue(), (path, replacement) => {
        const copy = structuredClone(demo);
        let at: Record<string, unknown> = copy;
        for (const key of path.slice(0, -1)) at = at[key] as Record<string, unknown>;
        at[path.at(-1)!] = replacement;
        issuesOf(copy);
      }),
      { numRuns: 300 },
    );
  });

  test("its password rules are the local Cognito's", () => {
    const policy = fc.record({
      minLength: fc.integer({ min: 6, max: 20 }),
      requireLowercase: fc.boolean(),
      requireUppercase: fc.boolean(),
      requireDigits: fc.boolean(),
      requireSymbols: fc.boolean(),
      temporaryPasswordValidityDays: fc.constant(7),
    });
    fc.assert(
      fc.property(policy, fc.string({ maxLength: 24, unit: "binary-ascii" }), (p, password) => {
        const cognito = {
          MinimumLength: p.minLength,
          RequireLowercase: p.requireLowercase,
          RequireUppercase: p.requireUppercase,
          RequireNumbers: p.requireDigits,
          RequireSymbols: p.requireSymbols,
          TemporaryPasswordValidityDays: 7,
        };
        expect(passwordViolation(p, password) === undefined).toBe(passwordPolicyViolation(cognito, password) === undefined);
      }),
      { numRuns: 500 },
    );
  });
});

describe("loadGameConfig", () => {
  const dir = mkdtempSync(join(tmpdir(), "game-config-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const write = (name: string, text: string) => {
    const file = join(dir, name);
    writeFileSync(file, text);
    return file;
  };
  const problems = (file: string) => {
    try {
      loadGameConfig(file);
      return [];
    } catch (error) {
      expect(error).toBeInstanceOf(GameConfigError);
      expect((error as GameConfigError).file).toBe(file);
      return (error as GameConfigError).issues;
    }
  };

  test("the demo's config loads, its rule set read from the file beside it", () => {
    const config = loadGameConfig("demo/gamelift.config.json");
    expect(config.game).toBe("phaser-gamelift-demo");
    expect(config.gamelift.matchmaking?.ruleSet.body).toMatchObject({ ruleLanguageVersion: "1.0" });
    expect(config.local.players.map((p) => p.username)).toEqual(["alice", "bob"]);
  });

  test("a missing file, a file that is not JSON and a server folder that is not there are each one named problem", () => {
    expect(problems(join(dir, "absent.json"))).toEqual([{ path: "", message: expect.stringMatching(/^cannot read the file/) }]);
    expect(problems(write("broken.json", "{ game: "))).toEqual([{ path: "", message: expect.stringMatching(/^not JSON/) }]);
    expect(problems(write("no-server.json", JSON.stringify(minimal)))).toEqual([{ path: "gamelift.fleet.server.folder", message: `${join(dir, "server")} is not a folder` }]);
    mkdirSync(join(dir, "server"));
    expect(problems(write("no-entry.json", JSON.stringify(minimal)))).toEqual([{ path: "gamelift.fleet.server.entry", message: `${join(dir, "server", "main.js")} does not exist` }]);
    writeFileSync(join(dir, "server", "main.js"), "");
    expect(problems(write("good.json", JSON.stringify(minimal)))).toEqual([]);
  });
});
