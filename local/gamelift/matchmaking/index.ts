/** The FlexMatch rule language and matcher: pure modules, no clocks or I/O of their own. */
export { parseRuleSet, MAX_RULE_SET_BODY, type RuleSetParse } from "./parse.ts";
export { ruleSetToJson } from "./serialize.ts";
export { parseExpression, formatExpression } from "./expressions.ts";
export { evaluateMatch, levelsOf, standaloneRules, type CandidateTeam, type Evaluation, type Level, type MatchPlayer } from "./evaluate.ts";
export { Matchmaker, type BackfillAnchor, type FormedMatch, type FormedPlayer, type MatchOptions, type MatchRun, type PoolTicket } from "./matcher.ts";
export * from "./match-data.ts";
export * from "./rule-set.ts";
