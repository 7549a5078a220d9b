/**
 * Checks a request against GameLift's documented constraints before anything is sent, so a typo in a lobby
 * form gets a message naming the field instead of a round trip and a terse service error. Every problem in a
 * request is reported at once.
 */
import { GameLiftKitError } from "../errors.ts";

export interface ParameterProblem {
  /** The request field, as the kit's request names it ("maxPlayers", "gameProperties.mode"). */
  field: string;
  message: string;
}

/** InvalidParameter with the problems one by one, for forms that mark fields. */
export class InvalidParameterError extends GameLiftKitError {
  readonly problems: readonly ParameterProblem[];

  constructor(operation: string, problems: readonly ParameterProblem[]) {
    super("InvalidParameter", `${operation}: ${problems.map((p) => p.message).join("; ")}`);
    this.problems = problems;
  }
}

export interface TextRule {
  min?: number;
  max: number;
  pattern?: RegExp;
  /** What the pattern allows, in words, for the message. */
  allowed?: string;
}

function show(value: unknown): string {
  const text = typeof value === "string" ? value : JSON.stringify(value);
  return `'${text !== undefined && text.length > 40 ? `${text.slice(0, 37)}...` : text}'`;
}

export class RequestChecks {
  private readonly problems: ParameterProblem[] = [];

  private readonly operation: string;
  constructor(operation: string) {
    this.operation = operation;
  }

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
    if (value.length < min) this.fail(field, `${field} ${show(value)} is ${value.length} characters; it needs at least ${min}`);
    else if (value.length > rule.max) this.fail(field, `${field} is ${value.length} characters long; the limit is ${rule.max}`);
    else if (rule.pattern && !rule.pattern.test(value)) this.fail(field, `${field} ${show(value)} is not valid: ${rule.allowed ?? `it must match ${rule.pattern}`}`);
    return value;
  }

  requiredText(field: string, value: unknown, rule: TextRule, hint = ""): string {
    if (value === undefined || value === null || value === "") {
      this.fail(field, `${field} is required${hint}`);
      return "";
    }
    return this.text(field, value, rule) ?? "";
  }

  wholeNumber(field: string, value: unknown, min: number, max: number): number | undefined {
    if (value === undefined) return undefined;
    if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
      this.fail(field, `${field} must be a whole number from ${min} to ${max}, not ${show(value)}`);
      return undefined;
    }
    return value;
  }

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

  /** Throws InvalidParameterError with every problem found, if any. */
  done(): void {
    if (this.problems.length > 0) throw new InvalidParameterError(this.operation, this.problems);
  }
}

/** The constraints of the GameLift service model, with the words the messages use. */
export const RULES = {
  fleetId: {
    max: 512,
    pattern: /^[a-z]*fleet-[a-zA-Z0-9-]+$|^arn:.*:[a-z]*fleet\/[a-z]*fleet-[a-zA-Z0-9-]+$/,
    allowed: "a fleet id (fleet-…) or fleet ARN",
  },
  aliasId: { max: 512, pattern: /^alias-\S+$|^arn:.*:alias\/alias-\S+$/, allowed: "an alias id (alias-…) or alias ARN" },
  location: { max: 64, pattern: /^[A-Za-z0-9-]+$/, allowed: "a Region or location name: letters, digits and '-'" },
  name: { max: 1024 },
  creatorId: { max: 1024 },
  gameSessionData: { max: 262_144 },
  idempotencyToken: { max: 48, pattern: /^[a-zA-Z0-9-]+$/, allowed: "letters, digits and '-' only" },
  placementId: { max: 48, pattern: /^[a-zA-Z0-9-]+$/, allowed: "letters, digits and '-' only" },
  queueName: {
    max: 256,
    pattern: /^[a-zA-Z0-9-]{1,128}$|^arn:.*:gamesessionqueue\/[a-zA-Z0-9-]+$/,
    allowed: "a queue name (letters, digits and '-', ≤ 128) or queue ARN",
  },
  expression: { max: 1024 },
  nextToken: { max: 1024 },
  gameSessionId: {
    max: 512,
    pattern: /^[a-zA-Z0-9:/-]+$/,
    allowed: "a game session id (its ARN, as createSession and searchSessions return it)",
  },
  playerId: { max: 1024 },
  playerData: { max: 2048 },
  regionIdentifier: { max: 64 },
} satisfies Record<string, TextRule>;

/** GameLift's maximum player slots in one game session. */
export const MAX_PLAYERS = 200;
