/**
 * Matchmaking rule sets and configurations: plain data records (name, fields, creation time in epoch ms) kept in
 * the stack's definition log, so they survive a restart as AWS keeps them. ARNs are derived from the names on
 * load (they follow the stack's region); compiled rule sets are derived and cached here.
 */
import { ServiceError, invalidRequest, notFound } from "../../http/service-error.ts";
import { matchmakingConfigurationArn, matchmakingNameOf, matchmakingRuleSetArn } from "../ids.ts";
import { Matchmaker, parseRuleSet, type RuleSet } from "../matchmaking/index.ts";
import type { ModelContext } from "./context.ts";
import { recordCodec, type DefinitionTable } from "./definitions.ts";

export interface RuleSetRecord {
  name: string;
  arn: string;
  body: string;
  creationTime: number;
}

export type FlexMatchMode = "WITH_QUEUE" | "STANDALONE";
export type BackfillMode = "AUTOMATIC" | "MANUAL";

export interface ConfigurationRecord {
  name: string;
  arn: string;
  description?: string;
  gameSessionQueueArns: string[];
  requestTimeoutSeconds: number;
  acceptanceTimeoutSeconds?: number;
  acceptanceRequired: boolean;
  ruleSetName: string;
  ruleSetArn: string;
  notificationTarget?: string;
  additionalPlayerCount: number;
  customEventData?: string;
  creationTime: number;
  gameProperties: [string, string][];
  gameSessionData?: string;
  backfillMode: BackfillMode;
  flexMatchMode: FlexMatchMode;
}

/**
 * Per-Region quotas GameLift documents for FlexMatch resources (Service Quotas defaults). They also bound
 * what a client can make the local stack hold.
 */
export const MAX_RULE_SETS = 100;
export const MAX_CONFIGURATIONS = 100;

export class MatchmakingDefinitions {
  /** By name. */
  readonly ruleSets: DefinitionTable<RuleSetRecord>;
  /** By name. */
  readonly configurations: DefinitionTable<ConfigurationRecord>;
  private readonly compiled = new Map<string, { record: RuleSetRecord; ruleSet: RuleSet; matchmaker: Matchmaker }>();

  private readonly ctx: ModelContext;
  constructor(ctx: ModelContext) {
    this.ctx = ctx;
    // The collection names are on disk: keep them stable.
    this.ruleSets = ctx.definitions.table<RuleSetRecord>(
      "matchmakingRuleSets",
      recordCodec<RuleSetRecord>({ omit: ["arn"], restore: (r) => ({ ...r, arn: matchmakingRuleSetArn(ctx.account, r.name) }) }),
    );
    this.configurations = ctx.definitions.table<ConfigurationRecord>(
      "matchmakingConfigurations",
      recordCodec<ConfigurationRecord>({
        omit: ["arn", "ruleSetArn"],
        restore: (c) => ({ ...c, arn: matchmakingConfigurationArn(ctx.account, c.name), ruleSetArn: matchmakingRuleSetArn(ctx.account, c.ruleSetName) }),
      }),
    );
  }

  /** ValidateMatchmakingRuleSet: the rule set, or InvalidRequestException naming every problem. */
  validate(body: string): RuleSet {
    const parsed = parseRuleSet(body);
    if (!parsed.ok) throw invalidRequest(`Invalid rule set: ${parsed.errors.join("; ")}`);
    return parsed.ruleSet;
  }

  createRuleSet(name: string, body: string): RuleSetRecord {
    if (this.ruleSets.has(name)) throw invalidRequest(`A matchmaking rule set named ${name} already exists.`);
    if (this.ruleSets.size >= MAX_RULE_SETS) throw new ServiceError("LimitExceededException", `A Region holds at most ${MAX_RULE_SETS} matchmaking rule sets.`);
    this.validate(body);
    const record: RuleSetRecord = { name, arn: matchmakingRuleSetArn(this.ctx.account, name), body, creationTime: this.ctx.now() };
    this.ruleSets.save(name, record);
    return record;
  }

  ruleSet(nameOrArn: string): RuleSetRecord {
    const record = this.ruleSets.get(matchmakingNameOf(nameOrArn));
    if (!record) throw notFound(`Matchmaking rule set ${nameOrArn} not found.`);
    return record;
  }

  deleteRuleSet(record: RuleSetRecord): void {
    const user = [...this.configurations.values()].find((c) => c.ruleSetName === record.name);
    if (user) throw invalidRequest(`Matchmaking rule set ${record.name} is used by matchmaking configuration ${user.name}; delete or update the configuration first.`);
    this.ruleSets.delete(record.name);
    this.compiled.delete(record.arn);
  }

  /** The rule set a record holds, parsed once, with its matcher. */
  compile(record: RuleSetRecord): { ruleSet: RuleSet; matchmaker: Matchmaker } {
    const cached = this.compiled.get(record.arn);
    if (cached && cached.record === record) return cached;
    const ruleSet = this.validate(record.body);
    const entry = { record, ruleSet, matchmaker: new Matchmaker(ruleSet, this.ctx.timings.matchmakingTimeScale) };
    this.compiled.set(record.arn, entry);
    return entry;
  }

  createConfiguration(spec: Omit<ConfigurationRecord, "arn" | "creationTime" | "ruleSetArn">): ConfigurationRecord {
    if (this.configurations.has(spec.name)) throw invalidRequest(`A matchmaking configuration named ${spec.name} already exists.`);
    if (this.configurations.size >= MAX_CONFIGURATIONS) throw new ServiceError("LimitExceededException", `A Region holds at most ${MAX_CONFIGURATIONS} matchmaking configurations.`);
    const ruleSet = this.ruleSet(spec.ruleSetName);
    const record: ConfigurationRecord = {
      ...spec,
      ruleSetName: ruleSet.name,
      ruleSetArn: ruleSet.arn,
      arn: matchmakingConfigurationArn(this.ctx.account, spec.name),
      creationTime: this.ctx.now(),
    };
    this.configurations.save(record.name, record);
    return record;
  }

  configuration(nameOrArn: string): ConfigurationRecord {
    const record = this.configurations.get(matchmakingNameOf(nameOrArn));
    if (!record) throw notFound(`Matchmaking configuration ${nameOrArn} not found.`);
    return record;
  }

  /**
   * UpdateMatchmakingConfiguration: the configuration's new record (its rule set looked up again). Tickets
   * already waiting keep the rule set they started with; new matches use the new settings.
   */
  replaceConfiguration(next: ConfigurationRecord): ConfigurationRecord {
    const current = this.configuration(next.name);
    const ruleSet = this.ruleSet(next.ruleSetName);
    const record: ConfigurationRecord = { ...next, name: current.name, arn: current.arn, creationTime: current.creationTime, ruleSetName: ruleSet.name, ruleSetArn: ruleSet.arn };
    this.configurations.save(record.name, record);
    return record;
  }

  deleteConfiguration(record: ConfigurationRecord): void {
    this.configurations.delete(record.name);
  }
}
