import { invalidRequest } from "../../http/service-error.ts";
import { SearchExpressionError, selectSessions, type SearchableSession } from "../search/index.ts";
import type { GameSession } from "./game-sessions.ts";

/**
 * The searchable view of one ACTIVE game session, updated in place whenever the session changes, so a search
 * reads prepared objects instead of building 10,000 of them per request.
 */
class SearchEntry implements SearchableSession {
  gameSessionName?: string;
  readonly gameSessionId: string;
  gameSessionProperties: Record<string, string> = {};
  maximumSessions = 0;
  readonly creationTimeMillis: number;
  playerSessionCount = 0;
  hasAvailablePlayerSessions = false;

  readonly session: GameSession;
  constructor(session: GameSession) {
    this.session = session;
    this.gameSessionId = session.id;
    this.creationTimeMillis = session.creationTime.getTime();
    this.update();
  }

  update(): void {
    const s = this.session;
    this.gameSessionName = s.name;
    // AWS: "Property keys containing periods cannot be searched" — they stay on the session, not in the index.
    const properties: Record<string, string> = {};
    for (const [key, value] of s.gameProperties) if (!key.includes(".")) properties[key] = value;
    this.gameSessionProperties = properties;
    this.maximumSessions = s.maximumPlayerSessionCount;
    this.playerSessionCount = s.occupied;
    // "Sessions players can join": a free slot and a policy that lets new player sessions in.
    this.hasAvailablePlayerSessions = s.occupied < s.maximumPlayerSessionCount && s.playerSessionCreationPolicy === "ACCEPT_ALL";
  }
}

export interface SearchQuery {
  fleetId: string;
  location?: string;
  filter?: string;
  sort?: string;
  offset: number;
  limit: number;
}

/** ACTIVE game sessions per fleet and per fleet location, in activation order. */
export class SearchIndex {
  private readonly entries = new Map<GameSession, SearchEntry>();
  private readonly byFleet = new Map<string, Set<SearchEntry>>();
  private readonly byPlace = new Map<string, Set<SearchEntry>>();

  add(session: GameSession): void {
    if (this.entries.has(session)) return;
    const entry = new SearchEntry(session);
    this.entries.set(session, entry);
    bucket(this.byFleet, session.fleetId).add(entry);
    bucket(this.byPlace, place(session.fleetId, session.location)).add(entry);
  }

  remove(session: GameSession): void {
    const entry = this.entries.get(session);
    if (!entry) return;
    this.entries.delete(session);
    this.byFleet.get(session.fleetId)?.delete(entry);
    this.byPlace.get(place(session.fleetId, session.location))?.delete(entry);
  }

  /** Call after any change to a session's name, properties, capacity, policy or player count. */
  refresh(session: GameSession): void {
    this.entries.get(session)?.update();
  }

  search(query: SearchQuery): { sessions: GameSession[]; matched: number } {
    const pool = query.location === undefined ? this.byFleet.get(query.fleetId) : this.byPlace.get(place(query.fleetId, query.location));
    try {
      const { page, matched } = selectSessions(pool ?? [], { filter: query.filter, sort: query.sort, offset: query.offset, limit: query.limit });
      return { sessions: page.map((e) => e.session), matched };
    } catch (e) {
      if (e instanceof SearchExpressionError) throw invalidRequest(e.message);
      throw e;
    }
  }
}

function bucket<K, V>(map: Map<K, Set<V>>, key: K): Set<V> {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  return set;
}

const place = (fleetId: string, location: string): string => `${fleetId}\0${location}`;
