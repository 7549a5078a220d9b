/**
 * SortExpression: one operand, ASC or DESC. Sessions without a value for the operand (no name, no such
 * property) go last in both directions, as the reference says ("Results with a null value for the sort
 * operand are returned at the end of the list"). Strings compare by UTF-16 code units, not locale, so the
 * order is the same on every machine; booleans sort false before true. Ties keep input order.
 */
import { operandReader } from "./operands.ts";
import type { SortSpec } from "./parser.ts";
import type { SearchableSession } from "./session.ts";

export type SessionComparator = (a: SearchableSession, b: SearchableSession) => number;

export interface SortOrder {
  compare: SessionComparator;
  /**
   * For the number operands only: a key whose ascending order is the sort order (the value, negated for
   * DESC). Every session has these values, so there is no missing case, and selection can compare plain
   * numbers instead of calling `compare`.
   */
  numberKey?: (s: SearchableSession) => number;
}

function numberKey(spec: SortSpec): ((s: SearchableSession) => number) | undefined {
  const operand = spec.operand;
  if (operand.kind !== "field") return undefined;
  const desc = spec.direction === "DESC";
  switch (operand.name) {
    case "maximumSessions":
      return desc ? (s) => -s.maximumSessions : (s) => s.maximumSessions;
    case "creationTimeMillis":
      return desc ? (s) => -s.creationTimeMillis : (s) => s.creationTimeMillis;
    case "playerSessionCount":
      return desc ? (s) => -s.playerSessionCount : (s) => s.playerSessionCount;
    default:
      return undefined;
  }
}

export function compileSortSpec(spec: SortSpec): SortOrder {
  const read = operandReader(spec.operand);
  const sign = spec.direction === "ASC" ? 1 : -1;
  // 0 for ties keeps Array.prototype.sort (stable) in input order.
  const compare: SessionComparator = (a, b) => {
    const x = read(a);
    const y = read(b);
    if (x === undefined) return y === undefined ? 0 : 1;
    if (y === undefined) return -1;
    return x < y ? -sign : x > y ? sign : 0;
  };
  const key = numberKey(spec);
  return key === undefined ? { compare } : { compare, numberKey: key };
}
