// The plugin's LoginScene in a real Phaser game in Chromium, against the local stack in this process: a new
// player signs up, reads the code from the dev mailbox, confirms, is signed in, and the game receives AWS
// credentials — on Phaser 4 and on Phaser 3 — and a wrong password shows the error toast. Device-code sign-in
// with the stack's Login with Amazon and Google: the code the scene shows approved (or denied) over the wire.
import assert from "node:assert/strict";
import { createServer } from "node:net";
import { Secret, TOTP } from "otpauth";
import { describe, test, beforeAll, afterAll } from "vitest";
import type { Browser, Page } from "playwright-core";
import {
  chromiumMissing,
  launchChromium,
  recordFailedResponses,
  recordPageErrors,
  snap,
  withoutFailedLoads,
  type FailedResponse,
} from "../../../../helpers/browser.ts";
import { startTestStack } from "../../../../fixtures/local-stack.ts";
import { startTestPageServer, type TestPageServer } from "../../../../helpers/vite-server.ts";

/**
 * The stack with a game's sign-in set-up: user pool, app client (hiding which users exist, as the demo's does),
 * identity pool, both device-code providers.
 */
const startBrowserStack = () => startTestStack({ cognito: { appClient: { PreventUserExistenceErrors: "ENABLED" } } });
type BrowserStack = Awaited<ReturnType<typeof startBrowserStack>>;

const skip = chromiumMissing();
if (skip) console.warn(`# skipped: ${skip}`);

const PASSWORD = "Crate-Arena-42-play";
const STEP_TIMEOUT = 30_000;

interface PageState {
  phaser: string;
  credentials?: { identityId: string; authenticated: boolean; accessKeyId: string; expiration: string };
  username?: string;
  provider?: string;
  signedInEvents: number;
}

const readState = (page: Page) => page.evaluate(() => (window as unknown as { __e2e?: PageState }).__e2e);

async function openGame(browser: Browser, server: TestPageServer): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport: { width: 800, height: 600 } });
  page.setDefaultTimeout(STEP_TIMEOUT);
  const errors = recordPageErrors(page);
  await page.goto(server.url);
  await page.waitForSelector('[data-view="sign-in"] input[name="username"]');
  return { page, errors };
}

/** The whole sign-up by keyboard, as a player would: Tab between fields, Enter to submit. */
async function signUpAndSignIn(stack: BrowserStack, browser: Browser, server: TestPageServer, label: string): Promise<{ page: Page; username: string }> {
  const { page, errors } = await openGame(browser, server);
  try {
    const state = await readState(page);
    assert.match(state!.phaser, label === "phaser3" ? /^3\./ : /^4\./, "the page runs the Phaser major under test");
    await snap(page, `${label}-01-sign-in`);

    await page.click('[data-action="show-sign-up"]');
    await page.waitForSelector('[data-view="sign-up"]');
    const username = `player${Date.now().toString(36)}${label}`;
    const email = `${username}@example.com`;
    // The first field has focus when a step opens.
    await page.keyboard.type(username);
    await page.keyboard.press("Tab");
    await page.keyboard.type(email);
    await page.keyboard.press("Tab");
    await page.keyboard.type(PASSWORD);
    await snap(page, `${label}-02-sign-up`);
    await page.keyboard.press("Enter");

    await page.waitForSelector('[data-view="confirm-sign-up"]');
    await snap(page, `${label}-03-confirm`);
    const code = await stack.cognito.latestCode(email);
    assert.match(code, /^\d{6}$/);
    await page.keyboard.type(code);
    await page.keyboard.press("Enter");

    await page.waitForFunction(() => Boolean((window as unknown as { __e2e?: PageState }).__e2e?.credentials));
    const signedIn = await readState(page);
    assert.equal(signedIn!.credentials!.authenticated, true, "credentials for the signed-in player, not a guest's");
    assert.match(signedIn!.credentials!.identityId, /^us-west-2:[0-9a-f-]{36}$/);
    assert.match(signedIn!.credentials!.accessKeyId, /^ASIA/);
    assert.ok(Date.parse(signedIn!.credentials!.expiration) > Date.now());
    assert.equal(signedIn!.username, username);
    assert.equal(signedIn!.signedInEvents, 1);
    // Let the next scene draw before the picture.
    await page.waitForTimeout(200);
    await snap(page, `${label}-04-signed-in`);
    assert.deepEqual(errors, [], "no errors in the page");
    return { page, username };
  } catch (error) {
    await snap(page, `${label}-failed`).catch(() => undefined);
    if (errors.length) console.error(`page errors (${label}):\n${errors.join("\n")}`);
    throw error;
  }
}

/** Clicks the provider's button and reads the user code the scene shows, as a player would copy it. */
async function startDeviceSignIn(page: Page, stack: BrowserStack, provider: "loginWithAmazon" | "google"): Promise<string> {
  await page.click(`[data-view="sign-in"] [data-action="device-${provider}"]`);
  const code = page.locator('[data-view="device-code"] .pgl-code');
  await code.waitFor();
  const userCode = (await code.innerText()).trim();
  assert.match(userCode, /^[A-Z0-9-]{4,}$/, `a user code on screen: ${userCode}`);
  const link = await page.locator('[data-view="device-code"] a').getAttribute("href");
  assert.ok(link?.startsWith(stack.stack.endpoint), `the verification page is the local stack's: ${link}`);
  return userCode;
}

/** The token endpoint's RFC 8628 answers while the player decides, and to a denial: part of the flow, not errors. */
const deviceFlowAnswer =
  (provider: "amazon" | "google", ...codes: string[]) =>
  (f: FailedResponse) =>
    f.path === `/oauth/${provider}/token` && f.status === 400 && codes.includes(f.code ?? "");

describe.skipIf(skip !== undefined)("LoginScene in Chromium", () => {
  let stack: BrowserStack;
  let browser: Browser;
  const servers: TestPageServer[] = [];
  let phaser4: TestPageServer;
  let signedUp: string | undefined;

  beforeAll(async () => {
    stack = await startBrowserStack();
    browser = await launchChromium();
    phaser4 = await startTestPageServer(stack.publicConfig, 4);
    servers.push(phaser4);
  });

  afterAll(async () => {
    await browser?.close();
    for (const server of servers) await server.close();
    await stack?.stop();
  });

  test("Phaser 4: sign up, confirm with the mailed code, signed in with credentials", { timeout: 180_000 }, async () => {
    const { page, username } = await signUpAndSignIn(stack, browser, phaser4, "phaser4");
    signedUp = username;
    await page.close();
  });

  test("Phaser 3: the same flow", { timeout: 180_000 }, async () => {
    const phaser3 = await startTestPageServer(stack.publicConfig, 3);
    servers.push(phaser3);
    const { page } = await signUpAndSignIn(stack, browser, phaser3, "phaser3");
    await page.close();
  });

  test("a wrong password shows the error toast and keeps the player on the sign-in step", { timeout: 120_000 }, async () => {
    const { page, errors } = await openGame(browser, phaser4);
    await page.keyboard.type(signedUp ?? "nobody-here");
    await page.keyboard.press("Tab");
    await page.keyboard.type("Wrong-password-1");
    await page.keyboard.press("Enter");
    const toast = page.locator('.pgl-toast[data-kind="error"]:not(.pgl-hidden)');
    await toast.waitFor();
    const text = await toast.innerText();
    assert.match(text, /Incorrect username or password/);
    assert.match(text, /NotAuthorizedException/);
    await snap(page, "phaser4-05-wrong-password");
    assert.equal(await page.locator('[data-view="sign-in"]').count(), 1);
    // The form is usable again once the call failed.
    assert.equal(await page.locator('[data-view="sign-in"] button[data-action="sign-in"]').isDisabled(), false);
    assert.equal((await readState(page))!.credentials, undefined);
    // The failed call is the only complaint: the AWS SDK logs nothing to the console for a 400.
    assert.ok(errors.every((e) => /400|NotAuthorized/.test(e)), errors.join("\n"));
    await page.close();
  });

  test("an unknown user reads the same words as a wrong password: no probing which names have accounts", { timeout: 120_000 }, async () => {
    const { page } = await openGame(browser, phaser4);
    await page.keyboard.type("nobody-has-this-name");
    await page.keyboard.press("Tab");
    await page.keyboard.type("Wrong-password-1");
    await page.keyboard.press("Enter");
    const toast = page.locator('.pgl-toast[data-kind="error"]:not(.pgl-hidden)');
    await toast.waitFor();
    // The user pool's app client hides existence (as the demo's does); the words would be the same regardless.
    assert.equal((await toast.locator(".pgl-toast-message").innerText()).trim(), "Incorrect username or password.");
    assert.equal((await toast.locator(".pgl-toast-code").innerText()).trim(), "NotAuthorizedException");
    await snap(page, "toast-login-unknown-user");
    await page.close();
  });

  test("a service that cannot be reached says so in the player's words; the address goes to the developer console", { timeout: 120_000 }, async () => {
    // A port nothing listens on: taken from the OS, then let go.
    const closed = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, "127.0.0.1", () => {
        const { port } = probe.address() as { port: number };
        probe.close(() => resolve(port));
      });
    });
    const unreachable = `http://127.0.0.1:${closed}`;
    const server = await startTestPageServer({ ...stack.publicConfig, endpoint: unreachable }, 4);
    servers.push(server);
    const { page } = await openGame(browser, server);
    const warnings: string[] = [];
    page.on("console", (message) => {
      if (message.type() === "warning") warnings.push(message.text());
    });
    await page.keyboard.type("anyone");
    await page.keyboard.press("Tab");
    await page.keyboard.type("Some-password-1");
    await page.keyboard.press("Enter");
    const toast = page.locator('.pgl-toast[data-kind="error"]:not(.pgl-hidden)');
    await toast.waitFor();
    const words = (await toast.locator(".pgl-toast-message").innerText()).trim();
    assert.equal(words, "The game service cannot be reached. Check your connection and try again.");
    assert.doesNotMatch(await toast.innerText(), /TypeError|Failed to fetch|127\.0\.0\.1/);
    assert.equal((await toast.locator(".pgl-toast-code").innerText()).trim(), "NetworkError");
    await snap(page, "toast-login-unreachable");
    assert.ok(
      warnings.some((w) => w.includes("NetworkError") && w.includes(unreachable)),
      `the developer console names the address: ${warnings.join(" | ")}`,
    );
    await page.close();
  });

  test("a pool that requires MFA: the LoginScene sets up an authenticator app during sign-in (MFA_SETUP)", { timeout: 120_000 }, async () => {
    await stack.cognito.requireMfa(true);
    try {
      const username = `mfa${Date.now().toString(36)}`;
      await stack.cognito.createUser(username, PASSWORD);
      const { page, errors } = await openGame(browser, phaser4);
      await page.keyboard.type(username);
      await page.keyboard.press("Tab");
      await page.keyboard.type(PASSWORD);
      await page.keyboard.press("Enter");
      await page.waitForSelector('[data-view="mfa-setup"]');
      const secret = await page.locator("[data-secret]").getAttribute("data-secret");
      assert.match(secret ?? "", /^[A-Z2-7]+=*$/, "a base32 secret on screen");
      const otpauth = await page.locator("[data-otpauth]").getAttribute("data-otpauth");
      assert.match(otpauth ?? "", new RegExp(`^otpauth://totp/[^:]+:${username}\\?secret=${secret}`));
      await snap(page, "phaser4-mfa-setup");
      await page.keyboard.type(new TOTP({ secret: Secret.fromBase32(secret!) }).generate());
      await page.keyboard.press("Enter");
      await page.waitForFunction(() => Boolean((window as unknown as { __e2e?: PageState }).__e2e?.credentials));
      const state = await readState(page);
      assert.equal(state!.username, username);
      assert.equal(state!.credentials!.authenticated, true);
      await page.waitForTimeout(200);
      await snap(page, "phaser4-mfa-setup-signed-in");
      assert.deepEqual(errors, []);
      await page.close();
    } finally {
      await stack.cognito.requireMfa(false);
    }
  });

  test("Phaser 4: Sign in with Amazon, the code approved: the game receives the player's credentials", { timeout: 120_000 }, async () => {
    const { page, errors } = await openGame(browser, phaser4);
    const failures = recordFailedResponses(page, deviceFlowAnswer("amazon", "authorization_pending"));
    try {
      const pendingPoll = page.waitForResponse((r) => new URL(r.url()).pathname === "/oauth/amazon/token" && r.status() === 400);
      // Handled here too: a step failing before the await must not leave it to reject unheard.
      pendingPoll.catch(() => undefined);
      const userCode = await startDeviceSignIn(page, stack, "loginWithAmazon");
      await snap(page, "phaser4-06-amazon-code");
      // One poll answered authorization_pending before the approval: the scene keeps waiting through it.
      assert.equal(((await (await pendingPoll).json()) as { error: string }).error, "authorization_pending");
      assert.equal(await page.locator('[data-view="device-code"]').count(), 1);
      assert.equal((await readState(page))!.credentials, undefined);
      await stack.cognito.decideDeviceCode(userCode, true);

      await page.waitForFunction(() => Boolean((window as unknown as { __e2e?: PageState }).__e2e?.credentials));
      const signedIn = (await readState(page))!;
      assert.equal(signedIn.provider, "loginWithAmazon");
      assert.equal(signedIn.credentials!.authenticated, true, "credentials for the Amazon player, not a guest's");
      assert.match(signedIn.credentials!.identityId, /^us-west-2:[0-9a-f-]{36}$/);
      assert.match(signedIn.credentials!.accessKeyId, /^ASIA/);
      assert.equal(signedIn.signedInEvents, 1);
      assert.deepEqual(await stack.cognito.identityLogins(signedIn.credentials!.identityId), ["www.amazon.com"], "the identity pool took the Amazon login");
      await page.waitForTimeout(200);
      await snap(page, "phaser4-07-amazon-signed-in");
      assert.deepEqual([...withoutFailedLoads(errors), ...(await failures.unexpected())], [], "no errors in the page");
    } catch (error) {
      await snap(page, "phaser4-amazon-failed").catch(() => undefined);
      const unexpected = [...errors, ...(await failures.unexpected())];
      if (unexpected.length) console.error(`page errors:\n${unexpected.join("\n")}`);
      throw error;
    }
    await page.close();
  });

  test("Phaser 4: Sign in with Google, the code denied: the error toast, still on the sign-in step; then approved", { timeout: 120_000 }, async () => {
    const { page, errors } = await openGame(browser, phaser4);
    const failures = recordFailedResponses(page, deviceFlowAnswer("google", "authorization_pending", "access_denied"));
    try {
      const denied = await startDeviceSignIn(page, stack, "google");
      await snap(page, "phaser4-08-google-code");
      await stack.cognito.decideDeviceCode(denied, false);

      const toast = page.locator('.pgl-toast[data-kind="error"]:not(.pgl-hidden)');
      await toast.waitFor();
      const text = await toast.innerText();
      assert.match(text, /denied/);
      assert.match(text, /access_denied/);
      await page.waitForSelector('[data-view="sign-in"]');
      await snap(page, "phaser4-09-google-denied");
      assert.equal(await page.locator('[data-view="device-code"]').count(), 0);
      assert.equal(await page.locator('[data-view="sign-in"] [data-action="device-google"]').isDisabled(), false);
      const state = (await readState(page))!;
      assert.equal(state.credentials, undefined);
      assert.equal(state.signedInEvents, 0);

      // A denial is not the end: a new code, approved this time, signs the player in.
      const approved = await startDeviceSignIn(page, stack, "google");
      assert.notEqual(approved, denied, "a fresh code for the new attempt");
      await stack.cognito.decideDeviceCode(approved, true);
      await page.waitForFunction(() => Boolean((window as unknown as { __e2e?: PageState }).__e2e?.credentials));
      const signedIn = (await readState(page))!;
      assert.equal(signedIn.provider, "google");
      assert.equal(signedIn.credentials!.authenticated, true);
      assert.equal(signedIn.signedInEvents, 1);
      assert.deepEqual(await stack.cognito.identityLogins(signedIn.credentials!.identityId), ["accounts.google.com"], "the identity pool took the Google login");
      await page.waitForTimeout(200);
      await snap(page, "phaser4-10-google-signed-in");
      assert.deepEqual([...withoutFailedLoads(errors), ...(await failures.unexpected())], [], "no errors in the page");
    } catch (error) {
      await snap(page, "phaser4-google-failed").catch(() => undefined);
      const unexpected = [...errors, ...(await failures.unexpected())];
      if (unexpected.length) console.error(`page errors:\n${unexpected.join("\n")}`);
      throw error;
    }
    await page.close();
  });
});
