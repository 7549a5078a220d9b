import { createHmac, timingSafeEqual } from "node:crypto";

/** SECRET_HASH = base64(HMAC-SHA256(key = client secret, message = username + client id)). */
export function secretHash(clientSecret: string, username: string, clientId: string): string {
  return createHmac("sha256", clientSecret).update(username + clientId).digest("base64");
}

export function secretHashMatches(clientSecret: string, username: string, clientId: string, given: string): boolean {
  const expected = Buffer.from(secretHash(clientSecret, username, clientId));
  const actual = Buffer.from(given);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
