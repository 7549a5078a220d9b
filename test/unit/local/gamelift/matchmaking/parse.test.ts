import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { parseExpression, formatExpression, parseRuleSet, ruleSetToJson } from "../../../../../local/gamelift/matchmaking/index.ts";
import { TWO_VS_TWO, body } from "./fixtures.ts";

const errorsOf = (ruleSet: unknown): string[] => {
  const parsed = parseRuleSet(typeof ruleSet === "string" ? ruleSet : body(ruleSet));
  return parsed.ok ? [] : parsed.errors;
};

const base = { ruleLanguageVersion: "1.0", teams: [{ name: "solo", minPlayers: 1, maxPlayers: 4 }] };

describe("rule set validation", () => {
  test("a 2v2 rule set with a distance rule, a batch distance rule and an expansion is valid, defaults filled in", () => {
    const parsed = parseRuleSet(body(TWO_VS_TWO));
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.ruleSet.algorithm).toEqual({ strategy: "exhaustiveSearch", batchingPreference: "random", sortByAttributes: [], expansionAgeSelection: "newest", backfillPriority: "normal" });
    expect(parsed.ruleSet.teams.map((t) => t.quantity)).toEqual([1, 1]);
    const fair = parsed.ruleSet.rules[0]!;
    expect(fair.type === "distance" && fair.partyAggregation).toBe("avg");
    expect(parsed.ruleSet.expansions[0]!.target).toEqual({ kind: "rule", rule: "CloseSkill", property: "maxDistance" });
  });

  test("every rule type AWS documents, with every property", () => {
    const ruleSet = {
      name: "everything",
      ruleLanguageVersion: "1.0",
      playerAttributes: [
        { name: "skill", type: "number", default: "25" },
        { name: "mode", type: "string", default: "ctf" },
        { name: "maps", type: "string_list", default: ["arena", "forest"] },
        { name: "roles", type: "string_number_map", default: { tank: 1, healer: 3 } },
      ],
      algorithm: { strategy: "exhaustiveSearch", batchingPreference: "sorted", sortByAttributes: ["skill"], expansionAgeSelection: "oldest", backfillPriority: "high" },
      teams: [{ name: "red", minPlayers: 1, maxPlayers: 3, quantity: 2 }, { name: "blue", minPlayers: 1, maxPlayers: 3 }],
      rules: [
        { name: "MinSkill", type: "comparison", measurements: ["flatten(teams[*].players.attributes[skill])"], referenceValue: 5, operation: ">=", partyAggregation: "min" },
        { name: "SameMode", type: "comparison", measurements: "flatten(teams[*].players.attributes[mode])", operation: "=" },
        { name: "SharedMap", type: "collection", operation: "intersection", measurements: ["flatten(teams[*].players.attributes[maps])"], minCount: 1, partyAggregation: "intersection" },
        { name: "HasArena", type: "collection", operation: "contains", measurements: ["flatten(teams[*].players.attributes[maps])"], referenceValue: "arena", minCount: 1 },
        { name: "MapPool", type: "collection", operation: "reference_intersection_count", measurements: ["flatten(teams[*].players.attributes[maps])"], referenceValue: ["arena", "forest"], minCount: 1, maxCount: 2 },
        { name: "Spread", type: "distance", measurements: ["max(count(teams[*].players))"], referenceValue: "min(count(teams[*].players))", maxDistance: 1 },
        { name: "Batch", type: "batchDistance", batchAttribute: "skill", maxDistance: 30, partyAggregation: "max" },
        { name: "Ping", type: "latency", maxLatency: 150, maxDistance: 50, distanceReference: "min" },
        { name: "Nearest", type: "distanceSort", sortDirection: "ascending", sortAttribute: "skill" },
        { name: "BestHealer", type: "absoluteSort", sortDirection: "descending", sortAttribute: "roles", mapKey: "maxValue" },
        { name: "Either", type: "compound", statement: "or(SameMode, and(SharedMap, not(HasArena)))" },
      ],
      expansions: [
        { target: "rules[Ping].maxLatency", steps: [{ waitTimeSeconds: 10, value: 200 }] },
        { target: "teams[red].minPlayers", steps: [{ waitTimeSeconds: 20, value: 1 }] },
        { target: "rules[MinSkill].referenceValue", steps: [{ waitTimeSeconds: 5, value: 1 }, { waitTimeSeconds: 15, value: 0 }] },
      ],
    };
    expect(errorsOf(ruleSet)).toEqual([]);
  });

  test.each([
    ["an unsupported function, by name", { ...base, playerAttributes: [{ name: "skill", type: "number" }], rules: [{ name: "Mid", type: "distance", measurements: ["median(flatten(teams[*].players.attributes[skill]))"], referenceValue: 10, maxDistance: 5 }] }, /rules\[Mid\]\.measurements\[0\]: .*unsupported function 'median'/],
    ["an unsupported rule type", { ...base, rules: [{ name: "Odd", type: "machineLearning" }] }, /rules\[0\]\.type: 'machineLearning' is not supported/],
    ["an unknown rule property", { ...base, playerAttributes: [{ name: "skill", type: "number" }], rules: [{ name: "D", type: "distance", measurements: ["flatten(teams[*].players.attributes[skill])"], maxDistance: 5, fuzziness: 2 }] }, /rules\[D\]\.fuzziness: unknown or unsupported rule property 'fuzziness'/],
    ["an unknown top-level part", { ...base, matchmaking: {} }, /rule set\.matchmaking: unknown or unsupported rule set property/],
    ["an undefined attribute", { ...base, rules: [{ name: "D", type: "distance", measurements: ["flatten(teams[*].players.attributes[skill])"], maxDistance: 5 }] }, /attribute 'skill' is not defined in playerAttributes/],
    ["an undefined team", { ...base, playerAttributes: [{ name: "skill", type: "number" }], rules: [{ name: "D", type: "distance", measurements: ["avg(teams[green].players.attributes[skill])"], maxDistance: 5 }] }, /team 'green' is not defined/],
    ["an aggregate of strings", { ...base, playerAttributes: [{ name: "mode", type: "string" }], rules: [{ name: "D", type: "distance", measurements: ["avg(teams[*].players.attributes[mode])"], maxDistance: 5 }] }, /avg\(\) needs numbers/],
    ["a map key in an expression", { ...base, playerAttributes: [{ name: "roles", type: "string_number_map" }], rules: [{ name: "D", type: "distance", measurements: ["avg(teams[*].players.attributes[roles][tank])"], maxDistance: 5 }] }, /map keys after attributes\[\.\.\.\] are not supported/],
    ["a compound over a latency rule", { ...base, rules: [{ name: "L", type: "latency", maxLatency: 100 }, { name: "C", type: "compound", statement: "not(L)" }] }, /rules\[C\]\.statement: rule 'L' is a latency rule/],
    ["an expansion of an unknown rule", { ...base, expansions: [{ target: "rules[Nope].maxDistance", steps: [{ waitTimeSeconds: 5, value: 1 }] }] }, /expansions\[0\]\.target: .*rule 'Nope' is not defined/],
    ["an expansion of the algorithm", { ...base, expansions: [{ target: "algorithm.batchingPreference", steps: [{ waitTimeSeconds: 5, value: 1 }] }] }, /expansions\[0\]\.target/],
    ["steps out of order", { ...base, expansions: [{ target: "teams[solo].minPlayers", steps: [{ waitTimeSeconds: 5, value: 1 }, { waitTimeSeconds: 5, value: 1 }] }] }, /steps\[1\]\.waitTimeSeconds: must be later/],
    ["teams larger than a match", { ruleLanguageVersion: "1.0", teams: [{ name: "horde", minPlayers: 1, maxPlayers: 101, quantity: 2 }] }, /hold up to 202 players; a match holds at most 200/],
    ["another language version", { ...base, ruleLanguageVersion: "2.0" }, /ruleLanguageVersion: '2\.0' is not supported/],
    ["no teams", { ruleLanguageVersion: "1.0" }, /teams: is required/],
    ["minPlayers above maxPlayers", { ruleLanguageVersion: "1.0", teams: [{ name: "a", minPlayers: 3, maxPlayers: 2 }] }, /teams\[0\]\.minPlayers: 3 is more than maxPlayers/],
    ["a default of the wrong type", { ...base, playerAttributes: [{ name: "skill", type: "number", default: "high" }] }, /playerAttributes\[0\]\.default: does not fit type number/],
    ["sortByAttributes without sorted batching", { ...base, playerAttributes: [{ name: "skill", type: "number" }], algorithm: { sortByAttributes: ["skill"] } }, /sortByAttributes: is only used with batchingPreference sorted/],
    ["balanced without its attribute", { ...base, algorithm: { strategy: "balanced" } }, /balancedAttribute: is required/],
    ["an unknown algorithm property", { ...base, algorithm: { strategy: "exhaustiveSearch", speed: "fast" } }, /algorithm\.speed: unknown or unsupported algorithm property/],
    ["ordering strings", { ...base, playerAttributes: [{ name: "mode", type: "string" }], rules: [{ name: "C", type: "comparison", measurements: ["flatten(teams[*].players.attributes[mode])"], referenceValue: "a", operation: "<" }] }, /'<' compares numbers/],
    ["a comparison of numbers with strings", { ...base, playerAttributes: [{ name: "skill", type: "number" }], rules: [{ name: "C", type: "comparison", measurements: ["flatten(teams[*].players.attributes[skill])"], referenceValue: "x", operation: "=" }] }, /compares numbers with strings/],
    ["a duplicate rule name", { ...base, rules: [{ name: "L", type: "latency", maxLatency: 1 }, { name: "L", type: "latency", maxLatency: 2 }] }, /rule name 'L' is used more than once/],
    ["not JSON", "{ teams: ", /not valid JSON/],
    ["a JSON array", "[]", /rule set: must be a JSON object/],
  ])("refuses %s, naming it", (_what, ruleSet, message) => {
    const errors = errorsOf(ruleSet);
    expect(errors.join("\n")).toMatch(message);
  });

  test("reports every problem at once", () => {
    const errors = errorsOf({ ruleLanguageVersion: "1.0", teams: [{ name: "a", minPlayers: 0, maxPlayers: 1 }], rules: [{ name: "X", type: "nope" }], extra: 1 });
    expect(errors.length).toBeGreaterThanOrEqual(3);
  });
});

describe("property expressions", () => {
  test("parse and format each other", () => {
    for (const text of ["teams[red].players", "teams[*].players.attributes[skill]", "avg(flatten(teams[*].players.attributes[skill]))", "count(teams[blue_2].players)"]) {
      const parsed = parseExpression(text);
      expect(parsed.ok && formatExpression(parsed.expr)).toBe(text);
    }
  });

  test("never throw, whatever the text", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.stringMatching(/^[a-z([\]*).]{0,40}$/)), (text) => {
        const parsed = parseExpression(text);
        expect(typeof parsed.ok).toBe("boolean");
      }),
      { numRuns: 2000 },
    );
  });
});

// ── property tests ─────────────────────────────────────────────────────────────────────────────────

const NAMES = ["a", "b", "red", "blue", "skill", "mode", "x_1", "Zed"] as const;

/** Valid rule sets built from the parts the validator accepts. */
const validRuleSet = fc
  .record({
    numbers: fc.uniqueArray(fc.constantFrom("skill", "level", "rank"), { minLength: 1, maxLength: 3 }),
    strings: fc.uniqueArray(fc.constantFrom("mode", "region"), { maxLength: 2 }),
    lists: fc.uniqueArray(fc.constantFrom("maps", "tags"), { maxLength: 2 }),
    teams: fc.uniqueArray(
      fc.record({ name: fc.constantFrom(...NAMES), minPlayers: fc.integer({ min: 1, max: 4 }), extra: fc.integer({ min: 0, max: 4 }), quantity: fc.integer({ min: 1, max: 3 }) }),
      { minLength: 1, maxLength: 4, selector: (t) => t.name },
    ),
    withDefaults: fc.boolean(),
    seed: fc.array(fc.nat(1000), { minLength: 12, maxLength: 12 }),
    strategy: fc.constantFrom("exhaustiveSearch", "balanced"),
    age: fc.constantFrom("newest", "oldest", undefined),
  })
  .map(({ numbers, strings, lists, teams, withDefaults, seed, strategy, age }) => {
    const pick = <T>(xs: readonly T[], i: number) => xs[seed[i]! % xs.length]!;
    const team = pick(teams, 0).name;
    const num = pick(numbers, 1);
    const playerAttributes = [
      ...numbers.map((name) => ({ name, type: "number", ...(withDefaults ? { default: seed[2]! } : {}) })),
      ...strings.map((name) => ({ name, type: "string", ...(withDefaults ? { default: "s" } : {}) })),
      ...lists.map((name) => ({ name, type: "string_list", ...(withDefaults ? { default: ["m1", "m2"] } : {}) })),
    ];
    const rules: Record<string, unknown>[] = [
      { name: "Fair", type: "distance", measurements: [`avg(teams[*].players.attributes[${num}])`], referenceValue: `avg(flatten(teams[*].players.attributes[${num}]))`, maxDistance: seed[3]! % 50 },
      { name: "Near", type: "distance", measurements: [`flatten(teams[${team}].players.attributes[${num}])`], referenceValue: seed[4]!, minDistance: 0, maxDistance: seed[5]! % 100, partyAggregation: pick(["avg", "min", "max"], 6) },
      { name: "Min", type: "comparison", measurements: [`flatten(teams[*].players.attributes[${num}])`], referenceValue: seed[7]! % 10, operation: pick([">=", ">", "<", "<=", "=", "!="], 8) },
      { name: "Batch", type: "batchDistance", batchAttribute: num, maxDistance: seed[9]! % 40 },
      { name: "Ping", type: "latency", maxLatency: 100 + (seed[10]! % 200), distanceReference: pick(["avg", "min"], 11) },
      { name: "Count", type: "comparison", measurements: [`count(teams[${team}].players)`], referenceValue: 1, operation: ">=" },
    ];
    if (strings[0]) rules.push({ name: "Same", type: "comparison", measurements: [`flatten(teams[*].players.attributes[${strings[0]}])`], operation: "=" });
    if (lists[0]) {
      rules.push({ name: "Shared", type: "collection", operation: "intersection", measurements: [`flatten(teams[*].players.attributes[${lists[0]}])`], minCount: 1 });
      rules.push({ name: "Either", type: "compound", statement: `or(Shared, not(Fair))` });
    }
    const algorithm: Record<string, unknown> = { strategy, batchingPreference: "sorted", sortByAttributes: [num], ...(age ? { expansionAgeSelection: age } : {}) };
    if (strategy === "balanced") algorithm.balancedAttribute = num;
    return {
      name: "generated",
      ruleLanguageVersion: "1.0",
      playerAttributes,
      algorithm,
      teams: teams.map((t) => ({ name: t.name, minPlayers: t.minPlayers, maxPlayers: t.minPlayers + t.extra, quantity: t.quantity })),
      rules,
      expansions: [
        { target: "rules[Fair].maxDistance", steps: [{ waitTimeSeconds: 5, value: 50 }, { waitTimeSeconds: 10, value: 100 }] },
        { target: `teams[${team}].minPlayers`, steps: [{ waitTimeSeconds: 7, value: 1 }] },
      ],
    };
  });

describe("rule set properties", () => {
  test("generated valid rule sets are valid, and round-trip through their JSON", () => {
    fc.assert(
      fc.property(validRuleSet, (ruleSet) => {
        const first = parseRuleSet(body(ruleSet));
        if (!first.ok) throw new Error(first.errors.join("\n"));
        const again = parseRuleSet(JSON.stringify(ruleSetToJson(first.ruleSet)));
        if (!again.ok) throw new Error(again.errors.join("\n"));
        expect(again.ruleSet).toEqual(first.ruleSet);
      }),
      { numRuns: 300 },
    );
  });

  test("the validator never throws: arbitrary text, arbitrary JSON, and valid rule sets with parts replaced by junk", () => {
    const junk = fc.anything({ maxDepth: 3 });
    const mutated = fc.tuple(validRuleSet, fc.array(fc.tuple(fc.nat(), junk), { minLength: 1, maxLength: 4 })).map(([ruleSet, edits]) => {
      const copy = structuredClone(ruleSet) as Record<string, unknown>;
      // Members somewhere in the tree: top-level parts, and the members of rules, teams, attributes, expansions.
      const containers: Record<string, unknown>[] = [copy, ...(["rules", "teams", "playerAttributes", "expansions"] as const).flatMap((k) => copy[k] as Record<string, unknown>[])];
      for (const [i, value] of edits) {
        const target = containers[i % containers.length]!;
        const keys = Object.keys(target);
        target[keys[i % keys.length] ?? "x"] = value;
      }
      return JSON.stringify(copy);
    });
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json(), fc.jsonValue().map((v) => JSON.stringify(v)), mutated), (text) => {
        const parsed = parseRuleSet(text);
        expect(parsed.ok || parsed.errors.length > 0).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });
});
