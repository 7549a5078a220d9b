import { GameLiftKitError } from "../errors.ts";

const invalid = (message: string) => new GameLiftKitError("InvalidParameter", message);

/** A non-empty string, checked before anything is sent (a game passing a text field's value straight through). */
export function requireText(value: unknown, name: string, maxLength = 2048): string {
  if (typeof value !== "string" || value.trim() === "") throw invalid(`${name} must be a non-empty string.`);
  if (value.length > maxLength) throw invalid(`${name} must be at most ${maxLength} characters long.`);
  return value;
}

export function requireEmail(value: unknown, name = "email"): string {
  const email = requireText(value, name, 256);
  if (!/^[^@\s]+@[^@\s]+$/.test(email)) throw invalid(`${name} must be an email address.`);
  return email;
}

/** Cognito takes phone numbers in E.164: a plus and up to 15 digits. */
export function requirePhone(value: unknown, name = "phone"): string {
  const phone = requireText(value, name, 20);
  if (!/^\+[1-9][0-9]{3,14}$/.test(phone)) throw invalid(`${name} must be in E.164 format, like +14155550100.`);
  return phone;
}

export function requireCode(value: unknown, name = "code"): string {
  const code = requireText(value, name, 2048);
  if (/\s/.test(code)) throw invalid(`${name} must not contain spaces.`);
  return code;
}

export function requireOneOf<T extends string>(value: unknown, name: string, allowed: readonly T[]): T {
  if (typeof value !== "string" || !(allowed as readonly string[]).includes(value)) {
    throw invalid(`${name} must be one of ${allowed.map((a) => `"${a}"`).join(", ")}.`);
  }
  return value as T;
}
