// Local FlexMatch: match quality and speed for 1,000 players, and what 1,000 waiting tickets cost the API.
// The stack runs pinned to one core with GameLift's own matchmaker tick (1 s); matches are placed on a fleet
// whose server processes are SDK instances in this process; the clients are the real JS SDK over loopback.
//
// Runnable alone: `npx tsx --conditions phaser-gamelift-source bench/flexmatch.ts`.
import { pathToFileURL } from "node:url";
import {
  CreateGameSessionQueueCommand,
  CreateMatchmakingConfigurationCommand,
  CreateMatchmakingRuleSetCommand,
  DescribeMatchmakingCommand,
  StartMatchmakingCommand,
  StopMatchmakingCommand,
  type GameLiftClient,
  type MatchmakingTicket,
} from "@aws-sdk/client-gamelift";
import { Matchmaker, parseRuleSet, type PoolTicket } from "../local/gamelift/matchmaking/index.ts";
import { DEFAULT_TIMINGS } from "../local/gamelift/timings.ts";
import { startPinnedStack, type PinnedStack } from "./fixtures/pinned-stack.ts";
import { inBatches, startBenchFleet } from "./gamelift-fleet.ts";
import { percentile, round } from "./stats.ts";
import type { BenchRow } from "./types.ts";

const PLAYERS = 1000;
const ARRIVAL_SECONDS = 10;
const API_CALLS = 300;
const SKILL_MEAN = 50;
const SKILL_SD = 15;

/** Two teams of two, team averages within 5 points of the match's, everyone within 10 — relaxed at 5 s and 10 s. */
const RULE_SET = {
  name: "bench-2v2",
  ruleLanguageVersion: "1.0",
  playerAttributes: [{ name: "skill", type: "number", default: SKILL_MEAN }],
  teams: [
    { name: "red", minPlayers: 2, maxPlayers: 2 },
    { name: "blue", minPlayers: 2, maxPlayers: 2 },
  ],
  rules: [
    { name: "FairTeams", type: "distance", measurements: ["avg(teams[*].players.attributes[skill])"], referenceValue: "avg(flatten(teams[*].players.attributes[skill]))", maxDistance: 5 },
    { name: "CloseSkill", type: "batchDistance", batchAttribute: "skill", maxDistance: 10 },
  ],
  expansions: [{ target: "rules[CloseSkill].maxDistance", steps: [{ waitTimeSeconds: 5, value: 20 }, { waitTimeSeconds: 10, value: 40 }] }],
};

/** Nobody ever matches: everyone must have exactly the same (fractional) skill. The matcher still works every tick. */
const NEVER_RULE_SET = { ...RULE_SET, name: "bench-never", rules: [{ name: "Identical", type: "batchDistance", batchAttribute: "skill", maxDistance: 0 }], expansions: [] };

/** A seeded generator, so every run sees the same players. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function normalSkills(count: number, rand: () => number): number[] {
  return Array.from({ length: count }, () => {
    const z = Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
    return Math.min(100, Math.max(0, Math.round((SKILL_MEAN + SKILL_SD * z) * 10) / 10));
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function describeAll(client: GameLiftClient, ids: string[]): Promise<MatchmakingTicket[]> {
  const out: MatchmakingTicket[] = [];
  const batches = Array.from({ length: Math.ceil(ids.length / 10) }, (_, i) => ids.slice(i * 10, i * 10 + 10));
  await inBatches(batches.length, 8, async (i) => {
    out.push(...((await client.send(new DescribeMatchmakingCommand({ TicketIds: batches[i]! }))).TicketList ?? []));
  });
  return out;
}

const FINAL = new Set(["COMPLETED", "FAILED", "CANCELLED", "TIMED_OUT"]);

/**
 * One unbudgeted pass of the matcher over 1,000 waiting tickets, in this process (the pure module): what a
 * tick would cost without its time budget. Median of 10 passes, each on a fresh copy of the pool.
 */
function matcherPasses(): BenchRow[] {
  const rand = random(3);
  const pool: PoolTicket[] = normalSkills(PLAYERS, rand).map((skill, i) => ({
    id: `t${i}`,
    since: 0,
    players: [{ playerId: `p${i}`, attributes: new Map([["skill", skill + rand() / 10]]) }],
  }));
  const pass = (json: unknown) => {
    const parsed = parseRuleSet(JSON.stringify(json));
    if (!parsed.ok) throw new Error(parsed.errors.join("; "));
    const matchmaker = new Matchmaker(parsed.ruleSet);
    const times: number[] = [];
    let matches = 0;
    for (let i = 0; i < 10; i++) {
      const t = performance.now();
      matches = matchmaker.run(pool, { now: 0 }).matches.length;
      times.push(performance.now() - t);
    }
    return { ms: percentile(times, 50), matches };
  };
  const name = `one matcher pass over ${PLAYERS.toLocaleString("en-US")} waiting tickets (no time budget)`;
  const fair = pass(RULE_SET);
  const never = pass(NEVER_RULE_SET);
  const target = `a tick stops after ${DEFAULT_TIMINGS.matchmakingTickBudgetMs} ms and resumes at the next`;
  return [
    { id: "flexmatch.matcherPass.2v2.ms", name, metric: `2v2 rule set (forms ${fair.matches} matches)`, value: round(fair.ms, 1), unit: "ms", target },
    { id: "flexmatch.matcherPass.never.ms", name, metric: "a rule nobody meets (forms none)", value: round(never.ms, 1), unit: "ms", target },
  ];
}

export async function benchFlexMatch(): Promise<BenchRow[]> {
  const passes = matcherPasses();
  const stack = await startPinnedStack({ matchmakingTickMs: 1000 });
  const bench = await startBenchFleet(stack.target, PLAYERS / 4 + 20);
  try {
    const { client } = bench;
    const queue = (await client.send(new CreateGameSessionQueueCommand({ Name: "bench-matches", TimeoutInSeconds: 60, Destinations: [{ DestinationArn: bench.fleet.fleetArn }] }))).GameSessionQueue!;
    await client.send(new CreateMatchmakingRuleSetCommand({ Name: "bench-2v2", RuleSetBody: JSON.stringify(RULE_SET) }));
    await client.send(new CreateMatchmakingRuleSetCommand({ Name: "bench-never", RuleSetBody: JSON.stringify(NEVER_RULE_SET) }));
    await client.send(
      new CreateMatchmakingConfigurationCommand({
        Name: "bench-2v2",
        RuleSetName: "bench-2v2",
        GameSessionQueueArns: [queue.GameSessionQueueArn!],
        RequestTimeoutSeconds: 30,
        AcceptanceRequired: false,
      }),
    );
    await client.send(new CreateMatchmakingConfigurationCommand({ Name: "bench-never", RuleSetName: "bench-never", FlexMatchMode: "STANDALONE", RequestTimeoutSeconds: 3600, AcceptanceRequired: false }));
    const rows = await matchQuality(client);
    rows.push(...(await apiUnderLoad(client, stack)));
    return [...rows, ...passes];
  } finally {
    await bench.stop();
    await stack.stop();
  }
}

/** 1,000 players arriving over 10 s; every ticket followed to its end. */
async function matchQuality(client: GameLiftClient): Promise<BenchRow[]> {
  const skills = normalSkills(PLAYERS, random(42));
  const skillOf = new Map(skills.map((s, i) => [`player-${i}`, s]));
  const ids = skills.map((_, i) => `bench-${i}`);
  const started = performance.now();
  const requests: Promise<unknown>[] = [];
  for (let i = 0; i < PLAYERS; i++) {
    await sleep(started + (i * ARRIVAL_SECONDS * 1000) / PLAYERS - performance.now());
    requests.push(
      client.send(new StartMatchmakingCommand({ ConfigurationName: "bench-2v2", TicketId: ids[i], Players: [{ PlayerId: `player-${i}`, PlayerAttributes: { skill: { N: skills[i]! } } }] })),
    );
  }
  await Promise.all(requests);
  let tickets: MatchmakingTicket[];
  const deadline = Date.now() + 60_000;
  for (;;) {
    tickets = await describeAll(client, ids);
    if (tickets.every((t) => FINAL.has(t.Status!)) || Date.now() > deadline) break;
    await sleep(1000);
  }
  const completed = tickets.filter((t) => t.Status === "COMPLETED");
  const waits = completed.map((t) => (t.EndTime!.getTime() - t.StartTime!.getTime()) / 1000);
  const byMatch = new Map<string, MatchmakingTicket[]>();
  for (const t of completed) {
    const arn = t.GameSessionConnectionInfo!.GameSessionArn!;
    byMatch.set(arn, [...(byMatch.get(arn) ?? []), t]);
  }
  const gaps = [...byMatch.values()].map((match) => {
    const avg = (team: string) => {
      const members = match.flatMap((t) => t.Players!).filter((p) => p.Team === team);
      return members.reduce((s, p) => s + skillOf.get(p.PlayerId!)!, 0) / members.length;
    };
    return Math.abs(avg("red") - avg("blue"));
  });
  const spreads = [...byMatch.values()].map((match) => {
    const values = match.flatMap((t) => t.Players!).map((p) => skillOf.get(p.PlayerId!)!);
    return Math.max(...values) - Math.min(...values);
  });
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
  const name = `FlexMatch 2v2, ${PLAYERS.toLocaleString("en-US")} players (skill ~N(${SKILL_MEAN}, ${SKILL_SD})) over ${ARRIVAL_SECONDS} s, 1 s tick`;
  return [
    { id: "flexmatch.2v2.matched.pct", name, metric: "share matched (COMPLETED)", value: round((100 * completed.length) / PLAYERS, 1), unit: "%", target: "≥ 95 %" },
    { id: "flexmatch.2v2.matches", name, metric: "matches (each its own game session)", value: byMatch.size, unit: "matches" },
    { id: "flexmatch.2v2.timeToMatch.p50.s", name, metric: "time to match p50 (start → COMPLETED)", value: round(percentile(waits, 50), 2), unit: "s" },
    { id: "flexmatch.2v2.timeToMatch.p95.s", name, metric: "time to match p95", value: round(percentile(waits, 95), 2), unit: "s" },
    { id: "flexmatch.2v2.teamSkillGap.mean", name, metric: "mean team-skill gap |avg(red) − avg(blue)|", value: round(mean(gaps), 2), unit: "points", target: "≤ 5 (the rule)" },
    { id: "flexmatch.2v2.skillSpread.mean", name, metric: "mean skill spread in a match (max − min)", value: round(mean(spreads), 2), unit: "points" },
  ];
}

/** StartMatchmaking and DescribeMatchmaking, server-side time, with no ticket waiting (peer) and with 1,000. */
async function apiUnderLoad(client: GameLiftClient, stack: PinnedStack): Promise<BenchRow[]> {
  const rand = random(7);
  let n = 0;
  const startOne = () =>
    client.send(new StartMatchmakingCommand({ ConfigurationName: "bench-never", TicketId: `never-${n}`, Players: [{ PlayerId: `never-player-${n++}`, PlayerAttributes: { skill: { N: rand() * 100 } } }] }));
  const describeIds = () => Array.from({ length: 10 }, (_, i) => `never-${(n + i * 37) % Math.max(1, n)}`);

  /**
   * Server-side times (body read → answer written) and round trips. Only the round trip includes a request's
   * wait while the stack's event loop runs a matcher tick, so it is the one that shows whether matching slows
   * the API down. Calls are spaced 10 ms apart so they land all over the 1 s tick.
   */
  const measure = async () => {
    const trip = async (call: () => Promise<unknown>, into: number[]) => {
      const t = performance.now();
      const out = await call();
      into.push(performance.now() - t);
      await sleep(10);
      return out;
    };
    const startTrips: number[] = [];
    const describeTrips: number[] = [];
    stack.send("record StartMatchmaking");
    const fresh: string[] = [];
    for (let i = 0; i < API_CALLS; i++) fresh.push(((await trip(startOne, startTrips)) as Awaited<ReturnType<typeof startOne>>).MatchmakingTicket!.TicketId!);
    const start = (await stack.report()) as number[];
    // The measured tickets leave again, so the waiting count stays what it is.
    for (const id of fresh) await client.send(new StopMatchmakingCommand({ TicketId: id }));
    stack.send("record DescribeMatchmaking");
    for (let i = 0; i < API_CALLS; i++) await trip(() => client.send(new DescribeMatchmakingCommand({ TicketIds: describeIds() })), describeTrips);
    const describe = (await stack.report()) as number[];
    return { start, describe, startTrips, describeTrips };
  };

  for (let i = 0; i < 20; i++) await client.send(new DescribeMatchmakingCommand({ TicketIds: ["warm-up"] }));
  const idle = await measure();
  const waiting: string[] = [];
  await inBatches(PLAYERS, 16, async () => void waiting.push((await startOne()).MatchmakingTicket!.TicketId!));
  // Let the matcher see them all (and keep failing to match them) for a few ticks first.
  await sleep(2500);
  const stillWaiting = (await describeAll(client, waiting)).filter((t) => t.Status === "SEARCHING").length;
  if (stillWaiting !== PLAYERS) throw new Error(`expected ${PLAYERS} tickets SEARCHING, found ${stillWaiting}`);
  const loaded = await measure();
  await inBatches(waiting.length, 16, async (i) => void (await client.send(new StopMatchmakingCommand({ TicketId: waiting[i]! }))));

  const row = (id: string, op: string, p: number, loadedMs: number[], idleMs: number[], target?: string): BenchRow => ({
    id: `flexmatch.waiting1000.${id}.p${p}.ms`,
    name: `${op} while ${PLAYERS.toLocaleString("en-US")} tickets wait`,
    metric: `p${p}`,
    value: round(percentile(loadedMs, p)),
    unit: "ms",
    ...(target ? { target } : {}),
    peer: "no ticket waiting",
    peerValue: round(percentile(idleMs, p)),
  });
  return [
    row("startMatchmaking.server", "StartMatchmaking, server side", 50, loaded.start, idle.start),
    row("startMatchmaking.server", "StartMatchmaking, server side", 99, loaded.start, idle.start),
    row("startMatchmaking.roundTrip", "StartMatchmaking, round trip (JS SDK)", 50, loaded.startTrips, idle.startTrips),
    row("startMatchmaking.roundTrip", "StartMatchmaking, round trip (JS SDK)", 99, loaded.startTrips, idle.startTrips, "≤ 2 × peer"),
    row("describeMatchmaking.server", "DescribeMatchmaking (10 tickets), server side", 50, loaded.describe, idle.describe),
    row("describeMatchmaking.server", "DescribeMatchmaking (10 tickets), server side", 99, loaded.describe, idle.describe),
    row("describeMatchmaking.roundTrip", "DescribeMatchmaking (10 tickets), round trip (JS SDK)", 50, loaded.describeTrips, idle.describeTrips),
    row("describeMatchmaking.roundTrip", "DescribeMatchmaking (10 tickets), round trip (JS SDK)", 99, loaded.describeTrips, idle.describeTrips, "≤ 2 × peer"),
  ];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const { formatTable } = await import("./table.ts");
  console.log(formatTable(await benchFlexMatch()));
}
