/**
 * The matchmaking area's requests → validated AWS SDK inputs, and the SDK's tickets → the kit's camelCase ones.
 * Each input function throws InvalidParameterError listing every problem, or returns exactly what is sent.
 */
import type { AcceptMatchInput, AttributeValue, MatchmakingTicket, Player, StartMatchmakingInput } from "@aws-sdk/client-gamelift";
import type { GameLiftKitConfig } from "../config.ts";
import type {
  AcceptMatchRequest,
  MatchmakingPartyMember,
  MatchmakingStatus,
  MatchmakingTicketInfo,
  PlayerAttributeValue,
  PlayerLatencies,
  StartMatchmakingRequest,
} from "./matchmaking-types.ts";
import { RequestChecks, type TextRule } from "../validation.ts";
import { RULES } from "./validation.ts";

/** The constraints of the GameLift service model for matchmaking, with the words the messages use. */
export const MATCHMAKING_RULES = {
  ticketId: { max: 128, pattern: /^[a-zA-Z0-9.-]+$/, allowed: "letters, digits, '-' and '.' only" },
  configurationName: {
    max: 256,
    pattern: /^[a-zA-Z0-9.-]+$|^arn:.*:matchmakingconfiguration\/[a-zA-Z0-9.-]+$/,
    allowed: "a matchmaking configuration name (letters, digits, '-' and '.') or its ARN",
  },
  attributeName: { max: 128 },
  attributeText: { max: 1024 },
} satisfies Record<string, TextRule>;

/** Players in one ticket (StartMatchmaking's Players). */
export const MAX_TICKET_PLAYERS = 10;
/** Attributes a player carries; the rule language's own limit on a player's attributes. */
const MAX_ATTRIBUTES = 10;
/** Entries of a list or map attribute. */
const MAX_COLLECTION = 100;
/** Regions or locations a player reports a latency for. */
const MAX_LATENCIES = 100;

export type MatchmakingDefaults = NonNullable<GameLiftKitConfig["gamelift"]>;

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === "object" && !Array.isArray(value) && Object.getPrototypeOf(value) === Object.prototype;

/** One attribute value as GameLift's AttributeValue: S, N, SL or SDM by the value's shape. */
function attributeValue(checks: RequestChecks, field: string, value: unknown): AttributeValue | undefined {
  if (typeof value === "string") {
    checks.requiredText(field, value, MATCHMAKING_RULES.attributeText);
    return { S: value };
  }
  if (typeof value === "number") {
    if (!Number.isFinite(value)) checks.fail(field, `${field} must be a finite number`);
    return { N: value };
  }
  if (Array.isArray(value)) {
    if (value.length > MAX_COLLECTION) checks.fail(field, `${field} has ${value.length} entries; the limit is ${MAX_COLLECTION}`);
    value.forEach((item, i) => {
      if (typeof item !== "string") checks.fail(`${field}[${i}]`, `${field}[${i}] must be a string (a list attribute holds strings)`);
      else checks.requiredText(`${field}[${i}]`, item, MATCHMAKING_RULES.attributeText);
    });
    return { SL: [...value] as string[] };
  }
  if (isPlainObject(value)) {
    const entries = Object.entries(value);
    if (entries.length > MAX_COLLECTION) checks.fail(field, `${field} has ${entries.length} entries; the limit is ${MAX_COLLECTION}`);
    for (const [key, n] of entries) {
      checks.requiredText(`${field}.${key}`, key, MATCHMAKING_RULES.attributeText);
      if (typeof n !== "number" || !Number.isFinite(n)) checks.fail(`${field}.${key}`, `${field}.${key} must be a finite number (a map attribute holds numbers)`);
    }
    return { SDM: Object.fromEntries(entries) as Record<string, number> };
  }
  checks.fail(field, `${field} must be a string, a number, a list of strings or an object of numbers`);
  return undefined;
}

function attributes(checks: RequestChecks, field: string, value: unknown): Record<string, AttributeValue> | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isPlainObject(value)) {
    checks.fail(field, `${field} must be an object of attribute values, e.g. { skill: 42 }`);
    return undefined;
  }
  const entries = Object.entries(value);
  if (entries.length > MAX_ATTRIBUTES) checks.fail(field, `${field} has ${entries.length} attributes; the limit is ${MAX_ATTRIBUTES}`);
  const out: Record<string, AttributeValue> = {};
  for (const [name, v] of entries) {
    checks.requiredText(`${field} name`, name, MATCHMAKING_RULES.attributeName);
    const converted = attributeValue(checks, `${field}.${name}`, v as PlayerAttributeValue);
    // defineProperty: an attribute named "__proto__" stays an attribute.
    if (converted) Object.defineProperty(out, name, { value: converted, enumerable: true, writable: true, configurable: true });
  }
  return entries.length === 0 ? undefined : out;
}

function latencies(checks: RequestChecks, field: string, value: unknown): Record<string, number> | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isPlainObject(value)) {
    checks.fail(field, `${field} must be an object of milliseconds by Region or location, e.g. { "us-west-2": 40 }`);
    return undefined;
  }
  const entries = Object.entries(value as PlayerLatencies);
  if (entries.length > MAX_LATENCIES) checks.fail(field, `${field} has ${entries.length} entries; the limit is ${MAX_LATENCIES}`);
  for (const [region, ms] of entries) {
    checks.requiredText(`${field} key`, region, RULES.regionIdentifier);
    // LatencyInMs values are whole milliseconds of at least 1.
    if (typeof ms !== "number" || !Number.isInteger(ms) || ms < 1) checks.fail(`${field}.${region}`, `${field}.${region} must be a whole number of milliseconds, at least 1`);
  }
  return entries.length === 0 ? undefined : Object.fromEntries(entries);
}

function player(checks: RequestChecks, field: string, member: Partial<MatchmakingPartyMember>): Player {
  const PlayerId = checks.requiredText(`${field}.playerId`, member.playerId, RULES.playerId);
  const PlayerAttributes = attributes(checks, `${field}.attributes`, member.attributes);
  const LatencyInMs = latencies(checks, `${field}.latencies`, member.latencies);
  return { PlayerId, ...(PlayerAttributes ? { PlayerAttributes } : {}), ...(LatencyInMs ? { LatencyInMs } : {}) };
}

/**
 * StartMatchmaking's input: the player (its id already resolved: the request's, or the identity id) first,
 * then its party. `ticketId` is used when the request has none.
 */
export function startMatchmakingInput(request: StartMatchmakingRequest, playerId: string | undefined, defaults: MatchmakingDefaults, ticketId: string): StartMatchmakingInput {
  const checks = new RequestChecks("startMatchmaking");
  if (request === null || typeof request !== "object") {
    checks.fail("request", "a request object is required");
    checks.done();
  }
  const ConfigurationName = checks.requiredText(
    "configurationName",
    request.configurationName || defaults.matchmakingConfigurationName,
    MATCHMAKING_RULES.configurationName,
    " (in the request, or as config.gamelift.matchmakingConfigurationName)",
  );
  const TicketId = checks.requiredText("ticketId", request.ticketId || ticketId, MATCHMAKING_RULES.ticketId);
  if (playerId === undefined || playerId === "") checks.fail("playerId", "playerId is required: the kit has no identity pool to take the player's identity id from");
  const party = checks.list<MatchmakingPartyMember>("party", request.party, MAX_TICKET_PLAYERS - 1) ?? [];
  const Players = [
    player(checks, "player", { playerId, attributes: request.attributes, latencies: request.latencies }),
    ...party.map((member, i) => player(checks, `party[${i}]`, isPlainObject(member) ? member : {})),
  ];
  const ids = Players.map((p) => p.PlayerId);
  const repeated = ids.find((id, i) => id && ids.indexOf(id) !== i);
  if (repeated) checks.fail("party", `player ${repeated} is in the ticket twice`);
  checks.done();
  return { ConfigurationName, TicketId, Players };
}

export function acceptMatchInput(request: AcceptMatchRequest, ticketId: string | undefined, playerIds: readonly string[] | undefined): AcceptMatchInput {
  const checks = new RequestChecks("acceptMatch");
  if (request === null || typeof request !== "object") {
    checks.fail("request", "a request object is required, e.g. { accept: true }");
    checks.done();
  }
  if (typeof request.accept !== "boolean") checks.fail("accept", "accept must be true (accept the match) or false (reject it)");
  const TicketId = checks.requiredText("ticketId", request.ticketId || ticketId, MATCHMAKING_RULES.ticketId, " (no ticket is being tracked)");
  const ids = checks.list<string>("playerIds", request.playerIds ?? playerIds, MAX_TICKET_PLAYERS) ?? [];
  if (ids.length === 0) checks.fail("playerIds", "playerIds is required: the players of the ticket who answer");
  ids.forEach((id, i) => checks.requiredText(`playerIds[${i}]`, id, RULES.playerId));
  checks.done();
  return { TicketId, PlayerIds: [...ids], AcceptanceType: request.accept ? "ACCEPT" : "REJECT" };
}

/** A ticket id the caller gave (stopMatchmaking, startPolling), checked. */
export function checkedTicketId(operation: string, ticketId: unknown): string {
  const checks = new RequestChecks(operation);
  const id = checks.requiredText("ticketId", ticketId, MATCHMAKING_RULES.ticketId);
  checks.done();
  return id;
}

export function toTicketInfo(t: MatchmakingTicket): MatchmakingTicketInfo {
  const info = t.GameSessionConnectionInfo;
  return {
    ticketId: t.TicketId ?? "",
    status: (t.Status ?? "QUEUED") as MatchmakingStatus,
    ...(t.StatusReason ? { statusReason: t.StatusReason } : {}),
    ...(t.StatusMessage ? { statusMessage: t.StatusMessage } : {}),
    configurationName: t.ConfigurationName,
    configurationArn: t.ConfigurationArn,
    startTime: t.StartTime,
    endTime: t.EndTime,
    ...(typeof t.EstimatedWaitTime === "number" ? { estimatedWaitSeconds: t.EstimatedWaitTime } : {}),
    players: (t.Players ?? []).map((p) => ({ playerId: p.PlayerId ?? "", ...(p.Team ? { team: p.Team } : {}) })),
    ...(info?.GameSessionArn
      ? {
          connection: {
            gameSessionId: info.GameSessionArn,
            ipAddress: info.IpAddress,
            dnsName: info.DnsName,
            port: info.Port,
            matchedPlayerSessions: (info.MatchedPlayerSessions ?? []).map((m) => ({ playerId: m.PlayerId ?? "", playerSessionId: m.PlayerSessionId ?? "" })),
          },
        }
      : {}),
    raw: t,
  };
}
