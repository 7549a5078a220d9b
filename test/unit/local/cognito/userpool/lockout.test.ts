// Sign-in lockout after repeated wrong passwords.
import assert from "node:assert/strict";
import { test } from "vitest";
import { SignInLockout } from "../../../../../local/cognito/userpool/lockout.ts";

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
