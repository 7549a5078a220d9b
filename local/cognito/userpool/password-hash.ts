import { createHmac, randomBytes, scrypt, timingSafeEqual } from "node:crypto";

/**
 * Password storage: scrypt (memory-hard, in node:crypto). The parameters travel with each hash so they can be
 * raised later without invalidating stored users.
 *
 * N = 2^14, r = 8, p = 1 (16 MiB, ~50 ms on one core) is Node's own default cost: a real slow hash, not a
 * token one. What that costs a sign-in is offset by VerifiedPasswordCache below.
 */
export interface PasswordHash {
  alg: "scrypt";
  N: number;
  r: number;
  p: number;
  salt: string;
  hash: string;
}

export const DEFAULT_SCRYPT = { N: 2 ** 14, r: 8, p: 1 } as const;
const KEY_LENGTH = 32;

function derive(password: string, salt: Buffer, params: { N: number; r: number; p: number }): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password.normalize("NFKC"), salt, KEY_LENGTH, { ...params, maxmem: 256 * params.N * params.r * params.p }, (err, key) =>
      err ? reject(err) : resolve(key),
    );
  });
}

export async function hashPassword(password: string, params: { N: number; r: number; p: number } = DEFAULT_SCRYPT): Promise<PasswordHash> {
  const salt = randomBytes(16);
  const hash = await derive(password, salt, params);
  return { alg: "scrypt", ...params, salt: salt.toString("base64"), hash: hash.toString("base64") };
}

export async function verifyPassword(password: string, stored: PasswordHash): Promise<boolean> {
  const expected = Buffer.from(stored.hash, "base64");
  const actual = await derive(password, Buffer.from(stored.salt, "base64"), stored);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/**
 * Remembers, for a few minutes, that a password matched a stored hash, so a user signing in again with the same
 * password is not charged a full scrypt each time (a game client refreshing its sign-in, a load test).
 * Entries are HMACs under a key that lives only in this process, tied to the stored hash's salt (a changed
 * password can never hit an old entry); nothing reaches disk. The trade-off: someone who can read this process's
 * memory can test guesses against recent entries at HMAC speed. For a local development stack that is acceptable;
 * set the TTL to 0 to always pay the full scrypt.
 */
export class VerifiedPasswordCache {
  private readonly key = randomBytes(32);
  private readonly entries = new Map<string, number>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 10_000,
  ) {}

  private tag(userKey: string, stored: PasswordHash, password: string): string {
    return createHmac("sha256", this.key).update(`${userKey}\0${stored.salt}\0${password}`).digest("base64");
  }

  async verify(userKey: string, password: string, stored: PasswordHash, now: number): Promise<boolean> {
    if (this.ttlMs <= 0) return verifyPassword(password, stored);
    const tag = this.tag(userKey, stored, password);
    const until = this.entries.get(tag);
    if (until !== undefined && until > now) return true;
    if (until !== undefined) this.entries.delete(tag);
    const ok = await verifyPassword(password, stored);
    if (ok) {
      if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
      this.entries.set(tag, now + this.ttlMs);
    }
    return ok;
  }
}
