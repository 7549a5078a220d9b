// The demo web app's Quick match end to end: two players in two browser pages sign in, press Quick match in the
// LobbyScene, see the search (with its elapsed time) and then the offer (with the acceptance countdown), both
// accept, and land on the same map of the same game session on a real demo game server, placed there by the local
// stack's FlexMatch through the demo's queue, wearing their team colours. The kit in each page polls with its
// defaults (AWS's guidance), as a player's browser would. Screenshots: test-results/browser/quick-match-*.png.
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, test } from "vitest";
import type { Browser, Page } from "playwright-core";
import { chromiumMissing, launchChromium, recordFailedResponses, recordPageErrors, snap, withoutFailedLoads } from "../../../helpers/browser.ts";
import { startTestStack } from "../../../fixtures/local-stack.ts";
import { startTestPageServer, type TestPageServer } from "../../../helpers/vite-server.ts";

/** The stack with a game's sign-in set-up, the demo's queue and matchmaking, and two demo game servers. */
const startQuickMatchStack = () => startTestStack({ cognito: true, demoFleet: { processes: 2 } });

const skip = chromiumMissing();
const PASSWORD = "Quick-Match-42-play";
const demoRoot = fileURLToPath(new URL("../../../../demo/client/", import.meta.url));
const assets = fileURLToPath(new URL("../../../../assets/", import.meta.url));

/** What the page's kit and map scene say about where the player is. */
const whereAmI = (page: Page) =>
  page.evaluate(() => {
    type Scene = { me: string; teams: Map<string, string>; avatars: Map<string, unknown> };
    const game = (window as unknown as {
      game: { scene: { isActive(key: string): boolean; getScene(key: string): unknown }; plugins: { get(key: string): { kit: { travel: { session?: { gameSessionId: string; map: string } } } } } };
    }).game;
    const session = game.plugins.get("GameLiftPlugin").kit.travel.session;
    const active = ["ArenaScene", "GardenScene"].filter((key) => game.scene.isActive(key));
    const scene = active[0] ? (game.scene.getScene(active[0]) as Scene) : undefined;
    return {
      scenes: active,
      gameSessionId: session?.gameSessionId,
      map: session?.map,
      me: scene?.me,
      teams: scene ? Object.fromEntries(scene.teams) : {},
      seen: scene ? [...scene.avatars.keys()] : [],
    };
  });

const quickMatch = (page: Page, state: string) => page.waitForSelector(`[data-section="quick-match"][data-state="${state}"]`);

async function signIn(page: Page, username: string): Promise<void> {
  await page.waitForSelector('[data-view="sign-in"] input[name="username"]');
  await page.keyboard.type(username);
  await page.keyboard.press("Tab");
  await page.keyboard.type(PASSWORD);
  await page.keyboard.press("Enter");
  await page.waitForSelector('[data-section="quick-match"] [data-action="quick-match"]');
}

describe.skipIf(skip !== undefined)("the demo's Quick match", () => {
  let stack: Awaited<ReturnType<typeof startQuickMatchStack>>;
  let browser: Browser;
  let server: TestPageServer;

  beforeAll(async () => {
    stack = await startQuickMatchStack();
    await stack.cognito.createUser("ann", PASSWORD);
    await stack.cognito.createUser("bob", PASSWORD);
    // Canvas instead of SwiftShader WebGL: full frame rate on a machine without a GPU (see demo.test.ts).
    browser = await launchChromium(["--disable-webgl"]);
    server = await startTestPageServer(stack.publicConfig, 4, { root: demoRoot, publicDir: assets });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await stack?.stop();
  });

  test("two players press Quick match, both accept, and land on the same map of the same game session, on their teams", { timeout: 180_000 }, async () => {
    const pages: Page[] = [];
    const errors: string[][] = [];
    const failures: ReturnType<typeof recordFailedResponses>[] = [];
    const describes = [0, 0];
    for (let i = 0; i < 2; i++) {
      const page = await browser.newPage({ viewport: { width: 960, height: 600 } });
      page.setDefaultTimeout(45_000);
      errors.push(recordPageErrors(page));
      page.on("request", (request) => void (request.headers()["x-amz-target"] === "GameLift.DescribeMatchmaking" && describes[i]!++));
      failures.push(recordFailedResponses(page, () => false));
      await page.goto(server.url);
      pages.push(page);
    }
    const [ann, bob] = pages as [Page, Page];
    try {
      await signIn(ann, "ann");
      await signIn(bob, "bob");
      await snap(ann, "quick-match-01-lobby");

      const pressed = Date.now();
      await ann.click('[data-action="quick-match"]');
      await quickMatch(ann, "searching");
      // The wait is counted on screen.
      await ann.waitForFunction(() => document.querySelector("[data-elapsed]")?.textContent === "0:02");
      await snap(ann, "quick-match-02-ann-searching");
      await bob.click('[data-action="quick-match"]');

      // Each tracker sees the proposed match (within its polling interval) and asks its player.
      await Promise.all([quickMatch(ann, "acceptance"), quickMatch(bob, "acceptance")]);
      const countdown = await bob.locator("[data-countdown]").innerText();
      assert.match(countdown, /^0:(1\d|20) left$/, "the acceptance countdown shows the seconds left of the 20");
      await snap(bob, "quick-match-03-bob-offer");
      await ann.click('[data-action="accept-match"]');
      await quickMatch(ann, "accepted");
      await snap(ann, "quick-match-04-ann-accepted");
      await bob.click('[data-action="accept-match"]');

      // Placed through the queue, both travel with their seats from the ticket to the same session's map.
      const arena = (page: Page) => page.waitForFunction(() => (window as unknown as { game: { scene: { isActive(k: string): boolean } } }).game.scene.isActive("ArenaScene"));
      await Promise.all([arena(ann), arena(bob)]);
      // What a quick match costs with the kit's default polling (printed with --silent=false).
      console.log(`quick match: ${Date.now() - pressed} ms from Ann's press to both in the arena; DescribeMatchmaking calls: Ann ${describes[0]}, Bob ${describes[1]}`);
      const [annAt, bobAt] = [await whereAmI(ann), await whereAmI(bob)];
      assert.deepEqual(annAt.scenes, ["ArenaScene"]);
      assert.deepEqual(bobAt.scenes, ["ArenaScene"]);
      assert.equal(annAt.map, "arena");
      assert.ok(annAt.gameSessionId);
      assert.equal(annAt.gameSessionId, bobAt.gameSessionId, "both players are in the same game session");
      // The server read the match data: one team each, and both pages know both teams.
      assert.deepEqual(new Set(Object.values(annAt.teams)), new Set(["red", "blue"]));
      assert.deepEqual(annAt.teams, bobAt.teams);
      assert.deepEqual(Object.keys(annAt.teams).sort(), [annAt.me, bobAt.me].sort());
      // Each sees the other.
      await ann.waitForFunction((id) => {
        const scene = (window as unknown as { game: { scene: { getScene(k: string): { avatars: Map<string, unknown> } } } }).game.scene.getScene("ArenaScene");
        return scene.avatars.has(id);
      }, bobAt.me!);
      await ann.waitForSelector("canvas");
      await snap(ann, "quick-match-05-ann-in-arena");
      await bob.bringToFront();
      await snap(bob, "quick-match-06-bob-in-arena");
      for (let i = 0; i < pages.length; i++) assert.deepEqual([...withoutFailedLoads(errors[i]!), ...(await failures[i]!.unexpected())], []);
    } catch (error) {
      await snap(ann, "quick-match-failed-ann").catch(() => undefined);
      await snap(bob, "quick-match-failed-bob").catch(() => undefined);
      for (const list of errors) if (list.length) console.error(list.join("\n"));
      for (const recorded of failures) for (const failure of await recorded.unexpected()) console.error(failure);
      throw error;
    } finally {
      for (const page of pages) await page.close();
    }
  });
});
