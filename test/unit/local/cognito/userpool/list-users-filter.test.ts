// ListUsers filter expressions.
import assert from "node:assert/strict";
import { test } from "vitest";
import { compileUserFilter } from "../../../../../local/cognito/userpool/list-users-filter.ts";
import type { UserRecord } from "../../../../../local/cognito/userpool/records.ts";

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
