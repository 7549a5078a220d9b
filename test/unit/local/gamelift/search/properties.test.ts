/**
 * Property tests for the search expressions: random valid expressions printed in random styles must agree
 * with a deliberately naive interpreter written here (not compile.ts), and mangled expressions must only
 * ever compile or throw SearchExpressionError.
 */
import { test } from "vitest";
import assert from "node:assert/strict";
import fc from "fast-check";
import {
  type SearchableSession,
  SearchExpressionError,
  compileFilter,
  compileSort,
  selectSessions,
} from "../../../../../local/gamelift/search/index.ts";

// ---- a test-only AST, printer and reference interpreter -------------------------------------------------

type NumberField = "maximumSessions" | "creationTimeMillis" | "playerSessionCount";
type StringField = "gameSessionName" | "gameSessionId";
type Cmp = "=" | "<>" | "<" | ">" | "<=" | ">=";

type Cond =
  | { kind: "number"; field: NumberField; cmp: Cmp; value: number }
  | { kind: "string"; field: StringField; cmp: "=" | "<>"; value: string; quote: "'" | '"' }
  | { kind: "property"; key: string; cmp: "=" | "<>"; value: string; quote: "'" | '"' }
  | { kind: "boolean"; cmp: "=" | "<>"; value: boolean; spelling: string };

type Ast =
  | { op: "cond"; cond: Cond; parens: number }
  | { op: "and" | "or"; items: Ast[]; keywords: number[]; parens: number }
  | { op: "not"; item: Ast; keyword: string; parens: number };

// Small pools so generated values and session values often coincide.
const STRINGS = ["", "ctf", "CTF", "it's", 'say "hi"', "back\\slash", "a b", "AND", "(x)", "ゲーム", "😀", "=<>", "\\'"];
const KEYS = ["mode", "map", "game-mode", "_k9", "constructor", "toString", "__proto__"];
const IDS = ["arn:aws:gamelift:us-west-2::gamesession/fleet-1/a", "arn:aws:gamelift:us-west-2::gamesession/fleet-1/b"];
const NUMBER_FIELDS: NumberField[] = ["maximumSessions", "creationTimeMillis", "playerSessionCount"];
const COMPARATORS: Cmp[] = ["=", "<>", "<", ">", "<=", ">="];
const SPACES = ["", " ", "  ", "\t", "\n", " \r\n "];

/** "NOT", "not", "Not", "nOt": keywords and booleans are case-insensitive. */
function spellings(word: string): string[] {
  const lower = word.toLowerCase();
  const alternating = [...lower].map((c, i) => (i % 2 ? c.toUpperCase() : c)).join("");
  return [word, lower, word.charAt(0) + lower.slice(1), alternating];
}

function casings(word: string): fc.Arbitrary<string> {
  return fc.constantFrom(...spellings(word));
}

const quoteArb = fc.constantFrom<"'" | '"'>("'", '"');
const equality = fc.constantFrom<"=" | "<>">("=", "<>");
const numberValue = fc.oneof(
  fc.integer({ min: -2, max: 12 }),
  fc.integer({ min: -2, max: 12 }).map((n) => n + 0.5),
  fc.integer({ min: 999_998, max: 1_000_004 }),
);

const condArb: fc.Arbitrary<Cond> = fc.oneof(
  fc.record({ kind: fc.constant("number" as const), field: fc.constantFrom(...NUMBER_FIELDS), cmp: fc.constantFrom(...COMPARATORS), value: numberValue }),
  fc.record({
    kind: fc.constant("string" as const),
    field: fc.constantFrom<StringField>("gameSessionName", "gameSessionId"),
    cmp: equality,
    value: fc.oneof(fc.constantFrom(...STRINGS, ...IDS), fc.string({ maxLength: 6 })),
    quote: quoteArb,
  }),
  fc.record({ kind: fc.constant("property" as const), key: fc.constantFrom(...KEYS), cmp: equality, value: fc.constantFrom(...STRINGS), quote: quoteArb }),
  fc.record({ kind: fc.constant("boolean" as const), cmp: equality, value: fc.boolean() }).chain((c) =>
    casings(String(c.value).toUpperCase()).map((spelling) => ({ ...c, spelling })),
  ),
);

/** Redundant parentheses around a node: mostly none. */
const parens = fc.constantFrom(0, 0, 0, 1, 2);

const astArb: fc.Arbitrary<Ast> = fc.letrec<{ node: Ast }>((tie) => ({
  node: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.record({ op: fc.constant("cond" as const), cond: condArb, parens }),
    fc.array(tie("node"), { minLength: 2, maxLength: 4 }).chain((items) =>
      fc.record({
        op: fc.constantFrom<"and" | "or">("and", "or"),
        items: fc.constant(items),
        keywords: fc.array(fc.nat({ max: 3 }), { minLength: items.length, maxLength: items.length }),
        parens,
      }),
    ),
    fc.record({ op: fc.constant("not" as const), item: tie("node"), keyword: casings("NOT"), parens }),
  ),
})).node;

/** Escapes a string for the chosen quote; sometimes also escapes the other quote, which is allowed. */
function quoteString(value: string, q: string, escapeOther: boolean): string {
  let out = q;
  for (const c of value) {
    if (c === "\\" || c === q || (escapeOther && (c === "'" || c === '"'))) out += `\\${c}`;
    else out += c;
  }
  return out + q;
}

const PRECEDENCE = { or: 1, and: 2, not: 3, cond: 4 } as const;

/** Prints the AST as tokens; `style` supplies the random choices, so one AST prints many ways. */
function printTokens(ast: Ast, parent: number, style: () => number): string[] {
  let tokens: string[];
  switch (ast.op) {
    case "cond": {
      const c = ast.cond;
      switch (c.kind) {
        case "number":
          tokens = [c.field, c.cmp, String(c.value)];
          break;
        case "string":
          tokens = [c.field, c.cmp, quoteString(c.value, c.quote, style() % 2 === 0)];
          break;
        case "property":
          tokens = [`gameSessionProperties.${c.key}`, c.cmp, quoteString(c.value, c.quote, style() % 2 === 0)];
          break;
        case "boolean":
          tokens = ["hasAvailablePlayerSessions", c.cmp, c.spelling];
          break;
      }
      break;
    }
    case "not":
      tokens = [ast.keyword, ...printTokens(ast.item, PRECEDENCE.not, style)];
      break;
    case "and":
    case "or": {
      const words = spellings(ast.op.toUpperCase());
      tokens = printTokens(ast.items[0] as Ast, PRECEDENCE[ast.op], style);
      ast.items.slice(1).forEach((item, i) => {
        tokens.push(words[ast.keywords[i] as number] as string, ...printTokens(item, PRECEDENCE[ast.op], style));
      });
      break;
    }
  }
  // Parentheses where precedence needs them (an OR inside an AND, a chain under NOT), plus redundant ones.
  const needed = PRECEDENCE[ast.op] < parent ? 1 : 0;
  for (let i = 0; i < needed + ast.parens; i++) tokens = ["(", ...tokens, ")"];
  return tokens;
}

const isWordLike = (token: string) => /^[A-Za-z0-9_.-]/.test(token);
const endsWordLike = (token: string) => /[A-Za-z0-9_.-]$/.test(token);

function print(ast: Ast, seed: number): string {
  let state = seed >>> 0 || 1;
  const style = () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return state >>> 0;
  };
  const tokens = printTokens(ast, 0, style);
  let out = SPACES[style() % SPACES.length] as string;
  tokens.forEach((token, i) => {
    if (i > 0) {
      let gap = SPACES[style() % SPACES.length] as string;
      // Two words or numbers need a space between them to stay two tokens.
      if (gap === "" && endsWordLike(tokens[i - 1] as string) && isWordLike(token)) gap = " ";
      out += gap;
    }
    out += token;
  });
  return out + (SPACES[style() % SPACES.length] as string);
}

function propertyOf(s: SearchableSession, key: string): string | undefined {
  return Object.hasOwn(s.gameSessionProperties, key) ? s.gameSessionProperties[key] : undefined;
}

function compare(actual: number | string | boolean | undefined, cmp: Cmp, wanted: number | string | boolean): boolean {
  if (cmp === "=") return actual === wanted;
  if (cmp === "<>") return actual !== wanted;
  if (actual === undefined) return false;
  if (cmp === "<") return actual < wanted;
  if (cmp === ">") return actual > wanted;
  if (cmp === "<=") return actual <= wanted;
  return actual >= wanted;
}

function evaluate(ast: Ast, s: SearchableSession): boolean {
  switch (ast.op) {
    case "and":
      return ast.items.every((item) => evaluate(item, s));
    case "or":
      return ast.items.some((item) => evaluate(item, s));
    case "not":
      return !evaluate(ast.item, s);
    case "cond": {
      const c = ast.cond;
      if (c.kind === "number") return compare(s[c.field], c.cmp, c.value);
      if (c.kind === "string") return compare(s[c.field], c.cmp, c.value);
      if (c.kind === "property") return compare(propertyOf(s, c.key), c.cmp, c.value);
      return compare(s.hasAvailablePlayerSessions, c.cmp, c.value);
    }
  }
}

function depth(ast: Ast): number {
  const own = ast.parens + 1;
  if (ast.op === "cond") return own;
  if (ast.op === "not") return own + depth(ast.item);
  return own + Math.max(...ast.items.map(depth));
}

const sessionArb: fc.Arbitrary<SearchableSession> = fc
  .record({
    name: fc.option(fc.constantFrom(...STRINGS), { nil: undefined }),
    gameSessionId: fc.constantFrom(...IDS),
    gameSessionProperties: fc.dictionary(fc.constantFrom(...KEYS), fc.constantFrom(...STRINGS), { maxKeys: 4 }),
    maximumSessions: fc.integer({ min: 0, max: 10 }),
    creationTimeMillis: fc.integer({ min: 999_998, max: 1_000_004 }),
    playerSessionCount: fc.integer({ min: 0, max: 10 }),
    hasAvailablePlayerSessions: fc.boolean(),
  })
  .map(({ name, ...rest }) => (name === undefined ? rest : { ...rest, gameSessionName: name }));

// ---- properties ----------------------------------------------------------------------------------------

test("compiled filters agree with a naive interpreter on random expressions and sessions", () => {
  fc.assert(
    fc.property(astArb, fc.nat(), fc.array(sessionArb, { minLength: 1, maxLength: 12 }), (ast, seed, sessions) => {
      fc.pre(depth(ast) < 60);
      const expr = print(ast, seed);
      const predicate = compileFilter(expr);
      for (const s of sessions) assert.equal(predicate(s), evaluate(ast, s), `${JSON.stringify(expr)} on ${JSON.stringify(s)}`);
    }),
    { numRuns: 1500 },
  );
});

/** Accepts a compiled predicate or a well-formed SearchExpressionError; anything else fails the property. */
function compileOrRefuse(expr: string, kind: "filter" | "sort", probe: SearchableSession): void {
  let compiled: unknown;
  try {
    compiled = kind === "filter" ? compileFilter(expr) : compileSort(expr);
  } catch (e) {
    assert.ok(e instanceof SearchExpressionError, `${JSON.stringify(expr)} threw ${String(e)}`);
    assert.equal(e.expression, kind);
    assert.ok(Number.isInteger(e.position) && e.position >= 0 && e.position <= expr.length, `position ${e.position} of ${JSON.stringify(expr)}`);
    assert.ok(e.message.startsWith(`Invalid ${kind} expression at position ${e.position}: `));
    assert.ok(e.detail.length > 0);
    return;
  }
  assert.equal(typeof compiled, "function");
  if (kind === "filter") assert.equal(typeof (compiled as (s: SearchableSession) => boolean)(probe), "boolean");
  else assert.equal(typeof (compiled as (a: SearchableSession, b: SearchableSession) => number)(probe, probe), "number");
}

const JUNK = ["((((", "))))", "'", '"', "\\", "é", "😀", "\ud800", "\u0000", "\u00a0", "AND", "or", "NOT", "(", ")", "=", "<>", "<", ">=", "!", "gameSessionProperties.", "..", "-", "1e5", "0x1", "true", " ", "\n", "ASC", "DESC"];

type Mutation = { at: number; op: "delete" | "insert" | "replace" | "truncate"; junk: string };
const mutationArb: fc.Arbitrary<Mutation> = fc.record({
  at: fc.nat(),
  op: fc.constantFrom<Mutation["op"]>("delete", "insert", "replace", "truncate"),
  junk: fc.oneof(fc.constantFrom(...JUNK), fc.string({ maxLength: 3, unit: "binary" })),
});

function mutate(text: string, mutations: Mutation[]): string {
  let out = text;
  for (const m of mutations) {
    const at = out.length === 0 ? 0 : m.at % (out.length + 1);
    if (m.op === "delete") out = out.slice(0, at) + out.slice(at + 1);
    else if (m.op === "insert") out = out.slice(0, at) + m.junk + out.slice(at);
    else if (m.op === "replace") out = out.slice(0, at) + m.junk + out.slice(at + m.junk.length);
    else out = out.slice(0, at);
  }
  return out;
}

test("mangled filter expressions compile or throw SearchExpressionError, nothing else", () => {
  const probe: SearchableSession = {
    gameSessionId: IDS[0] as string,
    gameSessionProperties: { mode: "ctf" },
    maximumSessions: 4,
    creationTimeMillis: 1_000_000,
    playerSessionCount: 1,
    hasAvailablePlayerSessions: true,
  };
  fc.assert(
    fc.property(astArb, fc.nat(), fc.array(mutationArb, { minLength: 1, maxLength: 4 }), (ast, seed, mutations) => {
      compileOrRefuse(mutate(print(ast, seed), mutations), "filter", probe);
    }),
    { numRuns: 2500 },
  );
  fc.assert(
    fc.property(fc.oneof(fc.string({ maxLength: 40, unit: "binary" }), fc.array(fc.constantFrom(...JUNK), { maxLength: 12 }).map((parts) => parts.join(""))), (expr) => {
      compileOrRefuse(expr, "filter", probe);
    }),
    { numRuns: 1500 },
  );
});

// ---- sort ----------------------------------------------------------------------------------------------

const SORT_OPERANDS = [...NUMBER_FIELDS, "gameSessionName", "gameSessionId", "hasAvailablePlayerSessions", ...KEYS.map((k) => `gameSessionProperties.${k}`)];

function sortValue(s: SearchableSession, operand: string): string | number | boolean | undefined {
  if (operand.startsWith("gameSessionProperties.")) return propertyOf(s, operand.slice("gameSessionProperties.".length));
  return s[operand as keyof SearchableSession] as string | number | boolean | undefined;
}

/** Reference order: present values by direction, then missing ones, ties by input position. */
function referenceSort(sessions: SearchableSession[], operand: string, desc: boolean): SearchableSession[] {
  return sessions
    .map((s, i) => ({ s, i, v: sortValue(s, operand) }))
    .sort((a, b) => {
      if (a.v === undefined || b.v === undefined) {
        if (a.v === b.v) return a.i - b.i;
        return a.v === undefined ? 1 : -1;
      }
      if (a.v !== b.v) return (a.v < b.v ? -1 : 1) * (desc ? -1 : 1);
      return a.i - b.i;
    })
    .map((x) => x.s);
}

test("sort and paged selection agree with a reference sort", () => {
  // Large enough fleets that a page is usually a strict prefix (the heap selection) and sometimes all of it.
  const fleetArb = fc.array(sessionArb, { maxLength: 300, size: "max" });
  const caseArb = fleetArb.chain((sessions) =>
    fc.record({ sessions: fc.constant(sessions), offset: fc.nat({ max: sessions.length + 5 }), limit: fc.nat({ max: 40 }) }),
  );
  fc.assert(
    fc.property(
      fc.constantFrom(...SORT_OPERANDS),
      fc.boolean(),
      casings("DESC"),
      casings("ASC"),
      fc.constantFrom(...SPACES),
      caseArb,
      (operand, desc, descWord, ascWord, gap, { sessions, offset, limit }) => {
        const expr = `${gap}${operand} ${gap}${desc ? descWord : ascWord}${gap}`;
        // Compare input positions, so a tie broken the wrong way shows even between identical sessions.
        const position = new Map(sessions.map((s, i) => [s, i]));
        const positions = (list: SearchableSession[]) => list.map((s) => position.get(s));
        const want = positions(referenceSort(sessions, operand, desc));
        assert.deepEqual(positions([...sessions].sort(compileSort(expr))), want, expr);
        const { page, matched } = selectSessions(sessions, { sort: expr, offset, limit });
        assert.equal(matched, sessions.length);
        assert.deepEqual(positions(page), want.slice(offset, offset + limit), `${expr} offset ${offset} limit ${limit}`);
      },
    ),
    { numRuns: 300 },
  );
});

test("mangled sort expressions compile or throw SearchExpressionError, nothing else", () => {
  const probe: SearchableSession = {
    gameSessionId: IDS[0] as string,
    gameSessionProperties: {},
    maximumSessions: 4,
    creationTimeMillis: 1_000_000,
    playerSessionCount: 1,
    hasAvailablePlayerSessions: true,
  };
  fc.assert(
    fc.property(fc.constantFrom(...SORT_OPERANDS), fc.constantFrom("ASC", "desc"), fc.array(mutationArb, { minLength: 1, maxLength: 3 }), (operand, dir, mutations) => {
      compileOrRefuse(mutate(`${operand} ${dir}`, mutations), "sort", probe);
    }),
    { numRuns: 1500 },
  );
});
