import { randomInt } from "node:crypto";
import { invalidParameter } from "./errors.ts";

export interface PasswordPolicy {
  MinimumLength: number;
  RequireUppercase: boolean;
  RequireLowercase: boolean;
  RequireNumbers: boolean;
  RequireSymbols: boolean;
  TemporaryPasswordValidityDays: number;
}

/** What a pool created without Policies gets. */
export const DEFAULT_PASSWORD_POLICY: PasswordPolicy = {
  MinimumLength: 8,
  RequireUppercase: true,
  RequireLowercase: true,
  RequireNumbers: true,
  RequireSymbols: true,
  TemporaryPasswordValidityDays: 7,
};

/** The special characters Cognito's password policy counts as symbols (its developer guide lists them). */
const SYMBOLS = "^$*.[]{}()?\"!@#%&/\\,><':;|_~`=+-";

/** A policy given in CreateUserPool: members left out are off, as Cognito stores them. */
export function passwordPolicyFrom(input: unknown): PasswordPolicy {
  if (input === undefined || input === null) return { ...DEFAULT_PASSWORD_POLICY };
  if (typeof input !== "object" || Array.isArray(input)) throw invalidParameter("PasswordPolicy must be a structure.");
  const p = input as Record<string, unknown>;
  const flag = (name: string): boolean => {
    const v = p[name];
    if (v === undefined || v === null) return false;
    if (typeof v !== "boolean") throw invalidParameter(`PasswordPolicy.${name} must be a boolean.`);
    return v;
  };
  const integer = (name: string, fallback: number, min: number, max: number): number => {
    const v = p[name];
    if (v === undefined || v === null) return fallback;
    if (typeof v !== "number" || !Number.isInteger(v) || v < min || v > max) {
      throw invalidParameter(`PasswordPolicy.${name} must be an integer from ${min} to ${max}.`);
    }
    return v;
  };
  return {
    MinimumLength: integer("MinimumLength", 8, 6, 99),
    RequireUppercase: flag("RequireUppercase"),
    RequireLowercase: flag("RequireLowercase"),
    RequireNumbers: flag("RequireNumbers"),
    RequireSymbols: flag("RequireSymbols"),
    TemporaryPasswordValidityDays: integer("TemporaryPasswordValidityDays", 7, 0, 365),
  };
}

/**
 * The InvalidPasswordException message for a password the policy refuses, or undefined when it conforms.
 * Cognito names the first rule broken, checked in this order.
 */
export function passwordPolicyViolation(policy: PasswordPolicy, password: string): string | undefined {
  const prefix = "Password did not conform with policy: ";
  if ([...password].length < policy.MinimumLength) return `${prefix}Password not long enough`;
  if (policy.RequireLowercase && !/[a-z]/.test(password)) return `${prefix}Password must have lowercase characters`;
  if (policy.RequireUppercase && !/[A-Z]/.test(password)) return `${prefix}Password must have uppercase characters`;
  if (policy.RequireNumbers && !/[0-9]/.test(password)) return `${prefix}Password must have numeric characters`;
  if (policy.RequireSymbols && ![...password].some((c) => SYMBOLS.includes(c))) return `${prefix}Password must have symbol characters`;
  return undefined;
}

/**
 * The model-level constraint Cognito applies to every password member before the pool's policy: no leading or
 * trailing whitespace, at most 256 characters. Answered as InvalidParameterException, not InvalidPasswordException.
 */
export function checkPasswordShape(password: string, member = "password"): void {
  if (password.length > 256) {
    throw invalidParameter(`1 validation error detected: Value at '${member}' failed to satisfy constraint: Member must have length less than or equal to 256`);
  }
  if (!/^\S(.*\S)?$/s.test(password)) {
    throw invalidParameter(
      `1 validation error detected: Value at '${member}' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[\\S]+.*[\\S]+$`,
    );
  }
}

/** A temporary password for AdminCreateUser that satisfies every rule the policy could ask for. */
export function generateTemporaryPassword(policy: PasswordPolicy): string {
  const pick = (chars: string) => chars[randomInt(chars.length)]!;
  const lower = "abcdefghijkmnopqrstuvwxyz";
  const upper = "ABCDEFGHJKLMNPQRSTUVWXYZ";
  const digits = "23456789";
  const symbols = "!#%&*+-=?@^_";
  const chars = [pick(lower), pick(upper), pick(digits), pick(symbols)];
  const all = lower + upper + digits + symbols;
  while (chars.length < Math.max(12, policy.MinimumLength)) chars.push(pick(all));
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j]!, chars[i]!];
  }
  return chars.join("");
}
