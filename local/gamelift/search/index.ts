/**
 * SearchGameSessions' FilterExpression and SortExpression for the local GameLift service.
 *
 *   const isOpen = compileFilter("playerSessionCount < 8 AND hasAvailablePlayerSessions = true");
 *   const newestFirst = compileSort("creationTimeMillis DESC");
 *   const { page, matched } = selectSessions(activeSessions, {
 *     filter: input.FilterExpression, sort: input.SortExpression, offset, limit: Math.min(input.Limit ?? 20, 20),
 *   });
 *
 * Every refusal is a SearchExpressionError with the offending 0-based position; nothing else is thrown for
 * any input string.
 */
import { LruCache } from "./cache.ts";
import { type Predicate, compileFilterAst } from "./compile.ts";
import { parseFilter, parseSort } from "./parser.ts";
import { type Selection, selectCompiled } from "./select.ts";
import type { SearchableSession } from "./session.ts";
import { type SessionComparator, type SortOrder, compileSortSpec } from "./sort.ts";

export { SearchExpressionError, MAX_EXPRESSION_LENGTH, MAX_NESTING_DEPTH } from "./errors.ts";
export type { SearchableSession } from "./session.ts";
export type { Predicate } from "./compile.ts";
export type { SessionComparator } from "./sort.ts";
export type { Selection } from "./select.ts";

const CACHE_SIZE = 256;
const filters = new LruCache<Predicate>(CACHE_SIZE);
const sorts = new LruCache<SortOrder>(CACHE_SIZE);

/** Compiles a FilterExpression into a predicate (cached by exact text). Throws SearchExpressionError. */
export function compileFilter(expr: string): Predicate {
  let predicate = filters.get(expr);
  if (predicate === undefined) {
    predicate = compileFilterAst(parseFilter(expr));
    filters.set(expr, predicate);
  }
  return predicate;
}

/** Compiles a SortExpression into an Array.prototype.sort comparator (cached). Throws SearchExpressionError. */
export function compileSort(expr: string): SessionComparator {
  return compileSortOrder(expr).compare;
}

function compileSortOrder(expr: string): SortOrder {
  let order = sorts.get(expr);
  if (order === undefined) {
    order = compileSortSpec(parseSort(expr));
    sorts.set(expr, order);
  }
  return order;
}

export interface SelectOptions {
  /** FilterExpression; undefined means every session. An empty string is an invalid expression. */
  filter?: string;
  /** SortExpression; undefined keeps the input order. */
  sort?: string;
  /** Matches to skip (the position a NextToken stands for). Default 0. */
  offset?: number;
  /** Page size. Clamping to GameLift's 20 is the caller's business. */
  limit: number;
}

function nonNegativeInteger(n: number | undefined): number {
  return n === undefined || !(n > 0) ? 0 : Math.floor(n);
}

/**
 * Filters, sorts and pages `sessions` (the caller passes ACTIVE ones only). Both expressions are compiled
 * before any session is looked at, so a bad one throws even for an empty fleet.
 */
export function selectSessions<T extends SearchableSession>(sessions: Iterable<T>, options: SelectOptions): Selection<T> {
  const filter = options.filter === undefined ? undefined : compileFilter(options.filter);
  const order = options.sort === undefined ? undefined : compileSortOrder(options.sort);
  return selectCompiled(sessions, filter, order, nonNegativeInteger(options.offset), nonNegativeInteger(options.limit));
}

/** Forgets compiled expressions (tests measure cold compiles with it). */
export function clearSearchCaches(): void {
  filters.clear();
  sorts.clear();
}
