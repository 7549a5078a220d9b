// Client secrets, password storage, password policy, codes, lockout, ListUsers filters and masking.
import assert from "node:assert/strict";
import { test } from "node:test";
import { createSecretHash } from "cognito-srp-helper";
import fc from "fast-check";
import { DeliveryRate, judgeCode, MAX_CODE_ATTEMPTS, newVerificationCode } from "../../local/cognito/userpool/codes.ts";
import { newClientId, newClientSecret, newUserPoolId, srpPoolName } from "../../local/cognito/userpool/ids.ts";
import { compileUserFilter } from "../../local/cognito/userpool/list-users-filter.ts";
import { SignInLockout } from "../../local/cognito/userpool/lockout.ts";
import { maskEmail, maskPhone } from "../../local/cognito/userpool/masking.ts";
import { hashPassword, VerifiedPasswordCache, verifyPassword } from "../../local/cognito/userpool/password-hash.ts";
import {
  checkPasswordShape,
  DEFAULT_PASSWORD_POLICY,
  generateTemporaryPassword,
  passwordPolicyFrom,
  passwordPolicyViolation,
} from "../../local/cognito/userpool/password-policy.ts";
import type { UserRecord } from "../../local/cognito/userpool/records.ts";
import { secretHash, secretHashMatches } from "../../local/cognito/userpool/secret-hash.ts";

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

test("scrypt hashes verify, are salted, and carry their parameters", async () => {
  const params = { N: 1024, r: 8, p: 1 };
  const one = await hashPassword("hunter2-Hunter", params);
  const two = await hashPassword("hunter2-Hunter", params);
  assert.notEqual(one.hash, two.hash);
  assert.equal(one.N, 1024);
  assert.ok(await verifyPassword("hunter2-Hunter", one));
  assert.ok(!(await verifyPassword("hunter2-hunter", one)));
  assert.ok(!JSON.stringify(one).includes("hunter2"));
});

test("the verified-password cache answers repeats, and never a different or changed password", async () => {
  const stored = await hashPassword("Pa55word!", { N: 1024, r: 8, p: 1 });
  const cache = new VerifiedPasswordCache(1000);
  assert.ok(await cache.verify("pool/u", "Pa55word!", stored, 0));
  assert.ok(await cache.verify("pool/u", "Pa55word!", stored, 500));
  assert.ok(!(await cache.verify("pool/u", "pa55word!", stored, 500)));
  const changed = await hashPassword("Other-Pa55", { N: 1024, r: 8, p: 1 });
  assert.ok(!(await cache.verify("pool/u", "Pa55word!", changed, 600)));
  assert.ok(await cache.verify("pool/u", "Pa55word!", stored, 5000)); // expired entry, full check again
  assert.ok(!(await new VerifiedPasswordCache(0).verify("pool/u", "nope", stored, 0)));
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
