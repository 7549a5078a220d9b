// User pool, client and secret ids shaped like Cognito's.
import assert from "node:assert/strict";
import { test } from "vitest";
import { newClientId, newClientSecret, newUserPoolId, srpPoolName } from "../../../../../local/cognito/userpool/ids.ts";

test("ids are shaped like Cognito's", () => {
  const poolId = newUserPoolId("eu-central-1");
  assert.match(poolId, /^eu-central-1_[0-9A-Za-z]{9}$/);
  assert.equal(srpPoolName(poolId), poolId.split("_")[1]);
  assert.match(newClientId(), /^[a-z0-9]{26}$/);
  assert.match(newClientSecret(), /^[a-z0-9]{51}$/);
});
