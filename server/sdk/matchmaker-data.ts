/**
 * FlexMatch match data: the MatchmakerData JSON a matched game session carries (its teams, players and their
 * attributes, the configuration, automatic backfill), parsed into a typed object without trusting it, and
 * turned back into the players a StartMatchBackfill request needs.
 */
import type { AttributeValue, MatchmakerAttribute, MatchmakerData, MatchmakerPlayer, MatchmakingPlayer } from "./types.ts";

/** Bounds on what is read from match data: a match holds at most 200 players, 10 attributes each. */
const MAX_TEAMS = 50;
const MAX_PLAYERS = 200;
const MAX_ATTRIBUTES = 10;

/**
 * The typed match data, or undefined when the text is not match data. Entries that do not have the
 * documented shape are left out rather than passed on half-typed.
 */
export function parseMatchmakerData(json: string | undefined): MatchmakerData | undefined {
  if (typeof json !== "string" || json === "") return undefined;
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return undefined;
  }
  if (!isRecord(value) || typeof value.matchId !== "string" || !Array.isArray(value.teams)) return undefined;
  const data: MatchmakerData = {
    matchId: value.matchId,
    matchmakingConfigurationArn: typeof value.matchmakingConfigurationArn === "string" ? value.matchmakingConfigurationArn : "",
    teams: value.teams.slice(0, MAX_TEAMS).flatMap((team) => {
      if (!isRecord(team) || typeof team.name !== "string" || !Array.isArray(team.players)) return [];
      return [{ name: team.name, players: team.players.slice(0, MAX_PLAYERS).flatMap(readPlayer) }];
    }),
    autoBackfillMode: value.autoBackfillMode === "AUTOMATIC" || value.autoBackfillMode === "MANUAL" ? value.autoBackfillMode : null,
    autoBackfillTicketId: typeof value.autoBackfillTicketId === "string" ? value.autoBackfillTicketId : null,
  };
  return data;
}

function readPlayer(raw: unknown): MatchmakerPlayer[] {
  if (!isRecord(raw) || typeof raw.playerId !== "string") return [];
  const attributes = new Map<string, MatchmakerAttribute>();
  if (isRecord(raw.attributes)) {
    for (const [name, attribute] of Object.entries(raw.attributes).slice(0, MAX_ATTRIBUTES)) {
      const read = readAttribute(attribute);
      if (read) attributes.set(name, read);
    }
  }
  return [{ playerId: raw.playerId, attributes: toRecord(attributes) }];
}

function readAttribute(raw: unknown): MatchmakerAttribute | undefined {
  if (!isRecord(raw)) return undefined;
  const v = raw.valueAttribute;
  switch (raw.attributeType) {
    case "STRING":
      return typeof v === "string" ? { attributeType: "STRING", valueAttribute: v } : undefined;
    case "DOUBLE":
      return typeof v === "number" && Number.isFinite(v) ? { attributeType: "DOUBLE", valueAttribute: v } : undefined;
    case "STRING_LIST":
      return Array.isArray(v) && v.every((s) => typeof s === "string") ? { attributeType: "STRING_LIST", valueAttribute: [...(v as string[])] } : undefined;
    case "STRING_DOUBLE_MAP": {
      if (!isRecord(v) || !Object.values(v).every((n) => typeof n === "number" && Number.isFinite(n))) return undefined;
      return { attributeType: "STRING_DOUBLE_MAP", valueAttribute: toRecord(new Map(Object.entries(v as Record<string, number>))) };
    }
    default:
      return undefined;
  }
}

/** The attribute as StartMatchBackfill takes it. */
export function attributeValueOf(attribute: MatchmakerAttribute): AttributeValue {
  switch (attribute.attributeType) {
    case "STRING":
      return { S: attribute.valueAttribute };
    case "DOUBLE":
      return { N: attribute.valueAttribute };
    case "STRING_LIST":
      return { SL: [...attribute.valueAttribute] };
    case "STRING_DOUBLE_MAP":
      return { SDM: { ...attribute.valueAttribute } };
  }
}

/**
 * The players a StartMatchBackfill request describes: everyone in the match data (optionally only those
 * `still` says are still playing), each with their team and attributes.
 */
export function backfillPlayers(data: MatchmakerData, still?: (playerId: string) => boolean): MatchmakingPlayer[] {
  return data.teams.flatMap((team) =>
    team.players
      .filter((p) => !still || still(p.playerId))
      .map((p) => {
        const attributes = new Map(Object.entries(p.attributes).map(([name, a]) => [name, attributeValueOf(a)] as const));
        return { playerId: p.playerId, team: team.name, playerAttributes: toRecord(attributes) };
      }),
  );
}

/** A plain object from a map: own properties only, so even a "__proto__" key stays data. */
function toRecord<T>(map: Map<string, T>): Record<string, T> {
  const out: Record<string, T> = {};
  for (const [key, value] of map) Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  return out;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
