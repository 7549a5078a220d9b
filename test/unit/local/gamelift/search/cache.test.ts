// Compiled search expressions are cached by their text.
import assert from "node:assert/strict";
import { test } from "vitest";
import { type SearchableSession, compileFilter, compileSort } from "../../../../../local/gamelift/search/index.ts";
import { session } from "../../../../helpers/search-sessions.ts";

function matches(expr: string, s: SearchableSession): boolean {
  return compileFilter(expr)(s);
}

test("compiled expressions are cached by text and stay correct past the cache size", () => {
  const expr = "playerSessionCount < 8 AND hasAvailablePlayerSessions = true";
  assert.equal(compileFilter(expr), compileFilter(expr));
  assert.equal(compileSort("creationTimeMillis DESC"), compileSort("creationTimeMillis DESC"));
  for (let i = 0; i < 600; i++) assert.equal(matches(`playerSessionCount = ${i % 300}`, session({ playerSessionCount: i % 300 })), true);
  assert.equal(matches(expr, session({ playerSessionCount: 7 })), true);
});
