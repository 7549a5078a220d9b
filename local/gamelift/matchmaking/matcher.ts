/**
 * Forms matches from the tickets waiting on one matchmaking configuration (and rule set).
 *
 * How: the oldest ticket anchors a match (backfill tickets first, interleaved or last, as backfillPriority
 * says). Candidates are the waiting tickets nearest to it in the rule set's sort key (sortByAttributes, a sort
 * rule's attribute, the balanced attribute, or the first number a distance rule measures), checked on the way
 * against the rules that can only get worse as players are added (per-player limits, spreads, shared values,
 * latency). Once enough players are gathered, every way of splitting them into teams is tried (a balanced
 * draft for large or balanced matches) and the split that satisfies every rule with the smallest measured
 * distances wins. Expansions apply by the wait of the newest (or oldest) ticket in the match, strictest first.
 *
 * Pure: no clocks of its own beyond the optional time budget, no I/O. A ticket joins at most one match per run.
 */
import { evaluateMatch, evaluateRules, levelsOf, standaloneRules, type CandidateTeam, type Evaluation, type Level, type MatchPlayer } from "./evaluate.ts";
import { concreteTeams, type AttributeValue, type ConcreteTeam, type Expr, type Rule, type RuleSet } from "./rule-set.ts";

export interface BackfillAnchor {
  /** The players already in the game session, by (concrete) team name. */
  teams: ReadonlyMap<string, readonly MatchPlayer[]>;
  /** Free player slots in the game session. */
  room: number;
}

export interface PoolTicket {
  id: string;
  players: readonly MatchPlayer[];
  /** Epoch ms from which the ticket's wait counts. */
  since: number;
  backfill?: BackfillAnchor;
}

export interface MatchOptions {
  /** Epoch ms. */
  now: number;
  /** Player slots a new match keeps open (the configuration's AdditionalPlayerCount). */
  additionalPlayerCount?: number;
  /** Stop after this long (ms by `clock`) and report where; the next run resumes there. */
  budgetMs?: number;
  clock?: () => number;
  /** The anchor after which the previous, unfinished run stopped. */
  cursor?: string;
}

export interface FormedPlayer {
  playerId: string;
  ticketId: string;
}

export interface FormedMatch {
  /** The tickets that join: every ticket of a new match; the new ones of a backfill. */
  ticketIds: string[];
  backfillTicketId?: string;
  teams: { name: string; players: FormedPlayer[] }[];
  level: number;
  quality: number;
  location?: string;
}

export interface MatchRun {
  matches: FormedMatch[];
  /** False when the time budget ran out; `cursor` says where to resume. */
  complete: boolean;
  cursor?: string;
}

/** Candidates looked at per anchor and level: bounds a run's cost to O(tickets × this). */
const SCAN_LIMIT = 96;
/** Team splits evaluated per candidate group before the best so far is taken. */
const LEAF_LIMIT = 400;
/** Candidate groups rebuilt (dropping the farthest) when no split satisfies the rules. */
const REPAIRS = 4;
/** Above this many tickets in a group, teams are drafted instead of enumerated. */
const ENUMERATE_MAX_TICKETS = 10;

type Key = number | string | undefined;

export class Matchmaker {
  readonly ruleSet: RuleSet;
  readonly levels: Level[];
  private readonly teams: ConcreteTeam[];
  private readonly rules: Rule[];
  private readonly monotone: Rule[];
  private readonly keyAttribute: { name: string; mapKey?: "minValue" | "maxValue" } | undefined;
  /** A pairwise limit on the key attribute: candidates farther than this from the anchor can never join. */
  private readonly keyBound: ((level: Level) => number) | undefined;
  private readonly descending: boolean;

  constructor(ruleSet: RuleSet, timeScale = 1) {
    this.ruleSet = ruleSet;
    this.levels = levelsOf(ruleSet, timeScale);
    this.teams = concreteTeams(ruleSet);
    this.rules = standaloneRules(ruleSet);
    this.monotone = this.rules.filter(isMonotone);
    this.keyAttribute = keyAttributeOf(ruleSet);
    this.descending = ruleSet.rules.some((r) => r.type === "absoluteSort" && r.sortDirection === "descending" && r.sortAttribute === this.keyAttribute?.name);
    const key = this.keyAttribute?.name;
    const bounding = ruleSet.rules.filter(
      (r) =>
        (r.type === "batchDistance" && r.batchAttribute === key) ||
        (r.type === "distance" && !r.referenceValue && r.minDistance === undefined && this.monotone.includes(r) && r.measurements.every((m) => perPlayerAttribute(m) === key)),
    );
    this.keyBound =
      key !== undefined && bounding.length > 0 && ruleSet.playerAttributes.find((a) => a.name === key)?.type === "number"
        ? (level) => Math.min(...bounding.map((r) => level.ruleValue(r.name, "maxDistance", (r as { maxDistance?: number }).maxDistance) ?? Infinity))
        : undefined;
  }

  /** Forms every match it can from `pool`. */
  run(pool: readonly PoolTicket[], options: MatchOptions): MatchRun {
    const clock = options.clock ?? (() => performance.now());
    const started = clock();
    const keyed = pool.map((t) => ({ ticket: t, key: this.keyOf(t.players, t.backfill) }));
    const ordered = [...keyed].sort((a, b) => compareKeys(a.key, b.key, this.descending) || a.ticket.since - b.ticket.since || (a.ticket.id < b.ticket.id ? -1 : 1));
    const position = new Map(ordered.map((k, i) => [k.ticket.id, i]));
    const anchors = this.anchorOrder(pool);
    let start = 0;
    if (options.cursor !== undefined) {
      const at = anchors.findIndex((t) => t.id === options.cursor);
      if (at >= 0) start = at + 1;
    }
    const used = new Set<string>();
    const matches: FormedMatch[] = [];
    for (let n = 0; n < anchors.length; n++) {
      const anchor = anchors[(start + n) % anchors.length]!;
      if (options.budgetMs !== undefined && n > 0 && clock() - started > options.budgetMs) {
        return { matches, complete: false, cursor: anchors[(start + n - 1) % anchors.length]!.id };
      }
      if (used.has(anchor.id)) continue;
      const wait = (options.now - anchor.since) / 1000;
      for (const level of this.levels) {
        if (level.waitSeconds > wait) break;
        const match = this.tryForm(anchor, level, ordered, position, used, options);
        if (match) {
          matches.push(match);
          for (const id of match.ticketIds) used.add(id);
          if (match.backfillTicketId) used.add(match.backfillTicketId);
          break;
        }
      }
    }
    return { matches, complete: true };
  }

  /** Checks a formed match again from scratch (tests, and the model before it acts on one). */
  verify(match: FormedMatch, players: ReadonlyMap<string, MatchPlayer>, parties: ReadonlyMap<string, string>): Evaluation {
    const level = this.levels[match.level] ?? this.levels[0]!;
    const candidate: CandidateTeam[] = match.teams.map((t) => {
      const team = this.teams.find((c) => c.name === t.name)!;
      const byParty = new Map<string, MatchPlayer[]>();
      for (const p of t.players) {
        const party = parties.get(p.playerId) ?? p.playerId;
        const list = byParty.get(party) ?? [];
        list.push(players.get(p.playerId)!);
        byParty.set(party, list);
      }
      return { team, parties: [...byParty.values()] };
    });
    return evaluateMatch(this.ruleSet, level, candidate, this.rules);
  }

  private anchorOrder(pool: readonly PoolTicket[]): PoolTicket[] {
    const bySince = (a: PoolTicket, b: PoolTicket) => a.since - b.since || (a.id < b.id ? -1 : 1);
    const fresh = pool.filter((t) => !t.backfill).sort(bySince);
    const backfills = pool.filter((t) => t.backfill).sort(bySince);
    switch (this.ruleSet.algorithm.backfillPriority) {
      case "high":
        return [...backfills, ...fresh];
      case "low":
        return [...fresh, ...backfills];
      default:
        return [...fresh, ...backfills].sort(bySince);
    }
  }

  private keyOf(players: readonly MatchPlayer[], backfill?: BackfillAnchor): Key {
    const attribute = this.keyAttribute;
    if (!attribute) return undefined;
    const all = backfill ? [...backfill.teams.values()].flat() : players;
    const values = all.map((p) => keyValue(p.attributes.get(attribute.name), attribute.mapKey)).filter((v) => v !== undefined);
    if (values.length === 0) return undefined;
    if (values.every((v) => typeof v === "number")) return (values as number[]).reduce((a, b) => a + b, 0) / values.length;
    return values.find((v) => typeof v === "string");
  }

  private tryForm(
    anchor: PoolTicket,
    level: Level,
    ordered: readonly { ticket: PoolTicket; key: Key }[],
    position: ReadonlyMap<string, number>,
    used: ReadonlySet<string>,
    options: MatchOptions,
  ): FormedMatch | undefined {
    const caps = this.capacity(anchor, level, options.additionalPlayerCount ?? 0);
    if (!caps) return undefined;
    const fixedPlayers = anchor.backfill ? [...anchor.backfill.teams.values()].flat() : [];
    const group: { ticket: PoolTicket; key: Key }[] = anchor.backfill ? [] : [{ ticket: anchor, key: this.keyOf(anchor.players) }];
    const taken = new Set<string>([...fixedPlayers, ...anchor.players].map((p) => p.playerId));
    let total = anchor.backfill ? 0 : anchor.players.length;
    if (total > caps.maxParty) return undefined;
    const anchorKey = this.keyOf(anchor.players, anchor.backfill);
    const bound = this.keyBound?.(level);
    const newest = this.ruleSet.algorithm.expansionAgeSelection === "newest";
    const rejected = new Set<string>();

    // Two pointers walking outward from where the anchor sits in key order, nearest key first.
    const at = position.get(anchor.id) ?? insertionPoint(ordered, anchorKey, this.descending);
    let left = at - 1;
    let right = anchor.backfill && !position.has(anchor.id) ? at : at + 1;
    let examined = 0;
    const next = (): { ticket: PoolTicket; key: Key } | undefined => {
      while (examined < SCAN_LIMIT) {
        const l = left >= 0 ? ordered[left] : undefined;
        const r = right < ordered.length ? ordered[right] : undefined;
        if (!l && !r) return undefined;
        const pickLeft = l && (!r || keyDistance(anchorKey, l.key) <= keyDistance(anchorKey, r.key));
        const pick = pickLeft ? l! : r!;
        if (pickLeft) left--;
        else right++;
        if (bound !== undefined && keyDistance(anchorKey, pick.key) > bound) {
          // Everything farther on this side is out of reach too.
          if (pickLeft) left = -1;
          else right = ordered.length;
          continue;
        }
        examined++;
        return pick;
      }
      return undefined;
    };

    const fits = (c: PoolTicket): boolean => {
      if (c.id === anchor.id || c.backfill || used.has(c.id) || rejected.has(c.id)) return false;
      if (newest && (options.now - c.since) / 1000 < level.waitSeconds) return false;
      if (c.players.length > caps.maxParty || total + c.players.length > caps.total) return false;
      if (c.players.some((p) => taken.has(p.playerId))) return false;
      return this.monotoneHolds(level, [...group.map((g) => g.ticket.players), c.players], fixedPlayers);
    };

    const gather = (): void => {
      while (total < caps.total) {
        const c = next();
        if (!c) return;
        if (!fits(c.ticket)) {
          rejected.add(c.ticket.id);
          continue;
        }
        group.push(c);
        total += c.ticket.players.length;
        for (const p of c.ticket.players) taken.add(p.playerId);
      }
    };

    for (let attempt = 0; attempt <= REPAIRS; attempt++) {
      gather();
      const newTickets = group.map((g) => g.ticket);
      if (total >= caps.minTotal && newTickets.length > 0) {
        const split = this.split(newTickets, anchor, level, caps);
        if (split) return this.formed(anchor, newTickets, split.teams, level, split.evaluation);
      }
      // Drop the member farthest from the anchor (never the anchor) and look further out.
      const droppable = group.map((g, i) => ({ g, i })).filter(({ g }) => g.ticket.id !== anchor.id);
      if (droppable.length === 0) return undefined;
      const worst = droppable.reduce((a, b) => (keyDistance(anchorKey, b.g.key) >= keyDistance(anchorKey, a.g.key) ? b : a));
      group.splice(worst.i, 1);
      rejected.add(worst.g.ticket.id);
      total -= worst.g.ticket.players.length;
      for (const p of worst.g.ticket.players) taken.delete(p.playerId);
    }
    return undefined;
  }

  /** Team limits for one anchor at one level; undefined when nothing can be formed. */
  private capacity(anchor: PoolTicket, level: Level, additional: number) {
    const min = new Map<string, number>();
    const max = new Map<string, number>();
    const fixed = new Map<string, number>();
    for (const t of this.teams) {
      min.set(t.name, level.teamMin(t.def));
      max.set(t.name, level.teamMax(t.def));
      fixed.set(t.name, anchor.backfill?.teams.get(t.name)?.length ?? 0);
    }
    let total: number;
    let minTotal: number;
    if (anchor.backfill) {
      // Room per team is what its maximum leaves; the session's free slots bound the sum.
      for (const t of this.teams) max.set(t.name, Math.max(0, max.get(t.name)! - fixed.get(t.name)!));
      total = Math.min(anchor.backfill.room, sum(max.values()));
      minTotal = Math.max(1, this.teams.reduce((n, t) => n + Math.max(0, min.get(t.name)! - fixed.get(t.name)!), 0));
      for (const t of this.teams) min.set(t.name, Math.max(0, min.get(t.name)! - fixed.get(t.name)!));
    } else {
      // AdditionalPlayerCount: slots a new match leaves open, taken from the teams with the most slack.
      let keep = additional;
      while (keep > 0) {
        const team = this.teams.filter((t) => max.get(t.name)! > min.get(t.name)!).sort((a, b) => max.get(b.name)! - min.get(b.name)! - (max.get(a.name)! - min.get(a.name)!))[0];
        if (!team) break;
        max.set(team.name, max.get(team.name)! - 1);
        keep--;
      }
      total = sum(max.values());
      minTotal = sum(min.values());
    }
    if (total < minTotal || total <= 0) return undefined;
    return { min, max, total, minTotal, maxParty: Math.max(...max.values()) };
  }

  private monotoneHolds(level: Level, parties: readonly (readonly MatchPlayer[])[], fixed: readonly MatchPlayer[]): boolean {
    const team = this.teams[0]!;
    const all: CandidateTeam = { team, parties: [...parties, ...fixed.map((p) => [p])] };
    return evaluateRules(this.ruleSet, level, [all], this.monotone).ok;
  }

  /** The best way to put `tickets` on the teams (around a backfill's fixed players), if any satisfies every rule. */
  private split(tickets: PoolTicket[], anchor: PoolTicket, level: Level, caps: NonNullable<ReturnType<Matchmaker["capacity"]>>) {
    const fixed = this.teams.map((t) => (anchor.backfill?.teams.get(t.name) ?? []).map((p) => [p] as readonly MatchPlayer[]));
    const evaluate = (assignment: number[]): Evaluation => {
      const candidate: CandidateTeam[] = this.teams.map((team, ti) => ({
        team,
        parties: [...fixed[ti]!, ...tickets.filter((_, k) => assignment[k] === ti).map((t) => t.players)],
      }));
      return evaluateMatch(this.ruleSet, level, candidate, this.rules);
    };
    const room = this.teams.map((t) => caps.max.get(t.name)!);
    const need = this.teams.map((t) => caps.min.get(t.name)!);
    const order = tickets.map((_, k) => k).sort((a, b) => tickets[b]!.players.length - tickets[a]!.players.length);
    let best: { assignment: number[]; evaluation: Evaluation } | undefined;
    const consider = (assignment: number[]) => {
      const evaluation = evaluate(assignment);
      if (evaluation.ok && (!best || evaluation.quality < best.evaluation.quality)) best = { assignment: [...assignment], evaluation };
    };

    if (tickets.length <= ENUMERATE_MAX_TICKETS && this.ruleSet.algorithm.strategy !== "balanced") {
      const counts = this.teams.map(() => 0);
      const assignment = tickets.map(() => -1);
      let leaves = 0;
      const dfs = (i: number): boolean => {
        if (leaves >= LEAF_LIMIT || best?.evaluation.quality === 0) return true;
        if (i === order.length) {
          if (counts.every((c, ti) => c >= need[ti]!)) {
            leaves++;
            consider(assignment);
          }
          return false;
        }
        const k = order[i]!;
        const size = tickets[k]!.players.length;
        for (let ti = 0; ti < this.teams.length; ti++) {
          if (counts[ti]! + size > room[ti]!) continue;
          // Empty teams of one definition are interchangeable: try only the first of them.
          if (counts[ti] === 0 && fixed[ti]!.length === 0 && this.teams.some((t, tj) => tj < ti && t.def === this.teams[ti]!.def && counts[tj] === 0 && fixed[tj]!.length === 0)) continue;
          counts[ti]! += size;
          assignment[k] = ti;
          const stop = dfs(i + 1);
          counts[ti]! -= size;
          assignment[k] = -1;
          if (stop) return true;
        }
        return false;
      };
      dfs(0);
    } else {
      this.draft(tickets, fixed, room, need, consider);
    }
    if (!best) return undefined;
    const chosen = best as { assignment: number[]; evaluation: Evaluation };
    return {
      teams: this.teams.map((team, ti) => ({ team, tickets: tickets.filter((_, k) => chosen.assignment[k] === ti) })),
      evaluation: chosen.evaluation,
    };
  }

  /** Large or balanced matches: a snake draft on the balancing attribute, then pairwise swaps while they help. */
  private draft(tickets: PoolTicket[], fixed: (readonly MatchPlayer[])[][], room: number[], need: number[], consider: (a: number[]) => void): void {
    const attribute = this.ruleSet.algorithm.balancedAttribute ?? this.keyAttribute?.name;
    const weight = (players: readonly MatchPlayer[]) =>
      attribute === undefined ? 0 : players.reduce((s, p) => s + (typeof p.attributes.get(attribute) === "number" ? (p.attributes.get(attribute) as number) : 0), 0);
    const sums = this.teams.map((_, ti) => fixed[ti]!.reduce((s, party) => s + weight(party), 0));
    const counts = this.teams.map((_, ti) => fixed[ti]!.length);
    const assignment = tickets.map(() => -1);
    const order = tickets.map((_, k) => k).sort((a, b) => tickets[b]!.players.length - tickets[a]!.players.length || weight(tickets[b]!.players) - weight(tickets[a]!.players));
    for (const k of order) {
      const size = tickets[k]!.players.length;
      // The team furthest below its minimum first, then the one with the lowest total.
      const candidates = this.teams.map((_, ti) => ti).filter((ti) => counts[ti]! - fixed[ti]!.length + size <= room[ti]!);
      if (candidates.length === 0) return;
      const ti = candidates.sort((a, b) => {
        const shortA = need[a]! - (counts[a]! - fixed[a]!.length);
        const shortB = need[b]! - (counts[b]! - fixed[b]!.length);
        return (shortB > 0 ? 1 : 0) - (shortA > 0 ? 1 : 0) || sums[a]! / Math.max(1, counts[a]!) - sums[b]! / Math.max(1, counts[b]!) || counts[a]! - counts[b]!;
      })[0]!;
      assignment[k] = ti;
      counts[ti]! += size;
      sums[ti]! += weight(tickets[k]!.players);
    }
    consider(assignment);
    for (let a = 0; a < tickets.length; a++) {
      for (let b = a + 1; b < tickets.length; b++) {
        if (assignment[a] === assignment[b] || tickets[a]!.players.length !== tickets[b]!.players.length) continue;
        [assignment[a], assignment[b]] = [assignment[b]!, assignment[a]!];
        consider(assignment);
        [assignment[a], assignment[b]] = [assignment[b]!, assignment[a]!];
      }
    }
  }

  private formed(anchor: PoolTicket, tickets: PoolTicket[], teams: { team: ConcreteTeam; tickets: PoolTicket[] }[], level: Level, evaluation: Evaluation): FormedMatch {
    const match: FormedMatch = {
      ticketIds: tickets.map((t) => t.id),
      teams: teams.map(({ team, tickets: onTeam }) => ({
        name: team.name,
        players: [
          ...(anchor.backfill?.teams.get(team.name) ?? []).map((p) => ({ playerId: p.playerId, ticketId: anchor.id })),
          ...onTeam.flatMap((t) => t.players.map((p) => ({ playerId: p.playerId, ticketId: t.id }))),
        ],
      })),
      level: level.index,
      quality: evaluation.quality,
    };
    if (anchor.backfill) match.backfillTicketId = anchor.id;
    if (evaluation.location !== undefined) match.location = evaluation.location;
    return match;
  }
}

const sum = (values: Iterable<number>) => {
  let n = 0;
  for (const v of values) n += v;
  return n;
};

function keyValue(v: AttributeValue | undefined, mapKey?: "minValue" | "maxValue"): number | string | undefined {
  if (typeof v === "number" || typeof v === "string") return v;
  if (v && !Array.isArray(v) && mapKey) {
    const values = Object.values(v as Record<string, number>);
    if (values.length === 0) return undefined;
    return mapKey === "minValue" ? Math.min(...values) : Math.max(...values);
  }
  return undefined;
}

function compareKeys(a: Key, b: Key, descending: boolean): number {
  if (a === undefined || b === undefined) return (a === undefined ? 1 : 0) - (b === undefined ? 1 : 0);
  const order = typeof a === "number" && typeof b === "number" ? a - b : String(a).localeCompare(String(b));
  return descending ? -order : order;
}

function keyDistance(a: Key, b: Key): number {
  if (typeof a === "number" && typeof b === "number") return Math.abs(a - b);
  if (a === undefined || b === undefined) return 0;
  return a === b ? 0 : 1;
}

function insertionPoint(ordered: readonly { key: Key }[], key: Key, descending: boolean): number {
  let lo = 0;
  let hi = ordered.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (compareKeys(ordered[mid]!.key, key, descending) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The attribute candidates are ordered by. */
function keyAttributeOf(ruleSet: RuleSet): { name: string; mapKey?: "minValue" | "maxValue" } | undefined {
  const { algorithm } = ruleSet;
  if (algorithm.batchingPreference === "sorted" && algorithm.sortByAttributes[0]) return { name: algorithm.sortByAttributes[0] };
  const sortRule = ruleSet.rules.find((r) => r.type === "distanceSort" || r.type === "absoluteSort");
  if (sortRule && (sortRule.type === "distanceSort" || sortRule.type === "absoluteSort")) return { name: sortRule.sortAttribute, mapKey: sortRule.mapKey };
  if (algorithm.balancedAttribute) return { name: algorithm.balancedAttribute };
  const numbers = new Set(ruleSet.playerAttributes.filter((a) => a.type === "number").map((a) => a.name));
  for (const rule of ruleSet.rules) {
    if (rule.type === "batchDistance" && numbers.has(rule.batchAttribute)) return { name: rule.batchAttribute };
    if (rule.type === "distance") {
      for (const m of rule.measurements) {
        const attribute = attributeOf(m);
        if (attribute && numbers.has(attribute)) return { name: attribute };
      }
    }
  }
  return undefined;
}

function attributeOf(expr: Expr): string | undefined {
  return expr.kind === "path" ? expr.attribute : attributeOf(expr.arg);
}

/** The attribute when `expr` lists every player's own value across all teams (teams[*], maybe flattened). */
function perPlayerAttribute(expr: Expr): string | undefined {
  if (expr.kind === "path") return expr.team === "*" ? expr.attribute : undefined;
  return expr.fn === "flatten" ? perPlayerAttribute(expr.arg) : undefined;
}

/**
 * Rules that a group of players can only fail more as players are added, whatever the teams: checking them
 * while gathering candidates is safe.
 */
function isMonotone(rule: Rule): boolean {
  const perPlayer = (r: { measurements: Expr[] }) => r.measurements.every((m) => perPlayerAttribute(m) !== undefined);
  switch (rule.type) {
    case "batchDistance":
      return true;
    case "distance":
      return perPlayer(rule) && (rule.referenceValue ? rule.referenceValue.kind === "literal" : rule.minDistance === undefined);
    case "comparison":
      return perPlayer(rule) && (!rule.referenceValue || rule.referenceValue.kind === "literal");
    case "collection":
      if (!perPlayer(rule)) return false;
      if (rule.operation === "intersection") return rule.maxCount === undefined;
      return rule.operation === "reference_intersection_count" && rule.referenceValue?.kind === "literal";
    default:
      return false;
  }
}
