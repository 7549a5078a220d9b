/**
 * Rule evaluation over one candidate match: its teams, the parties (tickets) on them and the players'
 * attribute values, with the rule set's expansions applied for the match's wait time.
 */
import { statementRuleNames, teamValueAt } from "./parse.ts";
import type {
  AttributeValue,
  BatchDistanceRule,
  CollectionRule,
  ComparisonRule,
  ConcreteTeam,
  DistanceRule,
  Expr,
  LatencyRule,
  Rule,
  RuleSet,
  Statement,
  TeamDef,
  ValueOrExpr,
} from "./rule-set.ts";

export interface MatchPlayer {
  playerId: string;
  /** Every rule set attribute, defaults filled in. */
  attributes: ReadonlyMap<string, AttributeValue>;
  latencyInMs?: Readonly<Record<string, number>>;
}

/** One team of a candidate match: its players grouped by the party (ticket) they came with. */
export interface CandidateTeam {
  team: ConcreteTeam;
  parties: readonly (readonly MatchPlayer[])[];
}

/** The rule values in force after a wait: the base rule set with the expansions due by then. */
export interface Level {
  index: number;
  /** Seconds of waiting (already scaled) after which this level applies. */
  waitSeconds: number;
  teamMin(def: TeamDef): number;
  teamMax(def: TeamDef): number;
  /** The expanded value of a rule property, or `base` when no expansion has reached it. */
  ruleValue<T extends number | undefined>(rule: string, property: string, base: T): number | T;
}

/** The levels of a rule set: level 0 is the rule set as written, one more for each distinct step time. */
export function levelsOf(ruleSet: RuleSet, timeScale = 1): Level[] {
  const times = [...new Set(ruleSet.expansions.flatMap((e) => e.steps.map((s) => s.waitTimeSeconds)))].sort((a, b) => a - b);
  return [0, ...times].map((t, index) => {
    const overrides = new Map<string, number>();
    for (const e of ruleSet.expansions) {
      if (e.target.kind !== "rule") continue;
      for (const s of e.steps) if (s.waitTimeSeconds <= t) overrides.set(`${e.target.rule}\0${e.target.property}`, s.value);
    }
    const sizes = new Map(ruleSet.teams.map((def) => [def, [teamValueAt(ruleSet.expansions, def, "minPlayers", t), teamValueAt(ruleSet.expansions, def, "maxPlayers", t)] as const]));
    return {
      index,
      waitSeconds: t * timeScale,
      teamMin: (def) => sizes.get(def)?.[0] ?? teamValueAt(ruleSet.expansions, def, "minPlayers", t),
      teamMax: (def) => sizes.get(def)?.[1] ?? teamValueAt(ruleSet.expansions, def, "maxPlayers", t),
      ruleValue: <T extends number | undefined>(rule: string, property: string, base: T) => overrides.get(`${rule}\0${property}`) ?? base,
    };
  });
}

export interface Evaluation {
  ok: boolean;
  /** The first rule (or "teams") that failed. */
  failed?: string;
  /** Lower is better: the distances the distance rules measured, summed. */
  quality: number;
  /** A location every player reported a latency for (the best one), when players reported any. */
  location?: string;
}

// ── values while evaluating ─────────────────────────────────────────────────────────────────────────

/** A string_list or string_number_map value: atomic to the expression functions, unlike structural lists. */
class Composite {
  readonly value: readonly string[] | Readonly<Record<string, number>>;
  constructor(value: readonly string[] | Readonly<Record<string, number>>) {
    this.value = value;
  }
}
type Scalar = number | string | Composite;
type Node = Scalar | undefined | Node[];

type PartyAggregation = "avg" | "min" | "max" | "union" | "intersection";

function aggregateNumbers(values: number[], how: "avg" | "min" | "max" | "sum"): number | undefined {
  if (values.length === 0) return how === "sum" ? 0 : undefined;
  if (how === "min") return Math.min(...values);
  if (how === "max") return Math.max(...values);
  const sum = values.reduce((a, b) => a + b, 0);
  return how === "sum" ? sum : sum / values.length;
}

/** A player's value of an attribute as a rule sees it: the party's aggregate for numbers and string lists. */
function playerValue(player: MatchPlayer, party: readonly MatchPlayer[], attribute: string, how: PartyAggregation): Scalar | undefined {
  const own = player.attributes.get(attribute);
  if (own === undefined) return undefined;
  if (party.length <= 1) return wrap(own);
  if (typeof own === "number" && (how === "avg" || how === "min" || how === "max")) {
    const values = party.map((p) => p.attributes.get(attribute)).filter((v): v is number => typeof v === "number");
    return aggregateNumbers(values, how);
  }
  if (Array.isArray(own) && (how === "union" || how === "intersection")) {
    const lists = party.map((p) => p.attributes.get(attribute)).filter((v): v is readonly string[] => Array.isArray(v));
    let acc = new Set<string>(lists[0] ?? []);
    for (const l of lists.slice(1)) acc = how === "union" ? new Set([...acc, ...l]) : new Set(l.filter((x) => acc.has(x)));
    return new Composite([...acc]);
  }
  return wrap(own);
}

function wrap(v: AttributeValue): Scalar {
  return typeof v === "number" || typeof v === "string" ? v : new Composite(v);
}

function teamsNamed(match: readonly CandidateTeam[], name: string): { multi: boolean; teams: CandidateTeam[] } {
  if (name === "*") return { multi: true, teams: [...match] };
  const exact = match.filter((t) => t.team.name === name);
  if (exact.length > 0) return { multi: false, teams: exact };
  return { multi: true, teams: match.filter((t) => t.team.def.name === name) };
}

function evalExpr(expr: Expr, match: readonly CandidateTeam[], how: PartyAggregation): Node {
  if (expr.kind === "path") {
    const { multi, teams } = teamsNamed(match, expr.team);
    const perTeam = teams.map((t) =>
      t.parties.flatMap((party) => party.map((p) => (expr.attribute === undefined ? p.playerId : playerValue(p, party, expr.attribute, how)))),
    );
    return multi ? perTeam : (perTeam[0] ?? []);
  }
  const inner = evalExpr(expr.arg, match, how);
  if (expr.fn === "flatten") return Array.isArray(inner) && inner.every(Array.isArray) ? (inner as Node[][]).flat() : inner;
  return applyAggregate(expr.fn, inner);
}

function applyAggregate(fn: "avg" | "min" | "max" | "sum" | "count", node: Node): Node {
  if (!Array.isArray(node)) return undefined;
  if (node.some(Array.isArray)) return node.map((n) => applyAggregate(fn, n));
  if (fn === "count") return node.filter((v) => v !== undefined).length;
  return aggregateNumbers(node.filter((v): v is number => typeof v === "number"), fn);
}

function leaves(node: Node, into: Scalar[] = []): Scalar[] {
  if (Array.isArray(node)) for (const n of node) leaves(n, into);
  else if (node !== undefined) into.push(node);
  return into;
}

function measure(exprs: readonly Expr[], match: readonly CandidateTeam[], how: PartyAggregation): Scalar[] {
  return exprs.flatMap((e) => leaves(evalExpr(e, match, how)));
}

function referenceOf(ref: ValueOrExpr | undefined, match: readonly CandidateTeam[], how: PartyAggregation, override?: number): Scalar | readonly string[] | undefined {
  if (!ref) return undefined;
  if (ref.kind === "literal") return override ?? (ref.value as Scalar | readonly string[]);
  const values = leaves(evalExpr(ref.expr, match, how));
  return values[0];
}

// ── rules ────────────────────────────────────────────────────────────────────────────────────────────

interface RuleResult {
  ok: boolean;
  distance: number;
}

function distanceRule(rule: DistanceRule, match: readonly CandidateTeam[], level: Level): RuleResult {
  const values = measure(rule.measurements, match, rule.partyAggregation).filter((v): v is number => typeof v === "number");
  const max = level.ruleValue(rule.name, "maxDistance", rule.maxDistance);
  const min = level.ruleValue(rule.name, "minDistance", rule.minDistance);
  const base = rule.referenceValue?.kind === "literal" ? (rule.referenceValue.value as number) : undefined;
  const ref = referenceOf(rule.referenceValue, match, rule.partyAggregation, base === undefined ? undefined : level.ruleValue(rule.name, "referenceValue", base));
  if (values.length === 0) return { ok: true, distance: 0 };
  let distance: number;
  if (rule.referenceValue) {
    if (typeof ref !== "number") return { ok: false, distance: Infinity };
    const gaps = values.map((v) => Math.abs(v - ref));
    distance = Math.max(...gaps);
    const ok = gaps.every((d) => (max === undefined || d <= max) && (min === undefined || d >= min));
    return { ok, distance };
  }
  distance = Math.max(...values) - Math.min(...values);
  return { ok: (max === undefined || distance <= max) && (min === undefined || distance >= min), distance };
}

function compare(a: Scalar, op: ComparisonRule["operation"], b: Scalar | readonly string[]): boolean {
  if (typeof a === "number" && typeof b === "number") {
    switch (op) {
      case "=":
        return a === b;
      case "!=":
        return a !== b;
      case "<":
        return a < b;
      case "<=":
        return a <= b;
      case ">":
        return a > b;
      case ">=":
        return a >= b;
    }
  }
  if (typeof a === "string" && typeof b === "string") return op === "=" ? a === b : op === "!=" ? a !== b : false;
  return false;
}

function comparisonRule(rule: ComparisonRule, match: readonly CandidateTeam[], level: Level): boolean {
  const values = measure(rule.measurements, match, rule.partyAggregation).filter((v) => typeof v === "number" || typeof v === "string");
  if (rule.referenceValue) {
    const base = rule.referenceValue.kind === "literal" && typeof rule.referenceValue.value === "number" ? rule.referenceValue.value : undefined;
    const ref = referenceOf(rule.referenceValue, match, rule.partyAggregation, base === undefined ? undefined : level.ruleValue(rule.name, "referenceValue", base));
    if (ref === undefined) return false;
    return values.every((v) => compare(v, rule.operation, ref));
  }
  if (rule.operation === "=") return values.every((v) => v === values[0]);
  // "!=" without a reference: no two measured values alike.
  return new Set(values).size === values.length;
}

function asSet(v: Scalar): Set<string> {
  if (typeof v === "string") return new Set([v]);
  if (v instanceof Composite && Array.isArray(v.value)) return new Set(v.value as readonly string[]);
  return new Set();
}

function collectionRule(rule: CollectionRule, match: readonly CandidateTeam[], level: Level): boolean {
  const collections = measure(rule.measurements, match, rule.partyAggregation).map(asSet);
  const min = level.ruleValue(rule.name, "minCount", rule.minCount);
  const max = level.ruleValue(rule.name, "maxCount", rule.maxCount);
  const within = (n: number) => (min === undefined || n >= min) && (max === undefined || n <= max);
  switch (rule.operation) {
    case "intersection": {
      if (collections.length === 0) return within(0);
      let acc = collections[0]!;
      for (const c of collections.slice(1)) acc = new Set([...acc].filter((x) => c.has(x)));
      return within(acc.size);
    }
    case "contains": {
      const ref = referenceOf(rule.referenceValue, match, rule.partyAggregation);
      if (typeof ref !== "string") return false;
      return within(collections.filter((c) => c.has(ref)).length);
    }
    case "reference_intersection_count": {
      const raw = referenceOf(rule.referenceValue, match, rule.partyAggregation);
      const ref = Array.isArray(raw) ? new Set(raw as readonly string[]) : raw instanceof Composite || typeof raw === "string" ? asSet(raw) : undefined;
      if (!ref) return false;
      return collections.every((c) => within([...c].filter((x) => ref.has(x)).length));
    }
  }
}

function allPlayers(match: readonly CandidateTeam[]): { player: MatchPlayer; party: readonly MatchPlayer[] }[] {
  return match.flatMap((t) => t.parties.flatMap((party) => party.map((player) => ({ player, party }))));
}

function batchDistanceRule(rule: BatchDistanceRule, match: readonly CandidateTeam[], level: Level): RuleResult {
  const values = allPlayers(match).map(({ player, party }) => playerValue(player, party, rule.batchAttribute, rule.partyAggregation));
  const max = level.ruleValue(rule.name, "maxDistance", rule.maxDistance);
  const numbers = values.filter((v): v is number => typeof v === "number");
  if (numbers.length === values.length && numbers.length > 0) {
    const distance = Math.max(...numbers) - Math.min(...numbers);
    return { ok: distance <= max, distance };
  }
  return { ok: values.every((v) => v === values[0]), distance: 0 };
}

/** A party's latency to a location: every member must report it. */
function partyLatency(party: readonly MatchPlayer[], location: string, how: "avg" | "min" | "max"): number | undefined {
  const values: number[] = [];
  for (const p of party) {
    const v = p.latencyInMs?.[location];
    if (v === undefined) return undefined;
    values.push(v);
  }
  return aggregateNumbers(values, how);
}

/**
 * The locations a match can go to: reported by every player who reported any latency (all of them when a
 * latency rule exists), within the latency rules' limits. Best (lowest average) first.
 */
function feasibleLocations(rules: readonly LatencyRule[], match: readonly CandidateTeam[], level: Level): string[] | undefined {
  if (rules.length === 0 && !match.some((t) => t.parties.some((party) => party.some((p) => p.latencyInMs !== undefined)))) return undefined;
  const players = allPlayers(match);
  const reporting = players.filter(({ player }) => player.latencyInMs && Object.keys(player.latencyInMs).length > 0);
  if (rules.length === 0 && reporting.length === 0) return undefined;
  if (rules.length > 0 && reporting.length < players.length) return [];
  const first = reporting[0]?.player.latencyInMs ?? {};
  const scored: [string, number][] = [];
  for (const location of Object.keys(first)) {
    const plain = reporting.map(({ player }) => player.latencyInMs?.[location]);
    if (plain.some((v) => v === undefined)) continue;
    let fits = true;
    for (const rule of rules) {
      const latencies = reporting.map(({ party }) => partyLatency(party.filter((p) => p.latencyInMs), location, rule.partyAggregation));
      if (latencies.some((v) => v === undefined)) {
        fits = false;
        break;
      }
      const values = latencies as number[];
      const maxLatency = level.ruleValue(rule.name, "maxLatency", rule.maxLatency);
      const maxDistance = level.ruleValue(rule.name, "maxDistance", rule.maxDistance);
      const reference = rule.distanceReference === "min" ? Math.min(...values) : values.reduce((a, b) => a + b, 0) / values.length;
      if (values.some((v) => v > maxLatency || (maxDistance !== undefined && v - reference > maxDistance))) {
        fits = false;
        break;
      }
    }
    if (fits) scored.push([location, (plain as number[]).reduce((a, b) => a + b, 0) / plain.length]);
  }
  return scored.sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0])).map(([l]) => l);
}

/** The rules evaluated on their own: everything except compound operands and the sort rules (orderings). */
export function standaloneRules(ruleSet: RuleSet): Rule[] {
  const operands = new Set<string>();
  for (const r of ruleSet.rules) if (r.type === "compound") statementRuleNames(r.statement, operands);
  return ruleSet.rules.filter((r) => !operands.has(r.name) && r.type !== "absoluteSort" && r.type !== "distanceSort" && r.type !== "latency");
}

function ruleResult(rule: Rule, match: readonly CandidateTeam[], level: Level, byName: ReadonlyMap<string, Rule>): RuleResult {
  switch (rule.type) {
    case "distance":
      return distanceRule(rule, match, level);
    case "batchDistance":
      return batchDistanceRule(rule, match, level);
    case "comparison":
      return { ok: comparisonRule(rule, match, level), distance: 0 };
    case "collection":
      return { ok: collectionRule(rule, match, level), distance: 0 };
    case "compound":
      return { ok: statementHolds(rule.statement, match, level, byName), distance: 0 };
    default:
      return { ok: true, distance: 0 };
  }
}

function statementHolds(s: Statement, match: readonly CandidateTeam[], level: Level, byName: ReadonlyMap<string, Rule>): boolean {
  switch (s.op) {
    case "rule": {
      const rule = byName.get(s.name);
      return rule ? ruleResult(rule, match, level, byName).ok : false;
    }
    case "not":
      return !statementHolds(s.arg, match, level, byName);
    case "and":
      return s.args.every((a) => statementHolds(a, match, level, byName));
    case "or":
      return s.args.some((a) => statementHolds(a, match, level, byName));
    case "xor":
      return s.args.filter((a) => statementHolds(a, match, level, byName)).length === 1;
  }
}

/** Everything a complete candidate match must satisfy: team sizes at this level, then every rule. */
export function evaluateMatch(ruleSet: RuleSet, level: Level, match: readonly CandidateTeam[], rules: readonly Rule[] = standaloneRules(ruleSet)): Evaluation {
  for (const t of match) {
    const n = t.parties.reduce((s, p) => s + p.length, 0);
    if (n < level.teamMin(t.team.def) || n > level.teamMax(t.team.def)) return { ok: false, failed: "teams", quality: Infinity };
  }
  return evaluateRules(ruleSet, level, match, rules);
}

interface RuleIndex {
  byName: ReadonlyMap<string, Rule>;
  latency: readonly LatencyRule[];
}
const indexes = new WeakMap<RuleSet, RuleIndex>();

/** Rules by name and the latency rules, worked out once per rule set. */
function indexOf(ruleSet: RuleSet): RuleIndex {
  let index = indexes.get(ruleSet);
  if (!index) {
    index = { byName: new Map(ruleSet.rules.map((r) => [r.name, r])), latency: ruleSet.rules.filter((r): r is LatencyRule => r.type === "latency") };
    indexes.set(ruleSet, index);
  }
  return index;
}

/** The rules alone, without team sizes (the matcher also checks partial groups with the monotone ones). */
export function evaluateRules(ruleSet: RuleSet, level: Level, match: readonly CandidateTeam[], rules: readonly Rule[]): Evaluation {
  const { byName, latency: latencyRules } = indexOf(ruleSet);
  let quality = 0;
  for (const rule of rules) {
    const result = ruleResult(rule, match, level, byName);
    if (!result.ok) return { ok: false, failed: rule.name, quality: Infinity };
    quality += result.distance;
  }
  // Latency limits hold for every group of players: they are checked whatever `rules` holds.
  const locations = feasibleLocations(latencyRules, match, level);
  if (locations && locations.length === 0) return { ok: false, failed: latencyRules[0]?.name ?? "LatencyInMs", quality: Infinity };
  return locations ? { ok: true, quality, location: locations[0] } : { ok: true, quality };
}
