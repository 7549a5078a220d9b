// SECRET_HASH as Cognito computes it: base64 HMAC-SHA256(client secret, username + client id).
import assert from "node:assert/strict";
import { test } from "vitest";
import { createSecretHash } from "cognito-srp-helper";
import fc from "fast-check";
import { secretHash, secretHashMatches } from "../../../../../local/cognito/userpool/secret-hash.ts";

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
