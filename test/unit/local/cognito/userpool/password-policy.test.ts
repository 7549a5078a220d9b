// Password policies: Cognito's messages, and temporary passwords that satisfy any policy.
import assert from "node:assert/strict";
import { test } from "vitest";
import fc from "fast-check";
import { checkPasswordShape, DEFAULT_PASSWORD_POLICY, generateTemporaryPassword, passwordPolicyFrom, passwordPolicyViolation } from "../../../../../local/cognito/userpool/password-policy.ts";

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
