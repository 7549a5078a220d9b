/** A validated rule set written back as rule set JSON, every default spelled out (parse ∘ serialize = id). */
import { formatExpression } from "./expressions.ts";
import { formatStatement } from "./parse.ts";
import type { Rule, RuleSet, ValueOrExpr } from "./rule-set.ts";

export function ruleSetToJson(ruleSet: RuleSet): Record<string, unknown> {
  const algorithm: Record<string, unknown> = {
    strategy: ruleSet.algorithm.strategy,
    batchingPreference: ruleSet.algorithm.batchingPreference,
    expansionAgeSelection: ruleSet.algorithm.expansionAgeSelection,
    backfillPriority: ruleSet.algorithm.backfillPriority,
  };
  if (ruleSet.algorithm.batchingPreference === "sorted") algorithm.sortByAttributes = [...ruleSet.algorithm.sortByAttributes];
  if (ruleSet.algorithm.balancedAttribute !== undefined) algorithm.balancedAttribute = ruleSet.algorithm.balancedAttribute;
  return {
    ...(ruleSet.name === undefined ? {} : { name: ruleSet.name }),
    ruleLanguageVersion: ruleSet.ruleLanguageVersion,
    playerAttributes: ruleSet.playerAttributes.map((a) => (a.default === undefined ? { name: a.name, type: a.type } : { name: a.name, type: a.type, default: a.default })),
    algorithm,
    teams: ruleSet.teams.map((t) => ({ name: t.name, minPlayers: t.minPlayers, maxPlayers: t.maxPlayers, quantity: t.quantity })),
    rules: ruleSet.rules.map(ruleToJson),
    expansions: ruleSet.expansions.map((e) => ({
      target: e.target.kind === "team" ? `teams[${e.target.team}].${e.target.property}` : `rules[${e.target.rule}].${e.target.property}`,
      steps: e.steps.map((s) => ({ waitTimeSeconds: s.waitTimeSeconds, value: s.value })),
    })),
  };
}

function reference(v: ValueOrExpr | undefined): unknown {
  if (v === undefined) return undefined;
  return v.kind === "expr" ? formatExpression(v.expr) : v.value;
}

function ruleToJson(rule: Rule): Record<string, unknown> {
  const base: Record<string, unknown> = { name: rule.name, type: rule.type };
  if (rule.description !== undefined) base.description = rule.description;
  const extra: Record<string, unknown> = {};
  switch (rule.type) {
    case "distance":
      Object.assign(extra, {
        measurements: rule.measurements.map(formatExpression),
        referenceValue: reference(rule.referenceValue),
        minDistance: rule.minDistance,
        maxDistance: rule.maxDistance,
        partyAggregation: rule.partyAggregation,
      });
      break;
    case "comparison":
      Object.assign(extra, {
        measurements: rule.measurements.map(formatExpression),
        referenceValue: reference(rule.referenceValue),
        operation: rule.operation,
        partyAggregation: rule.partyAggregation,
      });
      break;
    case "collection":
      Object.assign(extra, {
        measurements: rule.measurements.map(formatExpression),
        referenceValue: reference(rule.referenceValue),
        operation: rule.operation,
        minCount: rule.minCount,
        maxCount: rule.maxCount,
        partyAggregation: rule.partyAggregation,
      });
      break;
    case "batchDistance":
      Object.assign(extra, { batchAttribute: rule.batchAttribute, maxDistance: rule.maxDistance, partyAggregation: rule.partyAggregation });
      break;
    case "latency":
      Object.assign(extra, { maxLatency: rule.maxLatency, maxDistance: rule.maxDistance, distanceReference: rule.distanceReference, partyAggregation: rule.partyAggregation });
      break;
    case "absoluteSort":
    case "distanceSort":
      Object.assign(extra, { sortDirection: rule.sortDirection, sortAttribute: rule.sortAttribute, mapKey: rule.mapKey, partyAggregation: rule.partyAggregation });
      break;
    case "compound":
      extra.statement = formatStatement(rule.statement);
      break;
  }
  for (const [k, v] of Object.entries(extra)) if (v !== undefined) base[k] = v;
  return base;
}
