// The kit's browser-side Cognito SRP client (BigInt + Web Crypto) against cognito-srp-helper for the same
// inputs, and against the local stack's server half, plus SECRET_HASH.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { test } from "vitest";
import { signSrpSession } from "cognito-srp-helper";
import { claimSignature, createVerifier, serverEphemeral, serverSessionKey } from "../../../../../local/cognito/userpool/srp.ts";
import { modPow, N, padHex, passwordClaimSignature, srpAHex, srpEphemeral, srpPoolName, srpTimestamp } from "../../../../../plugin/core/auth/srp.ts";

type SrpSession = Parameters<typeof signSrpSession>[0];
const randomBig = (bytes: number) => BigInt(`0x${randomBytes(bytes).toString("hex")}`);

test("padHex writes Java BigInteger bytes: even length, 00 before a set top bit", () => {
  assert.equal(padHex(0x14n), "14");
  assert.equal(padHex(0xecn), "00ec");
  assert.equal(padHex(0x123n), "0123");
  assert.equal(padHex(0x7fffn), "7fff");
  assert.throws(() => padHex(-1n), RangeError);
});

test("modPow agrees with plain square-and-multiply", () => {
  const slow = (b: bigint, e: bigint, m: bigint) => {
    let r = 1n;
    for (let x = b % m, k = e; k > 0n; k >>= 1n, x = (x * x) % m) if (k & 1n) r = (r * x) % m;
    return r;
  };
  for (let i = 0; i < 10; i++) {
    const base = randomBig(400);
    const exponent = randomBig(1 + (i % 5) * 40);
    assert.equal(modPow(base, exponent, N), slow(base, exponent, N));
  }
  assert.equal(modPow(5n, 0n, N), 1n);
});

test("same a, same A and the same PASSWORD_CLAIM_SIGNATURE as cognito-srp-helper", async () => {
  for (const [username, password] of [
    ["alice", "Correct-Horse-9"],
    ["b0b-with-ünïcode", "pässwörd ✓"],
  ] as const) {
    const poolId = "us-west-2_AbCdEf123";
    const ephemeral = srpEphemeral();
    const timestamp = srpTimestamp(new Date());
    const challenge = {
      SALT: randomBytes(16).toString("hex"),
      SRP_B: (randomBig(384) % N).toString(16),
      SECRET_BLOCK: randomBytes(96).toString("base64"),
      USER_ID_FOR_SRP: username,
    };
    const session: SrpSession = {
      username,
      password,
      isHashed: false,
      poolId,
      poolIdAbbr: srpPoolName(poolId),
      timestamp,
      smallA: ephemeral.a.toString(16),
      largeA: srpAHex(ephemeral),
    };
    const theirs = signSrpSession(session, { ChallengeParameters: challenge });
    const ours = await passwordClaimSignature(ephemeral, {
      userPoolId: poolId,
      userIdForSrp: username,
      password,
      salt: challenge.SALT,
      srpB: challenge.SRP_B,
      secretBlock: challenge.SECRET_BLOCK,
      timestamp,
    });
    assert.equal(ours, theirs.passwordSignature);
  }
});

test("the local stack's server accepts the claim only for the right password", async () => {
  const poolId = "us-west-2_Pool42";
  const pool = srpPoolName(poolId);
  const { salt, verifier } = createVerifier(pool, "carol", "right-password-1");
  const claimWith = async (password: string) => {
    const ephemeral = srpEphemeral();
    const server = serverEphemeral(verifier);
    const secretBlock = randomBytes(64).toString("base64");
    const timestamp = srpTimestamp(new Date());
    const key = serverSessionKey(ephemeral.A, server, verifier)!;
    const expected = claimSignature(key, pool, "carol", secretBlock, timestamp);
    const given = await passwordClaimSignature(ephemeral, { userPoolId: poolId, userIdForSrp: "carol", password, salt, srpB: server.B.toString(16), secretBlock, timestamp });
    return given === expected;
  };
  assert.equal(await claimWith("right-password-1"), true);
  assert.equal(await claimWith("wrong-password-1"), false);
});

test("a B that is 0 mod N is refused", async () => {
  const challenge = { userPoolId: "r_p", userIdForSrp: "u", password: "p", salt: "01", srpB: N.toString(16), secretBlock: "AA==", timestamp: "x" };
  await assert.rejects(passwordClaimSignature(srpEphemeral(), challenge), RangeError);
});

test("TIMESTAMP: ddd MMM D HH:mm:ss UTC YYYY, day of month not padded", () => {
  assert.equal(srpTimestamp(new Date(Date.UTC(2024, 1, 5, 3, 4, 9))), "Mon Feb 5 03:04:09 UTC 2024");
  assert.equal(srpTimestamp(new Date(Date.UTC(2023, 11, 31, 23, 59, 59))), "Sun Dec 31 23:59:59 UTC 2023");
});
