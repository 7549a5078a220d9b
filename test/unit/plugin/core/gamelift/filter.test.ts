/**
 * The typed filter builder: exact output for hand-picked trees, its refusals, and a property test that every
 * tree it builds prints as text the local stack's parser (the GameLift grammar) accepts and evaluates exactly
 * as a direct reading of the builder's own tree.
 */
import { test } from "vitest";
import assert from "node:assert/strict";
import fc from "fast-check";
import { type SearchableSession, compileFilter, compileSort } from "../../../../../local/gamelift/search/index.ts";
import {
  type FilterExpression,
  type FilterNode,
  and,
  formatNumber,
  not,
  or,
  quoteString,
  sortBy,
  where,
} from "../../../../../plugin/core/gamelift/filter.ts";
import type { GameLiftKitError } from "../../../../../plugin/core/errors.ts";

test("the brief's example prints in GameLift's grammar", () => {
  const f = where("playerSessionCount").lt(4).and(where("gameSessionProperties.mode").eq("ctf"));
  assert.equal(String(f), "playerSessionCount < 4 AND gameSessionProperties.mode = 'ctf'");
  assert.equal(
    String(f.or(where("hasAvailablePlayerSessions").eq(true))),
    "playerSessionCount < 4 AND gameSessionProperties.mode = 'ctf' OR hasAvailablePlayerSessions = true",
  );
});

test("parentheses where precedence needs them, none where it does not", () => {
  const a = where("maximumSessions").gte(2);
  const b = where("gameSessionName").ne("x");
  const c = where("creationTimeMillis").gt(1000);
  assert.equal(String(a.or(b).and(c)), "(maximumSessions >= 2 OR gameSessionName <> 'x') AND creationTimeMillis > 1000");
  assert.equal(String(a.and(b).or(c)), "maximumSessions >= 2 AND gameSessionName <> 'x' OR creationTimeMillis > 1000");
  assert.equal(String(not(a.and(b))), "NOT (maximumSessions >= 2 AND gameSessionName <> 'x')");
  assert.equal(String(a.not().not()), "NOT NOT maximumSessions >= 2");
  assert.equal(String(and(a, b).and(c)), "maximumSessions >= 2 AND gameSessionName <> 'x' AND creationTimeMillis > 1000");
  assert.equal(String(or(a, and(b, c))), "maximumSessions >= 2 OR gameSessionName <> 'x' AND creationTimeMillis > 1000");
  assert.equal(String(and(or(a, b), or(b, c))), "(maximumSessions >= 2 OR gameSessionName <> 'x') AND (gameSessionName <> 'x' OR creationTimeMillis > 1000)");
  assert.equal(String(where("playerSessionCount").lte(-3)), "playerSessionCount <= -3");
});

test("strings are single-quoted with \\' and \\\\ escaped", () => {
  assert.equal(quoteString(`it's a \\ "test"`), `'it\\'s a \\\\ "test"'`);
  const f = where("gameSessionName").eq(`it's a \\ "test"`);
  const p = compileFilter(String(f));
  assert.equal(p(session({ gameSessionName: `it's a \\ "test"` })), true);
  assert.equal(p(session({ gameSessionName: "its a" })), false);
});

test("numbers never use exponent notation and read back exactly", () => {
  assert.equal(formatNumber(1e21), "1000000000000000000000");
  assert.equal(formatNumber(1.5e-7), "0.00000015");
  assert.equal(formatNumber(-2.5e-10), "-0.00000000025");
  assert.equal(formatNumber(-0), "0");
  assert.equal(formatNumber(123.456), "123.456");
  assert.equal(formatNumber(Number.MAX_VALUE).length, 309);
  fc.assert(
    fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (n) => {
      const text = formatNumber(n);
      assert.match(text, /^-?\d+(\.\d+)?$/);
      assert.equal(Number(text), n === 0 ? 0 : n);
    }),
  );
  assert.throws(() => where("playerSessionCount").eq(Number.NaN), { code: "InvalidParameter" });
  assert.throws(() => where("playerSessionCount").lt(Infinity), { code: "InvalidParameter" });
});

test("property keys: one dot separates, the key itself must be nameable", () => {
  assert.throws(() => where("gameSessionProperties.a.b"), (e: GameLiftKitError) => e.code === "InvalidParameter" && /'a\.b' contains '\.'/.test(e.message));
  assert.throws(() => where("gameSessionProperties.a b"), /letters, digits, '_' and '-'/);
  assert.throws(() => where("gameSessionProperties."), { code: "InvalidParameter" });
  assert.throws(() => where("nope" as "gameSessionName"), /unknown operand 'nope'/);
  assert.equal(String(where("gameSessionProperties.game-mode_2").eq("x")), "gameSessionProperties.game-mode_2 = 'x'");
  assert.throws(() => sortBy("gameSessionProperties.a.b"), { code: "InvalidParameter" });
});

test("values of the wrong type are refused at run time too (JavaScript callers)", () => {
  assert.throws(() => where("gameSessionName").eq(3 as unknown as string), /gameSessionName takes a string, not number 3/);
  assert.throws(() => where("hasAvailablePlayerSessions").eq("true" as unknown as boolean), /takes a boolean/);
  assert.throws(() => where("playerSessionCount").gt("4" as unknown as number), /takes a number/);
  assert.throws(() => and(), /needs at least one/);
});

test("sortBy prints operand and direction and the local parser takes it", () => {
  assert.equal(String(sortBy("creationTimeMillis", "DESC")), "creationTimeMillis DESC");
  assert.equal(String(sortBy("gameSessionProperties.rank")), "gameSessionProperties.rank ASC");
  compileSort(String(sortBy("gameSessionProperties.rank", "DESC")));
  assert.throws(() => sortBy("playerSessionCount", "down" as "ASC"), /ASC" or "DESC/);
});

// The builders' types (which comparators each operand has) are tested in filter.test-d.ts.

// ---- property test -----------------------------------------------------------------------------------

const STRINGS = ["", "ctf", "CTF", "it's", 'say "hi"', "back\\slash", "\\'", "a b", "AND", "(x)", "ゲーム", "😀", "=<>", "\n"];
const KEYS = ["mode", "map", "game-mode", "_k9", "9lives", "constructor", "__proto__", "toString"];
const IDS = ["arn:aws:gamelift:us-west-2::gamesession/fleet-1/a", "arn:aws:gamelift:us-west-2::gamesession/fleet-1/b"];
const NUMBER_OPERANDS = ["playerSessionCount", "maximumSessions", "creationTimeMillis"] as const;

const stringValue = fc.oneof(fc.constantFrom(...STRINGS), fc.string({ maxLength: 6 }));
const numberValue = fc.oneof(
  fc.integer({ min: -2, max: 12 }),
  fc.integer({ min: -2, max: 12 }).map((n) => n + 0.5),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);

/** Builds with the public API only: where(...).cmp(v), a.and(b), or(a, b), not(a), a.not(). */
const conditionArb: fc.Arbitrary<FilterExpression> = fc.oneof(
  fc
    .tuple(fc.constantFrom(...NUMBER_OPERANDS), fc.constantFrom("eq", "ne", "lt", "lte", "gt", "gte" as const), numberValue)
    .map(([operand, cmp, v]) => where(operand)[cmp](v)),
  fc
    .tuple(fc.constantFrom("gameSessionName", "gameSessionId" as const), fc.constantFrom("eq", "ne" as const), fc.oneof(stringValue, fc.constantFrom(...IDS)))
    .map(([operand, cmp, v]) => where(operand)[cmp](v)),
  fc
    .tuple(fc.constantFrom(...KEYS), fc.constantFrom("eq", "ne" as const), stringValue)
    .map(([key, cmp, v]) => where(`gameSessionProperties.${key}`)[cmp](v)),
  fc.tuple(fc.constantFrom("eq", "ne" as const), fc.boolean()).map(([cmp, v]) => where("hasAvailablePlayerSessions")[cmp](v)),
);

const filterArb: fc.Arbitrary<FilterExpression> = fc.letrec<{ node: FilterExpression }>((tie) => ({
  node: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    conditionArb,
    fc.tuple(tie("node"), fc.array(tie("node"), { minLength: 1, maxLength: 3 })).map(([first, rest]) => first.and(...rest)),
    fc.tuple(tie("node"), fc.array(tie("node"), { minLength: 1, maxLength: 3 })).map(([first, rest]) => first.or(...rest)),
    fc.array(tie("node"), { minLength: 1, maxLength: 3 }).map((items) => and(...items)),
    fc.array(tie("node"), { minLength: 1, maxLength: 3 }).map((items) => or(...items)),
    tie("node").map((f) => not(f)),
    tie("node").map((f) => f.not()),
  ),
})).node;

const sessionArb: fc.Arbitrary<SearchableSession> = fc.record({
  gameSessionName: fc.option(fc.constantFrom(...STRINGS), { nil: undefined }),
  gameSessionId: fc.constantFrom(...IDS),
  gameSessionProperties: fc
    .array(fc.tuple(fc.constantFrom(...KEYS), fc.constantFrom(...STRINGS)), { maxLength: 4 })
    // fromEntries, so "__proto__" is an own property as GameLift's map would have it.
    .map((entries) => Object.fromEntries(entries)),
  maximumSessions: fc.integer({ min: 0, max: 12 }),
  creationTimeMillis: fc.integer({ min: -2, max: 12 }),
  playerSessionCount: fc.integer({ min: 0, max: 12 }),
  hasAvailablePlayerSessions: fc.boolean(),
});

function read(operand: string, s: SearchableSession): string | number | boolean | undefined {
  if (operand.startsWith("gameSessionProperties.")) {
    const key = operand.slice("gameSessionProperties.".length);
    return Object.hasOwn(s.gameSessionProperties, key) ? s.gameSessionProperties[key] : undefined;
  }
  return (s as unknown as Record<string, string | number | boolean | undefined>)[operand];
}

/** The tree read literally; a missing value equals nothing. */
function evaluate(node: FilterNode, s: SearchableSession): boolean {
  switch (node.kind) {
    case "and":
      return node.items.every((item) => evaluate(item, s));
    case "or":
      return node.items.some((item) => evaluate(item, s));
    case "not":
      return !evaluate(node.item, s);
    case "condition": {
      const actual = read(node.operand, s);
      if (actual === undefined) return node.comparator === "<>";
      const v = node.value;
      switch (node.comparator) {
        case "=":
          return actual === v;
        case "<>":
          return actual !== v;
        case "<":
          return actual < v;
        case "<=":
          return actual <= v;
        case ">":
          return actual > v;
        case ">=":
          return actual >= v;
      }
    }
  }
}

test("property: builder output parses with the GameLift grammar and evaluates as its tree", () => {
  fc.assert(
    fc.property(filterArb, fc.array(sessionArb, { minLength: 1, maxLength: 8 }), (filter, sessions) => {
      const text = String(filter);
      const predicate = compileFilter(text);
      for (const s of sessions) assert.equal(predicate(s), evaluate(filter.node, s), `${text}\n${JSON.stringify(s)}`);
    }),
    { numRuns: 400 },
  );
});

function session(overrides: Partial<SearchableSession>): SearchableSession {
  return {
    gameSessionId: IDS[0] as string,
    gameSessionProperties: {},
    maximumSessions: 4,
    creationTimeMillis: 0,
    playerSessionCount: 0,
    hasAvailablePlayerSessions: true,
    ...overrides,
  };
}
