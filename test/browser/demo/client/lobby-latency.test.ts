// Issue 14's browser acceptance: the demo's LobbyScene in Chromium against a local stack whose game config has two
// locations at a simulated 20 ms and 120 ms (each location's ping endpoint behind a delay proxy, one real demo game
// server and one game session in each). The lobby shows each session's ping (Chromium's own measurement, within
// ±15 ms of the simulated figure), coloured by quality, the player's best location, and sorts by ping.
//
// Load: each figure is the median of five round trips (the kit's), timed by Chromium's Resource Timing, so a busy
// renderer thread does not count; the check takes, per location, the lowest figure the lobby showed over up to
// five measurements (Refresh measures again): load only adds time (test/helpers/latency-figures.ts).
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { CreateGameSessionCommand, DescribeGameSessionsCommand, GameLiftClient } from "@aws-sdk/client-gamelift";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, test } from "vitest";
import { identityPoolsExtension } from "../../../../local/cognito/identity/index.ts";
import { userPoolsExtension } from "../../../../local/cognito/userpool/index.ts";
import { loadGameConfig } from "../../../../local/game-config/index.ts";
import { applyGameConfig, type AppliedGame } from "../../../../local/setup/apply-config.ts";
import { startLocalStack, type LocalStack } from "../../../../local/stack.ts";
import { chromiumMissing, launchChromium, recordFailedResponses, recordPageErrors, snap, withoutFailedLoads } from "../../../helpers/browser.ts";
import { eventually } from "../../../helpers/eventually.ts";
import { lowestOf, TOLERANCE_MS, withinTolerance, type Figures } from "../../../helpers/latency-figures.ts";
import { startTestPageServer, type TestPageServer } from "../../../helpers/vite-server.ts";

const skip = chromiumMissing();
const demoRoot = fileURLToPath(new URL("../../../../demo/client/", import.meta.url));
const assets = fileURLToPath(new URL("../../../../assets/", import.meta.url));
const NEAR = "custom-near";
const FAR = "custom-far";
const SIMULATED = { [NEAR]: 20, [FAR]: 120 };
const PLAYER = { username: "dee", password: "Dee-pings-near-2026", email: "dee@example.com" };

describe.skipIf(skip !== undefined)("the lobby's pings", () => {
  const dir = mkdtempSync(join(tmpdir(), "pgl-lobby-latency-"));
  let stack: LocalStack;
  let applied: AppliedGame;
  let admin: GameLiftClient;
  let server: TestPageServer;
  let browser: Browser;
  const output: string[] = [];

  beforeAll(async () => {
    const file = join(dir, "gamelift.config.json");
    writeFileSync(
      file,
      JSON.stringify({
        game: "lobby-latency",
        gamelift: {
          fleet: { type: "anywhere", server: { folder: resolve("demo/server"), entry: "main.ts" }, locations: [NEAR, FAR], processesPerCompute: 1 },
          queue: { timeoutSeconds: 60, playerLatencyPolicies: [{ maximumIndividualPlayerLatencyMs: 100, policyDurationSeconds: 5 }] },
        },
        local: {
          players: [PLAYER],
          locations: { [NEAR]: { latencyMs: SIMULATED[NEAR] }, [FAR]: { latencyMs: SIMULATED[FAR] } },
          command: "node -C phaser-gamelift-source --import tsx {entry}",
        },
      }),
    );
    stack = await startLocalStack({ port: 0, extensions: [userPoolsExtension(), identityPoolsExtension()] });
    const target = { endpoint: stack.endpoint, region: stack.region, accountId: stack.accountId, credentials: stack.developerCredentials, log: () => {} };
    applied = await applyGameConfig(target, loadGameConfig(file), { output: (line) => void output.push(line) });
    admin = new GameLiftClient({ region: stack.region, endpoint: stack.endpoint, credentials: stack.developerCredentials, maxAttempts: 1 });
    await eventually(() => output.filter((l) => l.includes("process ready")).length >= 2, "both game servers to be ready", 60_000, () => output.slice(-20).join("\n"));
    // The near room first, the far room second: newest first lists the far one on top.
    for (const [name, location] of [["near room", NEAR], ["far room", FAR]] as const) {
      const created = await admin.send(new CreateGameSessionCommand({ AliasId: applied.gamelift.aliasId, Location: location, MaximumPlayerSessionCount: 4, Name: name, GameProperties: [{ Key: "map", Value: "arena" }] }));
      const id = created.GameSession!.GameSessionId!;
      await eventually(async () => (await admin.send(new DescribeGameSessionsCommand({ GameSessionId: id }))).GameSessions?.[0]?.Status === "ACTIVE", `${name} to be ACTIVE`, 30_000);
      await new Promise((r) => setTimeout(r, 5));
    }
    server = await startTestPageServer(applied.publicConfig, 4, { root: demoRoot, publicDir: assets });
    browser = await launchChromium(["--disable-webgl"]);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    admin?.destroy();
    await applied?.stop();
    await stack?.stop();
    rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  /** The rows as shown: name, ping (ms) and its quality, top to bottom, once both sessions are listed with a ping. */
  async function rows(page: Page): Promise<{ name: string; ping: number | undefined; quality: string }[]> {
    await page.waitForFunction(() => {
      const cells = Array.from(document.querySelectorAll("[data-session-row] [data-ping]"));
      return cells.length === 2 && cells.every((c) => (c as HTMLElement).dataset["ping"] !== "") && !document.querySelector('[data-section="sessions"][aria-busy]');
    });
    return page.locator("[data-session-row]").evaluateAll((trs) =>
      trs.map((tr) => {
        const ping = tr.querySelector<HTMLElement>("[data-ping]")!;
        return { name: tr.querySelector("td")!.textContent ?? "", ping: ping.dataset["ping"] ? Number(ping.dataset["ping"]) : undefined, quality: ping.dataset["quality"] ?? "" };
      }),
    );
  }

  test("each session's ping is its location's, within 15 ms of the simulated figure; the list sorts by it; the best location is shown", { timeout: 180_000 }, async () => {
    const page = await browser.newPage({ viewport: { width: 960, height: 600 } });
    page.setDefaultTimeout(30_000);
    const errors = recordPageErrors(page);
    const failures = recordFailedResponses(page, () => false);
    try {
      await page.goto(server.url);
      await page.waitForSelector('[data-view="sign-in"] input[name="username"]');
      await page.fill('input[name="username"]', PLAYER.username);
      await page.fill('input[name="password"]', PLAYER.password);
      await page.press('input[name="password"]', "Enter");
      await page.waitForSelector('[data-panel="lobby"]');

      // Newest first: the far room on top, each with its location's ping.
      let shown = await rows(page);
      assert.deepEqual(shown.map((r) => r.name), ["far room", "near room"]);
      const byName = (list: typeof shown): Figures => ({ [NEAR]: list.find((r) => r.name === "near room")?.ping, [FAR]: list.find((r) => r.name === "far room")?.ping });
      const measuredAt = () => page.locator("[data-best-location]").getAttribute("data-measured-at");
      const figures = await lowestOf(SIMULATED, async () => {
        const current = byName(await rows(page));
        if (Object.entries(SIMULATED).every(([location, simulated]) => withinTolerance(current[location], simulated))) return current;
        // A busy moment stretched this measurement: Refresh measures again.
        const before = await measuredAt();
        await page.click('[data-action="refresh"]');
        await page.waitForFunction((at) => document.querySelector<HTMLElement>("[data-best-location]")?.dataset["measuredAt"] !== at, before);
        return byName(await rows(page));
      });
      for (const [location, simulated] of Object.entries(SIMULATED)) {
        assert.ok(withinTolerance(figures[location], simulated), `${location}: the lobby showed ${figures[location]} ms for a simulated ${simulated} ms (±${TOLERANCE_MS})`);
      }
      shown = await rows(page);
      assert.deepEqual(
        shown.map((r) => r.quality),
        ["poor", "good"],
      );
      await snap(page, "lobby-latency-01-pings");
      // What Chromium measured, for the record (the lowest figures above, and the last measurement's samples).
      const report = await page.evaluate(() => {
        const game = (window as unknown as { game: { plugins: { get(k: string): { kit: { latency: { report?: { locations: Record<string, { ms?: number; samples: number[] }> } } } } } } }).game;
        return game.plugins.get("GameLiftPlugin").kit.latency.report?.locations;
      });
      const samples = Object.entries(report ?? {}).map(([location, l]) => `${location} ${l.ms?.toFixed(1)} ms [${l.samples.map((x) => x.toFixed(1)).join(", ")}]`);
      console.log(`Chromium's figures: near ${figures[NEAR]} ms, far ${figures[FAR]} ms; last measurement: ${samples.join("; ")}`);

      // Lowest ping first.
      await page.selectOption('select[name="sort"]', "ping");
      await page.waitForFunction(() => document.querySelector("[data-session-row] td")?.textContent === "near room");
      shown = await rows(page);
      assert.deepEqual(shown.map((r) => r.name), ["near room", "far room"]);
      assert.ok(shown[0]!.ping! < shown[1]!.ping!);

      // The player's best location.
      const best = page.locator("[data-best-location]");
      assert.equal(await best.getAttribute("data-best-location"), NEAR);
      assert.match(await best.innerText(), new RegExp(`Best location: ${NEAR} \\d+ ms`));
      await snap(page, "lobby-latency-02-sorted-by-ping");
      assert.deepEqual([...withoutFailedLoads(errors), ...(await failures.unexpected())], []);
    } finally {
      await page.close();
    }
  });
});
