/**
 * Turns a filter AST into a predicate made of closures, once per expression, so evaluating a session is a
 * few direct property reads and comparisons with no tree walking or type dispatch.
 *
 * Type rules (GameLift reference: "Boolean and string values can only be used with the comparators = and
 * <>"): numbers take every comparator and a number value; gameSessionName, gameSessionId and
 * gameSessionProperties.<key> take = / <> and a quoted string ("All custom data values are searched as
 * strings", so a property never takes a bare number); hasAvailablePlayerSessions takes = / <> and true/false.
 *
 * Missing values (a session without a name, or without the property) are equal to nothing: `=` is false and
 * `<>` is true, so `a <> v` always means `NOT a = v`.
 */
import { SearchExpressionError, clip } from "./errors.ts";
import type { Comparator } from "./lexer.ts";
import { type Operand, type OperandType, PROPERTIES } from "./operands.ts";
import type { Condition, FilterNode, Value } from "./parser.ts";
import type { SearchableSession } from "./session.ts";

export type Predicate = (s: SearchableSession) => boolean;

function describeValue(value: Value): string {
  return `the ${value.kind} ${clip(value.text)}`;
}

const TYPE_NAMES: Record<OperandType, string> = { string: "a string", number: "a number", boolean: "a boolean" };
const EXPECTED_VALUE: Record<OperandType, string> = {
  string: "a quoted string",
  number: "a number",
  boolean: "true or false",
};

function checkTypes(condition: Condition): void {
  const { operand, comparator, value } = condition;
  const isProperty = operand.kind === "property";
  const subject = isProperty ? `${PROPERTIES} values` : operand.name;
  if (operand.type !== "number" && comparator.op !== "=" && comparator.op !== "<>") {
    const type = isProperty ? "strings" : TYPE_NAMES[operand.type];
    throw new SearchExpressionError(
      "filter",
      comparator.position,
      `'${comparator.op}' cannot be used with ${subject} (${type}); use = or <>`,
    );
  }
  if (value.kind !== operand.type) {
    const hint = operand.type === "string" ? `; write ${clip(`'${value.text}'`)}` : "";
    throw new SearchExpressionError(
      "filter",
      value.position,
      `${subject} ${isProperty ? "take" : "takes"} ${EXPECTED_VALUE[operand.type]}, not ${describeValue(value)}${hint}`,
    );
  }
}

function numberPredicate(read: (s: SearchableSession) => number, op: Comparator, v: number): Predicate {
  switch (op) {
    case "=":
      return (s) => read(s) === v;
    case "<>":
      return (s) => read(s) !== v;
    case "<":
      return (s) => read(s) < v;
    case ">":
      return (s) => read(s) > v;
    case "<=":
      return (s) => read(s) <= v;
    case ">=":
      return (s) => read(s) >= v;
  }
}

function numberReader(operand: Operand): (s: SearchableSession) => number {
  switch (operand.kind === "field" ? operand.name : undefined) {
    case "maximumSessions":
      return (s) => s.maximumSessions;
    case "creationTimeMillis":
      return (s) => s.creationTimeMillis;
    case "playerSessionCount":
      return (s) => s.playerSessionCount;
    default:
      throw new Error(`not a number operand: ${operand.text}`);
  }
}

function compileCondition(condition: Condition): Predicate {
  checkTypes(condition);
  const { operand, comparator, value } = condition;
  const negate = comparator.op === "<>";
  if (value.kind === "number") return numberPredicate(numberReader(operand), comparator.op, value.value);
  if (value.kind === "boolean") {
    const wanted = value.value !== negate;
    return (s) => s.hasAvailablePlayerSessions === wanted;
  }
  const v = value.value;
  if (operand.kind === "property") {
    const key = operand.key;
    // Inherited members ("constructor" and the like) are never strings, so they never equal v.
    return negate ? (s) => s.gameSessionProperties[key] !== v : (s) => s.gameSessionProperties[key] === v;
  }
  if (operand.name === "gameSessionName") {
    return negate ? (s) => s.gameSessionName !== v : (s) => s.gameSessionName === v;
  }
  return negate ? (s) => s.gameSessionId !== v : (s) => s.gameSessionId === v;
}

function compileAll(items: FilterNode[], every: boolean): Predicate {
  const parts = items.map(compileNode);
  // Fixed arities avoid a loop for the common short chains.
  if (parts.length === 2) {
    const [a, b] = parts as [Predicate, Predicate];
    return every ? (s) => a(s) && b(s) : (s) => a(s) || b(s);
  }
  if (parts.length === 3) {
    const [a, b, c] = parts as [Predicate, Predicate, Predicate];
    return every ? (s) => a(s) && b(s) && c(s) : (s) => a(s) || b(s) || c(s);
  }
  return every
    ? (s) => {
        for (const p of parts) if (!p(s)) return false;
        return true;
      }
    : (s) => {
        for (const p of parts) if (p(s)) return true;
        return false;
      };
}

function compileNode(node: FilterNode): Predicate {
  switch (node.kind) {
    case "condition":
      return compileCondition(node);
    case "and":
      return compileAll(node.items, true);
    case "or":
      return compileAll(node.items, false);
    case "not": {
      const inner = compileNode(node.item);
      return (s) => !inner(s);
    }
  }
}

/**
 * Checks every condition's types and builds the predicate. The parser has already run, so a syntax error
 * anywhere wins over a type error; among type errors the leftmost is reported.
 */
export function compileFilterAst(node: FilterNode): Predicate {
  return compileNode(node);
}
