// SearchGameSessions sort expressions: direction, missing values, stability, and errors.
import assert from "node:assert/strict";
import { test } from "vitest";
import { compileSort } from "../../../../../local/gamelift/search/index.ts";
import { refused, session } from "../../../../helpers/search-sessions.ts";

test("sort: direction, missing values last both ways, stable, by strings and booleans", () => {
  const rows = [
    session({ gameSessionName: "b", creationTimeMillis: 2, gameSessionProperties: { rank: "m" }, hasAvailablePlayerSessions: true }),
    session({ gameSessionName: "a", creationTimeMillis: 1, gameSessionProperties: {}, hasAvailablePlayerSessions: false }),
    session({ gameSessionName: "B", creationTimeMillis: 3, gameSessionProperties: { rank: "a" }, hasAvailablePlayerSessions: true }),
    session({ creationTimeMillis: 2, gameSessionProperties: { rank: "z" }, hasAvailablePlayerSessions: false }),
  ];
  delete rows[3]!.gameSessionName;
  const order = (expr: string) => rows.map((s, i) => ({ s, i })).sort((x, y) => compileSort(expr)(x.s, y.s)).map((x) => x.i);
  assert.deepEqual(order("creationTimeMillis ASC"), [1, 0, 3, 2]); // ties (0 and 3) keep input order
  assert.deepEqual(order("creationTimeMillis DESC"), [2, 0, 3, 1]);
  assert.deepEqual(order("gameSessionName ASC"), [2, 1, 0, 3]); // code units: "B" < "a" < "b"; missing last
  assert.deepEqual(order("gameSessionName DESC"), [0, 1, 2, 3]); // still last when descending
  assert.deepEqual(order("gameSessionProperties.rank asc"), [2, 0, 3, 1]);
  assert.deepEqual(order("gameSessionProperties.rank Desc"), [3, 0, 2, 1]);
  assert.deepEqual(order("hasAvailablePlayerSessions ASC"), [1, 3, 0, 2]);
  assert.deepEqual(order("  playerSessionCount\tDESC  "), [0, 1, 2, 3]);
});

test("sort errors", () => {
  refused("creationTimeMillis", 18, /^expected ASC or DESC after 'creationTimeMillis' but found end of input$/, "sort");
  refused("creationTimeMillis UP", 19, /expected ASC or DESC .* but found 'UP'/, "sort");
  refused("creationTimeMillis ASC, playerSessionCount DESC", 22, /unexpected character ','/, "sort");
  refused("creationTimeMillis ASC playerSessionCount DESC", 23, /sort takes one operand/, "sort");
  refused("", 0, /expected an operand to sort by but found end of input/, "sort");
  refused("ASC", 0, /unknown operand 'ASC'/, "sort");
  refused("(creationTimeMillis) ASC", 0, /expected an operand to sort by but found '\('/, "sort");
  refused("gameSessionProperties.a.b ASC", 23, /contains '\.'/, "sort");
  refused("creationtimemillis DESC", 0, /did you mean 'creationTimeMillis'/, "sort");
});
