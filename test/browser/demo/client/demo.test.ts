// The demo web app end to end: two players in two browser pages sign in on the LoginScene, one creates a
// session in the LobbyScene and travels into the arena on a real demo game server, the other finds and joins it,
// and each sees the other move; leaving brings the player back to the lobby and out of the other's arena — on
// Phaser 4 and on Phaser 3, one stack and one fleet for both (each run's session takes one of its two processes).
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
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
} from "../../../helpers/browser.ts";
import { startTestStack } from "../../../fixtures/local-stack.ts";
import { startTestPageServer, type TestPageServer } from "../../../helpers/vite-server.ts";

/** The stack with a game's sign-in set-up and two demo game servers: one session per Phaser major. */
const startDemoStack = () => startTestStack({ cognito: true, demoFleet: { processes: 2 } });

const skip = chromiumMissing();
const PASSWORD = "Crate-Arena-42-play";
const demoRoot = fileURLToPath(new URL("../../../../demo/client/", import.meta.url));
const assets = fileURLToPath(new URL("../../../../assets/", import.meta.url));

type Avatars = Record<string, { x: number; y: number; label: string }>;

/** Where the arena scene draws every player, keyed by player id, plus who "me" is. */
const arena = (page: Page) =>
  page.evaluate(() => {
    const game = (window as unknown as { game: { scene: { getScene(key: string): unknown; isActive(key: string): boolean } } }).game;
    if (!game.scene.isActive("ArenaScene")) return undefined;
    const scene = game.scene.getScene("ArenaScene") as { me: string; avatars: Map<string, { body: { x: number; y: number }; label: { text: string } }> };
    const avatars: Avatars = {};
    for (const [id, avatar] of scene.avatars) avatars[id] = { x: Math.round(avatar.body.x), y: Math.round(avatar.body.y), label: avatar.label.text };
    return { me: scene.me, avatars };
  });

/** The Phaser version the page runs, from the banner Phaser logs when the game boots. */
function phaserBanner(page: Page): Promise<string> {
  return new Promise((resolve) => {
    const listen = (message: { text(): string }) => {
      const version = /Phaser v(\d+\.\d+\.\d+)/.exec(message.text())?.[1];
      if (!version) return;
      page.off("console", listen);
      resolve(version);
    };
    page.on("console", listen);
  });
}

/**
 * The one refusal the demo expects: joining the session just created while GameLift still has it ACTIVATING,
 * which the lobby retries until it is ACTIVE.
 */
const joinBeforeActive = (f: FailedResponse) => f.target === "GameLift.CreatePlayerSession" && f.code === "InvalidGameSessionStatusException";

/** demo/shared/maps.ts: 20 tiles of 48 px across. */
const ARENA_MIDDLE_X = (20 * 48) / 2;

const arenaActive = (page: Page) =>
  page.waitForFunction(() => (window as unknown as { game: { scene: { isActive(k: string): boolean } } }).game.scene.isActive("ArenaScene"));

async function signIn(page: Page, username: string): Promise<void> {
  await page.waitForSelector('[data-view="sign-in"] input[name="username"]');
  await page.keyboard.type(username);
  await page.keyboard.press("Tab");
  await page.keyboard.type(PASSWORD);
  await page.keyboard.press("Enter");
  await page.waitForSelector('[data-panel="lobby"]');
}

/** Both players through the whole scenario on the page server given; screenshots are named demo-<label>-NN-*. */
async function twoPlayers(browser: Browser, server: TestPageServer, label: "phaser4" | "phaser3"): Promise<void> {
  const pages: Page[] = [];
  const errors: string[][] = [];
  const failures: ReturnType<typeof recordFailedResponses>[] = [];
  const versions: Promise<string>[] = [];
  for (let i = 0; i < 2; i++) {
    const page = await browser.newPage({ viewport: { width: 960, height: 600 } });
    page.setDefaultTimeout(30_000);
    errors.push(recordPageErrors(page));
    failures.push(recordFailedResponses(page, joinBeforeActive));
    versions.push(phaserBanner(page));
    await page.goto(server.url);
    pages.push(page);
  }
  const [ann, bob] = pages as [Page, Page];
  try {
    for (const version of versions) assert.match(await version, label === "phaser3" ? /^3\./ : /^4\./, "the page runs the Phaser major under test");
    await signIn(ann, "ann");
    await snap(ann, `demo-${label}-01-lobby`);
    const sessionName = `e2e arena ${label} ${Date.now().toString(36)}`;
    await ann.fill('input[name="name"]', sessionName);
    await ann.fill('input[name="maxPlayers"]', "4");
    await ann.click('[data-action="create"]');
    await arenaActive(ann);
    await snap(ann, `demo-${label}-02-ann-in-arena`);

    await signIn(bob, "bob");
    const row = bob.locator(`[data-session-row]:has-text("${sessionName}")`);
    await bob.click('[data-action="refresh"]');
    await row.waitFor();
    assert.match(await row.innerText(), /1\/4/);
    await snap(bob, `demo-${label}-03-bob-finds-session`);
    await row.locator('[data-action="join"]').click();
    await arenaActive(bob);

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

    // Players have names: each label is the account's name (the kit reserved the seat with it as PlayerData,
    // the gateway read it back, the demo server puts it in the arena's state and the joined notice).
    const labels = async (page: Page) => Object.fromEntries(Object.entries((await arena(page))!.avatars).map(([id, a]) => [id, a.label]));
    await ann.waitForFunction((id) => {
      const scene = (window as unknown as { game: { scene: { getScene(k: string): { avatars: Map<string, { label: { text: string } }> } } } }).game.scene.getScene("ArenaScene");
      return scene.avatars.get(id)?.label.text === "bob";
    }, bobId);
    assert.deepEqual(await labels(ann), { [annId]: "ann (you)", [bobId]: "bob" });
    assert.deepEqual(await labels(bob), { [annId]: "ann", [bobId]: "bob (you)" });
    await ann.bringToFront();
    await snap(ann, `demo-${label}-03b-named-players-ann`);
    await bob.bringToFront();
    await snap(bob, `demo-${label}-03c-named-players-bob`);

    // Ann walks towards the middle of the arena (the page in front gets the keys): her spawn point depends on
    // her player id, and from the spawns by the right wall there is no room to walk right. She holds the key
    // until she has walked, not for a set time, so a loaded machine's frame rate cannot fail the test.
    // Bob's screen follows the server's broadcasts.
    const start = (await arena(ann))!.avatars[annId]!;
    const direction = start.x < ARENA_MIDDLE_X ? 1 : -1;
    const key = direction > 0 ? "ArrowRight" : "ArrowLeft";
    await ann.bringToFront();
    await ann.keyboard.down(key);
    await ann.waitForFunction(
      ([id, target, dir]) => {
        const scene = (window as unknown as { game: { scene: { getScene(k: string): { avatars: Map<string, { body: { x: number } }> } } } }).game.scene.getScene("ArenaScene");
        const x = scene.avatars.get(id as string)?.body.x;
        return x !== undefined && (x - (target as number)) * (dir as number) > 0;
      },
      [annId, start.x + direction * 40, direction] as const,
    );
    await ann.keyboard.up(key);
    const annSeesHerself = (await arena(ann))!.avatars[annId]!;
    await bob.waitForFunction(
      ([id, x, dir]) => {
        const scene = (window as unknown as { game: { scene: { getScene(k: string): { avatars: Map<string, { body: { x: number } }> } } } }).game.scene.getScene("ArenaScene");
        const seen = scene.avatars.get(id as string)?.body.x;
        return seen !== undefined && (seen - (x as number)) * (dir as number) > -2;
      },
      [annId, annSeesHerself.x, direction] as const,
    );
    await snap(ann, `demo-${label}-04-ann-moved`);
    await bob.bringToFront();
    await snap(bob, `demo-${label}-05-bob-sees-ann-move`);

    // Ann leaves: back in her lobby, gone from Bob's arena.
    await ann.bringToFront();
    await ann.keyboard.press("Escape");
    await ann.waitForSelector('[data-panel="lobby"]');
    await ann.locator('.pgl-toast[data-kind="info"]:not(.pgl-hidden)').waitFor();
    await snap(ann, `demo-${label}-06-ann-back-in-lobby`);
    await bob.waitForFunction((id) => {
      const scene = (window as unknown as { game: { scene: { getScene(k: string): { avatars: Map<string, unknown> } } } }).game.scene.getScene("ArenaScene");
      return !scene.avatars.has(id);
    }, annId);
    for (let i = 0; i < pages.length; i++) assert.deepEqual([...withoutFailedLoads(errors[i]!), ...(await failures[i]!.unexpected())], []);
  } catch (error) {
    await snap(ann, `demo-${label}-failed-ann`).catch(() => undefined);
    await snap(bob, `demo-${label}-failed-bob`).catch(() => undefined);
    for (const list of errors) if (list.length) console.error(list.join("\n"));
    for (const recorded of failures) for (const failure of await recorded.unexpected()) console.error(failure);
    throw error;
  } finally {
    // Closed, the players drop out of this run's session, and the next run's pages have the machine to themselves.
    for (const page of pages) await page.close();
  }
}

describe.skipIf(skip !== undefined)("the demo web app", () => {
  let stack: Awaited<ReturnType<typeof startDemoStack>>;
  let browser: Browser;
  const servers: TestPageServer[] = [];

  beforeAll(async () => {
    stack = await startDemoStack();
    await stack.cognito.createUser("ann", PASSWORD);
    await stack.cognito.createUser("bob", PASSWORD);
    // Without a GPU, WebGL is SwiftShader: two games drew at 4–20 fps and a run took 25–50 s, not 7–9 s. With
    // WebGL off, Phaser.AUTO picks the Canvas renderer at full frame rate; everything checked is above it.
    browser = await launchChromium(["--disable-webgl"]);
  });

  afterAll(async () => {
    await browser?.close();
    for (const server of servers) await server.close();
    await stack?.stop();
  });

  for (const major of [4, 3] as const) {
    const title =
      major === 4
        ? "Phaser 4, two players: create, find and join a session, see each other move, leave"
        : "Phaser 3: the same two players, on a new session on the same fleet";
    test(title, { timeout: 180_000 }, async () => {
      const server = await startTestPageServer(stack.publicConfig, major, { root: demoRoot, publicDir: assets });
      servers.push(server);
      await twoPlayers(browser, server, `phaser${major}`);
    });
  }
});
