/**
 * FlexMatch property expressions: `teams[red].players.attributes[skill]`, `teams[*].players`, and the
 * functions avg, min, max, sum, count and flatten around them. Parsing never throws; it answers with the
 * expression or a message naming what is wrong and where.
 */
import type { CallExpr, Expr, ExprFunction } from "./rule-set.ts";

export const EXPR_FUNCTIONS: readonly ExprFunction[] = ["avg", "min", "max", "sum", "count", "flatten"];
/** Longer than any sensible expression; keeps a hostile rule set from costing much. */
export const MAX_EXPRESSION_LENGTH = 1024;
const MAX_DEPTH = 16;

export type ExprParse = { ok: true; expr: Expr } | { ok: false; error: string };

export function parseExpression(text: string): ExprParse {
  if (text.length > MAX_EXPRESSION_LENGTH) return { ok: false, error: `the expression is longer than ${MAX_EXPRESSION_LENGTH} characters` };
  const p = new ExprParser(text);
  const expr = p.expression(0);
  if (!expr) return { ok: false, error: p.error ?? "not a property expression" };
  p.skipSpace();
  if (p.pos < text.length) return { ok: false, error: `unexpected '${text.slice(p.pos, p.pos + 16)}' at position ${p.pos} after the expression` };
  return { ok: true, expr };
}

export function formatExpression(expr: Expr): string {
  if (expr.kind === "call") return `${expr.fn}(${formatExpression(expr.arg)})`;
  return `teams[${expr.team}].players${expr.attribute === undefined ? "" : `.attributes[${expr.attribute}]`}`;
}

/** A name inside brackets: no brackets, dots or quotes of its own, and not empty. */
export const BRACKET_NAME = /^[^[\]().,'"\s*]+$/;

class ExprParser {
  pos = 0;
  error: string | undefined;
  private readonly text: string;
  constructor(text: string) {
    this.text = text;
  }

  skipSpace(): void {
    while (this.pos < this.text.length && /\s/.test(this.text[this.pos]!)) this.pos++;
  }

  private fail(message: string): undefined {
    this.error ??= `${message} at position ${this.pos}`;
    return undefined;
  }

  private word(): string {
    this.skipSpace();
    const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(this.text.slice(this.pos));
    if (!m) return "";
    this.pos += m[0].length;
    return m[0];
  }

  private expect(char: string): boolean {
    this.skipSpace();
    if (this.text[this.pos] === char) {
      this.pos++;
      return true;
    }
    return false;
  }

  /** The raw name between brackets, e.g. `red`, `*`, `skill`. */
  private bracketed(what: string, allowStar: boolean): string | undefined {
    if (!this.expect("[")) return this.fail(`expected '[' before the ${what}`);
    const close = this.text.indexOf("]", this.pos);
    if (close < 0) return this.fail(`missing ']' after the ${what}`);
    const name = this.text.slice(this.pos, close).trim();
    if (!(allowStar && name === "*") && !BRACKET_NAME.test(name)) return this.fail(`'${name}' is not a valid ${what}`);
    this.pos = close + 1;
    return name;
  }

  expression(depth: number): Expr | undefined {
    if (depth > MAX_DEPTH) return this.fail(`expressions nest at most ${MAX_DEPTH} deep`);
    const start = this.pos;
    const name = this.word();
    if (name === "") return this.fail("expected a function or 'teams'");
    if (name === "teams") return this.path();
    if (!this.expect("(")) {
      this.pos = start;
      return this.fail(`'${name}' is neither a function call nor 'teams[...]'`);
    }
    if (!(EXPR_FUNCTIONS as readonly string[]).includes(name)) {
      this.pos = start;
      return this.fail(`unsupported function '${name}' (supported: ${EXPR_FUNCTIONS.join(", ")})`);
    }
    const arg = this.expression(depth + 1);
    if (!arg) return undefined;
    if (!this.expect(")")) return this.fail(`expected ')' to close ${name}(`);
    const call: CallExpr = { kind: "call", fn: name as ExprFunction, arg };
    return call;
  }

  private path(): Expr | undefined {
    const team = this.bracketed("team name", true);
    if (team === undefined) return undefined;
    if (!this.expect(".") || this.word() !== "players") return this.fail("expected '.players' after teams[...]");
    this.skipSpace();
    if (this.text[this.pos] !== ".") return { kind: "path", team };
    this.pos++;
    const member = this.word();
    if (member !== "attributes") return this.fail(`'players.${member}' is not supported (only players.attributes[...])`);
    const attribute = this.bracketed("attribute name", false);
    if (attribute === undefined) return undefined;
    this.skipSpace();
    if (this.text[this.pos] === "[") return this.fail("map keys after attributes[...] are not supported");
    return { kind: "path", team, attribute };
  }
}
