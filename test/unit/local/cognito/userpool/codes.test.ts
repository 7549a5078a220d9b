// Verification codes: shape, match, expiry, the attempt limit and the delivery rate.
import assert from "node:assert/strict";
import { test } from "vitest";
import { DeliveryRate, judgeCode, MAX_CODE_ATTEMPTS, newVerificationCode } from "../../../../../local/cognito/userpool/codes.ts";

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
