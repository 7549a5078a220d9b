// Issue 14's acceptance, end to end: a game config with two locations at a simulated 20 ms and 120 ms, applied to
// the local stack (one real demo game server per location, each location's ping endpoint behind a delay proxy),
// and a signed-in player's kit that measures them and sends its figures to GameLift:
// - createSessionOnQueue on a queue with a 100 ms individual-latency policy lands in the near location;
// - with the near location full, the placement waits out the policy's duration, then uses the far one;
// - a FlexMatch latency rule refuses a ticket whose latency exceeds it (the kit's own figures as LatencyInMs).
//
// Load: the figures are medians of seven round trips each, checked against the simulated ones as the lowest of up
// to five (test/helpers/latency-figures.ts); where the placement goes depends only on 20 vs 120 against a cap of
// 100, a margin no busy moment closes.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import {
  CreateMatchmakingConfigurationCommand,
  CreateMatchmakingRuleSetCommand,
  DescribeMatchmakingCommand,
  GameLiftClient,
  StartMatchmakingCommand,
} from "@aws-sdk/client-gamelift";
import WebSocket from "ws";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { identityPoolsExtension } from "../../../../../local/cognito/identity/index.ts";
import { userPoolsExtension } from "../../../../../local/cognito/userpool/index.ts";
import { loadGameConfig } from "../../../../../local/game-config/index.ts";
import { applyGameConfig, type AppliedGame } from "../../../../../local/setup/apply-config.ts";
import { startLocalStack, type LocalStack } from "../../../../../local/stack.ts";
import { createGameLiftKit, plainByAddress, type GameLiftKit, type WebSocketConstructor } from "../../../../../plugin/core/index.ts";
import { eventually } from "../../../../helpers/eventually.ts";
import { lowestOf, TOLERANCE_MS } from "../../../../helpers/latency-figures.ts";

const NEAR = "custom-near";
const FAR = "custom-far";
const SIMULATED = { [NEAR]: 20, [FAR]: 120 };
const POLICY_SECONDS = 3;
const PLAYERS = [
  { username: "ana", password: "Ana-plays-near-2026", email: "ana@example.com" },
  { username: "ben", password: "Ben-plays-near-2026", email: "ben@example.com" },
];

const dir = mkdtempSync(join(tmpdir(), "pgl-latency-placement-"));
let stack: LocalStack;
let applied: AppliedGame;
let admin: GameLiftClient;
const kits: GameLiftKit[] = [];
const output: string[] = [];

beforeAll(async () => {
  const file = join(dir, "gamelift.config.json");
  writeFileSync(
    file,
    JSON.stringify({
      game: "distance-test",
      cognito: { userPool: { passwordPolicy: { minLength: 8 } } },
      gamelift: {
        fleet: { type: "anywhere", server: { folder: resolve("demo/server"), entry: "main.ts" }, locations: [FAR, NEAR], processesPerCompute: 1 },
        queue: { timeoutSeconds: 60, playerLatencyPolicies: [{ maximumIndividualPlayerLatencyMs: 100, policyDurationSeconds: POLICY_SECONDS }] },
      },
      local: {
        players: PLAYERS,
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
}, 120_000);

afterAll(async () => {
  for (const kit of kits) kit.destroy();
  admin?.destroy();
  await applied?.stop();
  await stack?.stop();
  rmSync(dir, { recursive: true, force: true });
}, 60_000);

/** A signed-in player's kit, given the public config the Vite plugin would give the browser (latency block included). */
async function player(index: number): Promise<GameLiftKit> {
  const kit = createGameLiftKit(
    { ...applied.publicConfig, latency: { ...applied.publicConfig.latency, samples: 7 } },
    { WebSocket: WebSocket as unknown as WebSocketConstructor, travel: { endpoint: plainByAddress } },
  );
  kits.push(kit);
  await kit.auth.passwordGrantSignIn(PLAYERS[index]!.username, PLAYERS[index]!.password);
  return kit;
}

const withinTolerance = (figure: number | undefined, simulated: number, label: string) => {
  expect(figure, label).toBeGreaterThanOrEqual(simulated - 2);
  expect(figure, label).toBeLessThanOrEqual(simulated + TOLERANCE_MS);
};

describe("placement by the player's measured latency", () => {
  test("the public config names both locations' ping endpoints; the kit's figures match the simulated distances", async () => {
    expect(applied.publicConfig.latency).toEqual({ locations: [FAR, NEAR], endpoints: applied.pingEndpoints });
    const kit = await player(0);
    const figures = await lowestOf(SIMULATED, async () => {
      await kit.latency.measure({ force: true });
      return kit.latency.figures();
    });
    withinTolerance(figures[NEAR], SIMULATED[NEAR], NEAR);
    withinTolerance(figures[FAR], SIMULATED[FAR], FAR);
    expect(kit.latency.best()?.location).toBe(NEAR);
  });

  test("a 100 ms policy places a 20 ms / 120 ms player in the near location; with the near one full, in the far one once the policy has run out", async () => {
    const ana = await player(0);
    const first = await ana.sessions.createSessionOnQueue({ maxPlayers: 2, name: "near room" });
    expect(first.placement.location).toBe(NEAR);
    // The kit sent its own figures (checked against the simulated ones in the test above), under the player's identity id.
    const sent = first.placement.raw.PlayerLatencies ?? [];
    const identityId = await ana.credentials.playerIdentityId();
    expect(sent).toEqual(Object.entries(ana.latency.figures()).map(([RegionIdentifier, LatencyInMilliseconds]) => ({ PlayerId: identityId, RegionIdentifier, LatencyInMilliseconds })));
    expect(sent.map((l) => l.RegionIdentifier).sort()).toEqual([FAR, NEAR]);

    // The near location's only game server now hosts that session: the near location is full.
    const ben = await player(1);
    const second = await ben.sessions.createSessionOnQueue({ maxPlayers: 2, name: "far room", desiredPlayers: [{ playerId: await ben.credentials.playerIdentityId() }] });
    expect(second.placement.location).toBe(FAR);
    expect(second.placement.placedPlayerSessions).toHaveLength(1);
    // Not before the 100 ms policy ended: the far location was out of bounds for its first POLICY_SECONDS.
    const waited = second.placement.endTime!.getTime() - second.placement.startTime!.getTime();
    expect(waited).toBeGreaterThanOrEqual(POLICY_SECONDS * 1000 - 250);
  });

  test("searchSessions gives each session the player's latency to its location and sorts a page by it", async () => {
    const kit = await player(1);
    await kit.latency.measure();
    // GameLift's own order first (by name, far before near), then the page sorted in the browser.
    const byName = await kit.sessions.searchSessions({ sort: "gameSessionName ASC" });
    expect(byName.sessions.map((s) => s.name)).toEqual(["far room", "near room"]);
    const sorted = await kit.sessions.searchSessions({ sort: "gameSessionName ASC", sortByLatency: true });
    expect(sorted.sessions.map((s) => [s.name, s.location])).toEqual([
      ["near room", NEAR],
      ["far room", FAR],
    ]);
    expect(sorted.sessions.map((s) => s.latencyMs)).toEqual([kit.latency.latencyOf(NEAR), kit.latency.latencyOf(FAR)]);
  });
});

describe("FlexMatch with the kit's figures", () => {
  test("a latency rule refuses a ticket whose latency exceeds it and matches one within it", async () => {
    const kit = await player(0);
    const figures = await kit.latency.current();
    const ruleSet = {
      name: "close-enough",
      ruleLanguageVersion: "1.0",
      teams: [{ name: "solo", minPlayers: 1, maxPlayers: 1 }],
      rules: [{ name: "LowLatency", type: "latency", maxLatency: 100 }],
    };
    await admin.send(new CreateMatchmakingRuleSetCommand({ Name: "close-enough", RuleSetBody: JSON.stringify(ruleSet) }));
    await admin.send(
      new CreateMatchmakingConfigurationCommand({
        Name: "close-enough",
        RuleSetName: "close-enough",
        RequestTimeoutSeconds: 4,
        AcceptanceRequired: false,
        FlexMatchMode: "STANDALONE",
      }),
    );
    // The far location alone (120 ms measured): over the rule's 100 ms everywhere it could play.
    const farOnly = { [FAR]: figures[FAR]! };
    const both = { [NEAR]: figures[NEAR]!, [FAR]: figures[FAR]! };
    await admin.send(new StartMatchmakingCommand({ ConfigurationName: "close-enough", TicketId: "far-only", Players: [{ PlayerId: "far-player", LatencyInMs: farOnly }] }));
    await admin.send(new StartMatchmakingCommand({ ConfigurationName: "close-enough", TicketId: "near-and-far", Players: [{ PlayerId: "near-player", LatencyInMs: both }] }));
    const ticket = async (id: string) => (await admin.send(new DescribeMatchmakingCommand({ TicketIds: [id] }))).TicketList![0]!;
    const matched = await eventually(async () => ((await ticket("near-and-far")).Status === "COMPLETED" ? ticket("near-and-far") : undefined), "the ticket within the rule to match", 15_000);
    expect(matched.Status).toBe("COMPLETED");
    const refused = await eventually(async () => ((await ticket("far-only")).Status === "TIMED_OUT" ? ticket("far-only") : undefined), "the ticket over the rule to time out", 15_000);
    expect(refused.Status).toBe("TIMED_OUT");
  });

  test("kit.matchmaking sends the kit's figures as the player's LatencyInMs, and the player matches under the rule", async () => {
    const kit = await player(1);
    const ticket = await kit.matchmaking.startMatchmaking({ configurationName: "close-enough", track: false });
    const sent = ticket.raw.Players?.[0]?.LatencyInMs;
    expect(sent).toEqual(kit.latency.figures());
    expect(Object.keys(sent ?? {}).sort()).toEqual([FAR, NEAR]);
    const describe = async () => (await admin.send(new DescribeMatchmakingCommand({ TicketIds: [ticket.ticketId] }))).TicketList![0]!;
    await eventually(async () => (await describe()).Status === "COMPLETED", "the player's ticket to match", 15_000);
  });
});
