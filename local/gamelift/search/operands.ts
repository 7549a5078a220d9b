/**
 * The searchable game session attributes: their names as written in expressions, their types (which decide
 * the allowed comparators and values) and how to read them from a session. Shared by filter and sort.
 */
import { type ExpressionKind, SearchExpressionError, quote } from "./errors.ts";
import type { SearchableSession } from "./session.ts";

export type OperandType = "string" | "number" | "boolean";

export type FieldName =
  | "gameSessionName"
  | "gameSessionId"
  | "maximumSessions"
  | "creationTimeMillis"
  | "playerSessionCount"
  | "hasAvailablePlayerSessions";

export const PROPERTIES = "gameSessionProperties";

export type Operand =
  | { kind: "field"; name: FieldName; type: OperandType; text: string; position: number }
  | { kind: "property"; key: string; type: "string"; text: string; position: number };

const FIELD_TYPES: Record<FieldName, OperandType> = {
  gameSessionName: "string",
  gameSessionId: "string",
  maximumSessions: "number",
  creationTimeMillis: "number",
  playerSessionCount: "number",
  hasAvailablePlayerSessions: "boolean",
};

const FIELD_NAMES = Object.keys(FIELD_TYPES) as FieldName[];

function isFieldName(word: string): word is FieldName {
  return Object.hasOwn(FIELD_TYPES, word);
}

export const OPERAND_LIST = [
  "gameSessionName",
  "gameSessionId",
  `${PROPERTIES}.<key>`,
  "maximumSessions",
  "creationTimeMillis",
  "playerSessionCount",
  "hasAvailablePlayerSessions",
].join(", ");

/**
 * Turns a word into an operand. Names are case-sensitive as the reference spells them; a near miss in case
 * gets a "did you mean" instead of silently matching, so an expression that works here works on GameLift.
 */
export function resolveOperand(word: string, position: number, expression: ExpressionKind): Operand {
  if (isFieldName(word)) return { kind: "field", name: word, type: FIELD_TYPES[word], text: word, position };
  const fail = (at: number, detail: string): never => {
    throw new SearchExpressionError(expression, at, detail);
  };
  const dot = word.indexOf(".");
  const head = dot === -1 ? word : word.slice(0, dot);
  if (head === PROPERTIES) {
    if (dot === -1) fail(position + word.length, `expected '.<key>' after ${PROPERTIES}, e.g. ${PROPERTIES}.mode`);
    const key = word.slice(dot + 1);
    if (key === "") fail(position + word.length, `expected a property key after '${PROPERTIES}.'`);
    const second = key.indexOf(".");
    // GameLift cannot search keys containing "." (the first dot is the separator); refuse rather than guess.
    if (second !== -1) {
      fail(position + dot + 1 + second, `property key ${quote(key)} contains '.', and keys with '.' cannot be searched`);
    }
    return { kind: "property", key, type: "string", text: word, position };
  }
  const lower = head.toLowerCase();
  const nearMiss =
    lower === PROPERTIES.toLowerCase()
      ? `${PROPERTIES}${dot === -1 ? "" : word.slice(dot)}`
      : FIELD_NAMES.find((name) => name.toLowerCase() === word.toLowerCase());
  if (nearMiss !== undefined) return fail(position, `unknown operand ${quote(word)}; did you mean ${quote(nearMiss)}?`);
  return fail(position, `unknown operand ${quote(word)}; operands are ${OPERAND_LIST}`);
}

/** Reads an operand's value; undefined when the session has none (no name, or no such property). */
export function operandReader(operand: Operand): (s: SearchableSession) => string | number | boolean | undefined {
  if (operand.kind === "property") {
    const key = operand.key;
    // typeof guards against inherited members ("constructor", "__proto__"): they are never strings.
    return (s) => {
      const value = s.gameSessionProperties[key];
      return typeof value === "string" ? value : undefined;
    };
  }
  switch (operand.name) {
    case "gameSessionName":
      return (s) => s.gameSessionName;
    case "gameSessionId":
      return (s) => s.gameSessionId;
    case "maximumSessions":
      return (s) => s.maximumSessions;
    case "creationTimeMillis":
      return (s) => s.creationTimeMillis;
    case "playerSessionCount":
      return (s) => s.playerSessionCount;
    case "hasAvailablePlayerSessions":
      return (s) => s.hasAvailablePlayerSessions;
  }
}
