import { ServiceError, invalidRequest } from "../http/service-error.ts";

export type Input = Record<string, unknown>;

export interface StringRule {
  min?: number;
  max?: number;
  pattern?: RegExp;
  enum?: readonly string[];
}

export interface NumberRule {
  min?: number;
  max?: number;
}

export interface ListRule {
  min?: number;
  max?: number;
}

/** A wire value of the wrong JSON/CBOR type is a serialization fault in AWS's protocols, not a validation one. */
const wrongType = (path: string, expected: string): ServiceError =>
  new ServiceError("SerializationException", `Expected ${expected} at '${path}'`);

const lowerFirst = (s: string): string => s.charAt(0).toLowerCase() + s.slice(1);

function show(value: unknown): string {
  if (value === undefined || value === null) return "null";
  const text = Array.isArray(value) ? `[${value.map((v) => (typeof v === "object" ? JSON.stringify(v) : String(v))).join(", ")}]` : typeof value === "object" ? JSON.stringify(value) : String(value);
  return `'${text.length > 256 ? `${text.slice(0, 256)}...` : text}'`;
}

/**
 * Reads one decoded input structure member by member, collecting constraint violations the way AWS reports
 * them ("2 validation errors detected: Value 'x' at 'name' failed to satisfy constraint: …; …"); done() throws
 * them all as one InvalidRequestException. Required getters return a placeholder when the member is missing:
 * callers must call done() before using anything.
 */
export class InputReader {
  private readonly input: Input;
  private readonly path: string;
  private readonly errors: string[];
  constructor(
    input: Input,
    path: string,
    errors: string[],
  ) {
    this.input = input;
    this.path = path;
    this.errors = errors;
  }

  static of(input: Input): InputReader {
    return new InputReader(input, "", []);
  }

  private at(member: string): string {
    return this.path === "" ? lowerFirst(member) : `${this.path}.${lowerFirst(member)}`;
  }

  private raw(member: string): unknown {
    const v = this.input[member];
    return v === null ? undefined : v;
  }

  /** Records a violation of a rule the model cannot express (cross-field checks, documented service limits). */
  violation(member: string, value: unknown, constraint: string): void {
    this.errors.push(`Value ${show(value)} at '${this.at(member)}' failed to satisfy constraint: ${constraint}`);
  }

  string(member: string, rule: StringRule = {}): string | undefined {
    const v = this.raw(member);
    if (v === undefined) return undefined;
    if (typeof v !== "string") throw wrongType(this.at(member), "a string");
    checkString(v, this.at(member), rule, this.errors);
    return v;
  }

  requiredString(member: string, rule: StringRule = {}): string {
    const v = this.string(member, rule);
    if (v === undefined) this.violation(member, undefined, "Member must not be null");
    return v ?? "";
  }

  integer(member: string, rule: NumberRule = {}): number | undefined {
    const v = this.raw(member);
    if (v === undefined) return undefined;
    const n = typeof v === "bigint" ? Number(v) : v;
    if (typeof n !== "number" || !Number.isInteger(n)) throw wrongType(this.at(member), "an integer");
    if (rule.min !== undefined && n < rule.min) this.violation(member, n, `Member must have value greater than or equal to ${rule.min}`);
    if (rule.max !== undefined && n > rule.max) this.violation(member, n, `Member must have value less than or equal to ${rule.max}`);
    return n;
  }

  /** A double member (the model's Double / DoubleObject): any finite number. */
  number(member: string, rule: NumberRule = {}): number | undefined {
    const v = this.raw(member);
    if (v === undefined) return undefined;
    const n = typeof v === "bigint" ? Number(v) : v;
    if (typeof n !== "number") throw wrongType(this.at(member), "a number");
    checkNumber(n, this.at(member), rule, this.errors);
    return n;
  }

  boolean(member: string): boolean | undefined {
    const v = this.raw(member);
    if (v === undefined) return undefined;
    if (typeof v !== "boolean") throw wrongType(this.at(member), "a boolean");
    return v;
  }

  requiredBoolean(member: string): boolean {
    const v = this.boolean(member);
    if (v === undefined) this.violation(member, undefined, "Member must not be null");
    return v ?? false;
  }

  /**
   * A map member (string keys); `value` reads each entry. A Map, so that no key (not even "__proto__") can
   * reach an object's prototype.
   */
  map<T>(member: string, rule: ListRule & { key?: StringRule }, value: (element: ElementReader, key: string) => T): Map<string, T> | undefined {
    const v = this.raw(member);
    if (v === undefined) return undefined;
    if (typeof v !== "object" || Array.isArray(v) || v instanceof Date || v instanceof Uint8Array) throw wrongType(this.at(member), "a map");
    const entries = Object.entries(v as Input);
    if (rule.min !== undefined && entries.length < rule.min) this.violation(member, v, `Member must have length greater than or equal to ${rule.min}`);
    if (rule.max !== undefined && entries.length > rule.max) this.violation(member, v, `Member must have length less than or equal to ${rule.max}`);
    const out = new Map<string, T>();
    for (const [key, element] of entries) {
      if (rule.key) checkString(key, `${this.at(member)}.key`, rule.key, this.errors);
      out.set(key, value(new ElementReader(element, `${this.at(member)}.${key}`, this.errors), key));
    }
    return out;
  }

  requiredInteger(member: string, rule: NumberRule = {}): number {
    const v = this.integer(member, rule);
    if (v === undefined) this.violation(member, undefined, "Member must not be null");
    return v ?? 0;
  }

  /** A list member; `item` reads each element (a reader for structures, the raw value for scalars). */
  list<T>(member: string, rule: ListRule, item: (element: ElementReader) => T): T[] | undefined {
    const v = this.raw(member);
    if (v === undefined) return undefined;
    if (!Array.isArray(v)) throw wrongType(this.at(member), "a list");
    if (rule.min !== undefined && v.length < rule.min) this.violation(member, v, `Member must have length greater than or equal to ${rule.min}`);
    if (rule.max !== undefined && v.length > rule.max) this.violation(member, v, `Member must have length less than or equal to ${rule.max}`);
    return v.map((element, i) => item(new ElementReader(element, `${this.at(member)}.${i + 1}.member`, this.errors)));
  }

  requiredList<T>(member: string, rule: ListRule, item: (element: ElementReader) => T): T[] {
    const v = this.list(member, rule, item);
    if (v === undefined) this.violation(member, undefined, "Member must not be null");
    return v ?? [];
  }

  structure(member: string): InputReader | undefined {
    const v = this.raw(member);
    if (v === undefined) return undefined;
    if (typeof v !== "object" || Array.isArray(v) || v instanceof Date || v instanceof Uint8Array) throw wrongType(this.at(member), "a structure");
    return new InputReader(v as Input, this.at(member), this.errors);
  }

  /** A string-to-string map member. */
  stringMap(member: string, keyRule: StringRule, valueRule: StringRule): Record<string, string> | undefined {
    const v = this.raw(member);
    if (v === undefined) return undefined;
    if (typeof v !== "object" || Array.isArray(v)) throw wrongType(this.at(member), "a map");
    const out: Record<string, string> = {};
    for (const [key, value] of Object.entries(v as Input)) {
      const probe = new InputReader({ key, value }, `${this.at(member)}.${key}`, this.errors);
      probe.string("key", keyRule);
      out[key] = probe.requiredString("value", valueRule);
    }
    return out;
  }

  done(): void {
    if (this.errors.length === 0) return;
    const n = this.errors.length;
    throw invalidRequest(`${n} validation error${n === 1 ? "" : "s"} detected: ${this.errors.join("; ")}`);
  }
}

/** One element of a list member. */
export class ElementReader {
  private readonly value: unknown;
  private readonly path: string;
  private readonly errors: string[];
  constructor(
    value: unknown,
    path: string,
    errors: string[],
  ) {
    this.value = value;
    this.path = path;
    this.errors = errors;
  }

  structure(): InputReader {
    const v = this.value;
    if (v === null || typeof v !== "object" || Array.isArray(v)) throw wrongType(this.path, "a structure");
    return new InputReader(v as Input, this.path, this.errors);
  }

  string(rule: StringRule = {}): string {
    if (typeof this.value !== "string") throw wrongType(this.path, "a string");
    checkString(this.value, this.path, rule, this.errors);
    return this.value;
  }

  number(rule: NumberRule = {}): number {
    const n = typeof this.value === "bigint" ? Number(this.value) : this.value;
    if (typeof n !== "number") throw wrongType(this.path, "a number");
    checkNumber(n, this.path, rule, this.errors);
    return n;
  }

  integer(rule: NumberRule = {}): number {
    const n = typeof this.value === "bigint" ? Number(this.value) : this.value;
    if (typeof n !== "number" || !Number.isInteger(n)) throw wrongType(this.path, "an integer");
    checkNumber(n, this.path, rule, this.errors);
    return n;
  }
}

function checkNumber(n: number, path: string, rule: NumberRule, errors: string[]): void {
  const fail = (constraint: string) => errors.push(`Value ${show(n)} at '${path}' failed to satisfy constraint: ${constraint}`);
  // CBOR can carry NaN and infinities; no GameLift number member means them.
  if (!Number.isFinite(n)) fail("Member must be a finite number");
  else if (rule.min !== undefined && n < rule.min) fail(`Member must have value greater than or equal to ${rule.min}`);
  else if (rule.max !== undefined && n > rule.max) fail(`Member must have value less than or equal to ${rule.max}`);
}

function checkString(v: string, path: string, rule: StringRule, errors: string[]): void {
  const fail = (constraint: string) => errors.push(`Value ${show(v)} at '${path}' failed to satisfy constraint: ${constraint}`);
  if (rule.min !== undefined && v.length < rule.min) fail(`Member must have length greater than or equal to ${rule.min}`);
  if (rule.max !== undefined && v.length > rule.max) fail(`Member must have length less than or equal to ${rule.max}`);
  if (rule.pattern && !rule.pattern.test(v)) fail(`Member must satisfy regular expression pattern: ${rule.pattern.source}`);
  if (rule.enum && !rule.enum.includes(v)) fail(`Member must satisfy enum value set: [${rule.enum.join(", ")}]`);
}
