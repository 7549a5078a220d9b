/** Longest expression compiled; longer ones are refused before lexing so work and cache memory stay bounded. */
export const MAX_EXPRESSION_LENGTH = 4096;
/** Deepest nesting of parentheses and NOT; keeps the recursive-descent parser's stack bounded. */
export const MAX_NESTING_DEPTH = 64;

export type ExpressionKind = "filter" | "sort";

/**
 * A FilterExpression or SortExpression that cannot be compiled. The service answers it with
 * InvalidRequestException carrying `message`.
 */
export class SearchExpressionError extends Error {
  /** 0-based character offset into the expression of the offending token (its length for end of input). */
  readonly position: number;
  readonly expression: ExpressionKind;
  /** The message without the "Invalid … expression at position N: " prefix. */
  readonly detail: string;

  constructor(expression: ExpressionKind, position: number, detail: string) {
    super(`Invalid ${expression} expression at position ${position}: ${detail}`);
    this.name = "SearchExpressionError";
    this.expression = expression;
    this.position = position;
    this.detail = detail;
  }
}

/** Source text for a message, in single quotes. */
export function quote(text: string): string {
  return `'${clip(text)}'`;
}

/** Source text for a message: shortened, control characters made visible. */
export function clip(text: string): string {
  let short = text;
  if (text.length > 40) {
    // Never cut a surrogate pair in half: the message should stay well-formed text.
    const code = text.charCodeAt(36);
    const cut = code >= 0xd800 && code <= 0xdbff ? 36 : 37;
    short = `${text.slice(0, cut)}...`;
  }
  let out = "";
  for (const c of short) {
    const code = c.charCodeAt(0);
    out += code < 0x20 || code === 0x7f ? `\\u${code.toString(16).padStart(4, "0")}` : c;
  }
  return out;
}
