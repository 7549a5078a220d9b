// The append-only durable store: reopening reads back what was put and compacts; a torn last line is dropped, other damage refused.
import assert from "node:assert/strict";
import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "vitest";
import { DurableStore } from "../../../../local/store/durable-store.ts";

const tempFile = () => join(mkdtempSync(join(tmpdir(), "pgl-store-")), "state.jsonl");

test("what was put is there after reopening; deletes stay deleted", () => {
  const file = tempFile();
  const a = DurableStore.open(file);
  a.put("users", "alice", { name: "alice", confirmed: false });
  a.put("users", "bob", { name: "bob" });
  a.put("users", "alice", { name: "alice", confirmed: true });
  a.delete("users", "bob");
  a.close();
  const b = DurableStore.open(file);
  assert.deepEqual(b.get("users", "alice"), { name: "alice", confirmed: true });
  assert.equal(b.get("users", "bob"), undefined);
  assert.deepEqual(b.values("users").length, 1);
  b.close();
});

test("reopening compacts the log to one line per live key", () => {
  const file = tempFile();
  const a = DurableStore.open(file);
  for (let i = 0; i < 50; i++) a.put("c", "k", { i });
  a.close();
  DurableStore.open(file).close();
  assert.equal(readFileSync(file, "utf8").trim().split("\n").length, 1);
});

test("a torn last line (crash mid-write) is dropped; damage elsewhere is refused", () => {
  const file = tempFile();
  const a = DurableStore.open(file);
  a.put("c", "k1", 1);
  a.close();
  appendFileSync(file, '{"c":"c","k":"k2","v":');
  const b = DurableStore.open(file);
  assert.equal(b.get("c", "k1"), 1);
  assert.equal(b.get("c", "k2"), undefined);
  b.close();
  writeFileSync(file, 'garbage\n{"c":"c","k":"k1","v":1}\n{"c":"c","k":"k3","v":3}\n');
  assert.throws(() => DurableStore.open(file), /damaged at line 1/);
});

test("stored values are copies: later changes to the caller's object are not kept by accident", () => {
  const s = DurableStore.open(tempFile());
  const user = { name: "a", tags: ["x"] };
  s.put("u", "a", user);
  user.tags.push("y");
  assert.deepEqual(s.get("u", "a"), { name: "a", tags: ["x"] });
  s.close();
});
