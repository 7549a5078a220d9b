// Searchable sessions to run filter and sort expressions over, and the check that an expression is refused where
// and why it should be.
import assert from "node:assert/strict";
import { compileFilter, compileSort, SearchExpressionError, type SearchableSession } from "../../local/gamelift/search/index.ts";

export const ARN = "arn:aws:gamelift:us-west-2::gamesession/fleet-1111/gsess-aaaa";

export function session(overrides: Partial<SearchableSession> = {}): SearchableSession {
  return {
    gameSessionName: "Room",
    gameSessionId: ARN,
    gameSessionProperties: {},
    maximumSessions: 10,
    creationTimeMillis: 1_000,
    playerSessionCount: 0,
    hasAvailablePlayerSessions: true,
    ...overrides,
  };
}

/** Asserts the expression is refused at `position` with a message matching `detail`. */
export function refused(expr: string, position: number, detail: RegExp, kind: "filter" | "sort" = "filter"): void {
  const compile = kind === "filter" ? compileFilter : compileSort;
  assert.throws(
    () => compile(expr),
    (e: unknown) => {
      assert.ok(e instanceof SearchExpressionError, `not a SearchExpressionError: ${String(e)}`);
      assert.equal(e.expression, kind);
      assert.equal(e.position, position, `position for ${JSON.stringify(expr)}: ${e.message}`);
      assert.ok(e.message.startsWith(`Invalid ${kind} expression at position ${position}: `), e.message);
      assert.match(e.detail, detail);
      return true;
    },
  );
}
