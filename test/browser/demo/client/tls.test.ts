// TLS in the browser: the demo fleet's computes carry a certificate of a local CA (DnsName localhost), the demo
// game servers serve wss:// with it, and in Chromium (told to trust that certificate's key, as a developer
// trusts the local CA) the kit joins a session by its DnsName over wss://. A Chromium that does not trust it
// cannot open the same socket: the check is real, nothing in the product turns it off.
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, test } from "vitest";
import type { Browser } from "playwright-core";
import { chromiumMissing, launchChromium, recordPageErrors, snap, withoutFailedLoads } from "../../../helpers/browser.ts";
import { startTestStack } from "../../../fixtures/local-stack.ts";
import { startTestPageServer, type TestPageServer } from "../../../helpers/vite-server.ts";

/** The stack with a game's sign-in set-up and one demo game server on a compute with a certificate (wss://). */
const startTlsStack = () => startTestStack({ cognito: true, demoFleet: { processes: 1, tls: true } });

const skip = chromiumMissing();
const PASSWORD = "Crate-Arena-42-play";
const demoRoot = fileURLToPath(new URL("../../../../demo/client/", import.meta.url));
const assets = fileURLToPath(new URL("../../../../assets/", import.meta.url));

/** Whether a page can open a WebSocket to `url` (its TLS handshake included). */
const canOpen = (url: string) =>
  `new Promise((resolve) => { const ws = new WebSocket(${JSON.stringify(url)}); ws.onopen = () => { ws.close(); resolve(true); }; ws.onerror = () => resolve(false); })`;

describe.skipIf(skip !== undefined)("the demo over TLS", () => {
  let stack: Awaited<ReturnType<typeof startTlsStack>>;
  let trusting: Browser;
  let server: TestPageServer;

  beforeAll(async () => {
    stack = await startTlsStack();
    await stack.cognito.createUser("ann", PASSWORD);
    trusting = await launchChromium(["--disable-webgl", `--ignore-certificate-errors-spki-list=${stack.demoFleet.tls!.spkiSha256}`]);
    server = await startTestPageServer(stack.publicConfig, 4, { root: demoRoot, publicDir: assets });
  });

  afterAll(async () => {
    await trusting?.close();
    await server?.close();
    await stack?.stop();
  });

  test("a player joins a session by its DnsName over wss://; a browser that does not trust the certificate cannot connect", { timeout: 120_000 }, async () => {
    const page = await trusting.newPage({ viewport: { width: 960, height: 600 } });
    page.setDefaultTimeout(30_000);
    const errors = recordPageErrors(page);
    const sockets: string[] = [];
    page.on("websocket", (ws) => void sockets.push(ws.url()));
    try {
      await page.goto(server.url);
      await page.waitForSelector('[data-view="sign-in"] input[name="username"]');
      await page.keyboard.type("ann");
      await page.keyboard.press("Tab");
      await page.keyboard.type(PASSWORD);
      await page.keyboard.press("Enter");
      await page.waitForSelector('[data-panel="lobby"]');
      await page.fill('input[name="name"]', "tls arena");
      await page.click('[data-action="create"]');
      await page.waitForFunction(() => (window as unknown as { game: { scene: { isActive(k: string): boolean } } }).game.scene.isActive("ArenaScene"));
      await snap(page, "demo-tls-in-arena");
      const gameServer = sockets.find((url) => url.startsWith("wss://localhost:"));
      assert.ok(gameServer, `the kit connected over wss:// by DnsName: ${sockets.join(", ")}`);
      assert.equal(sockets.filter((url) => url.startsWith("ws://") && !url.includes("/@vite") && !url.includes("?token=")).length, 0, `no plain ws:// to the game server: ${sockets.join(", ")}`);

      const untrusting = await launchChromium(["--disable-webgl"]);
      try {
        const other = await untrusting.newPage();
        await other.goto(server.url);
        const origin = new URL(gameServer).origin;
        assert.equal(await other.evaluate(canOpen(origin)), false, "an untrusting browser cannot open the game server's socket");
        assert.equal(await page.evaluate(canOpen(origin)), true, "the trusting one can");
      } finally {
        await untrusting.close();
      }
      assert.deepEqual(withoutFailedLoads(errors), []);
    } finally {
      await page.close();
    }
  });
});
