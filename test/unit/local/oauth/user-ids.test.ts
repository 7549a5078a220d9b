// Device-code providers' user ids: stable per name, shaped like the real providers'.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { test } from "vitest";
import { stableUserId } from "../../../../local/oauth/user-ids.ts";

test("provider user ids are stable per name and shaped like the real ones", () => {
  const key = randomBytes(32);
  assert.equal(stableUserId(key, "amazon", "ann"), stableUserId(key, "amazon", "ann"));
  assert.notEqual(stableUserId(key, "amazon", "ann"), stableUserId(key, "amazon", "bob"));
  assert.match(stableUserId(key, "amazon", "ann"), /^amzn1\.account\.[A-Z2-7]{28}$/);
  assert.match(stableUserId(key, "google", "ann"), /^1\d{20}$/);
});
