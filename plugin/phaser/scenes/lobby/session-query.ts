/**
 * What the lobby's session list asks SearchGameSessions, from the player's choices: the filter built with the
 * kit's filter builder (open slots, map), the sort, and pages. GameLift's filter grammar has no "contains", so
 * "name contains" is applied to what comes back, and a page keeps asking (a bounded number of times) until it has
 * enough matches or GameLift has no more.
 */
import { and, sortBy, where, type FilterExpression, type NumberOperand, type SortDirection } from "../../../core/gamelift/filter.ts";
import type { GameSessionInfo, SearchSessionsResult } from "../../../core/gamelift/session-types.ts";

export interface ListChoices {
  /** Only sessions with a free slot. */
  openOnly: boolean;
  /** The `map` game property, or "" for any. */
  map: string;
  /** Case-insensitive part of the session's name, or "". */
  nameContains: string;
}

export interface SortChoice {
  value: string;
  label: string;
}

const sort = (operand: NumberOperand | "gameSessionName", direction: SortDirection) => sortBy(operand, direction).toString();

/** The orders the list offers. */
export const SORT_CHOICES: readonly SortChoice[] = [
  { value: sort("creationTimeMillis", "DESC"), label: "Newest" },
  { value: sort("creationTimeMillis", "ASC"), label: "Oldest" },
  { value: sort("playerSessionCount", "DESC"), label: "Most players" },
  { value: sort("playerSessionCount", "ASC"), label: "Fewest players" },
  { value: sort("gameSessionName", "ASC"), label: "Name" },
];

/** The FilterExpression for the choices, with the game's own raw filter (if any) AND-ed in front. */
export function filterFor(choices: ListChoices, base?: string): string | undefined {
  const parts: FilterExpression[] = [];
  if (choices.openOnly) parts.push(where("hasAvailablePlayerSessions").eq(true));
  if (choices.map) parts.push(where("gameSessionProperties.map").eq(choices.map));
  const built = parts.length > 0 ? and(...parts).toString() : undefined;
  const raw = base?.trim();
  if (raw && built) return `(${raw}) AND ${built}`;
  return raw || built;
}

/** Whether a session's name holds the text (case-insensitive); an empty text matches every session. */
export function nameMatches(session: Pick<GameSessionInfo, "name">, text: string): boolean {
  const needle = text.trim().toLowerCase();
  return needle === "" || (session.name ?? "").toLowerCase().includes(needle);
}

/** Searches made for one page at most: with a name to match, a page may take several. */
export const MAX_SEARCHES_PER_PAGE = 5;

/**
 * One page of the list from `startToken`: searches until `want` sessions match the name (or GameLift has no
 * more, or MAX_SEARCHES_PER_PAGE searches were made). `nextToken` is where the next page starts.
 */
export async function fetchPage(
  search: (nextToken: string | undefined) => Promise<SearchSessionsResult>,
  startToken: string | undefined,
  want: number,
  nameContains: string,
): Promise<{ sessions: GameSessionInfo[]; nextToken?: string; searches: number }> {
  const sessions: GameSessionInfo[] = [];
  let token = startToken;
  let searches = 0;
  do {
    const result = await search(token);
    searches++;
    sessions.push(...result.sessions.filter((s) => nameMatches(s, nameContains)));
    token = result.nextToken;
  } while (token && sessions.length < want && searches < MAX_SEARCHES_PER_PAGE);
  return { sessions, ...(token ? { nextToken: token } : {}), searches };
}

/** The list's place in the results: the token each page starts from, so "previous" can go back. */
export class PageTrail {
  private readonly starts: (string | undefined)[] = [undefined];
  private next: string | undefined;

  /** 1-based. */
  get page(): number {
    return this.starts.length;
  }

  get current(): string | undefined {
    return this.starts[this.starts.length - 1];
  }

  get hasNext(): boolean {
    return this.next !== undefined;
  }

  get hasPrevious(): boolean {
    return this.starts.length > 1;
  }

  /** What the page just shown said about the next one. */
  shown(nextToken: string | undefined): void {
    this.next = nextToken;
  }

  forward(): string | undefined {
    if (this.next === undefined) return this.current;
    this.starts.push(this.next);
    this.next = undefined;
    return this.current;
  }

  back(): string | undefined {
    if (this.starts.length > 1) this.starts.pop();
    this.next = undefined;
    return this.current;
  }

  /** New choices: back to the first page (a NextToken belongs to the query that made it). */
  reset(): void {
    this.starts.length = 1;
    this.next = undefined;
  }
}
