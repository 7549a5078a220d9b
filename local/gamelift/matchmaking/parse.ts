/**
 * The FlexMatch rule set validator: RuleSetBody (JSON text) → a RuleSet, or every problem found, each naming
 * the part of the rule set it is about (`rules[FairSkill].maxDistance: …`). A feature of the rule language the
 * local matchmaker does not evaluate is a problem too: nothing in a rule set is silently ignored.
 * Never throws, whatever the input.
 */
import { BRACKET_NAME, formatExpression, parseExpression } from "./expressions.ts";
import {
  COMPOUND_OPERAND_TYPES,
  EXPANDABLE_RULE_PROPERTIES,
  MAX_PLAYERS_PER_MATCH,
  type Algorithm,
  type AttributeType,
  type AttributeValue,
  type ComparisonOperation,
  type ExpandableRuleProperty,
  type Expansion,
  type ExpansionTarget,
  type Expr,
  type PlayerAttributeDef,
  type Rule,
  type RuleSet,
  type Statement,
  type TeamDef,
  type ValueOrExpr,
} from "./rule-set.ts";

export type RuleSetParse = { ok: true; ruleSet: RuleSet } | { ok: false; errors: string[] };

/** The RuleSetBody limit of the GameLift API model. */
export const MAX_RULE_SET_BODY = 65535;
const MAX_TEAMS = 10;
const MAX_RULES = 50;
const MAX_ATTRIBUTES = 50;
const MAX_STEPS = 20;
const MAX_LIST = 100;
const MAX_STRING = 1024;

const ATTRIBUTE_TYPES: readonly AttributeType[] = ["string", "number", "string_list", "string_number_map"];
const RULE_TYPES = ["distance", "comparison", "collection", "batchDistance", "latency", "absoluteSort", "distanceSort", "compound"] as const;

export function parseRuleSet(body: string): RuleSetParse {
  if (typeof body !== "string") return { ok: false, errors: ["the rule set body must be a string of JSON"] };
  if (body.length > MAX_RULE_SET_BODY) return { ok: false, errors: [`the rule set body is longer than ${MAX_RULE_SET_BODY} characters`] };
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (e) {
    return { ok: false, errors: [`the rule set body is not valid JSON: ${(e as Error).message}`] };
  }
  const errors: string[] = [];
  const root = ObjectReader.of(json, "rule set", errors);
  if (!root) return { ok: false, errors };
  const ruleSet = readRuleSet(root, errors);
  return errors.length === 0 && ruleSet ? { ok: true, ruleSet } : { ok: false, errors };
}

// ── a JSON object read member by member; members nobody read are reported as unknown ─────────────────

class ObjectReader {
  private readonly used: Set<string>;
  readonly value: Record<string, unknown>;
  readonly path: string;
  readonly errors: string[];
  private constructor(value: Record<string, unknown>, path: string, errors: string[], used = new Set<string>(["description"])) {
    this.value = value;
    this.path = path;
    this.errors = errors;
    this.used = used;
  }

  /** The same object under another name in messages (a rule is named by its name once it is known). */
  renamed(path: string): ObjectReader {
    return new ObjectReader(this.value, path, this.errors, this.used);
  }

  static of(value: unknown, path: string, errors: string[]): ObjectReader | undefined {
    if (value === null || typeof value !== "object" || Array.isArray(value)) {
      errors.push(`${path}: must be a JSON object`);
      return undefined;
    }
    return new ObjectReader(value as Record<string, unknown>, path, errors);
  }

  at(key: string): string {
    return `${this.path}.${key}`;
  }

  error(key: string | undefined, message: string): void {
    this.errors.push(`${key === undefined ? this.path : this.at(key)}: ${message}`);
  }

  has(key: string): boolean {
    return Object.hasOwn(this.value, key) && this.value[key] !== null && this.value[key] !== undefined;
  }

  raw(key: string): unknown {
    this.used.add(key);
    return Object.hasOwn(this.value, key) ? this.value[key] : undefined;
  }

  string(key: string, required: boolean, allowed?: readonly string[]): string | undefined {
    const v = this.raw(key);
    if (v === undefined || v === null) {
      if (required) this.error(key, "is required");
      return undefined;
    }
    if (typeof v !== "string") return void this.error(key, "must be a string");
    if (v.length > MAX_STRING) return void this.error(key, `must be at most ${MAX_STRING} characters`);
    if (allowed && !allowed.includes(v)) return void this.error(key, `'${v}' is not supported (supported: ${allowed.join(", ")})`);
    return v;
  }

  number(key: string, required: boolean, opts: { integer?: boolean; min?: number } = {}): number | undefined {
    const v = this.raw(key);
    if (v === undefined || v === null) {
      if (required) this.error(key, "is required");
      return undefined;
    }
    if (typeof v !== "number" || !Number.isFinite(v)) return void this.error(key, "must be a number");
    if (opts.integer && !Number.isInteger(v)) return void this.error(key, "must be a whole number");
    if (opts.min !== undefined && v < opts.min) return void this.error(key, `must be at least ${opts.min}`);
    return v;
  }

  array(key: string, required: boolean, max: number): unknown[] | undefined {
    const v = this.raw(key);
    if (v === undefined || v === null) {
      if (required) this.error(key, "is required");
      return undefined;
    }
    if (!Array.isArray(v)) return void this.error(key, "must be a JSON array");
    if (v.length > max) return void this.error(key, `may hold at most ${max} entries`);
    return v;
  }

  /** Reports every member nobody asked for: an unknown (or unsupported) part of the rule language. */
  finish(what = "property"): void {
    for (const key of Object.keys(this.value)) {
      if (!this.used.has(key)) this.error(key, `unknown or unsupported ${what} '${key}'`);
    }
  }
}

// ── the rule set ───────────────────────────────────────────────────────────────────────────────────

function readRuleSet(r: ObjectReader, errors: string[]): RuleSet | undefined {
  const name = r.string("name", false);
  const version = r.raw("ruleLanguageVersion");
  if (version === undefined || version === null) r.error("ruleLanguageVersion", "is required");
  else if (version !== "1.0") r.error("ruleLanguageVersion", `'${String(version)}' is not supported (supported: 1.0)`);
  const playerAttributes = readPlayerAttributes(r);
  const algorithm = readAlgorithm(r, playerAttributes);
  const teams = readTeams(r);
  const rawRules = r.array("rules", false, MAX_RULES) ?? [];
  const rawExpansions = r.array("expansions", false, MAX_RULES) ?? [];
  r.finish("rule set property");

  const ctx: Ctx = { attributes: new Map(playerAttributes.map((a) => [a.name, a])), teams: new Map(teams.map((t) => [t.name, t])) };
  const rules: Rule[] = [];
  const ruleNames = new Set<string>();
  rawRules.forEach((raw, i) => {
    const rr = ObjectReader.of(raw, `rules[${i}]`, errors);
    if (!rr) return;
    const rule = readRule(rr, ctx);
    if (!rule) return;
    if (ruleNames.has(rule.name)) return void rr.error("name", `rule name '${rule.name}' is used more than once`);
    ruleNames.add(rule.name);
    rules.push(rule);
  });
  checkCompounds(rules, errors);
  const expansions: Expansion[] = [];
  rawExpansions.forEach((raw, i) => {
    const er = ObjectReader.of(raw, `expansions[${i}]`, errors);
    const expansion = er && readExpansion(er, rules, teams);
    if (expansion) expansions.push(expansion);
  });
  checkExpansionTargets(expansions, teams, errors);
  if (errors.length > 0 || !algorithm) return undefined;
  const ruleSet: RuleSet = { ruleLanguageVersion: "1.0", playerAttributes, algorithm, teams, rules, expansions };
  if (name !== undefined) ruleSet.name = name;
  return ruleSet;
}

function readPlayerAttributes(r: ObjectReader): PlayerAttributeDef[] {
  const list = r.array("playerAttributes", false, MAX_ATTRIBUTES) ?? [];
  const out: PlayerAttributeDef[] = [];
  list.forEach((raw, i) => {
    const a = ObjectReader.of(raw, `playerAttributes[${i}]`, r.errors);
    if (!a) return;
    const name = a.string("name", true);
    const type = a.string("type", true, ATTRIBUTE_TYPES) as AttributeType | undefined;
    const hasDefault = a.has("default");
    const rawDefault = a.raw("default");
    a.finish();
    if (name === undefined || type === undefined) return;
    if (!BRACKET_NAME.test(name)) return void a.error("name", `'${name}' cannot be used in property expressions (no brackets, dots, quotes, commas or spaces)`);
    if (out.some((o) => o.name === name)) return void a.error("name", `attribute '${name}' is defined more than once`);
    const def: PlayerAttributeDef = { name, type };
    if (hasDefault) {
      const value = attributeDefault(type, rawDefault);
      if (value === undefined) return void a.error("default", `does not fit type ${type}`);
      def.default = value;
    }
    out.push(def);
  });
  return out;
}

/** A default in the attribute's type; numbers may be given as numeric strings, as AWS's examples do. */
function attributeDefault(type: AttributeType, v: unknown): AttributeValue | undefined {
  switch (type) {
    case "string":
      return typeof v === "string" && v.length <= 100 ? v : undefined;
    case "number": {
      const n = typeof v === "string" && v.trim() !== "" ? Number(v) : v;
      return typeof n === "number" && Number.isFinite(n) ? n : undefined;
    }
    case "string_list":
      return Array.isArray(v) && v.length <= MAX_LIST && v.every((s) => typeof s === "string" && s.length <= 100) ? [...new Set(v as string[])] : undefined;
    case "string_number_map": {
      if (v === null || typeof v !== "object" || Array.isArray(v)) return undefined;
      const entries = Object.entries(v as Record<string, unknown>);
      if (entries.length > 10 || !entries.every(([k, n]) => k.length <= 100 && typeof n === "number" && Number.isFinite(n))) return undefined;
      return Object.fromEntries(entries) as Record<string, number>;
    }
  }
}

function readAlgorithm(r: ObjectReader, attributes: PlayerAttributeDef[]): Algorithm | undefined {
  const algorithm: Algorithm = { strategy: "exhaustiveSearch", batchingPreference: "random", sortByAttributes: [], expansionAgeSelection: "newest", backfillPriority: "normal" };
  if (!r.has("algorithm")) {
    r.raw("algorithm");
    return algorithm;
  }
  const a = ObjectReader.of(r.raw("algorithm"), "algorithm", r.errors);
  if (!a) return undefined;
  algorithm.strategy = (a.string("strategy", false, ["exhaustiveSearch", "balanced"]) as Algorithm["strategy"] | undefined) ?? "exhaustiveSearch";
  algorithm.batchingPreference =
    (a.string("batchingPreference", false, ["random", "sorted", "largestPopulation", "fastestRegion"]) as Algorithm["batchingPreference"] | undefined) ?? "random";
  algorithm.expansionAgeSelection = (a.string("expansionAgeSelection", false, ["newest", "oldest"]) as Algorithm["expansionAgeSelection"] | undefined) ?? "newest";
  algorithm.backfillPriority = (a.string("backfillPriority", false, ["normal", "low", "high"]) as Algorithm["backfillPriority"] | undefined) ?? "normal";
  const sortBy = a.array("sortByAttributes", false, MAX_ATTRIBUTES);
  const balanced = a.string("balancedAttribute", false);
  a.finish("algorithm property");
  const byName = new Map(attributes.map((x) => [x.name, x]));
  if (sortBy) {
    sortBy.forEach((name, i) => {
      const def = typeof name === "string" ? byName.get(name) : undefined;
      if (!def) a.error(`sortByAttributes[${i}]`, `'${String(name)}' is not a player attribute of this rule set`);
      else if (def.type !== "number" && def.type !== "string") a.error(`sortByAttributes[${i}]`, `attribute '${def.name}' is a ${def.type}; only number and string attributes can be sorted`);
      else algorithm.sortByAttributes.push(def.name);
    });
  }
  if (algorithm.batchingPreference === "sorted" && algorithm.sortByAttributes.length === 0 && !sortBy) a.error("sortByAttributes", "is required when batchingPreference is sorted");
  if (algorithm.batchingPreference !== "sorted" && sortBy) a.error("sortByAttributes", "is only used with batchingPreference sorted");
  if (algorithm.strategy === "balanced") {
    if (balanced === undefined) a.error("balancedAttribute", "is required when strategy is balanced");
    else if (byName.get(balanced)?.type !== "number") a.error("balancedAttribute", `'${balanced}' is not a number attribute of this rule set`);
    else algorithm.balancedAttribute = balanced;
  } else if (balanced !== undefined) a.error("balancedAttribute", "is only used with strategy balanced");
  return algorithm;
}

function readTeams(r: ObjectReader): TeamDef[] {
  const list = r.array("teams", true, MAX_TEAMS);
  if (list && list.length === 0) r.error("teams", "must define at least one team");
  const teams: TeamDef[] = [];
  (list ?? []).forEach((raw, i) => {
    const t = ObjectReader.of(raw, `teams[${i}]`, r.errors);
    if (!t) return;
    const name = t.string("name", true);
    const minPlayers = t.number("minPlayers", true, { integer: true, min: 1 });
    const maxPlayers = t.number("maxPlayers", true, { integer: true, min: 1 });
    const quantity = t.number("quantity", false, { integer: true, min: 1 }) ?? 1;
    t.finish("team property");
    if (name === undefined || minPlayers === undefined || maxPlayers === undefined) return;
    if (!BRACKET_NAME.test(name)) return void t.error("name", `'${name}' cannot be used in property expressions (no brackets, dots, quotes, commas or spaces)`);
    if (teams.some((x) => x.name === name)) return void t.error("name", `team name '${name}' is used more than once`);
    if (minPlayers > maxPlayers) return void t.error("minPlayers", `${minPlayers} is more than maxPlayers (${maxPlayers})`);
    teams.push({ name, minPlayers, maxPlayers, quantity });
  });
  const total = teams.reduce((n, t) => n + t.maxPlayers * t.quantity, 0);
  if (total > MAX_PLAYERS_PER_MATCH) r.error("teams", `hold up to ${total} players; a match holds at most ${MAX_PLAYERS_PER_MATCH}`);
  return teams;
}

// ── rules ────────────────────────────────────────────────────────────────────────────────────────────

interface Ctx {
  attributes: Map<string, PlayerAttributeDef>;
  teams: Map<string, TeamDef>;
}

/** What an expression yields: how many list levels (0 = one value) and the type of the values. */
interface ExprType {
  depth: number;
  valueType: AttributeType | "playerId";
}

function typeOf(expr: Expr, ctx: Ctx, problems: string[]): ExprType | undefined {
  if (expr.kind === "path") {
    let depth = 2;
    if (expr.team !== "*") {
      const team = ctx.teams.get(expr.team);
      if (!team) return void problems.push(`team '${expr.team}' is not defined in teams`);
      depth = team.quantity > 1 ? 2 : 1;
    }
    if (expr.attribute === undefined) return { depth, valueType: "playerId" };
    const def = ctx.attributes.get(expr.attribute);
    if (!def) return void problems.push(`attribute '${expr.attribute}' is not defined in playerAttributes`);
    return { depth, valueType: def.type };
  }
  const inner = typeOf(expr.arg, ctx, problems);
  if (!inner) return undefined;
  if (expr.fn === "flatten") return { depth: Math.max(1, inner.depth - 1), valueType: inner.valueType };
  if (inner.depth === 0) return void problems.push(`${expr.fn}() needs a list, and ${formatExpression(expr.arg)} is one value`);
  if (expr.fn !== "count" && inner.valueType !== "number") {
    return void problems.push(`${expr.fn}() needs numbers, and ${formatExpression(expr.arg)} holds ${inner.valueType} values`);
  }
  return { depth: inner.depth - 1, valueType: expr.fn === "count" ? "number" : inner.valueType };
}

/** `measurements`: one expression or a list of them, each type-checked with `accept`. */
function readMeasurements(r: ObjectReader, ctx: Ctx, accept: (t: ExprType) => string | undefined): Expr[] | undefined {
  const raw = r.raw("measurements");
  if (raw === undefined || raw === null) return void r.error("measurements", "is required");
  const list = Array.isArray(raw) ? raw : [raw];
  if (list.length === 0 || list.length > 10) return void r.error("measurements", "must hold 1 to 10 property expressions");
  const out: Expr[] = [];
  list.forEach((item, i) => {
    const where = Array.isArray(raw) ? `measurements[${i}]` : "measurements";
    const expr = readExpr(r, where, item, ctx, accept);
    if (expr) out.push(expr);
  });
  return out.length === list.length ? out : undefined;
}

function readExpr(r: ObjectReader, where: string, item: unknown, ctx: Ctx, accept: (t: ExprType) => string | undefined): Expr | undefined {
  if (typeof item !== "string") return void r.error(where, "must be a property expression string");
  const parsed = parseExpression(item);
  if (!parsed.ok) return void r.error(where, `'${item.slice(0, 120)}': ${parsed.error}`);
  const problems: string[] = [];
  const type = typeOf(parsed.expr, ctx, problems);
  if (!type) return void r.error(where, `'${item.slice(0, 120)}': ${problems.join("; ")}`);
  const refused = accept(type);
  if (refused) return void r.error(where, `'${item.slice(0, 120)}': ${refused}`);
  return parsed.expr;
}

/** referenceValue: a literal of the accepted kinds, or an expression giving one value of an accepted type. */
function readReference(
  r: ObjectReader,
  ctx: Ctx,
  literal: (v: unknown) => boolean,
  accept: (t: ExprType) => string | undefined,
): ValueOrExpr | undefined {
  if (!r.has("referenceValue")) {
    r.raw("referenceValue");
    return undefined;
  }
  const v = r.raw("referenceValue");
  if (typeof v === "string" && /^\s*[A-Za-z_][A-Za-z0-9_]*\s*[([]/.test(v)) {
    const expr = readExpr(r, "referenceValue", v, ctx, accept);
    return expr ? { kind: "expr", expr } : undefined;
  }
  if (!literal(v)) return void r.error("referenceValue", `${JSON.stringify(v)?.slice(0, 80)} is not a value this rule can compare with`);
  return { kind: "literal", value: v as number | string | string[] };
}

const needNumbers = (t: ExprType) => (t.valueType === "number" ? undefined : `gives ${t.valueType} values; this rule measures numbers`);
const needScalars = (t: ExprType) =>
  t.valueType === "number" || t.valueType === "string" || t.valueType === "playerId" ? undefined : `gives ${t.valueType} values; this rule compares numbers or strings`;
const needSets = (t: ExprType) =>
  t.valueType === "string_list" || t.valueType === "string" || t.valueType === "playerId" ? undefined : `gives ${t.valueType} values; this rule measures string lists`;
const oneValue = (inner: (t: ExprType) => string | undefined) => (t: ExprType) => (t.depth === 0 ? inner(t) : `gives a list; a reference value is one value`);

const isNumber = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v);

function readRule(r: ObjectReader, ctx: Ctx): Rule | undefined {
  const errorsBefore = r.errors.length;
  const name = r.string("name", true);
  const type = r.string("type", true, RULE_TYPES);
  const description = r.string("description", false);
  if (name === undefined || type === undefined) {
    r.finish("rule property");
    return undefined;
  }
  if (!BRACKET_NAME.test(name)) {
    r.error("name", `'${name}' cannot be used in expansion targets or compound statements (no brackets, dots, quotes, commas or spaces)`);
  }
  const named = { r: r.renamed(`rules[${name}]`) };
  let rule: Rule | undefined;
  switch (type) {
    case "distance": {
      const measurements = readMeasurements(named.r, ctx, needNumbers);
      const referenceValue = readReference(named.r, ctx, isNumber, oneValue(needNumbers));
      const minDistance = named.r.number("minDistance", false, { min: 0 });
      const maxDistance = named.r.number("maxDistance", false, { min: 0 });
      const partyAggregation = numberAggregation(named.r);
      if (minDistance === undefined && maxDistance === undefined) named.r.error(undefined, "a distance rule needs maxDistance or minDistance");
      if (measurements && partyAggregation) rule = { type, name, measurements, partyAggregation, ...defined({ referenceValue, minDistance, maxDistance }) };
      break;
    }
    case "comparison": {
      // Numbers compare with numbers and strings with strings; <, <=, >, >= need numbers.
      const kinds = new Set<"number" | "string">();
      const noteKind = (t: ExprType) => {
        const refused = needScalars(t);
        if (!refused) kinds.add(t.valueType === "number" ? "number" : "string");
        return refused;
      };
      const measurements = readMeasurements(named.r, ctx, noteKind);
      const referenceValue = readReference(named.r, ctx, (v) => isNumber(v) || typeof v === "string", oneValue(noteKind));
      if (referenceValue?.kind === "literal") kinds.add(typeof referenceValue.value === "number" ? "number" : "string");
      const operation = named.r.string("operation", true, ["=", "!=", "<", "<=", ">", ">="]) as ComparisonOperation | undefined;
      const partyAggregation = numberAggregation(named.r);
      if (kinds.size > 1) named.r.error(undefined, "compares numbers with strings");
      else if (operation && operation !== "=" && operation !== "!=" && kinds.has("string")) named.r.error("operation", `'${operation}' compares numbers; strings take = or !=`);
      if (operation && operation !== "=" && operation !== "!=" && referenceValue === undefined && named.r.has("operation")) {
        named.r.error("operation", `'${operation}' needs a referenceValue; without one, measurements are compared with each other (= or !=)`);
      }
      if (measurements && operation && partyAggregation) rule = { type, name, measurements, operation, partyAggregation, ...defined({ referenceValue }) };
      break;
    }
    case "collection": {
      const operation = named.r.string("operation", true, ["intersection", "contains", "reference_intersection_count"]) as
        | "intersection"
        | "contains"
        | "reference_intersection_count"
        | undefined;
      const measurements = readMeasurements(named.r, ctx, (t) => (t.depth === 0 ? "gives one value; a collection rule measures a list of collections" : needSets(t)));
      const referenceValue =
        operation === "contains"
          ? readReference(named.r, ctx, (v) => typeof v === "string", oneValue((t) => (t.valueType === "string" ? undefined : `gives ${t.valueType} values; contains looks for one string`)))
          : readReference(named.r, ctx, (v) => Array.isArray(v) && v.length <= MAX_LIST && v.every((s) => typeof s === "string"), needSets);
      const minCount = named.r.number("minCount", false, { integer: true, min: 0 });
      const maxCount = named.r.number("maxCount", false, { integer: true, min: 0 });
      const agg = named.r.string("partyAggregation", false, ["union", "intersection"]) as "union" | "intersection" | undefined;
      if (operation === "intersection" && referenceValue) named.r.error("referenceValue", "is not used by the intersection operation");
      if (operation && operation !== "intersection" && !referenceValue && !named.r.has("referenceValue")) named.r.error("referenceValue", `is required by the ${operation} operation`);
      if (minCount === undefined && maxCount === undefined) named.r.error(undefined, "a collection rule needs minCount or maxCount");
      if (measurements && operation) rule = { type, name, measurements, operation, partyAggregation: agg ?? "union", ...defined({ referenceValue, minCount, maxCount }) };
      break;
    }
    case "batchDistance": {
      const attribute = named.r.string("batchAttribute", true);
      const maxDistance = named.r.number("maxDistance", true, { min: 0 });
      const partyAggregation = numberAggregation(named.r);
      const def = attribute === undefined ? undefined : ctx.attributes.get(attribute);
      if (attribute !== undefined && !def) named.r.error("batchAttribute", `'${attribute}' is not a player attribute of this rule set`);
      else if (def && def.type !== "number" && def.type !== "string") named.r.error("batchAttribute", `attribute '${def.name}' is a ${def.type}; batchDistance needs a number or string attribute`);
      if (def && maxDistance !== undefined && partyAggregation) rule = { type, name, batchAttribute: def.name, maxDistance, partyAggregation };
      break;
    }
    case "latency": {
      const maxLatency = named.r.number("maxLatency", true, { min: 0 });
      const maxDistance = named.r.number("maxDistance", false, { min: 0 });
      const distanceReference = (named.r.string("distanceReference", false, ["avg", "min"]) as "avg" | "min" | undefined) ?? "avg";
      const partyAggregation = numberAggregation(named.r);
      if (maxLatency !== undefined && partyAggregation) rule = { type, name, maxLatency, distanceReference, partyAggregation, ...defined({ maxDistance }) };
      break;
    }
    case "absoluteSort":
    case "distanceSort": {
      const sortDirection = named.r.string("sortDirection", true, ["ascending", "descending"]) as "ascending" | "descending" | undefined;
      const attribute = named.r.string("sortAttribute", true);
      const mapKey = named.r.string("mapKey", false, ["minValue", "maxValue"]) as "minValue" | "maxValue" | undefined;
      const partyAggregation = numberAggregation(named.r);
      const def = attribute === undefined ? undefined : ctx.attributes.get(attribute);
      if (attribute !== undefined && !def) named.r.error("sortAttribute", `'${attribute}' is not a player attribute of this rule set`);
      else if (def && def.type === "string_number_map" && !mapKey) named.r.error("mapKey", `is required to sort on the string_number_map attribute '${def.name}'`);
      else if (def && def.type !== "number" && def.type !== "string_number_map") named.r.error("sortAttribute", `attribute '${def.name}' is a ${def.type}; sorting needs a number (or a string_number_map with mapKey)`);
      else if (def && def.type === "number" && mapKey) named.r.error("mapKey", "is only used with string_number_map attributes");
      if (def && sortDirection && partyAggregation) rule = { type, name, sortDirection, sortAttribute: def.name, partyAggregation, ...defined({ mapKey }) };
      break;
    }
    case "compound": {
      const raw = named.r.string("statement", true);
      if (raw !== undefined) {
        const parsed = parseStatement(raw);
        if (!parsed.ok) named.r.error("statement", `'${raw.slice(0, 120)}': ${parsed.error}`);
        else rule = { type, name, statement: parsed.statement };
      }
      break;
    }
  }
  named.r.finish("rule property");
  if (r.errors.length > errorsBefore || !rule) return undefined;
  if (description !== undefined) rule.description = description;
  return rule;
}

function numberAggregation(r: ObjectReader): "avg" | "min" | "max" | undefined {
  const v = r.string("partyAggregation", false, ["avg", "min", "max"]);
  if (v === undefined && r.has("partyAggregation")) return undefined;
  return (v as "avg" | "min" | "max" | undefined) ?? "avg";
}

function defined<T extends Record<string, unknown>>(values: T): Partial<T> {
  const out: Partial<T> = {};
  for (const [k, v] of Object.entries(values)) if (v !== undefined) (out as Record<string, unknown>)[k] = v;
  return out;
}

// ── compound statements: and(A, or(B, not(C))) ────────────────────────────────────────────────────────

type StatementParse = { ok: true; statement: Statement } | { ok: false; error: string };

export function parseStatement(text: string): StatementParse {
  if (text.length > 1024) return { ok: false, error: "the statement is longer than 1024 characters" };
  let pos = 0;
  let error: string | undefined;
  const space = () => {
    while (pos < text.length && /\s/.test(text[pos]!)) pos++;
  };
  const fail = (m: string): undefined => {
    error ??= `${m} at position ${pos}`;
    return undefined;
  };
  const node = (depth: number): Statement | undefined => {
    if (depth > 16) return fail("statements nest at most 16 deep");
    space();
    const m = /^[^\s(),[\]]+/.exec(text.slice(pos));
    if (!m) return fail("expected a rule name or and/or/xor/not");
    const word = m[0];
    pos += word.length;
    space();
    if (text[pos] !== "(") return { op: "rule", name: word };
    pos++;
    if (word !== "and" && word !== "or" && word !== "xor" && word !== "not") return fail(`unsupported operator '${word}' (supported: and, or, xor, not)`);
    const args: Statement[] = [];
    for (;;) {
      const arg = node(depth + 1);
      if (!arg) return undefined;
      args.push(arg);
      space();
      if (text[pos] === ",") {
        pos++;
        continue;
      }
      if (text[pos] === ")") {
        pos++;
        break;
      }
      return fail("expected ',' or ')'");
    }
    if (word === "not") return args.length === 1 ? { op: "not", arg: args[0]! } : fail("not() takes one operand");
    if (args.length < 2) return fail(`${word}() takes at least two operands`);
    return { op: word, args };
  };
  const statement = node(0);
  space();
  if (statement && pos < text.length) return { ok: false, error: `unexpected '${text.slice(pos, pos + 16)}' at position ${pos}` };
  return statement ? { ok: true, statement } : { ok: false, error: error ?? "not a statement" };
}

export function formatStatement(s: Statement): string {
  if (s.op === "rule") return s.name;
  if (s.op === "not") return `not(${formatStatement(s.arg)})`;
  return `${s.op}(${s.args.map(formatStatement).join(", ")})`;
}

export function statementRuleNames(s: Statement, into: Set<string> = new Set()): Set<string> {
  if (s.op === "rule") into.add(s.name);
  else if (s.op === "not") statementRuleNames(s.arg, into);
  else for (const a of s.args) statementRuleNames(a, into);
  return into;
}

function checkCompounds(rules: Rule[], errors: string[]): void {
  const byName = new Map(rules.map((r) => [r.name, r]));
  for (const rule of rules) {
    if (rule.type !== "compound") continue;
    for (const name of statementRuleNames(rule.statement)) {
      const target = byName.get(name);
      if (!target) errors.push(`rules[${rule.name}].statement: rule '${name}' is not defined`);
      else if (!COMPOUND_OPERAND_TYPES.has(target.type)) {
        errors.push(`rules[${rule.name}].statement: rule '${name}' is a ${target.type} rule; compound statements combine ${[...COMPOUND_OPERAND_TYPES].join(", ")} rules`);
      }
    }
  }
}

// ── expansions ───────────────────────────────────────────────────────────────────────────────────────

function readExpansion(r: ObjectReader, rules: Rule[], teams: TeamDef[]): Expansion | undefined {
  const targetText = r.string("target", true);
  const rawSteps = r.array("steps", true, MAX_STEPS);
  r.finish("expansion property");
  let target: ExpansionTarget | undefined;
  if (targetText !== undefined) {
    const parsed = parseTarget(targetText, rules, teams);
    if (typeof parsed === "string") r.error("target", `'${targetText.slice(0, 120)}': ${parsed}`);
    else target = parsed;
  }
  if (rawSteps && rawSteps.length === 0) r.error("steps", "must hold at least one step");
  const steps: { waitTimeSeconds: number; value: number }[] = [];
  (rawSteps ?? []).forEach((raw, i) => {
    const s = ObjectReader.of(raw, `${r.path}.steps[${i}]`, r.errors);
    if (!s) return;
    const waitTimeSeconds = s.number("waitTimeSeconds", true, { min: 1 });
    const value = s.number("value", true);
    s.finish("step property");
    if (waitTimeSeconds === undefined || value === undefined) return;
    const previous = steps[steps.length - 1];
    if (previous && waitTimeSeconds <= previous.waitTimeSeconds) return void s.error("waitTimeSeconds", "must be later than the step before");
    if (target && !stepValueFits(target, value)) return void s.error("value", `${value} does not fit ${targetName(target)}`);
    steps.push({ waitTimeSeconds, value });
  });
  if (!target || !rawSteps || steps.length !== rawSteps.length || steps.length === 0) return undefined;
  return { target, steps };
}

function parseTarget(text: string, rules: Rule[], teams: TeamDef[]): ExpansionTarget | string {
  const m = /^\s*(rules|teams)\[([^\]]+)\]\.([A-Za-z]+)\s*$/.exec(text);
  if (!m) return "an expansion target is rules[<rule name>].<property> or teams[<team name>|*].<minPlayers|maxPlayers>";
  const [, kind, name, property] = m as unknown as [string, string, string, string];
  if (kind === "teams") {
    if (property !== "minPlayers" && property !== "maxPlayers") return `team property '${property}' cannot be expanded (minPlayers, maxPlayers can)`;
    if (name !== "*" && !teams.some((t) => t.name === name)) return `team '${name}' is not defined in teams`;
    return { kind: "team", team: name, property };
  }
  const rule = rules.find((r) => r.name === name);
  if (!rule) return `rule '${name}' is not defined (or is itself invalid)`;
  if (!(EXPANDABLE_RULE_PROPERTIES as readonly string[]).includes(property)) {
    return `rule property '${property}' cannot be expanded (supported: ${EXPANDABLE_RULE_PROPERTIES.join(", ")})`;
  }
  const fits =
    (rule.type === "distance" && (property === "maxDistance" || property === "minDistance" || (property === "referenceValue" && rule.referenceValue?.kind === "literal"))) ||
    (rule.type === "comparison" && property === "referenceValue" && rule.referenceValue?.kind === "literal" && typeof rule.referenceValue.value === "number") ||
    (rule.type === "collection" && (property === "minCount" || property === "maxCount")) ||
    (rule.type === "batchDistance" && property === "maxDistance") ||
    (rule.type === "latency" && (property === "maxLatency" || property === "maxDistance"));
  if (!fits) return `rule '${name}' is a ${rule.type} rule without a numeric '${property}' to expand`;
  return { kind: "rule", rule: name, property: property as ExpandableRuleProperty };
}

function stepValueFits(target: ExpansionTarget, value: number): boolean {
  if (target.kind === "team") return Number.isInteger(value) && value >= 1;
  if (target.property === "minCount" || target.property === "maxCount") return Number.isInteger(value) && value >= 0;
  if (target.property === "referenceValue") return true;
  return value >= 0;
}

export function targetName(t: ExpansionTarget): string {
  return t.kind === "team" ? `teams[${t.team}].${t.property}` : `rules[${t.rule}].${t.property}`;
}

/** Two expansions of the same target would fight over it; team sizes must stay min ≤ max at every step. */
function checkExpansionTargets(expansions: Expansion[], teams: TeamDef[], errors: string[]): void {
  const seen = new Set<string>();
  expansions.forEach((e, i) => {
    const name = targetName(e.target);
    if (seen.has(name)) errors.push(`expansions[${i}].target: ${name} is expanded more than once`);
    seen.add(name);
  });
  for (const team of teams) {
    const times = [0, ...expansions.flatMap((e) => e.steps.map((s) => s.waitTimeSeconds))].sort((a, b) => a - b);
    for (const t of times) {
      const min = teamValueAt(expansions, team, "minPlayers", t);
      const max = teamValueAt(expansions, team, "maxPlayers", t);
      if (min > max) {
        errors.push(`expansions: after ${t} s team '${team.name}' would need ${min} players but hold at most ${max}`);
        break;
      }
    }
  }
}

export function teamValueAt(expansions: readonly Expansion[], team: TeamDef, property: "minPlayers" | "maxPlayers", waitSeconds: number): number {
  let value = team[property];
  for (const e of expansions) {
    if (e.target.kind !== "team" || e.target.property !== property || (e.target.team !== "*" && e.target.team !== team.name)) continue;
    for (const s of e.steps) if (s.waitTimeSeconds <= waitSeconds) value = s.value;
  }
  return value;
}

/** For messages: an expression as the rule set would spell it. */
export { formatExpression };
export type { AttributeValue };
