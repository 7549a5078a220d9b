// The kit's SECRET_HASH (Web Crypto) against cognito-srp-helper's.
import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { test } from "vitest";
import { createSecretHash } from "cognito-srp-helper";
import { secretHash } from "../../../../../plugin/core/auth/secret-hash.ts";

test("SECRET_HASH is base64 HMAC-SHA256(secret, username + clientId)", async () => {
  const expected = createHmac("sha256", "s3cr3t").update("aliceclient123").digest("base64");
  assert.equal(await secretHash("s3cr3t", "alice", "client123"), expected);
  assert.equal(await secretHash("s3cr3t", "alice", "client123"), createSecretHash("alice", "client123", "s3cr3t"));
  assert.equal(await secretHash("k", "ünï", "c"), createHmac("sha256", "k").update("ünïc").digest("base64"));
});
