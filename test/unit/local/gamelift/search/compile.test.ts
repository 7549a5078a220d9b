// The SearchGameSessions filter language: GameLift's grammar, operands, precedence, errors and limits.
import assert from "node:assert/strict";
import { test } from "vitest";
import { MAX_EXPRESSION_LENGTH, MAX_NESTING_DEPTH, type SearchableSession, compileFilter, compileSort } from "../../../../../local/gamelift/search/index.ts";
import { ARN, refused, session } from "../../../../helpers/search-sessions.ts";

function matches(expr: string, s: SearchableSession): boolean {
  return compileFilter(expr)(s);
}

test("the reference's sample expressions", () => {
  // The docs show it inside JSON: "FilterExpression": "gameSessionName = 'Matt\\'s Awesome Game 1'".
  const fromDocs = (JSON.parse(`{"FilterExpression": "gameSessionName = 'Matt\\\\'s Awesome Game 1'"}`) as {
    FilterExpression: string;
  }).FilterExpression;
  assert.equal(fromDocs, "gameSessionName = 'Matt\\'s Awesome Game 1'");
  assert.equal(matches(fromDocs, session({ gameSessionName: "Matt's Awesome Game 1" })), true);
  assert.equal(matches(fromDocs, session({ gameSessionName: "Matt's Awesome Game 2" })), false);

  const brawl = 'gameSessionProperties.gameMode = "brawl"';
  assert.equal(matches(brawl, session({ gameSessionProperties: { gameMode: "brawl" } })), true);
  assert.equal(matches(brawl, session({ gameSessionProperties: { gameMode: "Brawl" } })), false);
  assert.equal(matches(brawl, session({ gameSessionProperties: {} })), false);

  const open10 = "maximumSessions>=10 AND hasAvailablePlayerSessions=true";
  assert.equal(matches(open10, session({ maximumSessions: 10, hasAvailablePlayerSessions: true })), true);
  assert.equal(matches(open10, session({ maximumSessions: 12, hasAvailablePlayerSessions: false })), false);
  assert.equal(matches(open10, session({ maximumSessions: 9, hasAvailablePlayerSessions: true })), false);

  // "x AND y AND NOT z", "NOT (x OR y)" with real conditions.
  const x = "playerSessionCount > 1";
  const y = "maximumSessions < 20";
  const z = "gameSessionName = 'full'";
  const xyNotZ = `${x} AND ${y} AND NOT ${z}`;
  assert.equal(matches(xyNotZ, session({ playerSessionCount: 2, gameSessionName: "open" })), true);
  assert.equal(matches(xyNotZ, session({ playerSessionCount: 2, gameSessionName: "full" })), false);
  const notXorY = `NOT (${x} OR ${y})`;
  assert.equal(matches(notXorY, session({ playerSessionCount: 0, maximumSessions: 30 })), true);
  assert.equal(matches(notXorY, session({ playerSessionCount: 5, maximumSessions: 30 })), false);

  // "creationTimeMillis ASC" returns the oldest first.
  const sessions = [3, 1, 2].map((t) => session({ creationTimeMillis: t }));
  assert.deepEqual(
    sessions.sort(compileSort("creationTimeMillis ASC")).map((s) => s.creationTimeMillis),
    [1, 2, 3],
  );
});

test("every operand with its comparators", () => {
  const s = session({
    gameSessionName: "Lobby",
    gameSessionProperties: { mode: "ctf", "game-mode": "x", lvl: "5" },
    maximumSessions: 8,
    creationTimeMillis: 1_700_000_000_000,
    playerSessionCount: 3,
    hasAvailablePlayerSessions: false,
  });
  const truths: [string, boolean][] = [
    ["gameSessionName = 'Lobby'", true],
    ["gameSessionName <> 'Lobby'", false],
    ["gameSessionName = 'lobby'", false], // case-sensitive
    [`gameSessionId = '${ARN}'`, true],
    ["gameSessionId = 'gsess-aaaa'", false], // the id is the whole ARN
    ["gameSessionProperties.mode = 'ctf'", true],
    ["gameSessionProperties.mode <> 'ctf'", false],
    ["gameSessionProperties.game-mode = 'x'", true],
    ["gameSessionProperties.lvl = '5'", true],
    ["maximumSessions = 8", true],
    ["maximumSessions <> 8", false],
    ["maximumSessions < 8", false],
    ["maximumSessions <= 8", true],
    ["maximumSessions > 7", true],
    ["maximumSessions >= 9", false],
    ["maximumSessions > 7.5", true],
    ["maximumSessions > -1", true],
    ["creationTimeMillis >= 1700000000000", true],
    ["creationTimeMillis < 1700000000000", false],
    ["playerSessionCount = 3", true],
    ["hasAvailablePlayerSessions = false", true],
    ["hasAvailablePlayerSessions <> false", false],
    ["hasAvailablePlayerSessions = TRUE", false],
  ];
  for (const [expr, want] of truths) assert.equal(matches(expr, s), want, expr);
});

test("missing values equal nothing: = is false and <> is true", () => {
  const anonymous = session({ gameSessionProperties: {} });
  delete anonymous.gameSessionName;
  assert.equal(matches("gameSessionName = ''", anonymous), false);
  assert.equal(matches("gameSessionName <> 'x'", anonymous), true);
  assert.equal(matches("gameSessionProperties.mode = 'ctf'", anonymous), false);
  assert.equal(matches("gameSessionProperties.mode <> 'ctf'", anonymous), true);
  // Inherited object members are not properties.
  assert.equal(matches("gameSessionProperties.constructor = 'x'", anonymous), false);
  assert.equal(matches("gameSessionProperties.__proto__ <> 'x'", anonymous), true);
  assert.equal(matches("gameSessionProperties.toString = 'x'", anonymous), false);
});

test("precedence: comparators, parentheses, NOT, AND, OR", () => {
  const t = "playerSessionCount = 1"; // true for the session below
  const f = "playerSessionCount = 2"; // false
  const s = session({ playerSessionCount: 1 });
  const cases: [string, boolean][] = [
    [`${t} OR ${t} AND ${f}`, true], // t OR (t AND f)
    [`${f} AND ${t} OR ${t}`, true], // (f AND t) OR t
    [`(${t} OR ${t}) AND ${f}`, false],
    [`NOT ${t} AND ${f}`, false], // (NOT t) AND f
    [`NOT ${f} AND ${t}`, true],
    [`NOT ${t} OR ${t}`, true], // (NOT t) OR t
    [`NOT (${t} OR ${t})`, false],
    [`NOT NOT ${t}`, true],
    [`NOT NOT NOT ${t}`, false],
    [`${f} OR ${f} OR ${f} OR ${t}`, true],
    [`${t} AND ${t} AND ${t} AND ${f}`, false],
    [`${f} OR NOT ${f} AND ${t}`, true],
    [`((((${t}))))`, true],
    [`(${t}) AND ((${f}) OR (NOT (${f})))`, true],
  ];
  for (const [expr, want] of cases) assert.equal(matches(expr, s), want, expr);
});

test("keywords and booleans in any case, whitespace anywhere or nowhere", () => {
  const s = session({ playerSessionCount: 1, hasAvailablePlayerSessions: true });
  assert.equal(matches("playerSessionCount=1 and not hasAvailablePlayerSessions=false", s), true);
  assert.equal(matches("playerSessionCount=2 Or hasAvailablePlayerSessions=True", s), true);
  assert.equal(matches("nOt(playerSessionCount=1)", s), false);
  assert.equal(matches("(playerSessionCount<2)AND(playerSessionCount>0)", s), true);
  assert.equal(matches("\t\n playerSessionCount\r\n<=\t1 \u00a0", s), true);
  assert.equal(matches("gameSessionName='Room'AND playerSessionCount=1", s), true);
});

test("strings: both quote styles, escapes, anything inside", () => {
  const named = (gameSessionName: string) => session({ gameSessionName });
  assert.equal(matches(`gameSessionName = "it's"`, named("it's")), true);
  assert.equal(matches(`gameSessionName = 'say "hi"'`, named('say "hi"')), true);
  assert.equal(matches(`gameSessionName = "say \\"hi\\""`, named('say "hi"')), true);
  assert.equal(matches(`gameSessionName = 'a\\\\b'`, named("a\\b")), true);
  assert.equal(matches(`gameSessionName = 'a\\"b'`, named('a"b')), true); // the other quote may be escaped too
  assert.equal(matches(`gameSessionName = ''`, named("")), true);
  assert.equal(matches(`gameSessionName = 'x AND y = (1)'`, named("x AND y = (1)")), true);
  assert.equal(matches(`gameSessionName = 'ゲーム 😀'`, named("ゲーム 😀")), true);
  assert.equal(matches(`gameSessionName = '  padded  '`, named("padded")), false);
});

test("syntax errors point at the offending character", () => {
  refused("playerSessionCount <=", 21, /^expected a value after '<=' but found end of input$/);
  refused("", 0, /expected a condition .* but found end of input/);
  refused("   ", 3, /expected a condition .* but found end of input/);
  refused("playerSessionCount", 18, /expected a comparator \(=, <>, <, >, <=, >=\) after 'playerSessionCount' but found end of input/);
  refused("playerSessionCount 5", 19, /expected a comparator .* but found '5'/);
  refused("playerSessionCount = 1 AND", 26, /expected a condition .* but found end of input/);
  refused("playerSessionCount = 1 maximumSessions = 2", 23, /expected AND, OR or end of input but found 'maximumSessions'/);
  refused("(playerSessionCount = 1", 23, /expected AND, OR or '\)' to close the '\(' at position 0 but found end of input/);
  refused("playerSessionCount = 1)", 22, /this '\)' has no matching '\('/);
  refused("()", 1, /expected a condition inside the parentheses .* but found '\)'/);
  refused("AND playerSessionCount = 1", 0, /expected a condition .* but found 'AND'/);
  refused("NOT", 3, /expected a condition .* but found end of input/);
  refused("true = hasAvailablePlayerSessions", 0, /expected a condition .* but found 'true'/);
  refused("'Room' = gameSessionName", 0, /expected a condition .* but found the string 'Room'/);
  refused("gameSessionName = Room", 18, /expected a value after '=' but found 'Room'; strings must be quoted, e.g. 'Room'/);
  refused("gameSessionName = (", 18, /expected a value after '=' but found '\('/);
  refused("playerSessionCount == 1", 20, /expected a value after '=' but found '='/);
  refused("playerSessionCount != 1", 19, /unexpected character '!'; use '<>'/);
  refused("playerSessionCount = 1 && maximumSessions = 2", 23, /unexpected character '&'; use AND/);
  refused("playerSessionCount = 1 || maximumSessions = 2", 23, /unexpected character '\|'; use OR/);
  refused("playerSessionCount = 1 😀", 23, /unexpected character '😀'/);
  refused("playerSessionCount = 1\u0000", 22, /unexpected character '\\u0000'/);
  refused("playerSessionCount = 8AND", 21, /invalid number '8AND'/);
  refused("playerSessionCount = 1.", 21, /invalid number '1\.'/);
  refused("playerSessionCount = 1.2.3", 21, /invalid number '1\.2\.3'/);
  refused("playerSessionCount = - 1", 21, /unexpected character '-'/);
  refused("gameSessionName = 'abc", 18, /the string starting here has no closing '/);
  refused('gameSessionName = "abc\\"', 18, /the string starting here has no closing "/);
  refused("gameSessionName = 'ab\\c'", 21, /unknown escape '\\c'/);
  refused("gameSessionName = 'ab\\", 18, /no closing/);
});

test("unknown operands and property keys", () => {
  refused("foo = 1", 0, /^unknown operand 'foo'; operands are gameSessionName, gameSessionId, gameSessionProperties\.<key>/);
  refused("playersessioncount = 1", 0, /did you mean 'playerSessionCount'\?/);
  refused("GameSessionProperties.mode = 'x'", 0, /did you mean 'gameSessionProperties\.mode'\?/);
  refused("gameSessionProperties = 'x'", 21, /expected '\.<key>' after gameSessionProperties/);
  refused("gameSessionProperties. = 'x'", 22, /expected a property key after 'gameSessionProperties\.'/);
  refused("gameSessionProperties.a.b = 'x'", 23, /property key 'a\.b' contains '\.'/);
  refused("playerSessionCount = 1 OR gameSessionProperties.x.y.z = 'x'", 49, /property key 'x\.y\.z' contains '\.'/);
  refused("maximumSessions.x = 1", 0, /unknown operand 'maximumSessions\.x'/);
  refused("gameSessionProperties.mode$ = 'x'", 26, /unexpected character '\$'/);
});

test("type errors point at the comparator or the value", () => {
  refused("hasAvailablePlayerSessions < true", 27, /^'<' cannot be used with hasAvailablePlayerSessions \(a boolean\); use = or <>$/);
  refused("gameSessionName >= 'a'", 16, /'>=' cannot be used with gameSessionName \(a string\)/);
  refused("gameSessionId > 'a'", 14, /'>' cannot be used with gameSessionId/);
  refused("gameSessionProperties.lvl > '5'", 26, /'>' cannot be used with gameSessionProperties values \(strings\)/);
  refused("playerSessionCount = 'abc'", 21, /^playerSessionCount takes a number, not the string 'abc'$/);
  refused("playerSessionCount = true", 21, /playerSessionCount takes a number, not the boolean true/);
  refused("hasAvailablePlayerSessions = 'true'", 29, /hasAvailablePlayerSessions takes true or false, not the string 'true'/);
  refused("hasAvailablePlayerSessions = 1", 29, /takes true or false, not the number 1/);
  refused("gameSessionName = 5", 18, /gameSessionName takes a quoted string, not the number 5; write '5'/);
  // "All custom data values are searched as strings": a bare number is refused, with the fix in the message.
  refused("gameSessionProperties.lvl = 5", 28, /gameSessionProperties values take a quoted string, not the number 5; write '5'/);
  // The leftmost type error wins; a syntax error anywhere wins over a type error.
  refused("gameSessionName < 'a' OR playerSessionCount = 'b'", 16, /'<' cannot be used/);
  refused("gameSessionName < 'a' OR (", 26, /expected a condition/);
});

test("limits: length and nesting depth, with long flat chains still fine", () => {
  const cond = "playerSessionCount = 1";
  const chain = Array.from({ length: 150 }, () => cond).join(" OR ");
  assert.ok(chain.length <= MAX_EXPRESSION_LENGTH);
  assert.equal(matches(chain, session({ playerSessionCount: 1 })), true);
  assert.equal(matches(chain.replaceAll(" OR ", " AND "), session({ playerSessionCount: 2 })), false);

  const tooLong = `gameSessionName = '${"x".repeat(MAX_EXPRESSION_LENGTH)}'`;
  refused(tooLong, MAX_EXPRESSION_LENGTH, new RegExp(`is ${tooLong.length} characters long; the limit is ${MAX_EXPRESSION_LENGTH}`));
  refused(`${"x".repeat(5000)} ASC`, MAX_EXPRESSION_LENGTH, /the limit is 4096/, "sort");

  const nested = (n: number) => `${"(".repeat(n)}${cond}${")".repeat(n)}`;
  assert.equal(matches(nested(MAX_NESTING_DEPTH), session({ playerSessionCount: 1 })), true);
  refused(nested(MAX_NESTING_DEPTH + 1), MAX_NESTING_DEPTH, /nest more than 64 levels deep/);
  const nots = (n: number) => `${"NOT ".repeat(n)}${cond}`;
  assert.equal(matches(nots(MAX_NESTING_DEPTH), session({ playerSessionCount: 1 })), true);
  refused(nots(MAX_NESTING_DEPTH + 1), MAX_NESTING_DEPTH * 4, /nest more than 64 levels deep/);
  refused("(".repeat(2000), MAX_NESTING_DEPTH, /nest more than/);
});
