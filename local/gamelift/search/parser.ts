/**
 * Recursive-descent parser for FilterExpression and SortExpression.
 *
 * Precedence, tightest first, as the GameLift reference lists it: comparators, parentheses, NOT, AND, OR.
 *   filter    := or
 *   or        := and (OR and)*
 *   and       := unary (AND unary)*
 *   unary     := NOT unary | '(' or ')' | condition
 *   condition := operand comparator value
 *   sort      := operand (ASC | DESC)
 * AND/OR chains become one n-ary node so long chains cost no recursion; only parentheses and NOT recurse,
 * and they are capped at MAX_NESTING_DEPTH.
 */
import {
  type ExpressionKind,
  MAX_EXPRESSION_LENGTH,
  MAX_NESTING_DEPTH,
  SearchExpressionError,
  clip,
  quote,
} from "./errors.ts";
import { type Comparator, type Token, describeToken, tokenize } from "./lexer.ts";
import { type Operand, resolveOperand } from "./operands.ts";

export type Value =
  | { kind: "string"; value: string; text: string; position: number }
  | { kind: "number"; value: number; text: string; position: number }
  | { kind: "boolean"; value: boolean; text: string; position: number };

export interface Condition {
  kind: "condition";
  operand: Operand;
  comparator: { op: Comparator; position: number };
  value: Value;
}

export type FilterNode =
  | Condition
  | { kind: "and"; items: FilterNode[] }
  | { kind: "or"; items: FilterNode[] }
  | { kind: "not"; item: FilterNode };

export interface SortSpec {
  operand: Operand;
  direction: "ASC" | "DESC";
}

const COMPARATORS = "=, <>, <, >, <=, >=";

function keyword(token: Token): string | undefined {
  return token.kind === "word" ? token.text.toUpperCase() : undefined;
}

class TokenStream {
  private index = 0;
  private readonly tokens: Token[];
  readonly expression: ExpressionKind;
  constructor(
    tokens: Token[],
    expression: ExpressionKind,
  ) {
    this.tokens = tokens;
    this.expression = expression;
  }

  peek(): Token {
    // The lexer always ends the list with an "end" token and next() never moves past it.
    return this.tokens[this.index] as Token;
  }

  next(): Token {
    const token = this.peek();
    if (token.kind !== "end") this.index++;
    return token;
  }

  fail(position: number, detail: string): never {
    throw new SearchExpressionError(this.expression, position, detail);
  }
}

function checkLength(source: string, expression: ExpressionKind): void {
  if (source.length > MAX_EXPRESSION_LENGTH) {
    throw new SearchExpressionError(
      expression,
      MAX_EXPRESSION_LENGTH,
      `the expression is ${source.length} characters long; the limit is ${MAX_EXPRESSION_LENGTH}`,
    );
  }
}

export function parseFilter(source: string): FilterNode {
  checkLength(source, "filter");
  const stream = new TokenStream(tokenize(source, "filter"), "filter");
  const node = parseOr(stream, 0, undefined);
  const rest = stream.peek();
  if (rest.kind === ")") stream.fail(rest.position, "this ')' has no matching '('");
  if (rest.kind !== "end") stream.fail(rest.position, `expected AND, OR or end of input but found ${describeToken(rest)}`);
  return node;
}

/** `open` is the '(' this group is inside, for the message when its ')' is missing. */
function parseOr(stream: TokenStream, depth: number, open: Token | undefined): FilterNode {
  const items = [parseAnd(stream, depth, open)];
  while (keyword(stream.peek()) === "OR") {
    stream.next();
    items.push(parseAnd(stream, depth, open));
  }
  return items.length === 1 ? (items[0] as FilterNode) : { kind: "or", items };
}

function parseAnd(stream: TokenStream, depth: number, open: Token | undefined): FilterNode {
  const items = [parseUnary(stream, depth, open)];
  while (keyword(stream.peek()) === "AND") {
    stream.next();
    items.push(parseUnary(stream, depth, open));
  }
  return items.length === 1 ? (items[0] as FilterNode) : { kind: "and", items };
}

function parseUnary(stream: TokenStream, depth: number, open: Token | undefined): FilterNode {
  const token = stream.peek();
  const word = keyword(token);
  if (word === "NOT" || token.kind === "(") {
    if (depth >= MAX_NESTING_DEPTH) {
      stream.fail(token.position, `parentheses and NOT nest more than ${MAX_NESTING_DEPTH} levels deep`);
    }
    stream.next();
    if (word === "NOT") return { kind: "not", item: parseUnary(stream, depth + 1, open) };
    const inner = parseOr(stream, depth + 1, token);
    const close = stream.next();
    if (close.kind !== ")") {
      stream.fail(
        close.position,
        `expected AND, OR or ')' to close the '(' at position ${token.position} but found ${describeToken(close)}`,
      );
    }
    return inner;
  }
  return parseCondition(stream, open);
}

function parseCondition(stream: TokenStream, open: Token | undefined): Condition {
  const token = stream.next();
  if (token.kind !== "word" || reservedWord(token) !== undefined) {
    const where = open === undefined || token.kind !== ")" ? "" : " inside the parentheses";
    stream.fail(token.position, `expected a condition${where} (operand comparator value) but found ${describeToken(token)}`);
  }
  const operand = resolveOperand(token.text, token.position, "filter");
  const comparator = stream.next();
  if (comparator.kind !== "comparator") {
    stream.fail(
      comparator.position,
      `expected a comparator (${COMPARATORS}) after ${quote(token.text)} but found ${describeToken(comparator)}`,
    );
  }
  const value = parseValue(stream, comparator.text);
  return { kind: "condition", operand, comparator: { op: comparator.text, position: comparator.position }, value };
}

/** Words that can never be an operand; in operand position they get a clearer message. */
function reservedWord(token: Token): string | undefined {
  const upper = keyword(token);
  return upper === "AND" || upper === "OR" || upper === "NOT" || upper === "TRUE" || upper === "FALSE"
    ? upper
    : undefined;
}

function parseValue(stream: TokenStream, after: Comparator): Value {
  const token = stream.next();
  switch (token.kind) {
    case "string":
      return { kind: "string", value: token.value, text: token.text, position: token.position };
    case "number":
      return { kind: "number", value: token.value, text: token.text, position: token.position };
    case "word": {
      const upper = token.text.toUpperCase();
      if (upper === "TRUE" || upper === "FALSE") {
        return { kind: "boolean", value: upper === "TRUE", text: token.text, position: token.position };
      }
      return stream.fail(
        token.position,
        `expected a value after '${after}' but found ${describeToken(token)}; strings must be quoted, e.g. ${clip(`'${token.text}'`)}`,
      );
    }
    default:
      return stream.fail(token.position, `expected a value after '${after}' but found ${describeToken(token)}`);
  }
}

export function parseSort(source: string): SortSpec {
  checkLength(source, "sort");
  // The explicit type lets TypeScript narrow after stream.fail(), which returns never.
  const stream: TokenStream = new TokenStream(tokenize(source, "sort"), "sort");
  const token = stream.next();
  if (token.kind !== "word") {
    stream.fail(token.position, `expected an operand to sort by but found ${describeToken(token)}`);
  }
  const operand = resolveOperand(token.text, token.position, "sort");
  const order = stream.next();
  const direction = keyword(order);
  if (direction !== "ASC" && direction !== "DESC") {
    stream.fail(order.position, `expected ASC or DESC after ${quote(token.text)} but found ${describeToken(order)}`);
  }
  const rest = stream.peek();
  if (rest.kind !== "end") {
    stream.fail(rest.position, `expected end of input after ${quote(order.text)} (sort takes one operand) but found ${describeToken(rest)}`);
  }
  return { operand, direction };
}
