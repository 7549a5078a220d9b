/**
 * Typed builders for SearchGameSessions' FilterExpression and SortExpression.
 *
 *   const open = where("playerSessionCount").lt(4).and(where("gameSessionProperties.mode").eq("ctf"));
 *   kit.sessions.searchSessions({ filter: open.or(where("gameSessionName").eq("it's mine")), sort: sortBy("creationTimeMillis", "DESC") });
 *
 * The types follow GameLift's rule that strings and booleans take only = and <>: `where("gameSessionName").lt`
 * does not exist. Printing quotes and escapes values and adds the parentheses precedence needs, so any tree
 * the builder makes is an expression GameLift parses and evaluates as the tree reads.
 */
import { GameLiftKitError } from "../errors.ts";

export type NumberOperand = "playerSessionCount" | "maximumSessions" | "creationTimeMillis";
export type BooleanOperand = "hasAvailablePlayerSessions";
export type PropertyOperand = `gameSessionProperties.${string}`;
export type StringOperand = "gameSessionName" | "gameSessionId" | PropertyOperand;
export type Operand = NumberOperand | BooleanOperand | StringOperand;

export type Comparator = "=" | "<>" | "<" | ">" | "<=" | ">=";
export type FilterValue = string | number | boolean;
export type SortDirection = "ASC" | "DESC";

export type FilterNode =
  | { readonly kind: "condition"; readonly operand: Operand; readonly comparator: Comparator; readonly value: FilterValue }
  | { readonly kind: "and" | "or"; readonly items: readonly FilterNode[] }
  | { readonly kind: "not"; readonly item: FilterNode };

const PROPERTY_PREFIX = "gameSessionProperties.";
const OPERAND_TYPES: Record<Exclude<Operand, PropertyOperand>, "number" | "boolean" | "string"> = {
  playerSessionCount: "number",
  maximumSessions: "number",
  creationTimeMillis: "number",
  hasAvailablePlayerSessions: "boolean",
  gameSessionName: "string",
  gameSessionId: "string",
};
/** Characters the expression grammar allows in an operand word after "gameSessionProperties.". */
const SEARCHABLE_KEY = /^[A-Za-z0-9_-]+$/;

function invalid(message: string): GameLiftKitError {
  return new GameLiftKitError("InvalidParameter", message);
}

function operandType(operand: string): "number" | "boolean" | "string" {
  if (operand.startsWith(PROPERTY_PREFIX)) {
    const key = operand.slice(PROPERTY_PREFIX.length);
    if (key.includes(".")) {
      throw invalid(`filter: property key '${key}' contains '.'; GameLift cannot search keys with '.' (the first '.' only separates gameSessionProperties from the key)`);
    }
    if (!SEARCHABLE_KEY.test(key)) {
      throw invalid(`filter: property key '${key}' cannot be named in an expression; searchable keys are letters, digits, '_' and '-'`);
    }
    return "string";
  }
  if (!Object.hasOwn(OPERAND_TYPES, operand)) {
    throw invalid(`filter: unknown operand '${operand}'; operands are ${Object.keys(OPERAND_TYPES).join(", ")} and ${PROPERTY_PREFIX}<key>`);
  }
  return OPERAND_TYPES[operand as keyof typeof OPERAND_TYPES];
}

/**
 * Numbers as the grammar writes them (`-?digits[.digits]`): JavaScript's shortest round-trip digits, with
 * exponent notation (1e21, 1.5e-7) spelled out, so the service reads back exactly the number given.
 */
export function formatNumber(n: number): string {
  if (!Number.isFinite(n)) throw invalid(`filter: ${n} is not a finite number`);
  if (n === 0) return "0";
  const text = String(n);
  const e = text.indexOf("e");
  if (e === -1) return text;
  const negative = text.startsWith("-");
  const mantissa = text.slice(negative ? 1 : 0, e);
  const exponent = Number(text.slice(e + 1));
  const point = mantissa.indexOf(".");
  const digits = mantissa.replace(".", "");
  const integerLength = (point === -1 ? mantissa.length : point) + exponent;
  let out: string;
  if (integerLength <= 0) out = `0.${"0".repeat(-integerLength)}${digits}`;
  else if (integerLength >= digits.length) out = digits + "0".repeat(integerLength - digits.length);
  else out = `${digits.slice(0, integerLength)}.${digits.slice(integerLength)}`;
  return negative ? `-${out}` : out;
}

/** A string literal: single quotes, with the grammar's two escapes (\\ and \'). */
export function quoteString(value: string): string {
  return `'${value.replace(/[\\']/g, (c) => `\\${c}`)}'`;
}

function literal(value: FilterValue): string {
  if (typeof value === "string") return quoteString(value);
  if (typeof value === "boolean") return String(value);
  return formatNumber(value);
}

const PRECEDENCE = { or: 1, and: 2, not: 3, condition: 4 } as const;

function print(node: FilterNode): string {
  switch (node.kind) {
    case "condition":
      return `${node.operand} ${node.comparator} ${literal(node.value)}`;
    case "not":
      return `NOT ${printInside(node.item, PRECEDENCE.not)}`;
    case "and":
    case "or":
      return node.items.map((item) => printInside(item, PRECEDENCE[node.kind])).join(node.kind === "and" ? " AND " : " OR ");
  }
}

function printInside(node: FilterNode, parent: number): string {
  const text = print(node);
  return PRECEDENCE[node.kind] < parent ? `(${text})` : text;
}

function combine(kind: "and" | "or", filters: readonly FilterExpression[]): FilterExpression {
  if (filters.length === 0) throw invalid(`filter: ${kind}() needs at least one expression`);
  for (const f of filters) {
    if (!(f instanceof FilterExpression)) throw invalid(`filter: ${kind}() takes expressions made with where(), and(), or() or not()`);
  }
  if (filters.length === 1) return filters[0] as FilterExpression;
  // A chain of one operator is one n-ary node, so a.and(b).and(c) prints without nested parentheses.
  const items = filters.flatMap((f) => (f.node.kind === kind ? f.node.items : [f.node]));
  return new FilterExpression({ kind, items });
}

export class FilterExpression {
  readonly node: FilterNode;
  constructor(node: FilterNode) {
    this.node = node;
  }

  and(...others: FilterExpression[]): FilterExpression {
    return combine("and", [this, ...others]);
  }

  or(...others: FilterExpression[]): FilterExpression {
    return combine("or", [this, ...others]);
  }

  not(): FilterExpression {
    return not(this);
  }

  /** The FilterExpression text to send. */
  toString(): string {
    return print(this.node);
  }

  toJSON(): string {
    return this.toString();
  }
}

function condition(operand: Operand, type: string, comparator: Comparator, value: FilterValue): FilterExpression {
  // Checked at run time too: JavaScript callers and values read from game data bypass the types.
  if (typeof value !== type) throw invalid(`filter: ${operand} takes a ${type}, not ${typeof value} ${JSON.stringify(value)}`);
  if (typeof value === "number" && !Number.isFinite(value)) throw invalid(`filter: ${operand} needs a finite number, not ${value}`);
  return new FilterExpression({ kind: "condition", operand, comparator, value });
}

/** Conditions on strings and booleans: GameLift allows only = and <> on them. */
export class EqualityCondition<V extends string | boolean> {
  readonly operand: Operand;
  private readonly valueType: "string" | "boolean";
  constructor(
    operand: Operand,
    valueType: "string" | "boolean",
  ) {
    this.operand = operand;
    this.valueType = valueType;
  }

  eq(value: V): FilterExpression {
    return condition(this.operand, this.valueType, "=", value);
  }

  ne(value: V): FilterExpression {
    return condition(this.operand, this.valueType, "<>", value);
  }
}

export class NumberCondition {
  readonly operand: NumberOperand;
  constructor(operand: NumberOperand) {
    this.operand = operand;
  }

  eq(value: number): FilterExpression {
    return condition(this.operand, "number", "=", value);
  }
  ne(value: number): FilterExpression {
    return condition(this.operand, "number", "<>", value);
  }
  lt(value: number): FilterExpression {
    return condition(this.operand, "number", "<", value);
  }
  lte(value: number): FilterExpression {
    return condition(this.operand, "number", "<=", value);
  }
  gt(value: number): FilterExpression {
    return condition(this.operand, "number", ">", value);
  }
  gte(value: number): FilterExpression {
    return condition(this.operand, "number", ">=", value);
  }
}

export type ConditionFor<O extends Operand> = O extends NumberOperand
  ? NumberCondition
  : O extends BooleanOperand
    ? EqualityCondition<boolean>
    : EqualityCondition<string>;

/** Starts a condition on one operand; the operand's type decides which comparators exist. */
export function where<O extends Operand>(operand: O): ConditionFor<O> {
  const type = operandType(operand);
  const started = type === "number" ? new NumberCondition(operand as NumberOperand) : new EqualityCondition(operand, type);
  return started as ConditionFor<O>;
}

export function and(...filters: FilterExpression[]): FilterExpression {
  return combine("and", filters);
}

export function or(...filters: FilterExpression[]): FilterExpression {
  return combine("or", filters);
}

export function not(filter: FilterExpression): FilterExpression {
  if (!(filter instanceof FilterExpression)) throw invalid("filter: not() takes an expression made with where(), and(), or() or not()");
  return new FilterExpression({ kind: "not", item: filter.node });
}

export class SortExpression {
  readonly operand: Operand;
  readonly direction: SortDirection;
  constructor(
    operand: Operand,
    direction: SortDirection,
  ) {
    this.operand = operand;
    this.direction = direction;
  }

  toString(): string {
    return `${this.operand} ${this.direction}`;
  }

  toJSON(): string {
    return this.toString();
  }
}

/** A SortExpression; sessions without a value for the operand come last either way. */
export function sortBy(operand: Operand, direction: SortDirection = "ASC"): SortExpression {
  operandType(operand);
  if (direction !== "ASC" && direction !== "DESC") throw invalid(`sort: direction must be "ASC" or "DESC", not ${JSON.stringify(direction)}`);
  return new SortExpression(operand, direction);
}
