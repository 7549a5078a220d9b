import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { Matchmaker, concreteTeams, parseRuleSet, type FormedMatch, type MatchPlayer, type PoolTicket, type RuleSet } from "../../../../../local/gamelift/matchmaking/index.ts";
import { TWO_VS_TWO, body, player } from "./fixtures.ts";

function ruleSetOf(json: unknown): RuleSet {
  const parsed = parseRuleSet(body(json));
  if (!parsed.ok) throw new Error(parsed.errors.join("\n"));
  return parsed.ruleSet;
}

const NOW = 1_000_000;
const ticket = (id: string, players: MatchPlayer[], waitedSeconds = 0): PoolTicket => ({ id, players, since: NOW - waitedSeconds * 1000 });
const solo = (id: string, skill: number, waitedSeconds = 0) => ticket(id, [player(`${id}-p`, { skill })], waitedSeconds);

function teamSkills(match: FormedMatch, skills: Map<string, number>): number[] {
  return match.teams.map((t) => t.players.reduce((s, p) => s + skills.get(p.playerId)!, 0) / t.players.length);
}

describe("the matcher", () => {
  test("four players form one 2v2 match with even teams", () => {
    const mm = new Matchmaker(ruleSetOf(TWO_VS_TWO));
    const pool = [solo("a", 10), solo("b", 20), solo("c", 12), solo("d", 18)];
    const { matches } = mm.run(pool, { now: NOW });
    expect(matches).toHaveLength(1);
    const match = matches[0]!;
    expect(match.ticketIds.sort()).toEqual(["a", "b", "c", "d"]);
    expect(match.teams.map((t) => t.players.length)).toEqual([2, 2]);
    const skills = new Map(pool.map((t) => [t.players[0]!.playerId, t.players[0]!.attributes.get("skill") as number]));
    const [red, blue] = teamSkills(match, skills);
    expect(Math.abs(red! - blue!)).toBe(0); // 10+20 vs 12+18
  });

  test("three players never make a 2v2; a rule the skills cannot meet never matches until an expansion relaxes it", () => {
    const mm = new Matchmaker(ruleSetOf(TWO_VS_TWO));
    expect(mm.run([solo("a", 10), solo("b", 11), solo("c", 12)], { now: NOW }).matches).toEqual([]);
    // Spread 90 > 20 (and > 50 after 5 s): only the 10 s expansion (200) lets them play.
    const far = [solo("a", 0), solo("b", 90), solo("c", 0), solo("d", 90)];
    expect(mm.run(far, { now: NOW }).matches).toEqual([]);
    const after6 = far.map((t) => ({ ...t, since: NOW - 6000 }));
    expect(mm.run(after6, { now: NOW }).matches).toEqual([]);
    const after10 = far.map((t) => ({ ...t, since: NOW - 10_000 }));
    const { matches } = mm.run(after10, { now: NOW });
    expect(matches).toHaveLength(1);
    expect(matches[0]!.level).toBe(2);
  });

  test("expansionAgeSelection newest: one fresh ticket keeps the strict rule for the whole match", () => {
    const rs = ruleSetOf(TWO_VS_TWO);
    const far = [solo("a", 0, 30), solo("b", 90, 30), solo("c", 0, 30), solo("d", 90, 0)];
    expect(new Matchmaker(rs).run(far, { now: NOW }).matches).toEqual([]);
    const oldest = ruleSetOf({ ...TWO_VS_TWO, algorithm: { expansionAgeSelection: "oldest" } });
    expect(new Matchmaker(oldest).run(far, { now: NOW }).matches).toHaveLength(1);
  });

  test("players pair with the nearest skills: 8 players in two tiers make two tier-pure matches", () => {
    const mm = new Matchmaker(ruleSetOf(TWO_VS_TWO));
    const pool = [solo("a", 1), solo("b", 100), solo("c", 2), solo("d", 101), solo("e", 3), solo("f", 102), solo("g", 4), solo("h", 103)];
    const { matches } = mm.run(pool, { now: NOW });
    expect(matches.map((m) => m.ticketIds.sort().join(""))).toEqual(["aceg", "bdfh"]);
  });

  test("a party stays on one team, and a party too large for any team never matches", () => {
    const mm = new Matchmaker(ruleSetOf(TWO_VS_TWO));
    const duo = ticket("duo", [player("d1", { skill: 10 }), player("d2", { skill: 12 })]);
    const { matches } = mm.run([duo, solo("x", 11), solo("y", 11)], { now: NOW });
    expect(matches).toHaveLength(1);
    const duoTeam = matches[0]!.teams.find((t) => t.players.some((p) => p.playerId === "d1"))!;
    expect(duoTeam.players.map((p) => p.playerId).sort()).toEqual(["d1", "d2"]);
    const trio = ticket("trio", [player("t1", { skill: 1 }), player("t2", { skill: 1 }), player("t3", { skill: 1 })]);
    expect(mm.run([trio, solo("x", 1)], { now: NOW }).matches).toEqual([]);
  });

  test("comparison and collection rules: only players who share a mode and a map play together", () => {
    const rs = ruleSetOf({
      ruleLanguageVersion: "1.0",
      playerAttributes: [
        { name: "mode", type: "string" },
        { name: "maps", type: "string_list" },
      ],
      teams: [{ name: "all", minPlayers: 3, maxPlayers: 3 }],
      rules: [
        { name: "SameMode", type: "comparison", measurements: ["flatten(teams[*].players.attributes[mode])"], operation: "=" },
        { name: "SharedMap", type: "collection", operation: "intersection", measurements: ["flatten(teams[*].players.attributes[maps])"], minCount: 1 },
      ],
    });
    const mm = new Matchmaker(rs);
    const p = (id: string, mode: string, maps: string[]) => ticket(id, [player(id, { mode, maps })]);
    const pool = [p("a", "ctf", ["x", "y"]), p("b", "dm", ["x"]), p("c", "ctf", ["y"]), p("d", "ctf", ["x", "y", "z"]), p("e", "ctf", ["z"])];
    const { matches } = mm.run(pool, { now: NOW });
    expect(matches).toHaveLength(1);
    expect(matches[0]!.ticketIds.sort()).toEqual(["a", "c", "d"]);
  });

  test("latency: a match goes where everyone is under the limit, or nowhere", () => {
    const rs = ruleSetOf({ ruleLanguageVersion: "1.0", teams: [{ name: "all", minPlayers: 2, maxPlayers: 2 }], rules: [{ name: "Ping", type: "latency", maxLatency: 100 }] });
    const mm = new Matchmaker(rs);
    const with_ = (id: string, latency?: Record<string, number>) => ticket(id, [player(id, {}, latency)]);
    const ok = mm.run([with_("a", { "custom-east": 40, "custom-west": 50 }), with_("b", { "custom-east": 70, "custom-west": 20 })], { now: NOW });
    expect(ok.matches[0]?.location).toBe("custom-west");
    expect(mm.run([with_("a", { "custom-east": 40 }), with_("b", { "custom-east": 140 })], { now: NOW }).matches).toEqual([]);
    expect(mm.run([with_("a", { "custom-east": 40 }), with_("b")], { now: NOW }).matches).toEqual([]);
  });

  test("compound rules: either the same mode or close skill", () => {
    const rs = ruleSetOf({
      ruleLanguageVersion: "1.0",
      playerAttributes: [{ name: "mode", type: "string" }, { name: "skill", type: "number" }],
      teams: [{ name: "all", minPlayers: 2, maxPlayers: 2 }],
      rules: [
        { name: "SameMode", type: "comparison", measurements: ["flatten(teams[*].players.attributes[mode])"], operation: "=" },
        { name: "Close", type: "distance", measurements: ["flatten(teams[*].players.attributes[skill])"], maxDistance: 5 },
        { name: "Either", type: "compound", statement: "or(SameMode, Close)" },
      ],
    });
    const mm = new Matchmaker(rs);
    const p = (id: string, mode: string, skill: number) => ticket(id, [player(id, { mode, skill })]);
    expect(mm.run([p("a", "ctf", 0), p("b", "ctf", 90)], { now: NOW }).matches).toHaveLength(1);
    expect(mm.run([p("a", "ctf", 0), p("b", "dm", 3)], { now: NOW }).matches).toHaveLength(1);
    expect(mm.run([p("a", "ctf", 0), p("b", "dm", 90)], { now: NOW }).matches).toEqual([]);
  });

  test("AdditionalPlayerCount keeps slots open", () => {
    const rs = ruleSetOf({ ruleLanguageVersion: "1.0", teams: [{ name: "all", minPlayers: 2, maxPlayers: 4 }] });
    const pool = ["a", "b", "c", "d"].map((id) => ticket(id, [player(id, {})]));
    expect(new Matchmaker(rs).run(pool, { now: NOW, additionalPlayerCount: 2 }).matches[0]!.ticketIds).toHaveLength(2);
    expect(new Matchmaker(rs).run(pool, { now: NOW }).matches[0]!.ticketIds).toHaveLength(4);
  });

  test("backfill: new players join the team with room, next to the players already there", () => {
    const mm = new Matchmaker(ruleSetOf(TWO_VS_TWO));
    const backfill: PoolTicket = {
      id: "bf",
      players: [],
      since: NOW,
      backfill: { teams: new Map([["red", [player("r1", { skill: 10 }), player("r2", { skill: 14 })]], ["blue", [player("b1", { skill: 12 })]]]), room: 1 },
    };
    const { matches } = mm.run([backfill, solo("late", 11), solo("far", 300)], { now: NOW });
    expect(matches).toHaveLength(1);
    expect(matches[0]!.backfillTicketId).toBe("bf");
    expect(matches[0]!.ticketIds).toEqual(["late"]);
    expect(matches[0]!.teams.find((t) => t.name === "blue")!.players.map((p) => p.playerId)).toEqual(["b1", "late-p"]);
  });

  test("a time budget stops a run and the cursor resumes it", () => {
    const mm = new Matchmaker(ruleSetOf(TWO_VS_TWO));
    const pool = Array.from({ length: 40 }, (_, i) => solo(`t${String(i).padStart(2, "0")}`, i * 100));
    let t = 0;
    const run = mm.run(pool, { now: NOW, budgetMs: 5, clock: () => (t += 1) });
    expect(run.complete).toBe(false);
    expect(run.cursor).toBeDefined();
    const rest = mm.run(pool, { now: NOW, cursor: run.cursor });
    expect(rest.complete).toBe(true);
  });
});

// ── invariants over random pools ─────────────────────────────────────────────────────────────────

const RULE_SETS = [
  TWO_VS_TWO,
  {
    ruleLanguageVersion: "1.0",
    playerAttributes: [{ name: "skill", type: "number" }, { name: "mode", type: "string", default: "ctf" }],
    algorithm: { strategy: "balanced", balancedAttribute: "skill" },
    teams: [{ name: "squad", minPlayers: 2, maxPlayers: 4, quantity: 3 }],
    rules: [
      { name: "Mode", type: "comparison", measurements: ["flatten(teams[*].players.attributes[mode])"], operation: "=" },
      { name: "Even", type: "distance", measurements: ["avg(teams[*].players.attributes[skill])"], referenceValue: "avg(flatten(teams[*].players.attributes[skill]))", maxDistance: 15 },
      { name: "Floor", type: "comparison", measurements: ["min(flatten(teams[*].players.attributes[skill]))"], referenceValue: 5, operation: ">=" },
    ],
    expansions: [{ target: "teams[squad].minPlayers", steps: [{ waitTimeSeconds: 20, value: 1 }] }],
  },
  {
    ruleLanguageVersion: "1.0",
    playerAttributes: [{ name: "skill", type: "number" }, { name: "maps", type: "string_list", default: ["arena"] }],
    algorithm: { batchingPreference: "sorted", sortByAttributes: ["skill"], expansionAgeSelection: "oldest" },
    teams: [{ name: "cops", minPlayers: 1, maxPlayers: 3 }, { name: "robbers", minPlayers: 2, maxPlayers: 3 }],
    rules: [
      { name: "Shared", type: "collection", operation: "intersection", measurements: ["flatten(teams[*].players.attributes[maps])"], minCount: 1 },
      { name: "Cops", type: "distance", measurements: ["flatten(teams[cops].players.attributes[skill])"], referenceValue: 50, maxDistance: 30 },
      { name: "Spread", type: "batchDistance", batchAttribute: "skill", maxDistance: 25 },
    ],
    expansions: [{ target: "rules[Spread].maxDistance", steps: [{ waitTimeSeconds: 10, value: 60 }] }],
  },
];

const MAPS = ["arena", "forest", "dunes"];
const poolArb = fc.array(
  fc.record({
    size: fc.integer({ min: 1, max: 3 }),
    skills: fc.array(fc.integer({ min: 0, max: 100 }), { minLength: 3, maxLength: 3 }),
    mode: fc.constantFrom("ctf", "dm"),
    maps: fc.subarray(MAPS, { minLength: 1 }),
    waited: fc.integer({ min: 0, max: 40 }),
  }),
  { maxLength: 40 },
);
/** Running matches asking for players: some players already on the first teams, a few free slots. */
const backfillArb = fc.array(fc.record({ onFirstTeam: fc.integer({ min: 0, max: 2 }), skill: fc.integer({ min: 0, max: 100 }), room: fc.integer({ min: 0, max: 6 }) }), { minLength: 1, maxLength: 2 });

describe("matcher invariants", () => {
  test.each(RULE_SETS.map((rs, i) => [i, rs] as const))("rule set %i: every formed match satisfies every rule and team size, and no player is in two matches", (_i, json) => {
    const ruleSet = ruleSetOf(json);
    const mm = new Matchmaker(ruleSet);
    let formed = 0;
    let backfilled = 0;
    fc.assert(
      fc.property(poolArb, backfillArb, (specs, backfills) => {
        const players = new Map<string, MatchPlayer>();
        const parties = new Map<string, string>();
        const pool = specs.map((s, i) => {
          const members = Array.from({ length: s.size }, (_, k) => {
            const attrs: Record<string, number | string | string[]> = { skill: s.skills[k]! };
            if (ruleSet.playerAttributes.some((a) => a.name === "mode")) attrs.mode = s.mode;
            if (ruleSet.playerAttributes.some((a) => a.name === "maps")) attrs.maps = s.maps;
            const p = player(`p${i}-${k}`, attrs);
            players.set(p.playerId, p);
            parties.set(p.playerId, `t${i}`);
            return p;
          });
          return ticket(`t${i}`, members, s.waited);
        });
        const teams = concreteTeams(ruleSet);
        backfills.forEach((b, i) => {
          const seated = Array.from({ length: b.onFirstTeam + 1 }, (_, k) => {
            const attrs: Record<string, number | string | string[]> = { skill: b.skill + k };
            if (ruleSet.playerAttributes.some((a) => a.name === "mode")) attrs.mode = "ctf";
            if (ruleSet.playerAttributes.some((a) => a.name === "maps")) attrs.maps = ["arena"];
            const p = player(`bf${i}-${k}`, attrs);
            players.set(p.playerId, p);
            return p;
          });
          pool.push({ id: `bf${i}`, players: [], since: NOW, backfill: { teams: new Map([[teams[0]!.name, seated]]), room: b.room } });
        });
        const { matches } = mm.run(pool, { now: NOW });
        formed += matches.length;
        const seenPlayers = new Set<string>();
        const seenTickets = new Set<string>();
        for (const match of matches) {
          if (match.backfillTicketId) {
            backfilled++;
            // A backfill keeps everyone already seated and takes no more players than the session has room for.
            const anchor = pool.find((t) => t.id === match.backfillTicketId)!.backfill!;
            const seated = [...anchor.teams.values()].flat().map((p) => p.playerId);
            const all = match.teams.flatMap((t) => t.players.map((p) => p.playerId));
            expect(seated.every((id) => all.includes(id))).toBe(true);
            expect(all.length - seated.length).toBeGreaterThan(0);
            expect(all.length - seated.length).toBeLessThanOrEqual(anchor.room);
          }
          const verdict = mm.verify(match, players, parties);
          expect(verdict, JSON.stringify(match)).toMatchObject({ ok: true });
          for (const team of match.teams) for (const p of team.players) {
            expect(seenPlayers.has(p.playerId)).toBe(false);
            seenPlayers.add(p.playerId);
          }
          for (const id of match.ticketIds) {
            expect(seenTickets.has(id)).toBe(false);
            seenTickets.add(id);
            // A ticket joins whole: all of its players are in the match.
            const members = pool.find((t) => t.id === id)!.players.map((p) => p.playerId);
            expect(members.every((m) => seenPlayers.has(m))).toBe(true);
          }
        }
      }),
      { numRuns: 150 },
    );
    // The property is about matches, so there must have been plenty of them.
    expect(formed).toBeGreaterThan(30);
    expect(backfilled).toBeGreaterThan(0);
  });
});
