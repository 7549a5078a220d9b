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

/**
 * Game session attributes compared as numbers: `playerSessionCount` (players in it now; changes quickly),
 * `maximumSessions` (its player limit) and `creationTimeMillis` (when it was created, Unix time in ms).
 */
export type NumberOperand = "playerSessionCount" | "maximumSessions" | "creationTimeMillis";
/**
 * `hasAvailablePlayerSessions`: whether the session still has a free slot. AWS recommends it in every search,
 * for speed and so that only sessions a player can join come back.
 */
export type BooleanOperand = "hasAvailablePlayerSessions";
/**
 * One of the game session's properties (its GameProperties, e.g. `gameSessionProperties.mode`). Values are
 * searched as strings; the key may hold only letters, digits, `_` and `-`.
 */
export type PropertyOperand = `gameSessionProperties.${string}`;
/** Game session attributes compared as strings (= and <> only; case-sensitive): its name, its ID or ARN, a property. */
export type StringOperand = "gameSessionName" | "gameSessionId" | PropertyOperand;
/** Any game session attribute SearchGameSessions can filter or sort on. */
export type Operand = NumberOperand | BooleanOperand | StringOperand;

/** A condition's comparison, as GameLift writes it; strings and booleans take only `=` and `<>`. */
export type Comparator = "=" | "<>" | "<" | ">" | "<=" | ">=";
/** A value to compare with: a number for number operands, a boolean or a string for the others. */
export type FilterValue = string | number | boolean;
/** Sort order: ASC (ascending) or DESC (descending). */
export type SortDirection = "ASC" | "DESC";

/** The tree a {@link FilterExpression} is made of: a condition, AND / OR of several, or NOT of one. */
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

/**
 * A SearchGameSessions FilterExpression, made with {@link where}, {@link and}, {@link or} and {@link not}, and
 * given to `kit.sessions.searchSessions({ filter })`. Immutable: combining makes a new expression.
 */
export class FilterExpression {
  /** The expression's tree. */
  readonly node: FilterNode;
  /** Made by the builders; use {@link where}. */
  constructor(node: FilterNode) {
    this.node = node;
  }

  /** This expression AND all the others: sessions every one of them matches. */
  and(...others: FilterExpression[]): FilterExpression {
    return combine("and", [this, ...others]);
  }

  /** This expression OR any of the others: sessions at least one of them matches. */
  or(...others: FilterExpression[]): FilterExpression {
    return combine("or", [this, ...others]);
  }

  /** The opposite of this expression: sessions it does not match. */
  not(): FilterExpression {
    return not(this);
  }

  /** The FilterExpression text to send, e.g. `playerSessionCount < 4 AND gameSessionProperties.mode = 'ctf'`. */
  toString(): string {
    return print(this.node);
  }

  /** The same text as {@link toString}, so the expression serializes as GameLift's string. */
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
  /** The attribute the condition is on. */
  readonly operand: Operand;
  private readonly valueType: "string" | "boolean";
  constructor(
    operand: Operand,
    valueType: "string" | "boolean",
  ) {
    this.operand = operand;
    this.valueType = valueType;
  }

  /**
   * The attribute equals `value` (`=`).
   *
   * @throws GameLiftKitError InvalidParameter for a value of the wrong type.
   */
  eq(value: V): FilterExpression {
    return condition(this.operand, this.valueType, "=", value);
  }

  /**
   * The attribute differs from `value` (`<>`).
   *
   * @throws GameLiftKitError InvalidParameter for a value of the wrong type.
   */
  ne(value: V): FilterExpression {
    return condition(this.operand, this.valueType, "<>", value);
  }
}

/**
 * Conditions on a number attribute; every comparator exists. Each throws a GameLiftKitError InvalidParameter
 * for a value that is not a finite number.
 */
export class NumberCondition {
  /** The attribute the condition is on. */
  readonly operand: NumberOperand;
  /** Made by {@link where}. */
  constructor(operand: NumberOperand) {
    this.operand = operand;
  }

  /** The attribute equals `value` (`=`). */
  eq(value: number): FilterExpression {
    return condition(this.operand, "number", "=", value);
  }
  /** The attribute differs from `value` (`<>`). */
  ne(value: number): FilterExpression {
    return condition(this.operand, "number", "<>", value);
  }
  /** The attribute is less than `value` (`<`). */
  lt(value: number): FilterExpression {
    return condition(this.operand, "number", "<", value);
  }
  /** The attribute is at most `value` (`<=`). */
  lte(value: number): FilterExpression {
    return condition(this.operand, "number", "<=", value);
  }
  /** The attribute is greater than `value` (`>`). */
  gt(value: number): FilterExpression {
    return condition(this.operand, "number", ">", value);
  }
  /** The attribute is at least `value` (`>=`). */
  gte(value: number): FilterExpression {
    return condition(this.operand, "number", ">=", value);
  }
}

/** What {@link where} starts for an operand: number comparisons for number operands, = and <> for the rest. */
export type ConditionFor<O extends Operand> = O extends NumberOperand
  ? NumberCondition
  : O extends BooleanOperand
    ? EqualityCondition<boolean>
    : EqualityCondition<string>;

/**
 * Starts a search condition on one game session attribute; the attribute's type decides which comparators
 * exist (`where("gameSessionName").lt` does not compile). Finish it with a comparator, combine with
 * `.and()`, `.or()`, `.not()`, and pass the result as `searchSessions({ filter })`.
 *
 * @example
 * ```ts
 * const open = where("hasAvailablePlayerSessions").eq(true)
 *   .and(where("gameSessionProperties.mode").eq("ctf"), where("playerSessionCount").lt(4));
 * const { gameSessions } = await kit.sessions.searchSessions({ filter: open, sort: sortBy("creationTimeMillis", "DESC") });
 * ```
 * @throws GameLiftKitError InvalidParameter for an unknown operand, or a property key GameLift cannot search
 *   (one with `.` or other characters than letters, digits, `_`, `-`).
 */
export function where<O extends Operand>(operand: O): ConditionFor<O> {
  const type = operandType(operand);
  const started = type === "number" ? new NumberCondition(operand as NumberOperand) : new EqualityCondition(operand, type);
  return started as ConditionFor<O>;
}

/**
 * Sessions every one of `filters` matches. Parentheses are added where GameLift's precedence needs them.
 *
 * @throws GameLiftKitError InvalidParameter with no filters, or one not made by these builders.
 */
export function and(...filters: FilterExpression[]): FilterExpression {
  return combine("and", filters);
}

/**
 * Sessions at least one of `filters` matches, e.g. `or(where("gameSessionProperties.map").eq("dunes"),
 * where("gameSessionProperties.map").eq("canyon"))`.
 *
 * @throws GameLiftKitError InvalidParameter with no filters, or one not made by these builders.
 */
export function or(...filters: FilterExpression[]): FilterExpression {
  return combine("or", filters);
}

/**
 * Sessions `filter` does not match.
 *
 * @throws GameLiftKitError InvalidParameter for a filter not made by these builders.
 */
export function not(filter: FilterExpression): FilterExpression {
  if (!(filter instanceof FilterExpression)) throw invalid("filter: not() takes an expression made with where(), and(), or() or not()");
  return new FilterExpression({ kind: "not", item: filter.node });
}

/** A SearchGameSessions SortExpression, made with {@link sortBy}. */
export class SortExpression {
  /** The attribute sessions are sorted by. */
  readonly operand: Operand;
  /** Ascending or descending. */
  readonly direction: SortDirection;
  /** Made by {@link sortBy}, which checks its arguments. */
  constructor(
    operand: Operand,
    direction: SortDirection,
  ) {
    this.operand = operand;
    this.direction = direction;
  }

  /** The SortExpression text to send, e.g. `creationTimeMillis DESC`. */
  toString(): string {
    return `${this.operand} ${this.direction}`;
  }

  /** The same text as {@link toString}, so the expression serializes as GameLift's string. */
  toJSON(): string {
    return this.toString();
  }
}

/**
 * The order search results come in (without one, GameLift returns them in no set order); sessions without a
 * value for the operand come last either way. `sortBy("creationTimeMillis")` lists the oldest first.
 *
 * @throws GameLiftKitError InvalidParameter for an unknown operand or a direction other than ASC or DESC.
 */
export function sortBy(operand: Operand, direction: SortDirection = "ASC"): SortExpression {
  operandType(operand);
  if (direction !== "ASC" && direction !== "DESC") throw invalid(`sort: direction must be "ASC" or "DESC", not ${JSON.stringify(direction)}`);
  return new SortExpression(operand, direction);
}
