// Type tests for the SearchGameSessions filter and sort builders: each operand offers the comparators GameLift
// allows it, with values of its type. Checked by the compiler (vitest typecheck), never run.
import { describe, expectTypeOf, test } from "vitest";
import { and, not, or, sortBy, where, type FilterExpression, type SearchSessionsRequest, type SortExpression } from "../../../../../plugin/core/index.ts";

describe("where(operand)", () => {
  test("numbers compare every way, with numbers", () => {
    for (const operand of ["playerSessionCount", "maximumSessions", "creationTimeMillis"] as const) {
      const condition = where(operand);
      expectTypeOf(condition.eq).parameter(0).toEqualTypeOf<number>();
      expectTypeOf(condition.lt(4)).toEqualTypeOf<FilterExpression>();
      expectTypeOf(condition).toHaveProperty("lte");
      expectTypeOf(condition).toHaveProperty("gt");
      expectTypeOf(condition).toHaveProperty("gte");
      expectTypeOf(condition).toHaveProperty("ne");
    }
    // @ts-expect-error numbers take numbers
    where("playerSessionCount").gt("4");
  });

  test("strings (names, ids, game properties) take only eq and ne, with strings", () => {
    for (const operand of ["gameSessionName", "gameSessionId", "gameSessionProperties.mode"] as const) {
      const condition = where(operand);
      expectTypeOf(condition.eq).parameter(0).toEqualTypeOf<string>();
      expectTypeOf(condition.ne("x")).toEqualTypeOf<FilterExpression>();
      expectTypeOf(condition).not.toHaveProperty("lt");
      expectTypeOf(condition).not.toHaveProperty("gte");
    }
    // @ts-expect-error strings take only eq and ne
    where("gameSessionName").lt("a");
    // @ts-expect-error property values are strings
    where("gameSessionProperties.mode").eq(3);
    // @ts-expect-error properties take only eq and ne
    where("gameSessionProperties.mode").gte("a");
  });

  test("hasAvailablePlayerSessions takes only eq and ne, with true or false", () => {
    expectTypeOf(where("hasAvailablePlayerSessions").eq).parameter(0).toEqualTypeOf<boolean>();
    expectTypeOf(where("hasAvailablePlayerSessions")).not.toHaveProperty("lt");
    // @ts-expect-error booleans take true or false
    where("hasAvailablePlayerSessions").eq("true");
  });

  test("only GameLift's operands", () => {
    expectTypeOf(where).parameter(0).toExtend<string>();
    // @ts-expect-error unknown operand
    where("playerCount");
    // @ts-expect-error game properties are gameSessionProperties.<key>
    where("properties.mode");
  });
});

describe("combining and sorting", () => {
  test("and, or and not make expressions from expressions, which searchSessions takes", () => {
    const open = where("playerSessionCount").lt(4).and(where("hasAvailablePlayerSessions").eq(true));
    expectTypeOf(open).toEqualTypeOf<FilterExpression>();
    expectTypeOf(or(open, not(where("gameSessionName").eq("x")))).toEqualTypeOf<FilterExpression>();
    expectTypeOf(and).parameters.toEqualTypeOf<FilterExpression[]>();
    expectTypeOf<{ filter: FilterExpression; sort: SortExpression }>().toExtend<SearchSessionsRequest>();
    // @ts-expect-error a condition needs its comparator and value before it combines
    and(where("gameSessionName"));
  });

  test("sortBy takes an operand and ASC or DESC", () => {
    expectTypeOf(sortBy("creationTimeMillis", "DESC")).toEqualTypeOf<SortExpression>();
    expectTypeOf(sortBy).parameter(1).toEqualTypeOf<"ASC" | "DESC" | undefined>();
    // @ts-expect-error unknown direction
    sortBy("playerSessionCount", "DOWN");
    // @ts-expect-error unknown operand
    sortBy("players");
  });
});
