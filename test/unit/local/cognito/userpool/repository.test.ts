// The user pool repository on its durable store: records written by earlier versions still open.
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "vitest";
import { srpPoolName } from "../../../../../local/cognito/userpool/ids.ts";
import type { PoolRecord } from "../../../../../local/cognito/userpool/records.ts";
import { UserPoolRepository } from "../../../../../local/cognito/userpool/repository.ts";
import { createVerifier } from "../../../../../local/cognito/userpool/srp.ts";
import { passwordMatches } from "../../../../../local/cognito/userpool/users.ts";
import { DurableStore } from "../../../../../local/store/durable-store.ts";

test("a durable user record from before still carrying a scrypt hash opens fine, and the hash is dropped", () => {
  const dir = mkdtempSync(join(tmpdir(), "cognito-legacy-"));
  try {
    const file = join(dir, "cognito-idp.jsonl");
    const pool = { id: "us-west-2_B8wjMILGn", caseSensitive: false } as PoolRecord;
    const srp = createVerifier(srpPoolName(pool.id), "Alice", "Pa55word!");
    const legacy = { poolId: pool.id, username: "Alice", status: "CONFIRMED", password: { alg: "scrypt", N: 16384, r: 8, p: 1, salt: "c2FsdA==", hash: "aGFzaA==" }, srp };
    writeFileSync(file, `${JSON.stringify({ c: "pools", k: pool.id, v: pool })}\n${JSON.stringify({ c: "users", k: `${pool.id}/alice`, v: legacy })}\n`);
    const store = DurableStore.open(file);
    const repo = new UserPoolRepository(store);
    repo.dropLegacyPasswordHashes();
    const user = repo.user(pool, "alice")!;
    assert.ok(!("password" in user));
    assert.deepEqual(user.srp, srp);
    assert.ok(passwordMatches(pool, user, "Pa55word!"));
    store.close();
    assert.ok(!readFileSync(file, "utf8").includes("scrypt"));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
