import { invalidParameter } from "./errors.ts";
import type { UserRecord } from "./records.ts";

/**
 * ListUsers' Filter: `attribute = "value"` (exact) or `attribute ^= "value"` (prefix), one condition, on the
 * attributes Cognito allows to be searched. An empty filter lists everyone.
 */
const SEARCHABLE = new Set([
  "username",
  "email",
  "phone_number",
  "name",
  "given_name",
  "family_name",
  "preferred_username",
  "cognito:user_status",
  "status",
  "sub",
]);

export type UserPredicate = (user: UserRecord) => boolean;

export function compileUserFilter(filter: string | undefined): UserPredicate {
  if (filter === undefined || filter.trim() === "") return () => true;
  const m = /^\s*([a-z_:]+)\s*(\^=|=)\s*(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)')\s*$/.exec(filter);
  if (!m) throw invalidParameter("Error while parsing filter.");
  const [, attribute, operator] = m;
  const value = (m[3] ?? m[4] ?? "").replace(/\\(.)/g, "$1");
  if (!SEARCHABLE.has(attribute!)) throw invalidParameter(`Invalid search attribute: ${attribute}`);
  const read = (user: UserRecord): string | undefined => {
    switch (attribute) {
      case "username":
        return user.username;
      case "cognito:user_status":
        return user.status;
      case "status":
        return user.enabled ? "Enabled" : "Disabled";
      default:
        return user.attributes[attribute!];
    }
  };
  return (user) => {
    const actual = read(user);
    if (actual === undefined) return false;
    return operator === "=" ? actual === value : actual.startsWith(value);
  };
}
