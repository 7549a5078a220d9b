// The ready-made scenes step by step on a fake kit (no stack), in Chromium on Phaser 4 and 3: every step of
// LoginScene renders and is reachable by its buttons, the lobby lists and joins, travel's scene mapping takes
// the player into the demo's arena and back. A screenshot per step lands in test-results/browser/gallery-*.
import assert from "node:assert/strict";
import { describe, test, beforeAll, afterAll } from "vitest";
import type { Browser, Page } from "playwright-core";
import { chromiumMissing, launchChromium, recordPageErrors, snap } from "../../../../helpers/browser.ts";
import { startTestPageServer, type TestPageServer } from "../../../../helpers/vite-server.ts";

const skip = chromiumMissing();

const NO_STACK = { endpoint: "http://127.0.0.1:9", region: "us-west-2", cognito: { userPoolId: "us-west-2_none", appClientId: "none", identityPoolId: "us-west-2:none" }, gamelift: {} };

async function open(browser: Browser, server: TestPageServer, query = "", width = 960): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport: { width, height: 600 } });
  page.setDefaultTimeout(20_000);
  const errors = recordPageErrors(page);
  await page.goto(`${server.url}gallery.html${query}`);
  return { page, errors };
}

const activeScenes = (page: Page) =>
  page.evaluate(() =>
    (window as unknown as { game: { scene: { getScenes(active: boolean): { sys: { settings: { key: string } } }[] } } }).game.scene
      .getScenes(true)
      .map((s) => s.sys.settings.key),
  );

for (const major of [4, 3] as const) {
  describe.skipIf(skip !== undefined)(`scene gallery on Phaser ${major}`, () => {
    let browser: Browser;
    let server: TestPageServer;
    const name = (step: string) => `gallery-phaser${major}-${step}`;

    beforeAll(async () => {
      browser = await launchChromium();
      server = await startTestPageServer(NO_STACK, major);
    });
    afterAll(async () => {
      await browser?.close();
      await server?.close();
    });

    test("LoginScene steps: sign-up, forgot password, device code with countdown, MFA, TOTP set-up", { timeout: 120_000 }, async () => {
      const { page, errors } = await open(browser, server, "?totp=1");
      assert.match(await page.evaluate(() => (window as unknown as { phaserVersion: string }).phaserVersion), new RegExp(`^${major}\\.`));
      await page.waitForSelector('[data-view="sign-in"]');
      assert.equal(await page.evaluate(() => document.activeElement?.getAttribute("name")), "username", "the first field has focus");
      await snap(page, name("01-sign-in"));

      await page.click('[data-action="show-sign-up"]');
      await page.waitForSelector('[data-view="sign-up"]');
      await snap(page, name("02-sign-up"));
      await page.click('[data-action="back"]');

      await page.click('[data-action="show-forgot-password"]');
      await page.waitForSelector('[data-view="forgot-password"]');
      await snap(page, name("03-forgot-password"));
      await page.click('[data-action="back"]');

      await page.click('[data-action="device-loginWithAmazon"]');
      await page.waitForSelector('[data-view="device-code"] [data-user-code="WDJB-MJHT"]');
      assert.match(await page.locator(".pgl-countdown").first().innerText(), /Code expires in 1:3\d/);
      await snap(page, name("04-device-code"));
      await page.click('[data-action="cancel"]');

      await page.waitForSelector('[data-view="sign-in"]');
      await page.fill('input[name="username"]', "mfa");
      await page.fill('input[name="password"]', "Whatever-1");
      await page.press('input[name="password"]', "Enter");
      // The spinner shows while the call is pending.
      await page.waitForSelector('[data-view="sign-in"] [data-action="sign-in"] .pgl-spinner');
      await snap(page, name("05-pending"));
      await page.waitForSelector('[data-view="mfa"]');
      await snap(page, name("06-mfa"));
      await page.click('[data-action="back"]');

      await page.fill('input[name="username"]', "ann");
      await page.fill('input[name="password"]', "Whatever-1");
      await page.press('input[name="password"]', "Enter");
      await page.waitForSelector('[data-view="totp-offer"]');
      await page.click('[data-action="totp-start"]');
      await page.waitForSelector('[data-view="totp-setup"] [data-secret]');
      assert.match(await page.locator("[data-otpauth]").innerText(), /^otpauth:\/\/totp\//);
      await snap(page, name("07-totp-setup"));
      await page.keyboard.type("123456");
      await page.keyboard.press("Enter");
      await page.waitForFunction(() => document.querySelector('[data-panel="lobby"]') !== null);
      assert.deepEqual(errors, []);
      await page.close();
    });

    test("wrong password: an error toast, the form usable again", { timeout: 60_000 }, async () => {
      const { page } = await open(browser, server);
      await page.waitForSelector('[data-view="sign-in"]');
      await page.keyboard.type("ann");
      await page.keyboard.press("Tab");
      await page.keyboard.type("wrong");
      await page.keyboard.press("Enter");
      const toast = page.locator('.pgl-toast[data-kind="error"]:not(.pgl-hidden)');
      await toast.waitFor();
      assert.match(await toast.innerText(), /Incorrect username or password\.\s+NotAuthorizedException/);
      assert.equal(await page.locator('[data-action="sign-in"]').isDisabled(), false);
      await snap(page, name("08-error-toast"));
      await page.close();
    });

    test("the lobby fits an 800 × 600 game (the README's): nothing of it lies outside the canvas", { timeout: 60_000 }, async () => {
      const { page, errors } = await open(browser, server, "?width=800", 800);
      await page.waitForSelector('[data-view="sign-in"]');
      await page.fill('input[name="username"]', "ann");
      await page.fill('input[name="password"]', "Whatever-1");
      await page.press('input[name="password"]', "Enter");
      await page.waitForSelector('[data-session-row] [data-action="join"]');
      const canvas = (await page.locator("canvas").boundingBox())!;
      for (const selector of [".pgl-lobby", '[data-action="create"]', '[data-session-row]:has-text("Friday night crates") [data-action="join"]']) {
        const box = (await page.locator(selector).first().boundingBox())!;
        assert.ok(box.x >= canvas.x && box.x + box.width <= canvas.x + canvas.width, `${selector} spans ${box.x}–${box.x + box.width}, the canvas ${canvas.x}–${canvas.x + canvas.width}`);
      }
      await snap(page, name("09b-lobby-800"));
      assert.deepEqual(errors, []);
      await page.close();
    });

    test("lobby → join → arena (travel's scene mapping) → leave → lobby", { timeout: 60_000 }, async () => {
      const { page, errors } = await open(browser, server);
      await page.waitForSelector('[data-view="sign-in"]');
      await page.fill('input[name="username"]', "ann");
      await page.fill('input[name="password"]', "Whatever-1");
      await page.press('input[name="password"]', "Enter");
      await page.waitForSelector('[data-session-row] [data-action="join"]');
      assert.equal(await page.locator("[data-session-row]").count(), 4);
      assert.equal(await page.locator('[data-session-row]:has-text("Full house") [data-action="join"]').isDisabled(), true);
      await snap(page, name("09-lobby"));

      await page.locator('[data-session-row]:has-text("Friday night crates") [data-action="join"]').click();
      await page.waitForFunction(() => {
        const game = (window as unknown as { game: { scene: { isActive(key: string): boolean } } }).game;
        return game.scene.isActive("ArenaScene") && !game.scene.isActive("LobbyScene");
      });
      await page.waitForTimeout(400);
      await snap(page, name("10-arena"));
      await page.keyboard.down("ArrowRight");
      await page.waitForTimeout(300);
      await page.keyboard.up("ArrowRight");

      await page.evaluate(() => (window as unknown as { __travelBus: { emit(name: string, ...args: unknown[]): void } }).__travelBus.emit("onConnectionLost", "test"));
      await page.waitForTimeout(100);
      await snap(page, name("11-reconnecting"));
      await page.evaluate(() => (window as unknown as { __travelBus: { emit(name: string, ...args: unknown[]): void } }).__travelBus.emit("onReconnected", {}));

      await page.keyboard.press("Escape");
      await page.waitForSelector('[data-panel="lobby"]');
      assert.deepEqual(await activeScenes(page), ["LobbyScene"]);
      await page.locator('.pgl-toast[data-kind="info"]:not(.pgl-hidden)').waitFor();
      await snap(page, name("12-back-in-lobby"));

      // The server ending the session brings the player back with its reason.
      await page.locator('[data-session-row]:has-text("Friday night crates") [data-action="join"]').click();
      await page.waitForFunction(() => (window as unknown as { game: { scene: { isActive(key: string): boolean } } }).game.scene.isActive("ArenaScene"));
      await page.evaluate(() =>
        (window as unknown as { __travelBus: { emit(name: string, ...args: unknown[]): void } }).__travelBus.emit("onSessionEnded", "The server is restarting."),
      );
      const toast = page.locator('.pgl-toast[data-kind="error"]:not(.pgl-hidden)');
      await toast.waitFor();
      assert.match(await toast.innerText(), /The server is restarting\./);
      await snap(page, name("13-session-ended"));
      assert.deepEqual(errors, []);
      await page.close();
    });

    test("plugin lifecycle: run-time install, scene mapping, scene-scoped handlers, the kit destroyed with the game", { timeout: 60_000 }, async () => {
      const page = await browser.newPage();
      const errors = recordPageErrors(page);
      await page.goto(`${server.url}lifecycle.html`);
      await page.waitForFunction(() => (window as unknown as { __lifecycle: { done?: boolean } }).__lifecycle.done === true, undefined, { timeout: 20_000 });
      const report = await page.evaluate(() => (window as unknown as { __lifecycle: Record<string, unknown> }).__lifecycle);
      assert.deepEqual(report, {
        mappedBeforeInstall: false,
        installed: true,
        mappedIntoRunningScene: true,
        sameKit: true,
        secondSceneMapped: true,
        listenersAdded: 1,
        listenersLeftAfterStop: 0,
        gameKitDestroyed: 0,
        ownKitDestroyed: 1,
        done: true,
      });
      assert.deepEqual(errors, []);
      await page.close();
    });

    test("without the DOM container the scene says what the game config lacks", { timeout: 60_000 }, async () => {
      const { page, errors } = await open(browser, server, "?nodom=1");
      await page.waitForFunction(() => (window as unknown as { game?: { scene: { isActive(key: string): boolean } } }).game?.scene.isActive("LoginScene"));
      await page.waitForTimeout(200);
      await snap(page, name("14-no-dom-container"));
      assert.ok(errors.some((e) => /dom: \{ createContainer: true \}/.test(e)), errors.join("\n"));
      await page.close();
    });
  });
}
