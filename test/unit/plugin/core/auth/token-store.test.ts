// The token store: write-through persistence, restore that ignores junk, and what createAuth makes of stored tokens.
import assert from "node:assert/strict";
import { test } from "vitest";
import { createAuth } from "../../../../../plugin/core/auth/index.ts";
import { readStoredTokens, resolveTokenStorage, TokenStore, tokenStorageKey } from "../../../../../plugin/core/auth/token-store.ts";
import type { AuthenticationTokens } from "../../../../../plugin/core/auth/auth-types.ts";
import { Timers } from "../../../../../plugin/core/timers.ts";
import { MemoryStorage } from "../../../../helpers/memory-storage.ts";

const KEY = tokenStorageKey("us-west-2_pool", "client");
const tokens = (over: Partial<AuthenticationTokens> = {}): AuthenticationTokens => {
  const out: AuthenticationTokens = {
    provider: "cognito",
    accessToken: "access",
    idToken: "id",
    refreshToken: "refresh",
    tokenType: "Bearer",
    expiresIn: 3600,
    expiresAt: Date.now() + 3_600_000,
    username: "ann",
    ...over,
  };
  // An explicit undefined means "without": stored tokens never carry undefined members.
  for (const key of Object.keys(out) as (keyof AuthenticationTokens)[]) if (out[key] === undefined) delete out[key];
  return out;
};

test("tokens are written through and read back by the next store", () => {
  const storage = new MemoryStorage();
  const first = new TokenStore(storage, KEY);
  first.signIn(tokens());
  first.signIn(tokens({ provider: "google", accessToken: "g", username: undefined }));
  const second = new TokenStore(storage, KEY);
  assert.deepEqual(second.all(), first.all());
  assert.equal(second.latest()?.provider, "google");
  second.replace(tokens({ accessToken: "access-2" }));
  assert.equal(new TokenStore(storage, KEY).latest()?.provider, "google", "a refresh keeps the order");
  second.delete("cognito");
  second.delete("google");
  assert.equal(storage.getItem(KEY), null, "nothing left, nothing stored");
});

test("junk in storage reads as nothing, and good entries survive bad neighbours", () => {
  const good = tokens();
  for (const junk of ["", "{", "null", "[]", '"text"', "42", JSON.stringify({ version: 2, tokens: [good] }), JSON.stringify({ version: 1, tokens: "x" })]) {
    assert.deepEqual(readStoredTokens(junk), [], junk);
  }
  const mixed = JSON.stringify({
    version: 1,
    tokens: [
      null,
      { ...good, provider: "facebook" },
      { ...good, accessToken: "" },
      { ...good, expiresAt: "tomorrow" },
      { ...good, expiresIn: Infinity },
      { ...good, refreshToken: 7 },
      { ...good, provider: "google", idToken: "" },
      good,
      { ...good, accessToken: "duplicate" },
    ],
  });
  assert.deepEqual(readStoredTokens(mixed), [good]);
  assert.deepEqual(readStoredTokens(JSON.stringify({ version: 1, tokens: [{ ...good, extra: "dropped", __proto__: { polluted: 1 } }] })), [good]);
});

test("a storage that throws costs persistence only", () => {
  const hostile: Storage = Object.assign(new MemoryStorage(), {
    getItem: () => {
      throw new Error("SecurityError");
    },
    setItem: () => {
      throw new Error("QuotaExceededError");
    },
  });
  const store = new TokenStore(hostile, KEY);
  store.signIn(tokens());
  assert.equal(store.get("cognito")?.accessToken, "access");
});

test("memory unless the config opts in; the injected storage wins over the browser's", () => {
  const injected = new MemoryStorage();
  assert.equal(resolveTokenStorage(undefined, injected), undefined);
  assert.equal(resolveTokenStorage("memory", injected), undefined);
  assert.equal(resolveTokenStorage("session", injected), injected);
  assert.equal(resolveTokenStorage("local", undefined), undefined, "Node has no localStorage");
});

test("createAuth restores good tokens, drops expired ones it cannot refresh, and ignores junk", () => {
  const config = { region: "us-west-2", cognito: { userPoolId: "us-west-2_pool", appClientId: "client" }, tokenStorage: "local" as const };
  const storage = new MemoryStorage();
  storage.setItem(
    KEY,
    JSON.stringify({
      version: 1,
      tokens: [tokens(), tokens({ provider: "loginWithAmazon", refreshToken: undefined, idToken: undefined, expiresAt: Date.now() - 1000 })],
    }),
  );
  const timers = new Timers();
  const kit = createAuth(config, { storage, timers });
  assert.equal(kit.auth.isSignedIn("cognito"), true);
  assert.equal(kit.auth.isSignedIn("loginWithAmazon"), false);
  assert.equal(kit.auth.getAuthenticationTokens()?.accessToken, "access");
  assert.equal(timers.size, 1, "the restored tokens' refresh is scheduled");
  kit.destroy();
  assert.equal(timers.size, 0);

  storage.setItem(KEY, "{not json");
  const junk = createAuth(config, { storage });
  assert.equal(junk.auth.isSignedIn(), false);
  assert.equal(junk.auth.getAuthenticationTokens(), undefined);
  junk.destroy();
});
