/**
 * The server side of Cognito's SRP-6a variant (USER_SRP_AUTH / PASSWORD_VERIFIER), written from the relations
 * the public Cognito clients use (amazon-cognito-identity-js / Amplify's AuthenticationHelper): no maintained
 * server-side SRP library implements Cognito's variant (its padding, the pool-name-salted x, the "Caldera" HKDF
 * and the signature over pool, user, secret block and timestamp), so it is done here.
 *
 *   N, g    the 3072-bit MODP prime of RFC 5054 / RFC 3526 group 15, g = 2
 *   k       H(PAD(N) | PAD(g))
 *   x       H(PAD(salt) | H(poolName | userIdForSrp | ":" | password)),   v = g^x
 *   B       k·v + g^b,   u = H(PAD(A) | PAD(B)),   S = (A · v^u)^b
 *   key     HKDF-SHA256(ikm = PAD(S), salt = PAD(u), info = "Caldera Derived Key"), 16 bytes
 *   M1      base64 HMAC-SHA256(key, poolName | userIdForSrp | SECRET_BLOCK bytes | TIMESTAMP)
 *
 * H is SHA-256 over bytes; PAD is the even-length big-endian hex of a positive integer with a 00 byte in front
 * when the top bit is set (Java BigInteger#toByteArray).
 */
import { createDiffieHellman, createDiffieHellmanGroup, createHash, createHmac, hkdfSync, randomBytes, timingSafeEqual } from "node:crypto";

// Node ships RFC 3526 group 15, the same 3072-bit prime RFC 5054 lists; taking it from there avoids a hand-copied constant.
const PRIME = createDiffieHellmanGroup("modp15").getPrime();
export const N = toBigInt(PRIME);
export const g = 2n;

export function toBigInt(bytes: Uint8Array): bigint {
  return bytes.length === 0 ? 0n : BigInt(`0x${Buffer.from(bytes).toString("hex")}`);
}

export function padHex(value: bigint): string {
  if (value < 0n) throw new RangeError("padHex takes non-negative integers");
  let hex = value.toString(16);
  if (hex.length % 2 === 1) hex = `0${hex}`;
  if (/^[89a-f]/.test(hex)) hex = `00${hex}`;
  return hex;
}

const sha256 = (data: Uint8Array | string): Buffer => createHash("sha256").update(data).digest();
const hexHash = (hex: string): bigint => toBigInt(sha256(Buffer.from(hex, "hex")));

export const k = hexHash(padHex(N) + padHex(g));

function modPowBigInt(base: bigint, exponent: bigint, modulus: bigint): bigint {
  let result = 1n;
  let b = base % modulus;
  let e = exponent;
  while (e > 0n) {
    if (e & 1n) result = (result * b) % modulus;
    b = (b * b) % modulus;
    e >>= 1n;
  }
  return result;
}

const bytesOf = (value: bigint, length?: number): Buffer => {
  const hex = value.toString(16);
  return Buffer.from((hex.length % 2 ? `0${hex}` : hex).padStart((length ?? 0) * 2, "0"), "hex");
};

/**
 * base^exponent mod N. OpenSSL's Diffie-Hellman does the exponentiation about ten times faster than BigInt
 * square-and-multiply (its "compute secret" is exactly peer^private mod p); the BigInt path takes the values
 * OpenSSL refuses as public keys (0, 1, N-1) and anything outside the group.
 */
export function modPowN(base: bigint, exponent: bigint): bigint {
  const b = ((base % N) + N) % N;
  if (exponent <= 0n || b <= 1n || b >= N - 1n) return modPowBigInt(b, exponent, N);
  try {
    const dh = createDiffieHellman(PRIME, Buffer.from([2]));
    dh.setPrivateKey(bytesOf(exponent));
    if (b === g) {
      dh.generateKeys();
      return toBigInt(dh.getPublicKey());
    }
    return toBigInt(dh.computeSecret(bytesOf(b, PRIME.length)));
  } catch {
    return modPowBigInt(b, exponent, N);
  }
}

/** x: what the client derives from the password; the server needs it only to make the verifier. */
export function passwordExponent(poolName: string, userIdForSrp: string, password: string, saltHex: string): bigint {
  const inner = sha256(`${poolName}${userIdForSrp}:${password}`).toString("hex");
  return hexHash(padHex(BigInt(`0x${saltHex}`)) + inner);
}

export interface SrpVerifier {
  /** Hex, sent to the client as SALT. */
  salt: string;
  /** Hex of v = g^x mod N. */
  verifier: string;
}

export function createVerifier(poolName: string, userIdForSrp: string, password: string): SrpVerifier {
  const salt = randomBytes(16).toString("hex");
  const v = modPowN(g, passwordExponent(poolName, userIdForSrp, password, salt));
  return { salt, verifier: v.toString(16) };
}

/**
 * USER_PASSWORD_AUTH and ChangePassword check a plain password against the same verifier USER_SRP_AUTH uses:
 * the verifier is stored anyway and already lets whoever holds the state file test guesses at one SHA-256 and one
 * modexp each, so a second, slower hash beside it would protect nothing. Both sides are compared as fixed-width
 * numbers, so a verifier written without its leading zeros (v.toString(16) drops them) still matches.
 */
export function passwordMatchesVerifier(poolName: string, userIdForSrp: string, password: string, stored: SrpVerifier): boolean {
  if (!/^[0-9a-fA-F]{1,1024}$/.test(stored.verifier) || !/^[0-9a-fA-F]{1,1024}$/.test(stored.salt)) return false;
  const expected = BigInt(`0x${stored.verifier}`);
  if (expected >= N) return false;
  const actual = modPowN(g, passwordExponent(poolName, userIdForSrp, password, stored.salt));
  return timingSafeEqual(bytesOf(actual, PRIME.length), bytesOf(expected, PRIME.length));
}

/**
 * A verifier shaped like a real one (a number below N) with no password behind it, derived from `seed`: the
 * SRP stand-in for a user that does not exist, the same for the same seed so its answers do not vary.
 */
export function standInVerifier(seed: Uint8Array): string {
  const wide = new Uint8Array(hkdfSync("sha256", seed, new Uint8Array(0), "stand-in verifier", PRIME.length + 16));
  return (toBigInt(wide) % N).toString(16);
}

export interface ServerEphemeral {
  b: bigint;
  B: bigint;
}

export function serverEphemeral(verifierHex: string): ServerEphemeral {
  const v = BigInt(`0x${verifierHex}`);
  for (;;) {
    const b = toBigInt(randomBytes(64));
    const B = (k * v + modPowN(g, b)) % N;
    if (B !== 0n) return { b, B };
  }
}

/** Parses the client's SRP_A; undefined when it is not hex or is a multiple of N (which would fix S at 0). */
export function parseClientPublic(hex: string): bigint | undefined {
  if (!/^[0-9a-fA-F]{1,1024}$/.test(hex)) return undefined;
  const A = BigInt(`0x${hex}`);
  return A % N === 0n ? undefined : A;
}

/** The 16-byte key both sides derive; undefined when u = 0 (the protocol aborts then). */
export function serverSessionKey(A: bigint, ephemeral: ServerEphemeral, verifierHex: string): Buffer | undefined {
  const u = hexHash(padHex(A) + padHex(ephemeral.B));
  if (u === 0n) return undefined;
  const v = BigInt(`0x${verifierHex}`);
  const S = modPowN((A * modPowN(v, u)) % N, ephemeral.b);
  const key = hkdfSync("sha256", Buffer.from(padHex(S), "hex"), Buffer.from(padHex(u), "hex"), "Caldera Derived Key", 16);
  return Buffer.from(key);
}

export function claimSignature(key: Uint8Array, poolName: string, userIdForSrp: string, secretBlock: string, timestamp: string): string {
  return createHmac("sha256", key)
    .update(Buffer.from(poolName, "utf8"))
    .update(Buffer.from(userIdForSrp, "utf8"))
    .update(Buffer.from(secretBlock, "base64"))
    .update(Buffer.from(timestamp, "utf8"))
    .digest("base64");
}

export function claimMatches(expected: string, given: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** The TIMESTAMP clients sign: "ddd MMM D HH:mm:ss UTC YYYY", day of month unpadded. */
export function formatSrpTimestamp(date: Date): string {
  const two = (n: number) => String(n).padStart(2, "0");
  return `${DAYS[date.getUTCDay()]} ${MONTHS[date.getUTCMonth()]} ${date.getUTCDate()} ${two(date.getUTCHours())}:${two(
    date.getUTCMinutes(),
  )}:${two(date.getUTCSeconds())} UTC ${date.getUTCFullYear()}`;
}

/** The instant a TIMESTAMP names, or undefined when it is not in that format (padded days are accepted too). */
export function parseSrpTimestamp(text: string): Date | undefined {
  const m = /^(Sun|Mon|Tue|Wed|Thu|Fri|Sat) (\w{3}) (\d{1,2}) (\d{2}):(\d{2}):(\d{2}) UTC (\d{4})$/.exec(text);
  if (!m) return undefined;
  const month = MONTHS.indexOf(m[2]!);
  if (month < 0) return undefined;
  const date = new Date(Date.UTC(Number(m[7]), month, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6])));
  if (Number.isNaN(date.getTime()) || date.getUTCDate() !== Number(m[3])) return undefined;
  return date;
}
