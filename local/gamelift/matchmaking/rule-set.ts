/**
 * A FlexMatch rule set after validation: every default filled in, every name resolved. The shapes follow the
 * rule set schema AWS documents (ruleLanguageVersion 1.0); `parse.ts` builds them, `serialize.ts` writes them
 * back as rule set JSON.
 */

export type AttributeType = "string" | "number" | "string_list" | "string_number_map";

/** A player attribute's value in the rule language's own terms. */
export type AttributeValue = string | number | readonly string[] | Readonly<Record<string, number>>;

export interface PlayerAttributeDef {
  name: string;
  type: AttributeType;
  default?: AttributeValue;
}

export type Strategy = "exhaustiveSearch" | "balanced";
export type BatchingPreference = "random" | "sorted" | "largestPopulation" | "fastestRegion";
export type ExpansionAgeSelection = "newest" | "oldest";
export type BackfillPriority = "normal" | "low" | "high";

export interface Algorithm {
  strategy: Strategy;
  batchingPreference: BatchingPreference;
  sortByAttributes: string[];
  expansionAgeSelection: ExpansionAgeSelection;
  backfillPriority: BackfillPriority;
  /** The number attribute a balanced strategy evens out across teams. */
  balancedAttribute?: string;
}

export interface TeamDef {
  name: string;
  minPlayers: number;
  maxPlayers: number;
  quantity: number;
}

// ── property expressions ─────────────────────────────────────────────────────────────────────────────

export type AggregateFunction = "avg" | "min" | "max" | "sum" | "count";
export type ExprFunction = AggregateFunction | "flatten";

/** `teams[<name>|*].players` (player ids) or `teams[<name>|*].players.attributes[<attribute>]`. */
export interface PathExpr {
  kind: "path";
  team: string; // a team name, or "*"
  attribute?: string; // absent: the players themselves (their ids)
}

export interface CallExpr {
  kind: "call";
  fn: ExprFunction;
  arg: Expr;
}

export type Expr = PathExpr | CallExpr;

/** A rule property that takes a literal or a property expression. */
export type ValueOrExpr = { kind: "literal"; value: number | string | readonly string[] } | { kind: "expr"; expr: Expr };

// ── rules ────────────────────────────────────────────────────────────────────────────────────────────

export type NumberAggregation = "avg" | "min" | "max";
export type SetAggregation = "union" | "intersection";
export type ComparisonOperation = "=" | "!=" | "<" | "<=" | ">" | ">=";
export type CollectionOperation = "intersection" | "contains" | "reference_intersection_count";
export type SortDirection = "ascending" | "descending";

interface RuleBase {
  name: string;
  description?: string;
}

export interface DistanceRule extends RuleBase {
  type: "distance";
  measurements: Expr[];
  referenceValue?: ValueOrExpr;
  minDistance?: number;
  maxDistance?: number;
  partyAggregation: NumberAggregation;
}

export interface ComparisonRule extends RuleBase {
  type: "comparison";
  measurements: Expr[];
  referenceValue?: ValueOrExpr;
  operation: ComparisonOperation;
  partyAggregation: NumberAggregation;
}

export interface CollectionRule extends RuleBase {
  type: "collection";
  measurements: Expr[];
  referenceValue?: ValueOrExpr;
  operation: CollectionOperation;
  minCount?: number;
  maxCount?: number;
  partyAggregation: SetAggregation;
}

export interface BatchDistanceRule extends RuleBase {
  type: "batchDistance";
  batchAttribute: string;
  maxDistance: number;
  partyAggregation: NumberAggregation;
}

export interface LatencyRule extends RuleBase {
  type: "latency";
  maxLatency: number;
  maxDistance?: number;
  distanceReference: "avg" | "min";
  partyAggregation: NumberAggregation;
}

export interface SortRule extends RuleBase {
  type: "absoluteSort" | "distanceSort";
  sortDirection: SortDirection;
  sortAttribute: string;
  /** For string_number_map attributes: which of the map's values stands for the player. */
  mapKey?: "minValue" | "maxValue";
  partyAggregation: NumberAggregation;
}

export type Statement = { op: "and" | "or" | "xor"; args: Statement[] } | { op: "not"; arg: Statement } | { op: "rule"; name: string };

export interface CompoundRule extends RuleBase {
  type: "compound";
  statement: Statement;
}

export type Rule = DistanceRule | ComparisonRule | CollectionRule | BatchDistanceRule | LatencyRule | SortRule | CompoundRule;
export type RuleType = Rule["type"];

/** The rule types a compound statement may combine. */
export const COMPOUND_OPERAND_TYPES: ReadonlySet<RuleType> = new Set(["distance", "comparison", "collection"]);

// ── expansions ───────────────────────────────────────────────────────────────────────────────────────

/** Rule properties an expansion may relax. */
export const EXPANDABLE_RULE_PROPERTIES = ["maxDistance", "minDistance", "referenceValue", "minCount", "maxCount", "maxLatency"] as const;
export type ExpandableRuleProperty = (typeof EXPANDABLE_RULE_PROPERTIES)[number];

export type ExpansionTarget = { kind: "rule"; rule: string; property: ExpandableRuleProperty } | { kind: "team"; team: string; property: "minPlayers" | "maxPlayers" };

export interface ExpansionStep {
  waitTimeSeconds: number;
  value: number;
}

export interface Expansion {
  target: ExpansionTarget;
  steps: ExpansionStep[];
}

export interface RuleSet {
  name?: string;
  ruleLanguageVersion: "1.0";
  playerAttributes: PlayerAttributeDef[];
  algorithm: Algorithm;
  teams: TeamDef[];
  rules: Rule[];
  expansions: Expansion[];
}

/** FlexMatch matches hold at most 200 players, as game sessions do. */
export const MAX_PLAYERS_PER_MATCH = 200;

/** The concrete teams of a match: a definition with quantity n > 1 gives teams <name>_1 … <name>_n. */
export interface ConcreteTeam {
  name: string;
  def: TeamDef;
}

export function concreteTeams(ruleSet: Pick<RuleSet, "teams">): ConcreteTeam[] {
  return ruleSet.teams.flatMap((def) =>
    def.quantity === 1 ? [{ name: def.name, def }] : Array.from({ length: def.quantity }, (_, i) => ({ name: `${def.name}_${i + 1}`, def })),
  );
}

export function maxPlayersOf(ruleSet: Pick<RuleSet, "teams">): number {
  return ruleSet.teams.reduce((n, t) => n + t.maxPlayers * t.quantity, 0);
}
