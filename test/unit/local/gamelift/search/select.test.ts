// The whole SearchGameSessions selection: filter, then sort, then page.
import assert from "node:assert/strict";
import { test } from "vitest";
import { SearchExpressionError, selectSessions } from "../../../../../local/gamelift/search/index.ts";
import { session } from "../../../../helpers/search-sessions.ts";

test("selectSessions: filter, sort, page", () => {
  const fleet = Array.from({ length: 50 }, (_, i) =>
    session({ gameSessionName: `r${i}`, creationTimeMillis: (i * 7) % 50, playerSessionCount: i % 5 }),
  );
  const all = selectSessions(fleet, { limit: 20 });
  assert.equal(all.matched, 50);
  assert.deepEqual(all.page, fleet.slice(0, 20)); // no sort: input order

  const open = selectSessions(fleet, { filter: "playerSessionCount < 2", offset: 5, limit: 3 });
  assert.equal(open.matched, 20);
  assert.deepEqual(open.page.map((s) => s.gameSessionName), ["r11", "r15", "r16"]);

  const sorted = [...fleet].sort((a, b) => b.creationTimeMillis - a.creationTimeMillis);
  const newest = selectSessions(fleet, { sort: "creationTimeMillis DESC", limit: 20 });
  assert.deepEqual(newest.page, sorted.slice(0, 20));
  const second = selectSessions(fleet, { sort: "creationTimeMillis DESC", offset: 20, limit: 20 });
  assert.deepEqual(second.page, sorted.slice(20, 40));
  const last = selectSessions(fleet, { sort: "creationTimeMillis DESC", offset: 40, limit: 20 });
  assert.deepEqual(last.page, sorted.slice(40));
  assert.deepEqual(selectSessions(fleet, { sort: "creationTimeMillis DESC", offset: 60, limit: 20 }).page, []);
  assert.deepEqual(selectSessions(fleet, { sort: "creationTimeMillis DESC", limit: 0 }).page, []);

  // Stable by name with ties on playerSessionCount, through the comparator heap (a non-number operand).
  const byName = selectSessions(fleet, { sort: "gameSessionName DESC", limit: 4 });
  assert.deepEqual(byName.page.map((s) => s.gameSessionName), ["r9", "r8", "r7", "r6"]);
  const ties = selectSessions(fleet, { sort: "playerSessionCount ASC", limit: 12 });
  assert.deepEqual(ties.page.map((s) => s.gameSessionName), ["r0", "r5", "r10", "r15", "r20", "r25", "r30", "r35", "r40", "r45", "r1", "r6"]);

  // Bad expressions throw before any session is looked at.
  assert.throws(() => selectSessions([], { filter: "nope", limit: 20 }), SearchExpressionError);
  assert.throws(() => selectSessions([], { sort: "creationTimeMillis", limit: 20 }), SearchExpressionError);
});
