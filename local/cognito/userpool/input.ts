import { invalidParameter } from "./errors.ts";

/**
 * Reads request members the way Cognito validates them: a missing or mistyped member is an
 * InvalidParameterException naming the member in the service model's camelCase, as the real service words it.
 */
const memberName = (name: string): string => name.charAt(0).toLowerCase() + name.slice(1);

function constraint(name: string, text: string): Error {
  return invalidParameter(`1 validation error detected: Value at '${memberName(name)}' failed to satisfy constraint: ${text}`);
}

export function requiredString(input: Record<string, unknown>, name: string, maxLength = 2048): string {
  const value = input[name];
  if (value === undefined || value === null) {
    throw invalidParameter(`1 validation error detected: Value null at '${memberName(name)}' failed to satisfy constraint: Member must not be null`);
  }
  if (typeof value !== "string") throw constraint(name, "Member must be a string");
  if (value.length < 1) throw constraint(name, "Member must have length greater than or equal to 1");
  if (value.length > maxLength) throw constraint(name, `Member must have length less than or equal to ${maxLength}`);
  return value;
}

export function optionalString(input: Record<string, unknown>, name: string, maxLength = 2048): string | undefined {
  if (input[name] === undefined || input[name] === null) return undefined;
  return requiredString(input, name, maxLength);
}

export function optionalBoolean(input: Record<string, unknown>, name: string): boolean | undefined {
  const value = input[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "boolean") throw constraint(name, "Member must be a boolean");
  return value;
}

export function optionalInteger(input: Record<string, unknown>, name: string, min: number, max: number): number | undefined {
  const value = input[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "number" || !Number.isInteger(value)) throw constraint(name, "Member must be an integer");
  if (value < min) throw constraint(name, `Member must have value greater than or equal to ${min}`);
  if (value > max) throw constraint(name, `Member must have value less than or equal to ${max}`);
  return value;
}

export function optionalStringList(input: Record<string, unknown>, name: string): string[] | undefined {
  const value = input[name];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || value.some((v) => typeof v !== "string")) throw constraint(name, "Member must be a list of strings");
  return value as string[];
}

export function optionalStructure(input: Record<string, unknown>, name: string): Record<string, unknown> | undefined {
  const value = input[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "object" || Array.isArray(value)) throw constraint(name, "Member must be a structure");
  return value as Record<string, unknown>;
}

/** A string map such as AuthParameters or ChallengeResponses; non-string values are refused, not coerced. */
export function stringMap(input: Record<string, unknown>, name: string): Record<string, string> {
  const value = optionalStructure(input, name) ?? {};
  for (const v of Object.values(value)) if (typeof v !== "string") throw constraint(name, "Map values must be strings");
  return value as Record<string, string>;
}

/** UserAttributes: a list of {Name, Value}. */
export function attributeList(input: Record<string, unknown>, name: string): Array<{ Name: string; Value: string }> {
  const value = input[name];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw constraint(name, "Member must be a list");
  return value.map((item) => {
    if (item === null || typeof item !== "object") throw constraint(name, "Member must be a list of attributes");
    const { Name, Value } = item as Record<string, unknown>;
    if (typeof Name !== "string" || Name === "") throw constraint(`${name}.member.name`, "Member must not be null");
    if (Value !== undefined && typeof Value !== "string") throw constraint(`${name}.member.value`, "Member must be a string");
    return { Name, Value: (Value as string | undefined) ?? "" };
  });
}

export function requiredParameter(parameters: Record<string, string>, name: string): string {
  const value = parameters[name];
  if (value === undefined || value === "") throw invalidParameter(`Missing required parameter ${name}`);
  return value;
}
