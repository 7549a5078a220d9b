/**
 * A player's name on its way from the kit to the game: the kit reserves the seat with PlayerData
 * `{"name":"alice"}` (CreatePlayerSession), GameLift keeps it with the player session, and the gateway reads it
 * back with the player session's record and hands it to the game (GatewayPlayer.name) and to the other players
 * (the `joined` frame). The player chooses it, so it is for display only, never for trust (the PlayerId is
 * what the identity token proves), and it is cleaned on both sides: no control or formatting characters (a
 * right-to-left override could disguise it), whitespace collapsed, at most PLAYER_NAME_MAX characters.
 */
import { depthWithin } from "./json-depth.ts";
import type { JsonValue } from "./wire.ts";

export const PLAYER_NAME_MAX = 32;

/**
 * PlayerData nests no deeper than game messages may (wire.ts LIMITS.dataDepth); not imported from there, so the
 * sign-in chunk, which names players, does not carry the wire parser.
 */
const DATA_DEPTH = 64;

/** GameLift's limit on PlayerData. */
export const PLAYER_DATA_MAX = 2048;

/** The name cleaned for display, or undefined when nothing displayable is left. */
export function cleanPlayerName(raw: unknown): string | undefined {
  if (typeof raw !== "string") return undefined;
  const cleaned = raw
    .slice(0, 4 * PLAYER_NAME_MAX)
    .replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu, "")
    .replace(/\s+/gu, " ")
    .trim();
  const characters = Array.from(cleaned).slice(0, PLAYER_NAME_MAX);
  const name = characters.join("").trim();
  return name === "" ? undefined : name;
}

/** PlayerData carrying the name (and whatever else the game adds). */
export function playerDataWithName(name: string, extra: Record<string, JsonValue> = {}): string {
  return JSON.stringify({ ...extra, name: cleanPlayerName(name) ?? "" });
}

/**
 * What a player session's PlayerData says: `data` when it is JSON (not too deep), and the name it carries
 * (`{"name": …}`), or the whole PlayerData as the name when it is a plain short string.
 */
export function readPlayerData(raw: string | undefined): { name?: string; data?: JsonValue } {
  if (typeof raw !== "string" || raw === "" || raw.length > PLAYER_DATA_MAX) return {};
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch {
    const name = raw.length <= 4 * PLAYER_NAME_MAX ? cleanPlayerName(raw) : undefined;
    return name ? { name } : {};
  }
  if (!depthWithin(data, DATA_DEPTH)) return {};
  const name = data !== null && typeof data === "object" && !Array.isArray(data) && Object.hasOwn(data, "name") ? cleanPlayerName((data as Record<string, unknown>)["name"]) : undefined;
  return { ...(name ? { name } : {}), data: data as JsonValue };
}

/** A name for a player who gave none: "Player" and the end of its id, the same every time. */
export function fallbackPlayerName(playerId: string, prefix = "Player"): string {
  return `${prefix}-${idSuffix(playerId)}`;
}

/** The last four letters or digits of an id ("us-west-2:…-8f3a" → "8F3A"). */
export function idSuffix(id: string): string {
  return (id.replace(/[^A-Za-z0-9]/g, "").slice(-4) || "0000").toUpperCase();
}
