// Client secrets, password checks against the SRP verifier, password policy, codes, lockout, ListUsers filters and masking.
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { createSecretHash } from "cognito-srp-helper";
import fc from "fast-check";
import { DeliveryRate, judgeCode, MAX_CODE_ATTEMPTS, newVerificationCode } from "../../local/cognito/userpool/codes.ts";
import { newClientId, newClientSecret, newUserPoolId, srpPoolName } from "../../local/cognito/userpool/ids.ts";
import { compileUserFilter } from "../../local/cognito/userpool/list-users-filter.ts";
import { SignInLockout } from "../../local/cognito/userpool/lockout.ts";
import { maskEmail, maskPhone } from "../../local/cognito/userpool/masking.ts";
import {
  checkPasswordShape,
  DEFAULT_PASSWORD_POLICY,
  generateTemporaryPassword,
  passwordPolicyFrom,
  passwordPolicyViolation,
} from "../../local/cognito/userpool/password-policy.ts";
import type { PoolRecord, UserRecord } from "../../local/cognito/userpool/records.ts";
import { UserPoolRepository } from "../../local/cognito/userpool/repository.ts";
import { secretHash, secretHashMatches } from "../../local/cognito/userpool/secret-hash.ts";
import { createVerifier, N, padHex, passwordMatchesVerifier } from "../../local/cognito/userpool/srp.ts";
import { passwordMatches } from "../../local/cognito/userpool/users.ts";
import { DurableStore } from "../../local/store/durable-store.ts";

test("SECRET_HASH: base64 HMAC-SHA256(secret, username + clientId)", () => {
  // Computed with Python's hmac module.
  assert.equal(secretHash("secret-of-the-client", "alice", "1example23456789clientid00"), "bVIJHx9H13TU+P3+rK59JmJZjorrAZYA043+QT8Mjlg=");
  fc.assert(
    fc.property(fc.string({ minLength: 1 }), fc.string({ minLength: 1 }), fc.string({ minLength: 1 }), (user, client, secret) => {
      assert.equal(secretHash(secret, user, client), createSecretHash(user, client, secret));
    }),
    { numRuns: 50 },
  );
  const good = secretHash("s", "u", "c");
  assert.ok(secretHashMatches("s", "u", "c", good));
  assert.ok(!secretHashMatches("s", "v", "c", good));
  assert.ok(!secretHashMatches("s", "u", "c", `${good}x`));
});

test("ids are shaped like Cognito's", () => {
  const poolId = newUserPoolId("eu-central-1");
  assert.match(poolId, /^eu-central-1_[0-9A-Za-z]{9}$/);
  assert.equal(srpPoolName(poolId), poolId.split("_")[1]);
  assert.match(newClientId(), /^[a-z0-9]{26}$/);
  assert.match(newClientSecret(), /^[a-z0-9]{51}$/);
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

test("a durable user record from before still carrying a scrypt hash opens fine, and the hash is dropped", () => {
  const dir = mkdtempSync(join(tmpdir(), "cognito-legacy-"));
  try {
    const file = join(dir, "cognito-idp.jsonl");
    const pool = { id: "us-west-2_B8wjMILGn", caseSensitive: false } as PoolRecord;
    const srp = createVerifier(srpPoolName(pool.id), "Alice", "Pa55word!");
    const legacy = { poolId: pool.id, username: "Alice", status: "CONFIRMED", password: { alg: "scrypt", N: 16384, r: 8, p: 1, salt: "c2FsdA==", hash: "aGFzaA==" }, srp };
    writeFileSync(file, `${JSON.stringify({ c: "pools", k: pool.id, v: pool })}\n${JSON.stringify({ c: "users", k: `${pool.id}/alice`, v: legacy })}\n`);
    const store = DurableStore.open(file);
    const repo = new UserPoolRepository(store);
    repo.dropLegacyPasswordHashes();
    const user = repo.user(pool, "alice")!;
    assert.ok(!("password" in user));
    assert.deepEqual(user.srp, srp);
    assert.ok(passwordMatches(pool, user, "Pa55word!"));
    store.close();
    assert.ok(!readFileSync(file, "utf8").includes("scrypt"));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("password policy: Cognito's messages, first broken rule first", () => {
  const p = DEFAULT_PASSWORD_POLICY;
  const prefix = "Password did not conform with policy: ";
  assert.equal(passwordPolicyViolation(p, "Ab1!"), `${prefix}Password not long enough`);
  assert.equal(passwordPolicyViolation(p, "ABCDEFG1!"), `${prefix}Password must have lowercase characters`);
  assert.equal(passwordPolicyViolation(p, "abcdefg1!"), `${prefix}Password must have uppercase characters`);
  assert.equal(passwordPolicyViolation(p, "Abcdefgh!"), `${prefix}Password must have numeric characters`);
  assert.equal(passwordPolicyViolation(p, "Abcdefgh1"), `${prefix}Password must have symbol characters`);
  assert.equal(passwordPolicyViolation(p, "Abcdefg1^"), undefined);
  const relaxed = passwordPolicyFrom({ MinimumLength: 6 });
  assert.deepEqual(relaxed, { MinimumLength: 6, RequireUppercase: false, RequireLowercase: false, RequireNumbers: false, RequireSymbols: false, TemporaryPasswordValidityDays: 7 });
  assert.equal(passwordPolicyViolation(relaxed, "aaaaaa"), undefined);
  assert.deepEqual(passwordPolicyFrom(undefined), DEFAULT_PASSWORD_POLICY);
  assert.throws(() => passwordPolicyFrom({ MinimumLength: 5 }), { name: "InvalidParameterException" });
  assert.throws(() => passwordPolicyFrom({ RequireNumbers: "yes" }), { name: "InvalidParameterException" });
  assert.throws(() => checkPasswordShape(" padded "), { name: "InvalidParameterException" });
  assert.throws(() => checkPasswordShape("x".repeat(257)), { name: "InvalidParameterException" });
  checkPasswordShape("inner spaces are fine");
});

test("temporary passwords satisfy any policy", () => {
  fc.assert(
    fc.property(fc.integer({ min: 6, max: 99 }), fc.boolean(), fc.boolean(), fc.boolean(), fc.boolean(), (len, up, low, num, sym) => {
      const policy = { MinimumLength: len, RequireUppercase: up, RequireLowercase: low, RequireNumbers: num, RequireSymbols: sym, TemporaryPasswordValidityDays: 7 };
      const password = generateTemporaryPassword(policy);
      assert.equal(passwordPolicyViolation(policy, password), undefined);
      checkPasswordShape(password);
    }),
    { numRuns: 200 },
  );
});

test("codes: six digits; match, mismatch, expiry and the attempt limit", () => {
  for (let i = 0; i < 50; i++) assert.match(newVerificationCode(), /^\d{6}$/);
  const record = { code: "123456", expiresAt: 1000, failedAttempts: 0 };
  assert.equal(judgeCode(record, "123456", 999), "ok");
  assert.equal(judgeCode(record, "654321", 999), "mismatch");
  assert.equal(judgeCode(record, "123456", 1000), "expired");
  assert.equal(judgeCode(undefined, "123456", 0), "expired");
  assert.equal(judgeCode({ ...record, failedAttempts: MAX_CODE_ATTEMPTS }, "123456", 0), "too-many-attempts");
  const rate = new DeliveryRate(2, 1000);
  assert.ok(rate.allow("u", 0));
  assert.ok(rate.allow("u", 10));
  assert.ok(!rate.allow("u", 20));
  assert.ok(rate.allow("v", 20));
  assert.ok(rate.allow("u", 1001));
});

test("lockout: five failures lock for a second, doubling, and a success clears", () => {
  const lockout = new SignInLockout();
  for (let i = 0; i < 4; i++) lockout.recordFailure("u", 0);
  assert.ok(!lockout.isLocked("u", 0));
  lockout.recordFailure("u", 0);
  assert.ok(lockout.isLocked("u", 999));
  assert.ok(!lockout.isLocked("u", 1000));
  lockout.recordFailure("u", 1000);
  assert.ok(lockout.isLocked("u", 2999));
  assert.ok(!lockout.isLocked("u", 3000));
  lockout.recordSuccess("u");
  lockout.recordFailure("u", 3000);
  assert.ok(!lockout.isLocked("u", 3000));
});

test("ListUsers filters: = and ^= on the searchable attributes", () => {
  const user = (username: string, attributes: Record<string, string>, status: UserRecord["status"] = "CONFIRMED") =>
    ({ username, attributes, status, enabled: true }) as unknown as UserRecord;
  const alice = user("alice", { email: "alice@example.com", phone_number: "+15550001" });
  const bob = user("bob", { email: "bob@example.org" }, "UNCONFIRMED");
  const pick = (filter: string) => [alice, bob].filter(compileUserFilter(filter)).map((u) => u.username);
  assert.deepEqual(pick(""), ["alice", "bob"]);
  assert.deepEqual(pick('email = "bob@example.org"'), ["bob"]);
  assert.deepEqual(pick("email ^= 'alice'"), ["alice"]);
  assert.deepEqual(pick('phone_number ^= "+1555"'), ["alice"]);
  assert.deepEqual(pick('cognito:user_status = "UNCONFIRMED"'), ["bob"]);
  assert.deepEqual(pick('status = "Enabled"'), ["alice", "bob"]);
  assert.deepEqual(pick('username = "ali"'), []);
  for (const bad of ["email", 'email == "x"', 'favourite = "x"', 'email = "x" and name = "y"', "email = x"]) {
    assert.throws(() => compileUserFilter(bad), { name: "InvalidParameterException" }, bad);
  }
});

test("destinations are masked as Cognito shows them", () => {
  assert.equal(maskEmail("alice@example.com"), "a***@e***");
  assert.equal(maskPhone("+15555550123"), "+*******0123");
  assert.equal(maskEmail("broken"), "***");
});
