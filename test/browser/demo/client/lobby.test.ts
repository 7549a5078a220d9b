// The demo's LobbyScene against the local stack: the session list's filters (free slots, map, name contains),
// sort and pages (NextToken) over sixteen real game sessions, and "create" on the second map through the demo's
// queue, with the placement's progress on screen, ending in the garden on a real demo game server.
//
// The list's sessions are hosted by server SDK instances in this process on a fleet of their own (so there can be
// many); the create goes to the demo fleet, through the queue npm start makes. Two page servers, one per config.
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, test } from "vitest";
import type { Browser, Page } from "playwright-core";
import { CreateGameSessionCommand, CreatePlayerSessionCommand, type GameLiftClient } from "@aws-sdk/client-gamelift";
import type { LaunchedFleet } from "../../../../local/fleet/launcher.ts";
import { GameLiftServerSdk } from "../../../../server/index.ts";
import { chromiumMissing, launchChromium, recordFailedResponses, recordPageErrors, snap, withoutFailedLoads } from "../../../helpers/browser.ts";
import { eventually } from "../../../helpers/eventually.ts";
import { startTestStack } from "../../../fixtures/local-stack.ts";
import { startTestPageServer, type TestPageServer } from "../../../helpers/vite-server.ts";

/** The stack with a game's sign-in set-up, the demo's queue and matchmaking, and one demo game server. */
const startLobbyStack = () => startTestStack({ cognito: true, demoFleet: { processes: 1 } });

const skip = chromiumMissing();
const PASSWORD = "Lobby-Lists-42-play";
const demoRoot = fileURLToPath(new URL("../../../../demo/client/", import.meta.url));
const assets = fileURLToPath(new URL("../../../../assets/", import.meta.url));
const LIST_LOCATION = "custom-lobby-list";
/** Eight crate rooms on the arena, seven garden parties, and one full garden party: sixteen sessions. */
const SESSIONS = [
  ...Array.from({ length: 8 }, (_, i) => ({ name: `crate room ${i + 1}`, map: "arena", max: 4, full: false })),
  ...Array.from({ length: 7 }, (_, i) => ({ name: `garden party ${i + 1}`, map: "garden", max: 4, full: false })),
  { name: "garden party full", map: "garden", max: 1, full: true },
];

describe.skipIf(skip !== undefined)("the demo's lobby", () => {
  let stack: Awaited<ReturnType<typeof startLobbyStack>>;
  let admin: GameLiftClient;
  let listFleet: LaunchedFleet;
  let browser: Browser;
  const servers: TestPageServer[] = [];
  const sdks: GameLiftServerSdk[] = [];

  beforeAll(async () => {
    stack = await startLobbyStack();
    await stack.cognito.createUser("cy", PASSWORD);
    admin = stack.gamelift;
    // The sessions the lobby lists, each hosted by a server SDK in this process.
    listFleet = await stack.sdkFleet("lobby-list", { location: LIST_LOCATION, createAlias: true });
    const authToken = await listFleet.authToken();
    for (let i = 0; i < SESSIONS.length; i++) {
      const sdk = new GameLiftServerSdk({ logger: { info() {}, warn() {}, debug() {} }, exit: () => undefined });
      sdks.push(sdk);
      await sdk.initSDK({ webSocketUrl: listFleet.webSocketUrl, processId: `lobby-${i}`, hostId: listFleet.computeName, fleetId: listFleet.fleetId, authToken });
      await sdk.processReady({ port: 20_000 + i, onStartGameSession: () => void sdk.activateGameSession() });
    }
    // One after the other, so "newest first" has an order to show.
    for (const spec of SESSIONS) {
      const created = await admin.send(
        new CreateGameSessionCommand({ AliasId: listFleet.aliasId, Location: LIST_LOCATION, MaximumPlayerSessionCount: spec.max, Name: spec.name, GameProperties: [{ Key: "map", Value: spec.map }] }),
      );
      const id = created.GameSession!.GameSessionId!;
      if (spec.full) {
        await eventually(
          () => admin.send(new CreatePlayerSessionCommand({ GameSessionId: id, PlayerId: "someone" })).then(() => true, () => false),
          `a seat in ${spec.name}`,
        );
      }
      await new Promise((r) => setTimeout(r, 5));
    }
    browser = await launchChromium(["--disable-webgl"]);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    for (const server of servers) await server.close();
    await Promise.all(sdks.map((sdk) => sdk.destroy()));
    await stack?.stop();
  });

  async function openLobby(server: TestPageServer): Promise<{ page: Page; errors: string[]; failures: ReturnType<typeof recordFailedResponses> }> {
    const page = await browser.newPage({ viewport: { width: 960, height: 600 } });
    page.setDefaultTimeout(30_000);
    const errors = recordPageErrors(page);
    const failures = recordFailedResponses(page, () => false);
    await page.goto(server.url);
    await page.waitForSelector('[data-view="sign-in"] input[name="username"]');
    await page.fill('input[name="username"]', "cy");
    await page.fill('input[name="password"]', PASSWORD);
    await page.press('input[name="password"]', "Enter");
    await page.waitForSelector('[data-panel="lobby"]');
    return { page, errors, failures };
  }

  /** The names in the list, top to bottom, once the list has settled on `count` rows. */
  async function rows(page: Page, count: number): Promise<string[]> {
    await page.waitForFunction((n) => document.querySelectorAll("[data-session-row]").length === n && !document.querySelector('[data-section="sessions"][aria-busy]'), count);
    return page.locator("[data-session-row] td:first-child").allInnerTexts();
  }

  test("filters, sort and pages over the stack's game sessions", { timeout: 120_000 }, async () => {
    const server = await startTestPageServer({ ...stack.publicConfig, gamelift: { ...stack.publicConfig.gamelift, aliasId: listFleet.aliasId, location: LIST_LOCATION } }, 4, { root: demoRoot, publicDir: assets });
    servers.push(server);
    const { page, errors, failures } = await openLobby(server);
    try {
      // Page 1 of the open sessions, newest first, eight a page.
      const open = SESSIONS.filter((s) => !s.full).map((s) => s.name).reverse();
      assert.deepEqual(await rows(page, 8), open.slice(0, 8));
      assert.equal(await page.locator("[data-page]").innerText(), "Page 1");
      assert.equal(await page.locator('[data-action="previous-page"]').isDisabled(), true);
      await snap(page, "lobby-01-page-1");
      await page.click('[data-action="next-page"]');
      assert.deepEqual(await rows(page, 7), open.slice(8));
      assert.equal(await page.locator("[data-page]").innerText(), "Page 2");
      assert.equal(await page.locator('[data-action="next-page"]').isDisabled(), true);
      await snap(page, "lobby-02-page-2");
      await page.click('[data-action="previous-page"]');
      assert.deepEqual(await rows(page, 8), open.slice(0, 8));

      // The map: only garden parties (the full one too, once free slots are not required).
      await page.selectOption('select[name="map"]', "garden");
      assert.deepEqual(await rows(page, 7), SESSIONS.filter((s) => s.map === "garden" && !s.full).map((s) => s.name).reverse());
      await page.uncheck('input[name="openOnly"]');
      const withFull = await rows(page, 8);
      assert.equal(withFull[0], "garden party full");
      assert.equal(await page.locator('[data-session-row]:has-text("garden party full") [data-action="join"]').isDisabled(), true);
      await snap(page, "lobby-03-garden-with-full");

      // Name contains, and another order.
      await page.fill('input[name="nameContains"]', "PARTY 3");
      assert.deepEqual(await rows(page, 1), ["garden party 3"]);
      await page.fill('input[name="nameContains"]', "");
      await page.selectOption('select[name="map"]', "");
      await page.selectOption('select[name="sort"]', "gameSessionName ASC");
      const byName = [...SESSIONS.map((s) => s.name)].sort();
      assert.deepEqual(await rows(page, 8), byName.slice(0, 8));
      await snap(page, "lobby-04-by-name");
      assert.deepEqual([...withoutFailedLoads(errors), ...(await failures.unexpected())], []);
    } finally {
      await page.close();
    }
  });

  test("create on the second map through the queue: the placement's progress, then the garden", { timeout: 120_000 }, async () => {
    const server = await startTestPageServer(stack.publicConfig, 4, { root: demoRoot, publicDir: assets });
    servers.push(server);
    const { page, errors, failures } = await openLobby(server);
    try {
      await page.fill('input[name="name"]', "cy's garden");
      await page.selectOption('select[name="createMap"]', "garden");
      await page.click('[data-action="create"]');
      // Progress while the queue finds a server.
      const progress = page.locator("[data-placement]");
      await progress.waitFor({ state: "visible" });
      assert.match(await progress.innerText(), /Finding a server…|Server found/);
      await snap(page, "lobby-05-placing");
      await page.waitForFunction(() => (window as unknown as { game: { scene: { isActive(k: string): boolean } } }).game.scene.isActive("GardenScene"));
      const at = await page.evaluate(() => {
        const game = (window as unknown as { game: { plugins: { get(k: string): { kit: { travel: { session?: { map: string; gameSessionId: string } } } } } } }).game;
        return game.plugins.get("GameLiftPlugin").kit.travel.session;
      });
      assert.equal(at?.map, "garden");
      assert.match(at?.gameSessionId ?? "", /::gamesession\/fleet-/);
      await page.waitForTimeout(300);
      await snap(page, "lobby-06-in-the-garden");
      // The seat came with the placement: no CreatePlayerSession, and no refusal on the way.
      assert.deepEqual([...withoutFailedLoads(errors), ...(await failures.unexpected())], []);
    } finally {
      await page.close();
    }
  });
});
