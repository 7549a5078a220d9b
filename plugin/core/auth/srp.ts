/**
 * The client half of Cognito's SRP-6a variant (USER_SRP_AUTH → PASSWORD_VERIFIER), so the password never leaves
 * the browser. Written on BigInt and Web Crypto rather than taken from a package: the maintained helpers
 * (amazon-cognito-identity-js, cognito-srp-helper) bring jsbn, crypto-js and a Buffer polyfill into the bundle,
 * which a browser that has BigInt and SubtleCrypto does not need.
 *
 *   N, g    RFC 5054's 3072-bit group, g = 2;   k = H(PAD(N) | PAD(g))
 *   A       g^a with a random 1024-bit a (sent as SRP_A)
 *   x       H(PAD(salt) | H(poolName | userIdForSrp | ":" | password))
 *   u       H(PAD(A) | PAD(B));   S = (B − k·g^x)^(a + u·x)
 *   key     HKDF-SHA256(ikm = PAD(S), salt = PAD(u), info = "Caldera Derived Key"), 16 bytes
 *   claim   base64 HMAC-SHA256(key, poolName | userIdForSrp | SECRET_BLOCK bytes | TIMESTAMP)
 *
 * PAD writes a positive integer as even-length hex with a 00 byte in front when the top bit is set (Java's
 * BigInteger#toByteArray, which Cognito's server side uses); H is SHA-256 over those bytes.
 */
import { base64ToBytes, bytesToBase64, bytesToBigInt, bytesToHex, concatBytes, hexToBytes, randomBytes, utf8 } from "./bytes.ts";
import { hmacSha256 } from "./secret-hash.ts";

export const N = BigInt(
  "0x" +
    "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DD" +
    "EF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED" +
    "EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F" +
    "83655D23DCA3AD961C62F356208552BB9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B" +
    "E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF6955817183995497CEA956AE515D2261898FA0510" +
    "15728E5A8AAAC42DAD33170D04507A33A85521ABDF1CBA64ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7" +
    "ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6BF12FFA06D98A0864D87602733EC86A64521F2B18177B200C" +
    "BBE117577A615D6C770988C0BAD946E208E24FA074E5AB3143DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF",
);
export const g = 2n;

export function padHex(value: bigint): string {
  if (value < 0n) throw new RangeError("padHex takes non-negative integers");
  let hex = value.toString(16);
  if (hex.length % 2 === 1) hex = `0${hex}`;
  return /^[89a-f]/.test(hex) ? `00${hex}` : hex;
}

async function sha256(bytes: Uint8Array<ArrayBuffer>): Promise<Uint8Array<ArrayBuffer>> {
  return new Uint8Array(await globalThis.crypto.subtle.digest("SHA-256", bytes));
}

const hashOfHex = async (hex: string): Promise<bigint> => bytesToBigInt(await sha256(hexToBytes(hex)));

const mod = (value: bigint, m: bigint): bigint => ((value % m) + m) % m;

/** base^exponent mod m with a 4-bit fixed window: about a quarter fewer multiplications than bit by bit. */
export function modPow(base: bigint, exponent: bigint, m: bigint): bigint {
  if (exponent < 0n) throw new RangeError("negative exponent");
  const b = mod(base, m);
  const table: bigint[] = [1n];
  for (let i = 1; i < 16; i++) table.push((table[i - 1]! * b) % m);
  const hex = exponent.toString(16);
  let result = 1n;
  for (const digit of hex) {
    for (let i = 0; i < 4; i++) result = (result * result) % m;
    const d = parseInt(digit, 16);
    if (d !== 0) result = (result * table[d]!) % m;
  }
  return result;
}

let kValue: Promise<bigint> | undefined;
export const multiplier = (): Promise<bigint> => (kValue ??= hashOfHex(padHex(N) + padHex(g)));

/** The user-pool id's part after the region: what Cognito's SRP calls the pool name. */
export const srpPoolName = (userPoolId: string): string => userPoolId.slice(userPoolId.indexOf("_") + 1);

export interface SrpEphemeral {
  a: bigint;
  A: bigint;
}

/** A fresh client ephemeral; `a` is injectable so tests can compare with another implementation. */
export function srpEphemeral(a: bigint = bytesToBigInt(randomBytes(128))): SrpEphemeral {
  const A = modPow(g, a, N);
  // A ≡ 0 would let anyone pass; with a random a it does not happen, but the protocol says to check.
  if (A % N === 0n) throw new RangeError("SRP: A is 0 mod N");
  return { a, A };
}

/** SRP_A as InitiateAuth takes it. */
export const srpAHex = (ephemeral: SrpEphemeral): string => ephemeral.A.toString(16);

export interface PasswordVerifierChallenge {
  userPoolId: string;
  userIdForSrp: string;
  password: string;
  /** Hex, as the challenge's SALT. */
  salt: string;
  /** Hex, as the challenge's SRP_B. */
  srpB: string;
  /** Base64, as the challenge's SECRET_BLOCK. */
  secretBlock: string;
  timestamp: string;
}

/** PASSWORD_CLAIM_SIGNATURE for a PASSWORD_VERIFIER challenge. */
export async function passwordClaimSignature(ephemeral: SrpEphemeral, challenge: PasswordVerifierChallenge): Promise<string> {
  const B = BigInt(`0x${challenge.srpB}`);
  if (B % N === 0n) throw new RangeError("SRP: the server's B is 0 mod N");
  const u = await hashOfHex(padHex(ephemeral.A) + padHex(B));
  if (u === 0n) throw new RangeError("SRP: u is 0");
  const poolName = srpPoolName(challenge.userPoolId);
  const identityHash = bytesToHex(await sha256(utf8(`${poolName}${challenge.userIdForSrp}:${challenge.password}`)));
  const x = await hashOfHex(padHex(BigInt(`0x${challenge.salt}`)) + identityHash);
  const k = await multiplier();
  const S = modPow(mod(B - k * modPow(g, x, N), N), ephemeral.a + u * x, N);
  const key = await hkdf16(hexToBytes(padHex(S)), hexToBytes(padHex(u)));
  const message = concatBytes(utf8(poolName), utf8(challenge.userIdForSrp), base64ToBytes(challenge.secretBlock), utf8(challenge.timestamp));
  return bytesToBase64(await hmacSha256(key, message));
}

async function hkdf16(ikm: Uint8Array<ArrayBuffer>, salt: Uint8Array<ArrayBuffer>): Promise<Uint8Array<ArrayBuffer>> {
  const key = await globalThis.crypto.subtle.importKey("raw", ikm, "HKDF", false, ["deriveBits"]);
  const bits = await globalThis.crypto.subtle.deriveBits({ name: "HKDF", hash: "SHA-256", salt, info: utf8("Caldera Derived Key") }, key, 128);
  return new Uint8Array(bits);
}

const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** TIMESTAMP as Cognito checks it: "ddd MMM D HH:mm:ss UTC YYYY", the day of the month not padded. */
export function srpTimestamp(date: Date): string {
  const two = (n: number) => String(n).padStart(2, "0");
  const time = `${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())}`;
  return `${DAYS[date.getUTCDay()]} ${MONTHS[date.getUTCMonth()]} ${date.getUTCDate()} ${time} UTC ${date.getUTCFullYear()}`;
}
