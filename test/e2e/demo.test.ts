// The demo web app end to end: two players in two browser pages sign in on the LoginScene, one creates a
// session in the LobbyScene and travels into the arena on a real demo game server, the other finds and joins it,
// and each sees the other move; leaving brings the player back to the lobby and out of the other's arena.
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { after, before, describe, test } from "node:test";
import type { Browser, Page } from "playwright-core";
import { chromiumMissing, launchChromium, recordPageErrors, snap } from "./fixtures/browser.ts";
import { startE2EStack, type E2EStack } from "./fixtures/stack.ts";
import { startTestPageServer, type TestPageServer } from "./fixtures/vite-server.ts";

const skip = chromiumMissing();
const PASSWORD = "Crate-Arena-42-play";
const demoRoot = fileURLToPath(new URL("../../demo/client/", import.meta.url));
const assets = fileURLToPath(new URL("../../assets/", import.meta.url));

type Avatars = Record<string, { x: number; y: number }>;

/** Where the arena scene draws every player, keyed by player id, plus who "me" is. */
const arena = (page: Page) =>
  page.evaluate(() => {
    const game = (window as unknown as { game: { scene: { getScene(key: string): unknown; isActive(key: string): boolean } } }).game;
    if (!game.scene.isActive("ArenaScene")) return undefined;
    const scene = game.scene.getScene("ArenaScene") as { me: string; avatars: Map<string, { body: { x: number; y: number } }> };
    const avatars: Avatars = {};
    for (const [id, avatar] of scene.avatars) avatars[id] = { x: Math.round(avatar.body.x), y: Math.round(avatar.body.y) };
    return { me: scene.me, avatars };
  });

async function signIn(page: Page, username: string): Promise<void> {
  await page.waitForSelector('[data-view="sign-in"] input[name="username"]');
  await page.keyboard.type(username);
  await page.keyboard.press("Tab");
  await page.keyboard.type(PASSWORD);
  await page.keyboard.press("Enter");
  await page.waitForSelector('[data-panel="lobby"]');
}

describe("the demo web app", { skip }, () => {
  let stack: E2EStack;
  let browser: Browser;
  let server: TestPageServer;

  before(async () => {
    stack = await startE2EStack({ fleet: { processes: 2, basePort: 7850 } });
    await stack.createUser("ann", PASSWORD);
    await stack.createUser("bob", PASSWORD);
    browser = await launchChromium();
    server = await startTestPageServer(stack.browser, 4, { root: demoRoot, publicDir: assets });
  });

  after(async () => {
    await browser?.close();
    await server?.close();
    await stack?.stop();
  });

  test("two players: create, find and join a session, see each other move, leave", { timeout: 180_000 }, async () => {
    const pages: Page[] = [];
    const errors: string[][] = [];
    for (let i = 0; i < 2; i++) {
      const page = await browser.newPage({ viewport: { width: 960, height: 600 } });
      page.setDefaultTimeout(30_000);
      errors.push(recordPageErrors(page));
      await page.goto(server.url);
      pages.push(page);
    }
    const [ann, bob] = pages as [Page, Page];
    try {
      await signIn(ann, "ann");
      await snap(ann, "demo-01-lobby");
      const sessionName = `e2e arena ${Date.now().toString(36)}`;
      await ann.fill('input[name="name"]', sessionName);
      await ann.fill('input[name="maxPlayers"]', "4");
      await ann.click('[data-action="create"]');
      await ann.waitForFunction(() => (window as unknown as { game: { scene: { isActive(k: string): boolean } } }).game.scene.isActive("ArenaScene"));
      await snap(ann, "demo-02-ann-in-arena");

      await signIn(bob, "bob");
      const row = bob.locator(`[data-session-row]:has-text("${sessionName}")`);
      await bob.click('[data-action="refresh"]');
      await row.waitFor();
      assert.match(await row.innerText(), /1\/4/);
      await snap(bob, "demo-03-bob-finds-session");
      await row.locator('[data-action="join"]').click();
      await bob.waitForFunction(() => (window as unknown as { game: { scene: { isActive(k: string): boolean } } }).game.scene.isActive("ArenaScene"));

      // Both see two players.
      const annId = (await arena(ann))!.me;
      const bobId = (await arena(bob))!.me;
      assert.notEqual(annId, bobId);
      await ann.waitForFunction((id) => {
        const scene = (window as unknown as { game: { scene: { getScene(k: string): { avatars: Map<string, unknown> } } } }).game.scene.getScene("ArenaScene");
        return scene.avatars.has(id);
      }, bobId);
      await bob.waitForFunction((id) => {
        const scene = (window as unknown as { game: { scene: { getScene(k: string): { avatars: Map<string, unknown> } } } }).game.scene.getScene("ArenaScene");
        return scene.avatars.has(id);
      }, annId);

      // Ann walks right (the page in front gets the keys); Bob's screen follows the server's broadcasts.
      const before = (await arena(bob))!.avatars[annId]!;
      await ann.bringToFront();
      await ann.keyboard.down("ArrowRight");
      await ann.waitForTimeout(600);
      await ann.keyboard.up("ArrowRight");
      const annSeesHerself = (await arena(ann))!.avatars[annId]!;
      assert.ok(annSeesHerself.x > before.x + 40, `Ann moved on her screen: ${before.x} → ${annSeesHerself.x}`);
      await bob.waitForFunction(
        ([id, x]) => {
          const scene = (window as unknown as { game: { scene: { getScene(k: string): { avatars: Map<string, { body: { x: number } }> } } } }).game.scene.getScene("ArenaScene");
          return (scene.avatars.get(id as string)?.body.x ?? 0) > (x as number) - 2;
        },
        [annId, annSeesHerself.x] as const,
      );
      await snap(ann, "demo-04-ann-moved");
      await bob.bringToFront();
      await snap(bob, "demo-05-bob-sees-ann-move");

      // Ann leaves: back in her lobby, gone from Bob's arena.
      await ann.bringToFront();
      await ann.keyboard.press("Escape");
      await ann.waitForSelector('[data-panel="lobby"]');
      await ann.locator('.pgl-toast[data-kind="info"]:not(.pgl-hidden)').waitFor();
      await snap(ann, "demo-06-ann-back-in-lobby");
      await bob.waitForFunction((id) => {
        const scene = (window as unknown as { game: { scene: { getScene(k: string): { avatars: Map<string, unknown> } } } }).game.scene.getScene("ArenaScene");
        return !scene.avatars.has(id);
      }, annId);
      for (const list of errors) assert.deepEqual(list, []);
    } catch (error) {
      await snap(ann, "demo-failed-ann").catch(() => undefined);
      await snap(bob, "demo-failed-bob").catch(() => undefined);
      for (const list of errors) if (list.length) console.error(list.join("\n"));
      throw error;
    }
  });
});
