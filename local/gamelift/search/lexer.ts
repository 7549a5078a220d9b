/**
 * Tokens of the SearchGameSessions expression language, each with its 0-based offset so every later error
 * can point at the character that caused it.
 */
import { type ExpressionKind, SearchExpressionError, clip, quote } from "./errors.ts";

export type Comparator = "=" | "<>" | "<" | ">" | "<=" | ">=";

export type Token =
  /** Operands, keywords (AND OR NOT ASC DESC) and the booleans true/false: told apart by the parser. */
  | { kind: "word"; text: string; position: number }
  | { kind: "string"; text: string; value: string; position: number }
  | { kind: "number"; text: string; value: number; position: number }
  | { kind: "comparator"; text: Comparator; position: number }
  | { kind: "("; text: "("; position: number }
  | { kind: ")"; text: ")"; position: number }
  | { kind: "end"; text: ""; position: number };

function isSpace(code: number): boolean {
  // ASCII whitespace plus the Unicode spaces JSON editors and chat clients like to insert.
  return (
    code === 0x20 ||
    (code >= 0x09 && code <= 0x0d) ||
    code === 0xa0 ||
    code === 0xfeff ||
    code === 0x2028 ||
    code === 0x2029 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x3000
  );
}

function isDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}

function isWordStart(code: number): boolean {
  return (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a) || code === 0x5f;
}

/**
 * Words also take "." (gameSessionProperties.<key>) and "-" (keys such as "game-mode"); the parser rejects
 * whatever is not an operand or keyword. Nothing else, so positions of stray characters stay exact.
 */
function isWordPart(code: number): boolean {
  return isWordStart(code) || isDigit(code) || code === 0x2e || code === 0x2d;
}

/** Hints for characters people bring from other query languages. */
const STRAY_HINTS: Record<string, string> = {
  "!": "; use '<>' for not-equal and NOT for negation",
  "&": "; use AND",
  "|": "; use OR",
  "`": "; quote strings with ' or \"",
};

export function describeToken(token: Token): string {
  switch (token.kind) {
    case "end":
      return "end of input";
    case "string":
      return `the string ${clip(token.text)}`;
    default:
      return quote(token.text);
  }
}

export function tokenize(source: string, expression: ExpressionKind): Token[] {
  const tokens: Token[] = [];
  const fail = (position: number, detail: string): never => {
    throw new SearchExpressionError(expression, position, detail);
  };
  const length = source.length;
  let i = 0;
  while (i < length) {
    const code = source.charCodeAt(i);
    if (isSpace(code)) {
      i++;
      continue;
    }
    const start = i;
    const c = source[i] as string;
    if (c === "(") {
      tokens.push({ kind: "(", text: "(", position: start });
      i++;
    } else if (c === ")") {
      tokens.push({ kind: ")", text: ")", position: start });
      i++;
    } else if (c === "=") {
      tokens.push({ kind: "comparator", text: "=", position: start });
      i++;
    } else if (c === "<" || c === ">") {
      const next = source[i + 1];
      let text: Comparator = c;
      if (next === "=") text = c === "<" ? "<=" : ">=";
      else if (c === "<" && next === ">") text = "<>";
      tokens.push({ kind: "comparator", text, position: start });
      i += text.length;
    } else if (c === "'" || c === '"') {
      i++;
      let value = "";
      let closed = false;
      while (i < length) {
        const d = source[i] as string;
        if (d === c) {
          closed = true;
          i++;
          break;
        }
        if (d === "\\") {
          const escaped = source[i + 1];
          if (escaped === undefined) break;
          // Only the characters that could not otherwise be written are escapable, so a stray backslash
          // is reported rather than silently dropped.
          if (escaped !== "\\" && escaped !== "'" && escaped !== '"') {
            fail(i, `unknown escape ${quote(`\\${escaped}`)} in a string; only \\\\, \\' and \\" are escapes`);
          }
          value += escaped;
          i += 2;
          continue;
        }
        value += d;
        i++;
      }
      if (!closed) fail(start, `the string starting here has no closing ${c}`);
      tokens.push({ kind: "string", text: source.slice(start, i), value, position: start });
    } else if (isDigit(code) || (c === "-" && isDigit(source.charCodeAt(i + 1)))) {
      i++;
      while (isDigit(source.charCodeAt(i))) i++;
      if (source[i] === "." && isDigit(source.charCodeAt(i + 1))) {
        i += 2;
        while (isDigit(source.charCodeAt(i))) i++;
      }
      if (i < length && isWordPart(source.charCodeAt(i))) {
        let end = i;
        while (end < length && isWordPart(source.charCodeAt(end))) end++;
        fail(start, `invalid number ${quote(source.slice(start, end))}; numbers are written like 10, -3 or 2.5`);
      }
      const text = source.slice(start, i);
      tokens.push({ kind: "number", text, value: Number(text), position: start });
    } else if (isWordStart(code)) {
      i++;
      while (i < length && isWordPart(source.charCodeAt(i))) i++;
      tokens.push({ kind: "word", text: source.slice(start, i), position: start });
    } else {
      const char = String.fromCodePoint(source.codePointAt(i) as number);
      fail(start, `unexpected character ${quote(char)}${STRAY_HINTS[char] ?? ""}`);
    }
  }
  tokens.push({ kind: "end", text: "", position: length });
  return tokens;
}
