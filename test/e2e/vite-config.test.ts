// The dev server's view of .local/stack.json: the page gets endpoints and ids, never the developer keys.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { createServer } from "vite";
import { browserStackConfig, localStackPlugin, STACK_MODULE_ID } from "../../vite.config.ts";

const STATE = {
  endpoint: "http://127.0.0.1:8080",
  region: "us-west-2",
  accountId: "123456789012",
  developerCredentials: { accessKeyId: "AKIADEVELOPER", secretAccessKey: "very-secret" },
  gamelift: { endpoint: "http://127.0.0.1:8080", sdkEndpoint: "ws://127.0.0.1:8080/gamelift-sdk" },
  fleet: { fleetId: "fleet-1", fleetArn: "arn:fleet", aliasId: "alias-1", location: "custom-local", computeName: "c", processes: 4 },
  cognito: {
    endpoint: "http://127.0.0.1:8080",
    mailbox: "http://127.0.0.1:8080/_local/mailbox.html",
    deviceVerificationPage: "http://127.0.0.1:8080/oauth/device",
    demo: {
      userPoolId: "us-west-2_abc",
      appClientId: "client",
      identityPoolId: "us-west-2:id",
      providers: { loginWithAmazon: { clientId: "amzn", clientSecret: "no" } },
      users: [{ username: "ann", password: "pw", email: "ann@example.com" }],
      adminSecret: "x",
    },
  },
  pid: 1234,
};

test("browserStackConfig keeps only what a page needs", () => {
  const seen = browserStackConfig(STATE);
  assert.deepEqual(seen, {
    endpoint: "http://127.0.0.1:8080",
    region: "us-west-2",
    fleet: { fleetId: "fleet-1", aliasId: "alias-1", location: "custom-local" },
    cognito: { userPoolId: "us-west-2_abc", appClientId: "client", identityPoolId: "us-west-2:id", users: [{ username: "ann", password: "pw" }] },
    providers: { loginWithAmazon: { clientId: "amzn" } },
    mailbox: "http://127.0.0.1:8080/_local/mailbox.html",
  });
  assert.doesNotMatch(JSON.stringify(seen), /very-secret|AKIADEVELOPER|clientSecret|adminSecret/);
});

test("the virtual module serves the stack file through the dev server, and null without one", async () => {
  const dir = mkdtempSync(join(tmpdir(), "pgl-vite-"));
  try {
    const file = join(dir, "stack.json");
    writeFileSync(file, JSON.stringify(STATE));
    for (const [source, expected] of [
      [file, browserStackConfig(STATE)],
      [join(dir, "missing.json"), null],
    ] as const) {
      const server = await createServer({ configFile: false, root: dir, logLevel: "silent", plugins: [localStackPlugin({ file: source })], server: { middlewareMode: true } });
      try {
        const result = await server.transformRequest(STACK_MODULE_ID);
        assert.ok(result, "the module loads");
        assert.equal(result.code.trim().replace(/;$/, ""), `export default ${JSON.stringify(expected)}`);
      } finally {
        await server.close();
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
