// The SRP server against the relations of SRP-6a as Cognito's clients use them, an independently written client
// (BigInt arithmetic here), and the public cognito-srp-helper client; plain passwords checked against a verifier.
import assert from "node:assert/strict";
import { createHash, hkdfSync, randomBytes } from "node:crypto";
import { test } from "vitest";
import { createSrpSession, signSrpSession, wrapAuthChallenge, wrapInitiateAuth } from "cognito-srp-helper";
import fc from "fast-check";
import {
  claimMatches,
  claimSignature,
  createVerifier,
  formatSrpTimestamp,
  g,
  k,
  modPowN,
  N,
  padHex,
  parseClientPublic,
  parseSrpTimestamp,
  passwordExponent,
  passwordMatchesVerifier,
  serverEphemeral,
  serverSessionKey,
} from "../../../../../local/cognito/userpool/srp.ts";

function modPow(base: bigint, exponent: bigint, modulus: bigint): bigint {
  let result = 1n;
  let b = ((base % modulus) + modulus) % modulus;
  for (let e = exponent; e > 0n; e >>= 1n) {
    if (e & 1n) result = (result * b) % modulus;
    b = (b * b) % modulus;
  }
  return result;
}
const H = (hex: string) => BigInt(`0x${createHash("sha256").update(Buffer.from(hex, "hex")).digest("hex")}`);
const randomBig = (bytes: number) => BigInt(`0x${randomBytes(bytes).toString("hex")}`);

test("padHex: even length, a 00 byte in front when the top bit is set", () => {
  assert.equal(padHex(0x14n), "14");
  assert.equal(padHex(0xecn), "00ec");
  assert.equal(padHex(0x80n), "0080");
  assert.equal(padHex(0x123n), "0123");
  assert.equal(padHex(0x7fffn), "7fff");
  assert.throws(() => padHex(-1n), RangeError);
});

test("the group is RFC 5054's 3072-bit prime with g = 2, and k = H(PAD(N) | PAD(g))", () => {
  const hex = N.toString(16);
  assert.equal(hex.length, 768);
  assert.ok(hex.startsWith("ffffffffffffffffc90fdaa22168c234c4c6628b80dc1cd1"));
  assert.ok(hex.endsWith("ffffffffffffffff"));
  assert.equal(g, 2n);
  assert.equal(k, H(`00${hex}02`));
  // N ≡ 7 (mod 8), so 2 is a quadratic residue: g generates the subgroup of prime order (N-1)/2 of this safe prime.
  assert.equal(N % 8n, 7n);
  assert.equal(modPow(g, (N - 1n) / 2n, N), 1n);
});

test("modPowN agrees with square-and-multiply, including the values OpenSSL refuses", () => {
  for (const base of [0n, 1n, 2n, N - 1n, N, N + 5n]) assert.equal(modPowN(base, 12345n), modPow(base, 12345n, N));
  fc.assert(
    fc.property(fc.bigInt({ min: 0n, max: N * 2n }), fc.bigInt({ min: 0n, max: 2n ** 512n }), (base, exponent) => {
      assert.equal(modPowN(base, exponent), modPow(base, exponent, N));
    }),
    { numRuns: 25 },
  );
});

test("server and an independently computed client derive the same key, and only with the right password", () => {
  const pool = "AbCdEf123";
  const { salt, verifier } = createVerifier(pool, "alice", "Passw0rd!");
  // v = g^x with x = H(PAD(salt) | H(pool | user | ":" | password))
  assert.equal(BigInt(`0x${verifier}`), modPow(g, passwordExponent(pool, "alice", "Passw0rd!", salt), N));

  const clientKey = (password: string, A: bigint, a: bigint, B: bigint) => {
    const u = H(padHex(A) + padHex(B));
    const x = passwordExponent(pool, "alice", password, salt);
    const S = modPow(B - ((k * modPow(g, x, N)) % N), a + u * x, N);
    return Buffer.from(hkdfSync("sha256", Buffer.from(padHex(S), "hex"), Buffer.from(padHex(u), "hex"), "Caldera Derived Key", 16));
  };
  for (let i = 0; i < 3; i++) {
    const a = randomBig(128);
    const A = modPow(g, a, N);
    const ephemeral = serverEphemeral(verifier);
    assert.equal(ephemeral.B, (k * BigInt(`0x${verifier}`) + modPow(g, ephemeral.b, N)) % N);
    const serverKey = serverSessionKey(A, ephemeral, verifier)!;
    assert.equal(serverKey.length, 16);
    assert.deepEqual(clientKey("Passw0rd!", A, a, ephemeral.B), serverKey);
    assert.notDeepEqual(clientKey("passw0rd!", A, a, ephemeral.B), serverKey);
  }
});

test("the public cognito-srp-helper client's signature verifies, and a wrong password's does not", () => {
  const poolId = "eu-west-1_Xy9Zw8Vu7";
  const { salt, verifier } = createVerifier("Xy9Zw8Vu7", "bob", "Right-passw0rd");
  const attempt = (password: string) => {
    const session = createSrpSession("bob", password, poolId, false);
    const initiate = wrapInitiateAuth(session, { ClientId: "c", AuthFlow: "USER_SRP_AUTH", AuthParameters: { USERNAME: "bob" } as Record<string, string> });
    const A = parseClientPublic(initiate.AuthParameters!["SRP_A"]!)!;
    const ephemeral = serverEphemeral(verifier);
    const secretBlock = randomBytes(64).toString("base64");
    const signed = signSrpSession(session, {
      ChallengeName: "PASSWORD_VERIFIER",
      ChallengeParameters: { SALT: salt, SRP_B: ephemeral.B.toString(16), SECRET_BLOCK: secretBlock, USER_ID_FOR_SRP: "bob", USERNAME: "bob" },
    });
    const responses = wrapAuthChallenge(signed, {
      ClientId: "c",
      ChallengeName: "PASSWORD_VERIFIER",
      ChallengeResponses: { USERNAME: "bob" } as Record<string, string>,
    }).ChallengeResponses!;
    const expected = claimSignature(serverSessionKey(A, ephemeral, verifier)!, "Xy9Zw8Vu7", "bob", responses["PASSWORD_CLAIM_SECRET_BLOCK"]!, responses["TIMESTAMP"]!);
    assert.ok(parseSrpTimestamp(responses["TIMESTAMP"]!));
    return claimMatches(expected, responses["PASSWORD_CLAIM_SIGNATURE"]!);
  };
  assert.equal(attempt("Right-passw0rd"), true);
  assert.equal(attempt("Wrong-passw0rd"), false);
});

test("SRP_A: hex, and not a multiple of N", () => {
  assert.equal(parseClientPublic("0"), undefined);
  assert.equal(parseClientPublic(N.toString(16)), undefined);
  assert.equal(parseClientPublic((N * 2n).toString(16)), undefined);
  assert.equal(parseClientPublic("xyz"), undefined);
  assert.equal(parseClientPublic(""), undefined);
  assert.equal(parseClientPublic("0a"), 10n);
});

test("timestamps: ddd MMM D HH:mm:ss UTC YYYY, day unpadded", () => {
  const date = new Date(Date.UTC(2024, 1, 3, 4, 5, 6));
  assert.equal(formatSrpTimestamp(date), "Sat Feb 3 04:05:06 UTC 2024");
  assert.deepEqual(parseSrpTimestamp("Sat Feb 3 04:05:06 UTC 2024"), date);
  assert.deepEqual(parseSrpTimestamp("Sat Feb 03 04:05:06 UTC 2024"), date);
  assert.equal(parseSrpTimestamp("Fri Feb 30 04:05:06 UTC 2024"), undefined);
  assert.equal(parseSrpTimestamp("2024-02-03T04:05:06Z"), undefined);
  fc.assert(
    fc.property(fc.date({ min: new Date(0), max: new Date(Date.UTC(9999, 0)), noInvalidDate: true }), (d) => {
      const whole = new Date(Math.floor(d.getTime() / 1000) * 1000);
      assert.deepEqual(parseSrpTimestamp(formatSrpTimestamp(whole)), whole);
    }),
  );
});

test("a plain password is checked against the SRP verifier made with the same pool name and user id", () => {
  const stored = createVerifier("B8wjMILGn", "alice", "hunter2-Hunter");
  assert.ok(passwordMatchesVerifier("B8wjMILGn", "alice", "hunter2-Hunter", stored));
  assert.ok(!passwordMatchesVerifier("B8wjMILGn", "alice", "hunter2-hunter", stored));
  assert.ok(!passwordMatchesVerifier("B8wjMILGn", "alice", "", stored));
  // The same password, salted for another user or another pool, is a different verifier.
  assert.ok(!passwordMatchesVerifier("B8wjMILGn", "alice", "hunter2-Hunter", createVerifier("B8wjMILGn", "bob", "hunter2-Hunter")));
  assert.ok(!passwordMatchesVerifier("B8wjMILGn", "alice", "hunter2-Hunter", createVerifier("Other0Pool", "alice", "hunter2-Hunter")));
  assert.ok(!passwordMatchesVerifier("B8wjMILGn", "bob", "hunter2-Hunter", stored));
  assert.ok(!passwordMatchesVerifier("Other0Pool", "alice", "hunter2-Hunter", stored));
  assert.ok(!passwordMatchesVerifier("B8wjMILGn", "alice", "hunter2-Hunter", { ...stored, verifier: "not hex" }));
  assert.ok(!passwordMatchesVerifier("B8wjMILGn", "alice", "hunter2-Hunter", { ...stored, verifier: N.toString(16) }));
  assert.ok(!JSON.stringify(stored).includes("hunter2"));
});

test("a verifier matches however its hex is padded", () => {
  // v.toString(16) drops leading zeros: about one verifier in sixteen is shorter than the 768 digits of N.
  let stored = createVerifier("pool", "carol", "Pa55word!");
  for (let i = 0; stored.verifier.length === 768; i++) {
    assert.ok(i < 1000, "no short verifier found");
    stored = createVerifier("pool", "carol", "Pa55word!");
  }
  assert.ok(passwordMatchesVerifier("pool", "carol", "Pa55word!", stored));
  assert.ok(!passwordMatchesVerifier("pool", "carol", "pa55word!", stored));
  const value = BigInt(`0x${stored.verifier}`);
  for (const verifier of [stored.verifier.padStart(768, "0"), padHex(value), `0000${stored.verifier.toUpperCase()}`]) {
    assert.ok(passwordMatchesVerifier("pool", "carol", "Pa55word!", { ...stored, verifier }), verifier.slice(0, 8));
  }
});
