import { invalidParameter } from "./errors.ts";
import { REGIONAL_ID_PATTERN } from "./ids.ts";

/**
 * Readers for operation inputs that refuse bad values the way AWS's model validation does:
 * InvalidParameterException "1 validation error detected: Value … at '<member>' failed to satisfy constraint: …".
 * Member names are given in the camelCase AWS uses in these messages.
 */
type Input = Record<string, unknown>;

function violation(value: unknown, member: string, constraint: string): Error {
  const shown = value === undefined || value === null ? "null" : `'${typeof value === "string" ? value : JSON.stringify(value)}'`;
  return invalidParameter(`1 validation error detected: Value ${shown} at '${member}' failed to satisfy constraint: ${constraint}`);
}

const camel = (name: string): string => name.charAt(0).toLowerCase() + name.slice(1);

export function requiredString(input: Input, name: string, rule?: { pattern?: RegExp; min?: number; max?: number }): string {
  const value = input[name];
  if (value === undefined || value === null) throw violation(value, camel(name), "Member must not be null");
  return checkString(value, name, rule);
}

export function optionalString(input: Input, name: string, rule?: { pattern?: RegExp; min?: number; max?: number }): string | undefined {
  const value = input[name];
  return value === undefined || value === null ? undefined : checkString(value, name, rule);
}

function checkString(value: unknown, name: string, rule: { pattern?: RegExp; min?: number; max?: number } = {}): string {
  if (typeof value !== "string") throw violation(value, camel(name), "Member must be a string");
  const { min = 0, max = Infinity, pattern } = rule;
  if (value.length < min) throw violation(value, camel(name), `Member must have length greater than or equal to ${min}`);
  if (value.length > max) throw violation(value, camel(name), `Member must have length less than or equal to ${max}`);
  if (pattern && !pattern.test(value)) throw violation(value, camel(name), `Member must satisfy regular expression pattern: ${pattern.source.replace(/^\^|\$$/g, "")}`);
  return value;
}

export function requiredBoolean(input: Input, name: string): boolean {
  const value = input[name];
  if (value === undefined || value === null) throw violation(value, camel(name), "Member must not be null");
  if (typeof value !== "boolean") throw violation(value, camel(name), "Member must be a boolean");
  return value;
}

export function optionalBoolean(input: Input, name: string): boolean | undefined {
  const value = input[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "boolean") throw violation(value, camel(name), "Member must be a boolean");
  return value;
}

export function requiredInteger(input: Input, name: string, min: number, max: number): number {
  const value = input[name];
  if (value === undefined || value === null) throw violation(value, camel(name), "Member must not be null");
  if (typeof value !== "number" || !Number.isInteger(value)) throw violation(value, camel(name), "Member must be an integer");
  if (value < min) throw violation(value, camel(name), `Member must have value greater than or equal to ${min}`);
  if (value > max) throw violation(value, camel(name), `Member must have value less than or equal to ${max}`);
  return value;
}

export function optionalStringMap(input: Input, name: string, maxEntries: number): Record<string, string> | undefined {
  const value = input[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "object" || Array.isArray(value)) throw violation(value, camel(name), "Member must be a map");
  const entries = Object.entries(value);
  if (entries.length > maxEntries) throw violation(value, camel(name), `Member must have length less than or equal to ${maxEntries}`);
  const out: Record<string, string> = {};
  for (const [k, v] of entries) {
    if (typeof v !== "string" || v === "") throw violation(v, `${camel(name)}.${k}`, "Member must be a non-empty string");
    out[k] = v;
  }
  return out;
}

export function optionalStringList(input: Input, name: string): string[] | undefined {
  const value = input[name];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || !value.every((v) => typeof v === "string")) throw violation(value, camel(name), "Member must be a list of strings");
  return value as string[];
}

export function optionalObjectList(input: Input, name: string, maxEntries = 50): Input[] | undefined {
  const value = input[name];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || !value.every((v) => v !== null && typeof v === "object" && !Array.isArray(v))) {
    throw violation(value, camel(name), "Member must be a list of structures");
  }
  if (value.length > maxEntries) throw violation(value, camel(name), `Member must have length less than or equal to ${maxEntries}`);
  return value as Input[];
}

export const poolIdOf = (input: Input): string => requiredString(input, "IdentityPoolId", { pattern: REGIONAL_ID_PATTERN, min: 1, max: 55 });
export const identityIdOf = (input: Input): string => requiredString(input, "IdentityId", { pattern: REGIONAL_ID_PATTERN, min: 1, max: 55 });

/** Pages are offsets into a stable ordering, carried opaquely as AWS's NextToken is. */
export function pageStart(input: Input): number {
  const token = optionalString(input, "NextToken", { min: 1, max: 65535 });
  if (token === undefined) return 0;
  const offset = Number(Buffer.from(token, "base64url").toString("utf8").replace(/^offset:/, ""));
  if (!Buffer.from(token, "base64url").toString("utf8").startsWith("offset:") || !Number.isInteger(offset) || offset < 0) {
    throw invalidParameter("Invalid NextToken.");
  }
  return offset;
}

export function nextToken(offset: number, total: number): string | undefined {
  return offset < total ? Buffer.from(`offset:${offset}`).toString("base64url") : undefined;
}
