/**
 * The lobby list's query: filters built with the filter builder from the player's choices (and the game's raw
 * filter in front), name matching, pages that keep asking while a name filter leaves them short, and the trail of
 * page tokens behind Previous / Next.
 */
import { describe, expect, test } from "vitest";
import type { GameSessionInfo, SearchSessionsResult } from "../../../../../../plugin/core/gamelift/session-types.ts";
import { fetchPage, filterFor, MAX_SEARCHES_PER_PAGE, nameMatches, PageTrail, SORT_CHOICES } from "../../../../../../plugin/phaser/scenes/lobby/session-query.ts";

const session = (name: string | undefined, n: number) => ({ gameSessionId: `gs-${n}`, name, currentPlayers: 0, maxPlayers: 4, gameProperties: {}, raw: {} }) as GameSessionInfo;

describe("filterFor", () => {
  test("free slots and map as GameLift expressions; nothing chosen is no filter", () => {
    expect(filterFor({ openOnly: true, map: "", nameContains: "" })).toBe("hasAvailablePlayerSessions = true");
    expect(filterFor({ openOnly: true, map: "garden", nameContains: "x" })).toBe("hasAvailablePlayerSessions = true AND gameSessionProperties.map = 'garden'");
    expect(filterFor({ openOnly: false, map: "it's", nameContains: "" })).toBe("gameSessionProperties.map = 'it\\'s'");
    expect(filterFor({ openOnly: false, map: "", nameContains: "" })).toBeUndefined();
  });

  test("the game's raw filter goes in front, parenthesised so its ORs stay its own", () => {
    expect(filterFor({ openOnly: true, map: "", nameContains: "" }, "maximumSessions <= 4 OR playerSessionCount = 0")).toBe(
      "(maximumSessions <= 4 OR playerSessionCount = 0) AND hasAvailablePlayerSessions = true",
    );
    expect(filterFor({ openOnly: false, map: "", nameContains: "" }, " playerSessionCount > 1 ")).toBe("playerSessionCount > 1");
  });

  test("every sort offered is a sort expression", () => {
    expect(SORT_CHOICES.map((s) => s.value)).toEqual(["creationTimeMillis DESC", "creationTimeMillis ASC", "playerSessionCount DESC", "playerSessionCount ASC", "gameSessionName ASC"]);
  });
});

test("nameMatches: case-insensitive, anywhere in the name; unnamed sessions match only an empty text", () => {
  expect(nameMatches({ name: "Friday Night Crates" }, "night")).toBe(true);
  expect(nameMatches({ name: "Friday Night Crates" }, "  CRATES ")).toBe(true);
  expect(nameMatches({ name: "Friday" }, "monday")).toBe(false);
  expect(nameMatches({ name: undefined }, "")).toBe(true);
  expect(nameMatches({ name: undefined }, "a")).toBe(false);
});

describe("fetchPage", () => {
  /** A search over `all`, `limit` a page, with numeric tokens. */
  function searcher(all: GameSessionInfo[], limit: number) {
    const tokens: (string | undefined)[] = [];
    const search = async (token: string | undefined): Promise<SearchSessionsResult> => {
      tokens.push(token);
      const start = Number(token ?? 0);
      const end = start + limit;
      return { sessions: all.slice(start, end), ...(end < all.length ? { nextToken: String(end) } : {}) };
    };
    return { search, tokens };
  }

  test("without a name, one search is one page", async () => {
    const all = Array.from({ length: 10 }, (_, i) => session(`room ${i}`, i));
    const { search, tokens } = searcher(all, 4);
    const page = await fetchPage(search, undefined, 4, "");
    expect(page.sessions.map((s) => s.gameSessionId)).toEqual(["gs-0", "gs-1", "gs-2", "gs-3"]);
    expect(page).toMatchObject({ nextToken: "4", searches: 1 });
    expect(tokens).toEqual([undefined]);
  });

  test("with a name, it asks on until it has a page of matches, and the next page starts after them", async () => {
    const all = Array.from({ length: 30 }, (_, i) => session(i % 5 === 0 ? `crate room ${i}` : `other ${i}`, i));
    const { search, tokens } = searcher(all, 4);
    const page = await fetchPage(search, undefined, 3, "CRATE");
    expect(page.sessions.map((s) => s.name)).toEqual(["crate room 0", "crate room 5", "crate room 10"]);
    expect(tokens).toEqual([undefined, "4", "8"]);
    expect(page.nextToken).toBe("12");
  });

  test("bounded: a name that matches nothing stops after a few searches, and says where to go on", async () => {
    const all = Array.from({ length: 200 }, (_, i) => session(`other ${i}`, i));
    const { search } = searcher(all, 4);
    const page = await fetchPage(search, undefined, 4, "nothing");
    expect(page).toEqual({ sessions: [], nextToken: String(4 * MAX_SEARCHES_PER_PAGE), searches: MAX_SEARCHES_PER_PAGE });
  });

  test("the last page has no next token", async () => {
    const { search } = searcher([session("a", 1), session("b", 2)], 4);
    expect(await fetchPage(search, undefined, 4, "")).toEqual({ sessions: [session("a", 1), session("b", 2)], searches: 1 });
  });
});

test("PageTrail: Next follows the token a page gave, Previous goes back to where the page before began, new choices start over", () => {
  const trail = new PageTrail();
  expect([trail.page, trail.current, trail.hasNext, trail.hasPrevious]).toEqual([1, undefined, false, false]);
  trail.shown("t2");
  expect(trail.hasNext).toBe(true);
  expect(trail.forward()).toBe("t2");
  trail.shown("t3");
  expect(trail.forward()).toBe("t3");
  trail.shown(undefined);
  expect([trail.page, trail.hasNext, trail.hasPrevious]).toEqual([3, false, true]);
  expect(trail.forward()).toBe("t3");
  expect(trail.back()).toBe("t2");
  expect(trail.back()).toBeUndefined();
  expect(trail.back()).toBeUndefined();
  trail.shown("t2");
  trail.forward();
  trail.reset();
  expect([trail.page, trail.current, trail.hasNext]).toEqual([1, undefined, false]);
});
