import type { Operation } from "../../http/service.ts";
import { invalidRequest } from "../../http/service-error.ts";
import { matchmakingNameOf } from "../ids.ts";
import type { WireAttributeValue } from "../matchmaking/index.ts";
import type { GameLiftModel } from "../model/gamelift-model.ts";
import type { BackfillMode, ConfigurationRecord, FlexMatchMode } from "../model/matchmaking-definitions.ts";
import type { TicketPlayer } from "../model/matchmaking-tickets.ts";
import { page } from "../page-tokens.ts";
import { matchmakingConfigurationShape, ruleSetShape, ticketShape } from "../shapes.ts";
import { InputReader, type ElementReader } from "../validation.ts";
import { RULES, checkDistinct, readGameProperties } from "./common.ts";

/** Member constraints of the FlexMatch shapes, as the GameLift service model states them. */
const MM = {
  /** MatchmakingIdStringModel: configuration and rule set names, ticket ids. */
  id: { min: 1, max: 128, pattern: /^[a-zA-Z0-9-.]*$/ },
  configurationNameOrArn: { min: 1, max: 256, pattern: /^(arn:.*:matchmakingconfiguration\/[a-zA-Z0-9-.]*|[a-zA-Z0-9-.]*)$/ },
  ruleSetNameOrArn: { min: 1, max: 256, pattern: /^(arn:.*:matchmakingruleset\/[a-zA-Z0-9-.]*|[a-zA-Z0-9-.]*)$/ },
  ruleSetBody: { min: 1, max: 65535 },
  queueArn: { min: 1, max: 256, pattern: /^[a-zA-Z0-9:/-]+$/ },
  notificationTarget: { max: 300, pattern: /^[a-zA-Z0-9:_/-]*(\.fifo)?$/ },
  customEventData: { max: 256 },
  gameSessionData: { min: 1, max: 4096 },
  attributeString: { min: 1, max: 100 },
  gameSessionArn: { min: 1, max: 256, pattern: /^[a-zA-Z0-9:/-]+$/ },
};

/** "You can include up to 10 Players in a StartMatchmaking request" / "up to 199 … in a StartMatchBackfill request". */
const MAX_TICKET_PLAYERS = 10;
const MAX_BACKFILL_PLAYERS = 199;
/** "You can provide up to 10 PlayerAttributes." */
const MAX_PLAYER_ATTRIBUTES = 10;
/** DescribeMatchmaking: "You can include up to 10 ID values." */
const MAX_DESCRIBE_TICKETS = 10;
/** DescribeMatchmakingConfigurations' Limit "is limited to 10". */
const MAX_PAGE = 10;

export function matchmakingOperations(model: GameLiftModel): Record<string, Operation> {
  const definitions = model.matchmakingDefinitions;
  const matchmaking = model.matchmaking;

  /** The settings Create and Update share, read and cross-checked; `current` is the record an update starts from. */
  function readSettings(r: InputReader, create: boolean) {
    return {
      description: r.string("Description", RULES.nonZeroAndMax),
      gameSessionQueueArns: r.list("GameSessionQueueArns", {}, (e) => e.string(MM.queueArn)),
      requestTimeoutSeconds: create ? r.requiredInteger("RequestTimeoutSeconds", { min: 1, max: 43200 }) : r.integer("RequestTimeoutSeconds", { min: 1, max: 43200 }),
      acceptanceTimeoutSeconds: r.integer("AcceptanceTimeoutSeconds", { min: 1, max: 600 }),
      acceptanceRequired: create ? r.requiredBoolean("AcceptanceRequired") : r.boolean("AcceptanceRequired"),
      ruleSetName: create ? r.requiredString("RuleSetName", MM.ruleSetNameOrArn) : r.string("RuleSetName", MM.ruleSetNameOrArn),
      notificationTarget: r.string("NotificationTarget", MM.notificationTarget),
      additionalPlayerCount: r.integer("AdditionalPlayerCount", { min: 0 }),
      customEventData: r.string("CustomEventData", MM.customEventData),
      gameProperties: readGameProperties(r),
      gameSessionData: r.string("GameSessionData", MM.gameSessionData),
      backfillMode: r.string("BackfillMode", { enum: ["AUTOMATIC", "MANUAL"] }) as BackfillMode | undefined,
      flexMatchMode: r.string("FlexMatchMode", { enum: ["STANDALONE", "WITH_QUEUE"] }) as FlexMatchMode | undefined,
    };
  }

  /** The documented rules between settings, checked on the configuration as it would be. */
  function checkConfiguration(c: Omit<ConfigurationRecord, "arn" | "creationTime" | "ruleSetArn">): void {
    if (c.flexMatchMode === "WITH_QUEUE") {
      if (c.gameSessionQueueArns.length === 0) throw invalidRequest("GameSessionQueueArns is required when FlexMatchMode is WITH_QUEUE: matches are placed through a game session queue.");
      // NotFoundException for a queue that does not exist.
      for (const arn of c.gameSessionQueueArns) model.placements.queue(arn);
    } else {
      if (c.gameSessionQueueArns.length > 0) throw invalidRequest("GameSessionQueueArns must not be set when FlexMatchMode is STANDALONE.");
      if (c.backfillMode === "AUTOMATIC") throw invalidRequest("BackfillMode AUTOMATIC is not available when FlexMatchMode is STANDALONE.");
    }
    if (c.acceptanceRequired && c.acceptanceTimeoutSeconds === undefined) {
      throw invalidRequest("AcceptanceTimeoutSeconds is required when AcceptanceRequired is true: it is how long players have to accept a match.");
    }
  }

  function readTicketPlayers(r: InputReader, max: number): TicketPlayer[] {
    const players = r.requiredList("Players", { min: 1, max }, (e) => readPlayer(e));
    checkDistinct(r, "Players", players.map((p) => p.playerId));
    return players;
  }

  return {
    ValidateMatchmakingRuleSet(input) {
      const r = InputReader.of(input);
      const body = r.requiredString("RuleSetBody", MM.ruleSetBody);
      r.done();
      definitions.validate(body);
      return { Valid: true };
    },

    CreateMatchmakingRuleSet(input) {
      const r = InputReader.of(input);
      const name = r.requiredString("Name", MM.id);
      const body = r.requiredString("RuleSetBody", MM.ruleSetBody);
      r.list("Tags", { max: 200 }, (e) => e.structure());
      r.done();
      return { RuleSet: ruleSetShape(definitions.createRuleSet(name, body)) };
    },

    DescribeMatchmakingRuleSets(input) {
      const r = InputReader.of(input);
      const names = r.list("Names", { min: 1, max: 10 }, (e) => e.string(MM.ruleSetNameOrArn));
      const limit = r.integer("Limit", { min: 1, max: 10 });
      const nextToken = r.string("NextToken", RULES.nextToken);
      r.done();
      // Unknown names are NotFoundException here, as the operation documents.
      const ruleSets = names === undefined ? [...definitions.ruleSets.values()] : names.map((n) => definitions.ruleSet(n));
      const scope = ["DescribeMatchmakingRuleSets", ...(names ?? [])].join("\0");
      const result = page(model.pageTokens, scope, ruleSets, model.pageTokens.offsetOf(scope, nextToken), limit ?? MAX_PAGE);
      return { RuleSets: result.items.map(ruleSetShape), NextToken: result.nextToken };
    },

    DeleteMatchmakingRuleSet(input) {
      const r = InputReader.of(input);
      const name = r.requiredString("Name", MM.ruleSetNameOrArn);
      r.done();
      definitions.deleteRuleSet(definitions.ruleSet(name));
      return {};
    },

    CreateMatchmakingConfiguration(input) {
      const r = InputReader.of(input);
      const name = r.requiredString("Name", MM.id);
      const s = readSettings(r, true);
      r.list("Tags", { max: 200 }, (e) => e.structure());
      r.done();
      const spec = {
        name,
        description: s.description,
        gameSessionQueueArns: s.gameSessionQueueArns ?? [],
        requestTimeoutSeconds: s.requestTimeoutSeconds!,
        acceptanceTimeoutSeconds: s.acceptanceTimeoutSeconds,
        acceptanceRequired: s.acceptanceRequired!,
        ruleSetName: s.ruleSetName!,
        notificationTarget: s.notificationTarget,
        additionalPlayerCount: s.additionalPlayerCount ?? 0,
        customEventData: s.customEventData,
        gameProperties: s.gameProperties ?? [],
        gameSessionData: s.gameSessionData,
        backfillMode: s.backfillMode ?? "MANUAL",
        flexMatchMode: s.flexMatchMode ?? "WITH_QUEUE",
      };
      checkConfiguration(spec);
      return { Configuration: matchmakingConfigurationShape(definitions.createConfiguration(spec)) };
    },

    DescribeMatchmakingConfigurations(input) {
      const r = InputReader.of(input);
      const names = r.list("Names", {}, (e) => e.string(MM.configurationNameOrArn));
      const ruleSetName = r.string("RuleSetName", MM.ruleSetNameOrArn);
      const limit = Math.min(r.integer("Limit", { min: 1 }) ?? MAX_PAGE, MAX_PAGE);
      const nextToken = r.string("NextToken", RULES.nextToken);
      r.done();
      // "When specifying a list of names, only configurations that currently exist are returned."
      let configurations = names === undefined ? [...definitions.configurations.values()] : names.flatMap((n) => definitions.configurations.get(matchmakingNameOf(n)) ?? []);
      if (ruleSetName !== undefined) configurations = configurations.filter((c) => c.ruleSetName === matchmakingNameOf(ruleSetName));
      const scope = ["DescribeMatchmakingConfigurations", ruleSetName ?? "", ...(names ?? [])].join("\0");
      const result = page(model.pageTokens, scope, configurations, model.pageTokens.offsetOf(scope, nextToken), limit);
      return { Configurations: result.items.map(matchmakingConfigurationShape), NextToken: result.nextToken };
    },

    UpdateMatchmakingConfiguration(input) {
      const r = InputReader.of(input);
      const name = r.requiredString("Name", MM.configurationNameOrArn);
      const s = readSettings(r, false);
      r.done();
      const current = definitions.configuration(name);
      const mode = s.flexMatchMode ?? current.flexMatchMode;
      const next: ConfigurationRecord = { ...current };
      for (const [key, value] of Object.entries(s)) if (value !== undefined) Object.assign(next, { [key]: value });
      // Switching to STANDALONE leaves the queues unused: AWS does not report them for such configurations.
      if (mode === "STANDALONE" && s.gameSessionQueueArns === undefined) next.gameSessionQueueArns = [];
      checkConfiguration(next);
      return { Configuration: matchmakingConfigurationShape(definitions.replaceConfiguration(next)) };
    },

    DeleteMatchmakingConfiguration(input) {
      const r = InputReader.of(input);
      const name = r.requiredString("Name", MM.configurationNameOrArn);
      r.done();
      const configuration = definitions.configuration(name);
      if (matchmaking.hasActiveTickets(configuration.name)) {
        throw invalidRequest(`Matchmaking configuration ${configuration.name} is used by active matchmaking tickets; stop them (or let them finish) first.`);
      }
      definitions.deleteConfiguration(configuration);
      return {};
    },

    StartMatchmaking(input) {
      const r = InputReader.of(input);
      const ticketId = r.string("TicketId", MM.id);
      const configurationName = r.requiredString("ConfigurationName", MM.configurationNameOrArn);
      const players = readTicketPlayers(r, MAX_TICKET_PLAYERS);
      r.done();
      const withTeam = players.find((p) => p.team !== undefined);
      if (withTeam) throw invalidRequest(`Player ${withTeam.playerId} has a Team: teams are assigned by the matchmaker (Team is given only in StartMatchBackfill).`);
      const ticket = matchmaking.start({ ticketId, configurationName, players });
      return { MatchmakingTicket: ticketShape(ticket, matchmaking.estimatedWait(ticket)) };
    },

    StartMatchBackfill(input) {
      const r = InputReader.of(input);
      const ticketId = r.string("TicketId", MM.id);
      const configurationName = r.requiredString("ConfigurationName", MM.configurationNameOrArn);
      const gameSessionArn = r.string("GameSessionArn", MM.gameSessionArn);
      const players = readTicketPlayers(r, MAX_BACKFILL_PLAYERS);
      r.done();
      const ticket = matchmaking.startBackfill({ ticketId, configurationName, gameSessionArn, players });
      return { MatchmakingTicket: ticketShape(ticket, matchmaking.estimatedWait(ticket)) };
    },

    DescribeMatchmaking(input) {
      const r = InputReader.of(input);
      const ids = r.requiredList("TicketIds", { min: 1, max: MAX_DESCRIBE_TICKETS }, (e) => e.string(MM.id));
      r.done();
      // "a ticket object is returned for each requested ID that currently exists."
      const tickets = ids.flatMap((id) => matchmaking.book.byId.get(id) ?? []);
      return { TicketList: tickets.map((t) => ticketShape(t, matchmaking.estimatedWait(t))) };
    },

    StopMatchmaking(input) {
      const r = InputReader.of(input);
      const ticketId = r.requiredString("TicketId", MM.id);
      r.done();
      matchmaking.stop(matchmaking.ticket(ticketId));
      return {};
    },

    AcceptMatch(input) {
      const r = InputReader.of(input);
      const ticketId = r.requiredString("TicketId", MM.id);
      const playerIds = r.requiredList("PlayerIds", { min: 1 }, (e) => e.string(RULES.playerId));
      const acceptance = r.requiredString("AcceptanceType", { enum: ["ACCEPT", "REJECT"] }) as "ACCEPT" | "REJECT";
      r.done();
      matchmaking.accept(matchmaking.ticket(ticketId), playerIds, acceptance);
      return {};
    },
  };
}

/** One Player structure: PlayerId, PlayerAttributes (each exactly one of S, N, SL, SDM), Team, LatencyInMs. */
export function readPlayer(e: ElementReader): TicketPlayer {
  const p = e.structure();
  const playerId = p.requiredString("PlayerId", RULES.playerId);
  const attributes: TicketPlayer["attributes"] = {};
  p.map("PlayerAttributes", { max: MAX_PLAYER_ATTRIBUTES, key: RULES.nonZeroAndMax }, (v, key) => {
    const value = readAttributeValue(v);
    // defineProperty: an attribute named "__proto__" stays an attribute.
    Object.defineProperty(attributes, key, { value, enumerable: true, writable: true, configurable: true });
  });
  const team = p.string("Team", RULES.nonZeroAndMax);
  const latency = p.map("LatencyInMs", { key: { min: 1, max: 64 } }, (v) => v.integer({ min: 1 }));
  const player: TicketPlayer = { playerId, attributes };
  if (team !== undefined) player.team = team;
  if (latency && latency.size > 0) player.latencyInMs = Object.fromEntries(latency);
  return player;
}

function readAttributeValue(e: ElementReader): WireAttributeValue {
  const a = e.structure();
  const value: WireAttributeValue = {};
  const s = a.string("S", MM.attributeString);
  const n = a.number("N");
  const sl = a.list("SL", { max: 100 }, (x) => x.string(MM.attributeString));
  const sdm = a.map("SDM", { max: 10, key: MM.attributeString }, (x) => x.number());
  if (s !== undefined) value.S = s;
  if (n !== undefined) value.N = n;
  if (sl !== undefined) value.SL = sl;
  if (sdm !== undefined) value.SDM = Object.fromEntries(sdm);
  if (Object.keys(value).length !== 1) a.violation("S", value, "An AttributeValue holds exactly one of S, N, SL, SDM");
  return value;
}
