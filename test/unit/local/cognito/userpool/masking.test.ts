// Code delivery destinations masked as Cognito shows them.
import assert from "node:assert/strict";
import { test } from "vitest";
import { maskEmail, maskPhone } from "../../../../../local/cognito/userpool/masking.ts";

test("destinations are masked as Cognito shows them", () => {
  assert.equal(maskEmail("alice@example.com"), "a***@e***");
  assert.equal(maskPhone("+15555550123"), "+*******0123");
  assert.equal(maskEmail("broken"), "***");
});
