// SearchGameSessions: what it finds, its filter grammar, its sort, its pages.
import { expect } from "vitest";
import { REF, conformance, failure, rule, type Out, type Protocol, type Suite } from "./harness.ts";

/** A fleet with `names.length` ACTIVE game sessions named so, created in that order, with the given properties. */
async function sessions(protocol: Protocol, suite: Suite, tag: string, specs: { name: string; max?: number; properties?: Record<string, string> }[]) {
  const call = suite.call(protocol);
  const fleet = await suite.fleet(protocol, tag);
  await suite.hosts(protocol, fleet, specs.length);
  const ids: string[] = [];
  for (const spec of specs) {
    const input = {
      FleetId: fleet.fleetId,
      Location: fleet.location,
      MaximumPlayerSessionCount: spec.max ?? 4,
      Name: spec.name,
      GameProperties: Object.entries(spec.properties ?? {}).map(([Key, Value]) => ({ Key, Value })),
    };
    ids.push((await call("CreateGameSession", input)).GameSession.GameSessionId);
    // creationTimeMillis must differ from one session to the next for the sort tests.
    suite.clock.advance(10);
  }
  for (const id of ids) await suite.sessionStatus(protocol, id, "ACTIVE");
  const search = async (input: Record<string, unknown> = {}) => (await call("SearchGameSessions", { FleetId: fleet.fleetId, ...input })) as Out;
  const names = async (input: Record<string, unknown> = {}) => (await search(input)).GameSessions.map((g: { Name: string }) => g.Name) as string[];
  return { ...fleet, ids, search, names };
}

conformance("SearchGameSessions", (protocol, suite) => {
  const call = suite.call(protocol);

  rule("SearchGameSessions: finds game sessions in ACTIVE status only", REF.api("SearchGameSessions"), async () => {
    const s = await sessions(protocol, suite, "active-only", [{ name: "up" }, { name: "ending" }]);
    await suite.hosts(protocol, s, 1, { activate: false });
    await call("CreateGameSession", { FleetId: s.fleetId, Location: s.location, MaximumPlayerSessionCount: 2, Name: "starting" });
    await call("TerminateGameSession", { GameSessionId: s.ids[1], TerminationMode: "FORCE_TERMINATE" });
    expect(await s.names()).toEqual(["up"]);
  });

  rule("SearchGameSessions: returns at most 20 results whatever Limit asks", REF.api2019, async () => {
    const s = await sessions(protocol, suite, "twenty", Array.from({ length: 22 }, (_, i) => ({ name: `room-${i}` })));
    const page = await s.search({ Limit: 50 });
    expect(page.GameSessions).toHaveLength(20);
    const rest = await s.search({ Limit: 50, NextToken: page.NextToken });
    expect(rest.GameSessions).toHaveLength(2);
    expect(rest.NextToken).toBeUndefined();
  });

  rule("SearchGameSessions: filters on gameSessionProperties.<key> = '<value>' (values searched as strings, case-sensitive)", REF.api2019, async () => {
    const s = await sessions(protocol, suite, "properties", [
      { name: "easy", properties: { difficulty: "novice" } },
      { name: "hard", properties: { difficulty: "expert" } },
      { name: "Easy", properties: { difficulty: "Novice" } },
    ]);
    expect(await s.names({ FilterExpression: "gameSessionProperties.difficulty = 'novice'" })).toEqual(["easy"]);
    expect((await s.names({ FilterExpression: "gameSessionProperties.difficulty <> 'novice'", SortExpression: "gameSessionName ASC" })).sort()).toEqual(["Easy", "hard"]);
  });

  rule("SearchGameSessions: a property key containing a period cannot be searched", REF.api("SearchGameSessions"), async () => {
    const s = await sessions(protocol, suite, "dotted", [{ name: "dotted", properties: { "game.mode": "ctf", mode: "ctf" } }]);
    expect(await s.names({ FilterExpression: "gameSessionProperties.mode = 'ctf'" })).toEqual(["dotted"]);
    const dotted = await call("SearchGameSessions", { FleetId: s.fleetId, FilterExpression: "gameSessionProperties.game.mode = 'ctf'" }).catch(() => ({ GameSessions: [] }));
    expect(dotted.GameSessions).toEqual([]);
  });

  rule("SearchGameSessions: string and boolean values may only be compared with = and <>", REF.api2019, async () => {
    const s = await sessions(protocol, suite, "comparators", [{ name: "a" }]);
    const e = await failure(s.search({ FilterExpression: "gameSessionName < 'b'" }));
    expect(e.name).toBe("InvalidRequestException");
    expect((await failure(s.search({ FilterExpression: "hasAvailablePlayerSessions >= true" }))).name).toBe("InvalidRequestException");
  });

  rule("SearchGameSessions: numbers compare with =, <>, <, >, <= and >=", REF.api("SearchGameSessions"), async () => {
    const s = await sessions(protocol, suite, "numbers", [{ name: "two", max: 2 }, { name: "ten", max: 10 }, { name: "twenty", max: 20 }]);
    expect(await s.names({ FilterExpression: "maximumSessions >= 10", SortExpression: "maximumSessions ASC" })).toEqual(["ten", "twenty"]);
    expect(await s.names({ FilterExpression: "maximumSessions < 10" })).toEqual(["two"]);
    expect(await s.names({ FilterExpression: "maximumSessions <> 10", SortExpression: "maximumSessions DESC" })).toEqual(["twenty", "two"]);
  });

  rule("SearchGameSessions: NOT binds tighter than AND, AND tighter than OR; parentheses group", REF.api2019, async () => {
    const s = await sessions(protocol, suite, "precedence", [{ name: "a", max: 2 }, { name: "b", max: 4 }, { name: "c", max: 6 }]);
    const sort = { SortExpression: "gameSessionName ASC" };
    // a OR (b AND NOT c-sized): "a", "b"
    expect(await s.names({ FilterExpression: "gameSessionName = 'a' OR gameSessionName = 'b' AND NOT maximumSessions = 6", ...sort })).toEqual(["a", "b"]);
    // (a OR b) AND maximumSessions = 4: "b"
    expect(await s.names({ FilterExpression: "(gameSessionName = 'a' OR gameSessionName = 'b') AND maximumSessions = 4", ...sort })).toEqual(["b"]);
    expect(await s.names({ FilterExpression: "NOT (gameSessionName = 'a' OR gameSessionName = 'b')", ...sort })).toEqual(["c"]);
  });

  rule("SearchGameSessions: sorts ASC or DESC on an attribute; sessions with no value for the sort operand come last", REF.api2019, async () => {
    const s = await sessions(protocol, suite, "sorting", [
      { name: "first", properties: { rank: "b" } },
      { name: "second" },
      { name: "third", properties: { rank: "a" } },
    ]);
    expect(await s.names({ SortExpression: "creationTimeMillis ASC" })).toEqual(["first", "second", "third"]);
    expect(await s.names({ SortExpression: "creationTimeMillis DESC" })).toEqual(["third", "second", "first"]);
    expect(await s.names({ SortExpression: "gameSessionProperties.rank ASC" })).toEqual(["third", "first", "second"]);
    expect(await s.names({ SortExpression: "gameSessionProperties.rank DESC" })).toEqual(["first", "third", "second"]);
  });

  rule("SearchGameSessions: playerSessionCount counts the taken slots, RESERVED included, as CurrentPlayerSessionCount does; hasAvailablePlayerSessions is false once they are all taken (decision: local/README.md)", REF.api("SearchGameSessions"), async () => {
    const s = await sessions(protocol, suite, "counts", [{ name: "pair", max: 2 }, { name: "empty", max: 2 }]);
    await call("CreatePlayerSession", { GameSessionId: s.ids[0], PlayerId: "one" });
    const [found] = (await s.search({ FilterExpression: "playerSessionCount = 1" })).GameSessions;
    expect([found.Name, found.CurrentPlayerSessionCount]).toEqual(["pair", 1]);
    await call("CreatePlayerSession", { GameSessionId: s.ids[0], PlayerId: "two" });
    expect(await s.names({ FilterExpression: "hasAvailablePlayerSessions = true" })).toEqual(["empty"]);
    expect(await s.names({ FilterExpression: "hasAvailablePlayerSessions = false" })).toEqual(["pair"]);
  });

  rule("SearchGameSessions: searches the fleet behind an alias; FleetId and AliasId together are refused; a TERMINAL alias is a TerminalRoutingStrategyException", REF.api("SearchGameSessions"), async () => {
    const s = await sessions(protocol, suite, "by-alias", [{ name: "aliased" }]);
    const { Alias } = await call("CreateAlias", { Name: "search", RoutingStrategy: { Type: "SIMPLE", FleetId: s.fleetId } });
    expect((await call("SearchGameSessions", { AliasId: Alias.AliasId })).GameSessions.map((g: { Name: string }) => g.Name)).toEqual(["aliased"]);
    expect((await failure(call("SearchGameSessions", { AliasId: Alias.AliasId, FleetId: s.fleetId }))).name).toBe("InvalidRequestException");
    const terminal = (await call("CreateAlias", { Name: "gone", RoutingStrategy: { Type: "TERMINAL", Message: "no more" } })).Alias;
    expect((await failure(call("SearchGameSessions", { AliasId: terminal.AliasId }))).name).toBe("TerminalRoutingStrategyException");
  });

  rule("SearchGameSessions: a Location narrows the search to that fleet location", REF.api("SearchGameSessions"), async () => {
    const s = await sessions(protocol, suite, "located", [{ name: "here" }]);
    expect(await s.names({ Location: s.location })).toEqual(["here"]);
    expect(await s.names({ Location: suite.stack.region })).toEqual([]);
  });

  rule("SearchGameSessions: a malformed filter expression is an InvalidRequestException", REF.api("SearchGameSessions"), async () => {
    const s = await sessions(protocol, suite, "malformed", [{ name: "x" }]);
    expect((await failure(s.search({ FilterExpression: "playerSessionCount <" }))).name).toBe("InvalidRequestException");
    expect((await failure(s.search({ SortExpression: "gameSessionName SIDEWAYS" }))).name).toBe("InvalidRequestException");
  });
});
