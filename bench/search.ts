/**
 * In-process cost of SearchGameSessions' selection: compile (cached, as a repeating game sees it) + filter +
 * sort + first page over 10,000 ACTIVE sessions. The HTTP benchmark measures the same request end to end;
 * this is the floor it sits on. The fleet is measured both in creation order (how the service stores it,
 * and the heap selection's worst case for a DESC sort) and shuffled (a full sort's bad case).
 */
import { pathToFileURL } from "node:url";
import { percentile, round } from "./stats.ts";
import type { BenchRow } from "./types.ts";
import {
  type SearchableSession,
  clearSearchCaches,
  compileFilter,
  compileSort,
  selectSessions,
} from "../local/gamelift/search/index.ts";

const SESSIONS = 10_000;
const ITERATIONS = 500;
const WARMUP = 200;
const PAGE = 20;
const FILTER = "playerSessionCount < 8 AND hasAvailablePlayerSessions = true AND gameSessionProperties.mode = 'ctf'";
const SORT = "creationTimeMillis DESC";
const TARGET_MS = 2;

/** Deterministic pseudo-random numbers, so every run searches the same fleet. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function generateSessions(count: number, seed = 42): SearchableSession[] {
  const random = mulberry32(seed);
  const modes = ["ctf", "deathmatch", "koth", "race"];
  const maps = ["forest", "desert", "harbor", "castle", "moon"];
  const start = Date.UTC(2024, 0, 1);
  const sessions: SearchableSession[] = [];
  for (let i = 0; i < count; i++) {
    const maximumSessions = 4 + Math.floor(random() * 13);
    const playerSessionCount = Math.floor(random() * (maximumSessions + 1));
    const token = `gsess-${i.toString(16).padStart(8, "0")}`;
    sessions.push({
      gameSessionId: `arn:aws:gamelift:us-west-2::gamesession/fleet-1a2b3c4d-0000-0000-0000-000000000000/${token}`,
      ...(random() < 0.9 ? { gameSessionName: `Room ${i}` } : {}),
      gameSessionProperties: {
        mode: modes[Math.floor(random() * modes.length)] as string,
        map: maps[Math.floor(random() * maps.length)] as string,
        ...(random() < 0.5 ? { region: "eu" } : {}),
      },
      maximumSessions,
      // In creation order, as the service keeps them: the worst case for "creationTimeMillis DESC".
      creationTimeMillis: start + i * 8_000 + Math.floor(random() * 1_000),
      playerSessionCount,
      hasAvailablePlayerSessions: playerSessionCount < maximumSessions,
    });
  }
  return sessions;
}

function timeRuns(run: () => void, iterations: number): number[] {
  for (let i = 0; i < WARMUP; i++) run();
  const samples: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const t0 = performance.now();
    run();
    samples.push(performance.now() - t0);
  }
  return samples;
}

/** Fisher-Yates with the seeded generator: a fleet whose storage order says nothing about age. */
function shuffled<T>(items: T[], seed: number): T[] {
  const random = mulberry32(seed);
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

export async function benchSearch(): Promise<BenchRow[]> {
  const inCreationOrder = generateSessions(SESSIONS);
  const inAnyOrder = shuffled(inCreationOrder, 7);
  let sink = 0;

  const select = (sessions: SearchableSession[]) =>
    timeRuns(() => {
      sink += selectSessions(sessions, { filter: FILTER, sort: SORT, limit: PAGE }).page.length;
    }, ITERATIONS);
  // The same request with a full sort of every match, to show what the heap selection saves (or costs).
  const selectWithFullSort = (sessions: SearchableSession[]) =>
    timeRuns(() => {
      sink += sessions.filter(compileFilter(FILTER)).sort(compileSort(SORT)).slice(0, PAGE).length;
    }, ITERATIONS);

  const ordered = select(inCreationOrder);
  const shuffledRuns = select(inAnyOrder);
  const orderedFull = selectWithFullSort(inCreationOrder);
  const shuffledFull = selectWithFullSort(inAnyOrder);

  // A game's first request with a new filter pays the parse and closure building once.
  const compile = timeRuns(() => {
    clearSearchCaches();
    sink += compileFilter(FILTER).length + compileSort(SORT).length;
  }, ITERATIONS);
  clearSearchCaches();

  if (sink < 0) console.log(sink); // keeps the work observable so it cannot be optimised away
  const name = `search ${SESSIONS.toLocaleString("en-US")} sessions (in-process)`;
  const ms = (samples: number[], p: number) => round(percentile(samples, p));
  const target = `< ${TARGET_MS} ms`;
  return [
    { name, metric: "filter+sort+page p50", value: ms(ordered, 50), unit: "ms" },
    { id: "search.10k.p99Ms", name, metric: "filter+sort+page p99", value: ms(ordered, 99), unit: "ms", target },
    { name, metric: "filter+sort+page p50, shuffled fleet", value: ms(shuffledRuns, 50), unit: "ms" },
    { name, metric: "filter+sort+page p99, shuffled fleet", value: ms(shuffledRuns, 99), unit: "ms", target },
    { name, metric: "same with a full sort p99", value: ms(orderedFull, 99), unit: "ms" },
    { name, metric: "same with a full sort p99, shuffled fleet", value: ms(shuffledFull, 99), unit: "ms" },
    { name, metric: "cold compile p50", value: round(percentile(compile, 50) * 1000), unit: "µs" },
  ];
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const row of await benchSearch()) {
    console.log(`${row.name} | ${row.metric} | ${row.value} ${row.unit}${row.target ? ` (target ${row.target})` : ""}`);
  }
}
