/**
 * Player attributes between their three shapes (the API's AttributeValue {S|N|SL|SDM}, the rule language's
 * values, and match data's {attributeType, valueAttribute}), resolving a ticket's players against a rule set,
 * and the MatchmakerData JSON a matched game session carries.
 */
import type { MatchPlayer } from "./evaluate.ts";
import type { AttributeType, AttributeValue, RuleSet } from "./rule-set.ts";

/** AttributeValue as the GameLift API spells it: exactly one member set. */
export interface WireAttributeValue {
  S?: string;
  N?: number;
  SL?: string[];
  SDM?: Record<string, number>;
}

export type MatchDataAttributeType = "STRING" | "DOUBLE" | "STRING_LIST" | "STRING_DOUBLE_MAP";

export interface MatchDataAttribute {
  attributeType: MatchDataAttributeType;
  valueAttribute: AttributeValue;
}

export interface MatchDataPlayer {
  playerId: string;
  attributes?: Record<string, MatchDataAttribute>;
}

/** The MatchmakerData of a matched game session, as AWS documents match data. */
export interface MatchData {
  matchId: string;
  matchmakingConfigurationArn: string;
  teams: { name: string; players: MatchDataPlayer[] }[];
  autoBackfillMode: "AUTOMATIC" | "MANUAL" | null;
  autoBackfillTicketId: string | null;
}

export function typeOfWire(v: WireAttributeValue): AttributeType | undefined {
  if (v.S !== undefined) return "string";
  if (v.N !== undefined) return "number";
  if (v.SL !== undefined) return "string_list";
  if (v.SDM !== undefined) return "string_number_map";
  return undefined;
}

/** SL duplicates count once, as AWS documents ("all occurrences … after the first … are ignored"). */
export function fromWire(v: WireAttributeValue): AttributeValue | undefined {
  if (v.S !== undefined) return v.S;
  if (v.N !== undefined) return v.N;
  if (v.SL !== undefined) return [...new Set(v.SL)];
  if (v.SDM !== undefined) return { ...v.SDM };
  return undefined;
}

export function toWire(value: AttributeValue): WireAttributeValue {
  if (typeof value === "string") return { S: value };
  if (typeof value === "number") return { N: value };
  if (Array.isArray(value)) return { SL: [...(value as readonly string[])] };
  return { SDM: { ...(value as Record<string, number>) } };
}

export function toMatchData(value: AttributeValue): MatchDataAttribute {
  if (typeof value === "string") return { attributeType: "STRING", valueAttribute: value };
  if (typeof value === "number") return { attributeType: "DOUBLE", valueAttribute: value };
  if (Array.isArray(value)) return { attributeType: "STRING_LIST", valueAttribute: [...(value as readonly string[])] };
  return { attributeType: "STRING_DOUBLE_MAP", valueAttribute: { ...(value as Record<string, number>) } };
}

export interface TicketPlayerInput {
  playerId: string;
  attributes: Record<string, WireAttributeValue>;
  latencyInMs?: Record<string, number>;
  team?: string;
}

/**
 * A ticket's player as the matcher sees it: every rule set attribute, from the ticket or the attribute's
 * default. Returns a message naming the problem when an attribute is missing (and has no default) or has the
 * wrong type.
 */
export function resolvePlayer(ruleSet: RuleSet, player: TicketPlayerInput): MatchPlayer | string {
  const attributes = new Map<string, AttributeValue>();
  for (const def of ruleSet.playerAttributes) {
    const given = Object.hasOwn(player.attributes, def.name) ? player.attributes[def.name] : undefined;
    if (given === undefined) {
      if (def.default === undefined) return `player ${player.playerId} has no value for attribute '${def.name}', which the rule set needs (it has no default)`;
      attributes.set(def.name, def.default);
      continue;
    }
    const type = typeOfWire(given);
    if (type !== def.type) return `player ${player.playerId}'s attribute '${def.name}' is ${type ?? "empty"}; the rule set declares it ${def.type} (${WIRE_MEMBER[def.type]})`;
    attributes.set(def.name, fromWire(given)!);
  }
  const resolved: MatchPlayer = { playerId: player.playerId, attributes };
  if (player.latencyInMs && Object.keys(player.latencyInMs).length > 0) resolved.latencyInMs = { ...player.latencyInMs };
  return resolved;
}

const WIRE_MEMBER: Record<AttributeType, string> = { string: "S", number: "N", string_list: "SL", string_number_map: "SDM" };

/** A player's match data attributes: what the ticket gave, plus the rule set's defaults for what it did not. */
export function matchDataAttributes(ruleSet: RuleSet, player: TicketPlayerInput): Record<string, MatchDataAttribute> {
  const out: Record<string, MatchDataAttribute> = {};
  for (const [name, wire] of Object.entries(player.attributes)) {
    const value = fromWire(wire);
    if (value !== undefined) out[name] = toMatchData(value);
  }
  for (const def of ruleSet.playerAttributes) if (!(def.name in out) && def.default !== undefined) out[def.name] = toMatchData(def.default);
  return out;
}

export function matchDataJson(data: MatchData): string {
  return JSON.stringify(data);
}
