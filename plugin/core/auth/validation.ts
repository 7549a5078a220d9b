/**
 * What the auth requests' fields may hold, for RequestChecks (plugin/core/validation.ts): checked before anything
 * is sent, as a game may pass a text field's value straight through.
 */
import type { TextRule } from "../validation.ts";

/** Something other than spaces. */
const NOT_BLANK = /\S/;

/** The auth fields' rules, with the words the messages use. */
export const AUTH_RULES = {
  username: { max: 128, pattern: NOT_BLANK, allowed: "it is only spaces" },
  password: { max: 256, pattern: NOT_BLANK, allowed: "it is only spaces", secret: true },
  email: { max: 256, pattern: /^[^@\s]+@[^@\s]+$/, allowed: "it must be an email address" },
  /** Cognito takes phone numbers in E.164: a plus and up to 15 digits. */
  phone: { max: 20, pattern: /^\+[1-9][0-9]{3,14}$/, allowed: "it must be in E.164 format, like +14155550100" },
  code: { max: 2048, pattern: /^\S+$/, allowed: "it must not contain spaces" },
} satisfies Record<string, TextRule>;
