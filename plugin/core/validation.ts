/**
 * The kit's one way of checking what a game hands it, before anything is sent: a request (a lobby form's fields,
 * a sign-in's username and password) or the kit's config. A RequestChecks collects every problem, each naming
 * its field, and done() throws them together: InvalidParameterError for a request, so a typo gets a message
 * naming the field instead of a round trip and a terse service error, and a form can mark every field at once.
 */
import { GameLiftKitError } from "./errors.ts";

/** One problem with one field of a request. */
export interface ParameterProblem {
  /** The request field, as the kit's request names it ("maxPlayers", "gameProperties.mode"). */
  field: string;
  message: string;
}

/** InvalidParameter with the problems one by one, for forms that mark fields. */
export class InvalidParameterError extends GameLiftKitError {
  /** Every problem found, in the order checked. */
  readonly problems: readonly ParameterProblem[];

  /** `operation` names the call ("createSession"); the message lists every problem after it. */
  constructor(operation: string, problems: readonly ParameterProblem[]) {
    super("InvalidParameter", `${operation}: ${problems.map((p) => p.message).join("; ")}`);
    this.problems = problems;
  }
}

/** What a text field may hold: a length (min defaults to 1) and a pattern. */
export interface TextRule {
  min?: number;
  max: number;
  pattern?: RegExp;
  /** What the pattern allows, in words, for the message. */
  allowed?: string;
  /** The value is a secret (a password): messages never show it. */
  secret?: boolean;
}

function show(value: unknown): string {
  const text = typeof value === "string" ? value : JSON.stringify(value);
  return `'${text !== undefined && text.length > 40 ? `${text.slice(0, 37)}...` : text}'`;
}

/** Builds the error done() throws from what was checked and every problem found. */
export type ProblemsError = (operation: string, problems: readonly ParameterProblem[]) => Error;

/** A request's problems as InvalidParameterError (code "InvalidParameter"): what done() throws by default. */
export const invalidParameters: ProblemsError = (operation, problems) => new InvalidParameterError(operation, problems);

/** A config's problems as one TypeError (a program error: the game is built wrong), every problem in its message. */
export const invalidConfig: ProblemsError = (_operation, problems) => new TypeError(problems.map((p) => p.message).join("; "));

/**
 * The checks of one request (or config): each method checks a field, records what is wrong with it, and returns
 * the value to use (undefined, "" or 0 when it is not usable); done() then throws every problem at once.
 */
export class RequestChecks {
  private readonly problems: ParameterProblem[] = [];

  private readonly operation: string;
  /** `operation` names the call, for the error's message. */
  constructor(operation: string) {
    this.operation = operation;
  }

  /** Records a problem the methods below do not cover. */
  fail(field: string, message: string): void {
    this.problems.push({ field, message });
  }

  /** An optional string; "" counts as unset, as in the O3DE gem's requests. */
  text(field: string, value: unknown, rule: TextRule): string | undefined {
    if (value === undefined || value === null || value === "") return undefined;
    if (typeof value !== "string") {
      this.fail(field, `${field} must be a string, not ${typeof value}`);
      return undefined;
    }
    const min = rule.min ?? 1;
    if (value.length < min) this.fail(field, `${field} ${rule.secret ? "" : `${show(value)} `}is ${value.length} characters; it needs at least ${min}`);
    else if (value.length > rule.max) this.fail(field, `${field} is ${value.length} characters long; the limit is ${rule.max}`);
    else if (rule.pattern && !rule.pattern.test(value)) this.fail(field, `${field} ${rule.secret ? "" : `${show(value)} `}is not valid: ${rule.allowed ?? `it must match ${rule.pattern}`}`);
    return value;
  }

  /** A string that must be given; `hint` says where it may come from instead. */
  requiredText(field: string, value: unknown, rule: TextRule, hint = ""): string {
    if (value === undefined || value === null || value === "") {
      this.fail(field, `${field} is required${hint}`);
      return "";
    }
    return this.text(field, value, rule) ?? "";
  }

  /** A finite number from min to max, when given. */
  number(field: string, value: unknown, min: number, max: number): number | undefined {
    if (value === undefined) return undefined;
    if (typeof value !== "number" || !Number.isFinite(value) || value < min || value > max) {
      this.fail(field, `${field} must be a number from ${min} to ${max}, not ${show(value)}`);
      return undefined;
    }
    return value;
  }

  /** A whole number from min to max, when given. */
  wholeNumber(field: string, value: unknown, min: number, max: number): number | undefined {
    if (value === undefined) return undefined;
    if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
      this.fail(field, `${field} must be a whole number from ${min} to ${max}, not ${show(value)}`);
      return undefined;
    }
    return value;
  }

  /** A whole number from min to max that must be given. */
  requiredWholeNumber(field: string, value: unknown, min: number, max: number): number {
    if (value === undefined) {
      this.fail(field, `${field} is required (a whole number from ${min} to ${max})`);
      return 0;
    }
    return this.wholeNumber(field, value, min, max) ?? 0;
  }

  /** A list (of at most `max` items when given); undefined and [] both mean unset. */
  list<T>(field: string, value: unknown, max = Infinity): T[] | undefined {
    if (value === undefined || value === null) return undefined;
    if (!Array.isArray(value)) {
      this.fail(field, `${field} must be an array`);
      return undefined;
    }
    if (value.length > max) this.fail(field, `${field} has ${value.length} entries; the limit is ${max}`);
    return value.length === 0 ? undefined : (value as T[]);
  }

  /** A plain object of strings: GameLift's GameProperties (≤ 16, keys ≤ 32, values ≤ 96). */
  gameProperties(field: string, value: unknown): Record<string, string> | undefined {
    if (value === undefined || value === null) return undefined;
    if (typeof value !== "object" || Array.isArray(value)) {
      this.fail(field, `${field} must be a plain object of strings, e.g. { level: "forest" }`);
      return undefined;
    }
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length > 16) this.fail(field, `${field} has ${entries.length} properties; the limit is 16`);
    for (const [key, v] of entries) {
      if (key.length === 0) this.fail(field, `${field} has an empty key`);
      if (key.length > 32) this.fail(`${field}.${key}`, `${field} key ${show(key)} is ${key.length} characters; the limit is 32`);
      if (typeof v !== "string") this.fail(`${field}.${key}`, `${field}.${key} must be a string, not ${typeof v}`);
      else if (v.length > 96) this.fail(`${field}.${key}`, `${field}.${key} is ${v.length} characters; the limit is 96`);
    }
    return entries.length === 0 ? undefined : (value as Record<string, string>);
  }

  /** One of the allowed strings, which must be given. */
  oneOf<T extends string>(field: string, value: unknown, allowed: readonly T[]): T | undefined {
    if (typeof value === "string" && (allowed as readonly string[]).includes(value)) return value as T;
    this.fail(field, `${field} must be one of ${allowed.map((a) => `"${a}"`).join(", ")}, not ${show(value)}`);
    return undefined;
  }

  /** Throws every problem found, if any: InvalidParameterError unless `asError` builds another error. */
  done(asError: ProblemsError = invalidParameters): void {
    if (this.problems.length > 0) throw asError(this.operation, this.problems);
  }
}

