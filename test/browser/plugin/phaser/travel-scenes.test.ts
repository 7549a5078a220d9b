// No message lost across travel: a real game server (test/fixtures/servers/burst-server.ts on a local fleet)
// sends 100 numbered messages right behind its accept, while the game fades from the lobby to the map scene;
// the map scene connects its handler in create() and must hear all 100, in order. On Phaser 4 and Phaser 3.
import { CreateGameSessionCommand, DescribeGameSessionsCommand, GameLiftClient } from "@aws-sdk/client-gamelift";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startTestStack } from "../../../fixtures/local-stack.ts";

const startBrowserStack = () => startTestStack({ cognito: true, demoFleet: { processes: 2, script: "test/fixtures/servers/burst-server.ts", env: { BURST_COUNT: String(COUNT) } } });
type BrowserStack = Awaited<ReturnType<typeof startBrowserStack>>;
import { chromiumMissing, launchChromium, recordPageErrors, snap } from "../../../helpers/browser.ts";
import { eventually } from "../../../helpers/eventually.ts";
import { startTestPageServer, type TestPageServer } from "../../../helpers/vite-server.ts";

const skip = chromiumMissing();
const PASSWORD = "Burst-of-100-msgs";
const COUNT = 100;

describe.skipIf(skip !== undefined)("travel's scene change loses no message", () => {
  let e2e: BrowserStack;
  let browser: Browser;
  let gamelift: GameLiftClient;
  const servers: TestPageServer[] = [];

  beforeAll(async () => {
    e2e = await startBrowserStack();
    await e2e.cognito.createUser("ann", PASSWORD);
    gamelift = new GameLiftClient({ region: e2e.stack.region, endpoint: e2e.stack.endpoint, credentials: e2e.stack.developerCredentials, maxAttempts: 1 });
    browser = await launchChromium(["--disable-webgl"]);
  });

  afterAll(async () => {
    await browser?.close();
    for (const server of servers) await server.close();
    gamelift?.destroy();
    await e2e?.stop();
  });

  for (const major of [4, 3] as const) {
    test(`Phaser ${major}: the map scene gets all ${COUNT} messages the server sent right after the accept, in order`, { timeout: 120_000 }, async () => {
      const server = await startTestPageServer(e2e.publicConfig, major);
      servers.push(server);
      const created = await gamelift.send(
        new CreateGameSessionCommand({ AliasId: e2e.publicConfig.gamelift.aliasId, Location: e2e.publicConfig.gamelift.location, MaximumPlayerSessionCount: 2, GameProperties: [{ Key: "map", Value: "burst" }] }),
      );
      const gameSessionId = created.GameSession!.GameSessionId!;
      await eventually(async () => (await gamelift.send(new DescribeGameSessionsCommand({ GameSessionId: gameSessionId }))).GameSessions?.[0]?.Status === "ACTIVE", "the session to be ACTIVE");

      const page = await browser.newPage({ viewport: { width: 480, height: 320 } });
      const errors = recordPageErrors(page);
      try {
        await page.goto(`${server.url}travel.html`);
        await page.waitForFunction(() => (window as unknown as { __travel?: unknown }).__travel !== undefined);
        expect(await page.evaluate(() => (window as unknown as { __travel: { phaser: string } }).__travel.phaser)).toMatch(major === 3 ? /^3\./ : /^4\./);
        await page.evaluate(([user, password, id]) => (window as unknown as { __travel: { join(u: string, p: string, g: string): Promise<void> } }).__travel.join(user!, password!, id!), [
          "ann",
          PASSWORD,
          gameSessionId,
        ]);
        const received = await eventually(
          async () => {
            const got = await page.evaluate(() => (window as unknown as { __travel: { received: number[] } }).__travel.received);
            return got.length >= COUNT ? got : undefined;
          },
          `${COUNT} messages in the map scene`,
          15_000,
        );
        expect(received).toEqual(Array.from({ length: COUNT }, (_, n) => n));
        const created = await page.evaluate(() => (window as unknown as { __travel: { mapCreated?: { state: unknown } } }).__travel.mapCreated);
        expect(created?.state).toEqual({ burst: COUNT });
        await snap(page, `travel-phaser${major}-all-messages`);
        expect(errors).toEqual([]);
      } finally {
        await page.close();
      }
    });
  }
});
