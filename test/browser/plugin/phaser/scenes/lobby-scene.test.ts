// What a player reads in the LobbyScene, on Phaser 4 and 3, against the local stack and real demo game servers:
// a join that fails shows the player's words (never an ARN or an exception's text) and refreshes the list, so
// a session that ended disappears from it; and a player whose game server dies (kill -9) is back in the lobby
// within seconds, told why. Screenshots of each toast under test-results/browser/.
import { CreateGameSessionCommand, CreatePlayerSessionCommand, DescribeGameSessionsCommand, GameLiftClient, TerminateGameSessionCommand } from "@aws-sdk/client-gamelift";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startTestStack } from "../../../../fixtures/local-stack.ts";

const startBrowserStack = () => startTestStack({ cognito: true, demoFleet: { processes: 3 } });
type BrowserStack = Awaited<ReturnType<typeof startBrowserStack>>;
import { chromiumMissing, launchChromium, snap } from "../../../../helpers/browser.ts";
import { eventually } from "../../../../helpers/eventually.ts";
import { startTestPageServer, type TestPageServer } from "../../../../helpers/vite-server.ts";

const skip = chromiumMissing();
const PASSWORD = "Lobby-reads-42-words";

describe.skipIf(skip !== undefined)("LobbyScene: what the player reads", () => {
  let e2e: BrowserStack;
  let browser: Browser;
  let gamelift: GameLiftClient;
  const servers: TestPageServer[] = [];

  beforeAll(async () => {
    e2e = await startBrowserStack();
    await e2e.cognito.createUser("lia", PASSWORD);
    gamelift = new GameLiftClient({ region: e2e.stack.region, endpoint: e2e.stack.endpoint, credentials: e2e.stack.developerCredentials, maxAttempts: 1 });
    browser = await launchChromium(["--disable-webgl"]);
  });

  afterAll(async () => {
    await browser?.close();
    for (const server of servers) await server.close();
    gamelift?.destroy();
    await e2e?.stop();
  });

  /** A session made by the developer's keys, ACTIVE (waiting for a process a previous step ended to be replaced). */
  async function activeSession(name: string, maxPlayers: number): Promise<string> {
    const { aliasId, location } = e2e.publicConfig.gamelift;
    const created = await eventually(
      () =>
        gamelift.send(
          new CreateGameSessionCommand({ AliasId: aliasId, Location: location, Name: name, MaximumPlayerSessionCount: maxPlayers, GameProperties: [{ Key: "map", Value: "arena" }] }),
        ),
      "a free game server process",
      30_000,
    );
    const id = created.GameSession!.GameSessionId!;
    await eventually(async () => (await gamelift.send(new DescribeGameSessionsCommand({ GameSessionId: id }))).GameSessions?.[0]?.Status === "ACTIVE", `${name} ACTIVE`);
    return id;
  }

  async function signedInLobby(server: TestPageServer): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 960, height: 600 } });
    page.setDefaultTimeout(30_000);
    await page.goto(`${server.url}lobby.html`);
    await page.waitForSelector('[data-view="sign-in"] input[name="username"]');
    await page.keyboard.type("lia");
    await page.keyboard.press("Tab");
    await page.keyboard.type(PASSWORD);
    await page.keyboard.press("Enter");
    await page.waitForSelector('[data-panel="lobby"]');
    return page;
  }

  const row = (page: Page, name: string) => page.locator(`[data-session-row]:has-text("${name}")`);
  const errorToast = (page: Page) => page.locator('.pgl-toast[data-kind="error"]:not(.pgl-hidden)');

  async function toastSays(page: Page): Promise<{ words: string; code: string; all: string }> {
    const toast = errorToast(page);
    await toast.waitFor();
    return {
      words: (await toast.locator(".pgl-toast-message").innerText()).trim(),
      code: (await toast.locator(".pgl-toast-code").innerText().catch(() => "")).trim(),
      all: await toast.innerText(),
    };
  }

  for (const major of [4, 3] as const) {
    test(`Phaser ${major}: failed joins read as the player's words and refresh the list; a dead server sends the player back, told why`, { timeout: 180_000 }, async () => {
      const server = await startTestPageServer(e2e.publicConfig, major);
      servers.push(server);
      const page = await signedInLobby(server);
      try {
        expect(await page.evaluate(() => (window as unknown as { phaserVersion: string }).phaserVersion)).toMatch(major === 3 ? /^3\./ : /^4\./);

        // A session that ends while the lobby still lists it.
        const endedName = `ended p${major} ${Date.now().toString(36)}`;
        const ended = await activeSession(endedName, 4);
        await page.click('[data-action="refresh"]');
        await row(page, endedName).waitFor();
        await gamelift.send(new TerminateGameSessionCommand({ GameSessionId: ended, TerminationMode: "TRIGGER_ON_PROCESS_TERMINATE" }));
        await row(page, endedName).locator('[data-action="join"]').click();
        const endedToast = await toastSays(page);
        expect(endedToast.words).toBe("This game session has ended.");
        expect(endedToast.code).toBe("InvalidGameSessionStatusException");
        expect(endedToast.all).not.toMatch(/arn:aws|gsess-|TERMINATED/);
        // The list was searched again: the ended session is gone from it.
        await row(page, endedName).waitFor({ state: "detached" });
        await snap(page, `toast-lobby-ended-session-phaser${major}`);

        // A session whose last seat goes to someone else between the list and the click.
        const fullName = `full p${major} ${Date.now().toString(36)}`;
        const full = await activeSession(fullName, 1);
        await page.click('[data-action="refresh"]');
        await row(page, fullName).waitFor();
        expect(await row(page, fullName).innerText()).toMatch(/0\/1/);
        await gamelift.send(new CreatePlayerSessionCommand({ GameSessionId: full, PlayerId: "someone-faster" }));
        await row(page, fullName).locator('[data-action="join"]').click();
        await eventually(async () => (await toastSays(page)).code === "GameSessionFullException", "the full session's toast");
        const fullToast = await toastSays(page);
        expect(fullToast.words).toBe("This game is full.");
        expect(fullToast.all).not.toMatch(/arn:aws|open player slots/);
        // The list was searched again, with its "Free slots only" filter: the full session is gone from it.
        await row(page, fullName).waitFor({ state: "detached" });
        await snap(page, `toast-lobby-session-full-phaser${major}`);
        await gamelift.send(new TerminateGameSessionCommand({ GameSessionId: full, TerminationMode: "TRIGGER_ON_PROCESS_TERMINATE" }));

        // In a session of her own when its game server process dies.
        const ownName = `own p${major} ${Date.now().toString(36)}`;
        await page.fill('input[name="name"]', ownName);
        await page.click('[data-action="create"]');
        await page.waitForFunction(() => (window as unknown as { game: { scene: { isActive(k: string): boolean } } }).game.scene.isActive("MapScene"));
        const [own] = (await gamelift.send(new DescribeGameSessionsCommand({ AliasId: e2e.publicConfig.gamelift.aliasId, StatusFilter: "ACTIVE" }))).GameSessions!.filter((s) => s.Name === ownName);
        const host = e2e.demoFleet.processes().find((p) => p.port === own!.Port && p.pid !== undefined);
        const killedAt = Date.now();
        process.kill(host!.pid!, "SIGKILL");
        await page.waitForSelector('[data-panel="lobby"]');
        const goneToast = await toastSays(page);
        const backAfterMs = Date.now() - killedAt;
        expect(backAfterMs).toBeLessThan(5_000);
        expect(goneToast.words).toBe("The game server stopped, so the game has ended.");
        expect(goneToast.code).toBe("ServerGone");
        await page.waitForTimeout(400); // the lobby's fade-in, for the picture
        await snap(page, `toast-lobby-server-gone-phaser${major}`);
        console.log(`[lobby-scene] Phaser ${major}: back in the lobby ${backAfterMs} ms after kill -9`);
      } catch (error) {
        await snap(page, `lobby-phaser${major}-failed`).catch(() => undefined);
        throw error;
      } finally {
        await page.close();
      }
    });
  }
});
