// FlexMatch in the GameLift model: operations called as the HTTP front calls them, server processes as
// in-memory channels recording what the service pushed (the wire is covered by the integration tests).
import { afterEach, describe, expect, test } from "vitest";
import type { GameLiftTimings } from "../../../../../local/gamelift/index.ts";
import { createWorld, eventually, type Output, type World } from "../../../../fixtures/gamelift-world.ts";
import { TWO_VS_TWO } from "../matchmaking/fixtures.ts";

const worlds: World[] = [];
afterEach(() => {
  for (const w of worlds.splice(0)) w.close();
});

function world(timings: Partial<GameLiftTimings> = {}) {
  const w = createWorld({ matchmakingTickMs: 5, placementPollMs: 5, ...timings });
  worlds.push(w);
  return w;
}

const skill = (n: number) => ({ skill: { N: n } });

/** A rule set, a queue onto a fleet with `processes` ready processes, and a configuration. */
function setUp(w: World, opts: { processes?: number; config?: Record<string, unknown>; ruleSet?: unknown } = {}) {
  const fleet = w.anywhereFleet({ computes: 1 });
  const processes = Array.from({ length: opts.processes ?? 2 }, () => w.connectProcess(fleet.fleetId, fleet.computes[0]!));
  w.call("CreateMatchmakingRuleSet", { Name: "two-vs-two", RuleSetBody: JSON.stringify(opts.ruleSet ?? TWO_VS_TWO) });
  const queue = w.call("CreateGameSessionQueue", { Name: "matches", TimeoutInSeconds: 10, Destinations: [{ DestinationArn: fleet.fleetArn }] }).GameSessionQueue;
  const configuration = w.call("CreateMatchmakingConfiguration", {
    Name: "quick",
    RuleSetName: "two-vs-two",
    GameSessionQueueArns: [queue.GameSessionQueueArn],
    RequestTimeoutSeconds: 60,
    AcceptanceRequired: false,
    GameProperties: [{ Key: "map", Value: "arena" }],
    GameSessionData: "mode=ranked",
    ...opts.config,
  }).Configuration;
  return { fleet, processes, queue, configuration };
}

function start(w: World, ticketId: string, players: Record<string, Record<string, unknown>>, configurationName = "quick"): Output {
  return w.call("StartMatchmaking", {
    TicketId: ticketId,
    ConfigurationName: configurationName,
    Players: Object.entries(players).map(([PlayerId, PlayerAttributes]) => ({ PlayerId, PlayerAttributes })),
  }).MatchmakingTicket;
}

const describeTickets = (w: World, ...ids: string[]): Output[] => w.call("DescribeMatchmaking", { TicketIds: ids }).TicketList;
const statusOf = (w: World, id: string): string => describeTickets(w, id)[0]!.Status;

describe("rule sets and configurations", () => {
  test("create, describe, validate, delete; a rule set in use cannot be deleted", () => {
    const w = world();
    const { configuration, queue } = setUp(w);
    expect(w.call("ValidateMatchmakingRuleSet", { RuleSetBody: JSON.stringify(TWO_VS_TWO) })).toEqual({ Valid: true });
    expect(() => w.call("ValidateMatchmakingRuleSet", { RuleSetBody: '{"ruleLanguageVersion":"1.0","teams":[],"oops":1}' })).toThrow(/Invalid rule set: .*teams: must define at least one team.*oops/);
    const described = w.call("DescribeMatchmakingRuleSets", { Names: ["two-vs-two"] }).RuleSets;
    expect(described[0]).toMatchObject({ RuleSetName: "two-vs-two", RuleSetArn: "arn:aws:gamelift:us-west-2::matchmakingruleset/two-vs-two" });
    expect(described[0].CreationTime).toBeInstanceOf(Date);
    expect(() => w.call("DescribeMatchmakingRuleSets", { Names: ["nope"] })).toThrow(expect.objectContaining({ name: "NotFoundException" }));
    expect(() => w.call("CreateMatchmakingRuleSet", { Name: "two-vs-two", RuleSetBody: JSON.stringify(TWO_VS_TWO) })).toThrow(/already exists/);
    expect(() => w.call("DeleteMatchmakingRuleSet", { Name: "two-vs-two" })).toThrow(/used by matchmaking configuration quick/);

    expect(configuration).toMatchObject({
      Name: "quick",
      ConfigurationArn: "arn:aws:gamelift:us-west-2::matchmakingconfiguration/quick",
      RuleSetArn: "arn:aws:gamelift:us-west-2::matchmakingruleset/two-vs-two",
      GameSessionQueueArns: [queue.GameSessionQueueArn],
      BackfillMode: "MANUAL",
      FlexMatchMode: "WITH_QUEUE",
      AdditionalPlayerCount: 0,
      GameProperties: [{ Key: "map", Value: "arena" }],
    });
    const updated = w.call("UpdateMatchmakingConfiguration", { Name: configuration.ConfigurationArn, AcceptanceRequired: true, AcceptanceTimeoutSeconds: 30, Description: "ranked" }).Configuration;
    expect(updated).toMatchObject({ AcceptanceRequired: true, AcceptanceTimeoutSeconds: 30, Description: "ranked", RequestTimeoutSeconds: 60 });
    expect(w.call("DescribeMatchmakingConfigurations", { RuleSetName: "two-vs-two" }).Configurations.map((c: Output) => c.Name)).toEqual(["quick"]);
    expect(w.call("DescribeMatchmakingConfigurations", { Names: ["quick", "missing"] }).Configurations).toHaveLength(1);

    w.call("DeleteMatchmakingConfiguration", { Name: "quick" });
    w.call("DeleteMatchmakingRuleSet", { Name: "two-vs-two" });
    expect(w.call("DescribeMatchmakingRuleSets", {}).RuleSets).toEqual([]);
  });

  test.each([
    ["a WITH_QUEUE configuration without a queue", { GameSessionQueueArns: undefined }, /GameSessionQueueArns is required when FlexMatchMode is WITH_QUEUE/],
    ["a queue that does not exist", { GameSessionQueueArns: ["arn:aws:gamelift:us-west-2:123456789012:gamesessionqueue/nope"] }, /Game session queue .* not found/],
    ["STANDALONE with a queue", { FlexMatchMode: "STANDALONE" }, /must not be set when FlexMatchMode is STANDALONE/],
    ["STANDALONE with automatic backfill", { FlexMatchMode: "STANDALONE", GameSessionQueueArns: undefined, BackfillMode: "AUTOMATIC" }, /AUTOMATIC is not available/],
    ["acceptance without a timeout", { AcceptanceRequired: true }, /AcceptanceTimeoutSeconds is required/],
    ["a request timeout above 43,200 s", { RequestTimeoutSeconds: 43201 }, /requestTimeoutSeconds' failed to satisfy constraint: Member must have value less than or equal to 43200/],
    ["an acceptance timeout above 600 s", { AcceptanceRequired: true, AcceptanceTimeoutSeconds: 601 }, /acceptanceTimeoutSeconds' failed to satisfy constraint/],
    ["a bad name", { Name: "no spaces" }, /'name' failed to satisfy constraint: Member must satisfy regular expression pattern/],
    ["an unknown rule set", { RuleSetName: "nope" }, /Matchmaking rule set nope not found/],
  ])("CreateMatchmakingConfiguration refuses %s", (_what, change, message) => {
    const w = world();
    const fleet = w.anywhereFleet();
    w.call("CreateMatchmakingRuleSet", { Name: "rs", RuleSetBody: JSON.stringify(TWO_VS_TWO) });
    const queue = w.call("CreateGameSessionQueue", { Name: "q", Destinations: [{ DestinationArn: fleet.fleetArn }] }).GameSessionQueue;
    const input: Record<string, unknown> = { Name: "c", RuleSetName: "rs", GameSessionQueueArns: [queue.GameSessionQueueArn], RequestTimeoutSeconds: 60, AcceptanceRequired: false, ...change };
    for (const [k, v] of Object.entries(input)) if (v === undefined) delete input[k];
    expect(() => w.call("CreateMatchmakingConfiguration", input)).toThrow(message);
  });
});

describe("StartMatchmaking checks its input", () => {
  test.each([
    ["more than 10 players", Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`p${i}`, skill(1)])), /'players' failed to satisfy constraint: Member must have length less than or equal to 10/],
    ["an attribute of the wrong type", { a: { skill: { S: "high" } } }, /attribute 'skill' is string; the rule set declares it number \(N\)/],
    ["an attribute value with two members", { a: { skill: { N: 1, S: "x" } } }, /exactly one of S, N, SL, SDM/],
    ["more than 10 attributes", { a: Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`x${i}`, { N: i }])) }, /playerAttributes' failed to satisfy constraint: Member must have length less than or equal to 10/],
    ["a string longer than 100", { a: { skill: { N: 1 }, name: { S: "x".repeat(101) } } }, /Member must have length less than or equal to 100/],
    ["a party bigger than a team", { a: skill(1), b: skill(1), c: skill(1) }, /holds 3 players, who play on one team; the largest team .* holds 2/],
  ])("refuses %s", (_what, players, message) => {
    const w = world();
    setUp(w);
    expect(() => start(w, "t", players as Record<string, Record<string, unknown>>)).toThrow(message);
  });

  test("defaults fill missing attributes; a player is in one ticket at a time; ticket ids are not reused; unknown configurations are NotFound", () => {
    const w = world();
    setUp(w);
    const ticket = start(w, "t1", { alice: {} });
    expect(ticket).toMatchObject({ TicketId: "t1", Status: "QUEUED", ConfigurationName: "quick", Players: [{ PlayerId: "alice" }] });
    expect(ticket.StartTime).toBeInstanceOf(Date);
    expect(() => start(w, "t2", { alice: skill(3) })).toThrow(/Player alice is already in matchmaking ticket t1/);
    expect(() => start(w, "t1", { bob: skill(3) })).toThrow(/ticket ID t1 is already in use/);
    expect(() => start(w, "t3", { bob: skill(3) }, "nope")).toThrow(expect.objectContaining({ name: "NotFoundException" }));
    expect(() => w.call("StartMatchmaking", { ConfigurationName: "quick", Players: [{ PlayerId: "c", Team: "red" }] })).toThrow(/Team is given only in StartMatchBackfill/);
    const generated = w.call("StartMatchmaking", { ConfigurationName: "quick", Players: [{ PlayerId: "dora" }] }).MatchmakingTicket;
    expect(generated.TicketId).toMatch(/^[0-9a-f-]{36}$/);
    expect(() => w.call("DescribeMatchmaking", { TicketIds: Array.from({ length: 11 }, (_, i) => `t${i}`) })).toThrow(/ticketIds' failed to satisfy constraint: Member must have length less than or equal to 10/);
    expect(describeTickets(w, "missing", "t1").map((t) => t.TicketId)).toEqual(["t1"]);
  });
});

describe("the ticket lifecycle", () => {
  test("four singles → SEARCHING → PLACING → COMPLETED in one game session carrying the match data", async () => {
    const w = world();
    const { processes, configuration } = setUp(w);
    const skills = { a: 10, b: 20, c: 12, d: 18 };
    for (const [id, s] of Object.entries(skills)) start(w, id, { [`player-${id}`]: skill(s) });
    await eventually(() => expect(processes.some((p) => p.channel.of("createGameSession").length === 1)).toBe(true));
    const host = processes.find((p) => p.channel.of("createGameSession").length === 1)!;
    const pushed = host.channel.of("createGameSession")[0]!.session;
    expect(describeTickets(w, "a", "b", "c", "d").map((t) => t.Status)).toEqual(["PLACING", "PLACING", "PLACING", "PLACING"]);
    expect(pushed.MaximumPlayerSessionCount).toBe(4);
    expect(pushed.GameProperties).toEqual({ map: "arena" });
    expect(pushed.GameSessionData).toBe("mode=ranked");
    const data = JSON.parse(pushed.MatchmakerData!);
    expect(data).toMatchObject({ matchmakingConfigurationArn: configuration.ConfigurationArn, autoBackfillMode: null, autoBackfillTicketId: null });
    expect(data.matchId).toMatch(/^[0-9a-f-]{36}$/);
    expect(data.teams.map((t: { name: string }) => t.name)).toEqual(["red", "blue"]);
    expect(data.teams[0].players[0].attributes.skill).toMatchObject({ attributeType: "DOUBLE" });

    host.handle.activateGameSession(pushed.GameSessionId);
    const tickets = describeTickets(w, "a", "b", "c", "d");
    expect(tickets.map((t) => t.Status)).toEqual(["COMPLETED", "COMPLETED", "COMPLETED", "COMPLETED"]);
    for (const t of tickets) {
      expect(t.GameSessionConnectionInfo).toMatchObject({ GameSessionArn: pushed.GameSessionId, IpAddress: "10.0.0.1", Port: pushed.Port });
      expect(t.GameSessionConnectionInfo.MatchedPlayerSessions).toEqual([{ PlayerId: t.Players[0].PlayerId, PlayerSessionId: expect.stringMatching(/^psess-/) }]);
      expect(["red", "blue"]).toContain(t.Players[0].Team);
      expect(t.EndTime).toBeInstanceOf(Date);
    }
    const session = w.call("DescribeGameSessions", { GameSessionId: pushed.GameSessionId }).GameSessions[0];
    expect(JSON.parse(session.MatchmakerData)).toEqual(data);
    expect(session.CurrentPlayerSessionCount).toBe(4);
  });

  test("a rule the skills cannot meet never matches: TIMED_OUT with a reason", async () => {
    const w = world({ matchmakingTimeScale: 0.01 });
    setUp(w, { config: { RequestTimeoutSeconds: 20 } });
    for (const [id, s] of Object.entries({ a: 0, b: 1000, c: 2000, d: 3000 })) start(w, id, { [id]: skill(s) });
    await eventually(() => expect(statusOf(w, "a")).toBe("SEARCHING"));
    await eventually(() => expect(describeTickets(w, "a", "b", "c", "d").map((t) => t.Status)).toEqual(["TIMED_OUT", "TIMED_OUT", "TIMED_OUT", "TIMED_OUT"]), 3000);
    expect(describeTickets(w, "a")[0]).toMatchObject({ StatusReason: "TimedOut", StatusMessage: expect.stringMatching(/timing out/) });
  });

  test("acceptance: one decline cancels that ticket and sends the others back to searching; all accept → placed", async () => {
    const w = world();
    const { processes } = setUp(w, { config: { AcceptanceRequired: true, AcceptanceTimeoutSeconds: 60 } });
    for (const [id, s] of Object.entries({ a: 10, b: 11, c: 12, d: 13 })) start(w, id, { [id]: skill(s) });
    await eventually(() => expect(describeTickets(w, "a", "b", "c", "d").every((t) => t.Status === "REQUIRES_ACCEPTANCE")).toBe(true));
    w.call("AcceptMatch", { TicketId: "a", PlayerIds: ["a"], AcceptanceType: "ACCEPT" });
    expect(() => w.call("AcceptMatch", { TicketId: "b", PlayerIds: ["a"], AcceptanceType: "ACCEPT" })).toThrow(/Player a is not in matchmaking ticket b/);
    w.call("AcceptMatch", { TicketId: "b", PlayerIds: ["b"], AcceptanceType: "REJECT" });
    const after = describeTickets(w, "a", "b", "c", "d");
    expect(after.map((t) => t.Status)).toEqual(["SEARCHING", "CANCELLED", "SEARCHING", "SEARCHING"]);
    expect(after[1]).toMatchObject({ StatusReason: "Rejected" });
    expect(after[0]).toMatchObject({ StatusReason: "MatchRejected" });
    expect(() => w.call("AcceptMatch", { TicketId: "b", PlayerIds: ["b"], AcceptanceType: "ACCEPT" })).toThrow(/CANCELLED; AcceptMatch needs a ticket in REQUIRES_ACCEPTANCE/);

    start(w, "e", { e: skill(11) });
    await eventually(() => expect(describeTickets(w, "a", "c", "d", "e").every((t) => t.Status === "REQUIRES_ACCEPTANCE")).toBe(true));
    for (const id of ["a", "c", "d", "e"]) w.call("AcceptMatch", { TicketId: id, PlayerIds: [id], AcceptanceType: "ACCEPT" });
    expect(describeTickets(w, "a", "c", "d", "e").map((t) => t.Status)).toEqual(["PLACING", "PLACING", "PLACING", "PLACING"]);
    await eventually(() => expect(processes.some((p) => p.channel.of("createGameSession").length === 1)).toBe(true));
  });

  test("acceptance timeout: the silent tickets are cancelled, the ones that accepted search again", async () => {
    const w = world({ matchmakingTimeScale: 0.01 });
    setUp(w, { config: { AcceptanceRequired: true, AcceptanceTimeoutSeconds: 10 } });
    for (const [id, s] of Object.entries({ a: 10, b: 11, c: 12, d: 13 })) start(w, id, { [id]: skill(s) });
    await eventually(() => expect(statusOf(w, "a")).toBe("REQUIRES_ACCEPTANCE"));
    w.call("AcceptMatch", { TicketId: "a", PlayerIds: ["a"], AcceptanceType: "ACCEPT" });
    w.call("AcceptMatch", { TicketId: "c", PlayerIds: ["c"], AcceptanceType: "ACCEPT" });
    await eventually(() => expect(describeTickets(w, "a", "b", "c", "d").map((t) => t.Status)).toEqual(["SEARCHING", "CANCELLED", "SEARCHING", "CANCELLED"]));
    expect(describeTickets(w, "b")[0]).toMatchObject({ StatusReason: "AcceptanceTimedOut" });
  });

  test("StopMatchmaking cancels a waiting ticket; a finished one cannot be stopped; stopping twice is fine", async () => {
    const w = world();
    setUp(w);
    start(w, "a", { a: skill(1) });
    w.call("StopMatchmaking", { TicketId: "a" });
    expect(describeTickets(w, "a")[0]).toMatchObject({ Status: "CANCELLED", StatusReason: "Cancelled" });
    w.call("StopMatchmaking", { TicketId: "a" });
    expect(() => w.call("StopMatchmaking", { TicketId: "zzz" })).toThrow(expect.objectContaining({ name: "NotFoundException" }));
    // The player is free to queue again with a new ticket.
    start(w, "a2", { a: skill(1) });
    expect(statusOf(w, "a2")).toBe("QUEUED");
  });

  test("STANDALONE: matches complete with teams and no game session", async () => {
    const w = world();
    w.call("CreateMatchmakingRuleSet", { Name: "rs", RuleSetBody: JSON.stringify(TWO_VS_TWO) });
    w.call("CreateMatchmakingConfiguration", { Name: "solo", RuleSetName: "rs", FlexMatchMode: "STANDALONE", RequestTimeoutSeconds: 60, AcceptanceRequired: false });
    expect(w.call("DescribeMatchmakingConfigurations", { Names: ["solo"] }).Configurations[0].GameSessionQueueArns).toBeUndefined();
    for (const [id, s] of Object.entries({ a: 10, b: 11, c: 12, d: 13 })) start(w, id, { [id]: skill(s) }, "solo");
    await eventually(() => expect(statusOf(w, "a")).toBe("COMPLETED"));
    const tickets = describeTickets(w, "a", "b", "c", "d");
    expect(tickets.every((t) => t.Status === "COMPLETED" && t.GameSessionConnectionInfo === undefined)).toBe(true);
    expect(tickets.map((t) => t.Players[0].Team).sort()).toEqual(["blue", "blue", "red", "red"]);
    expect(tickets[0]!.EstimatedWaitTime).toBeUndefined();
    start(w, "e", { e: skill(5) }, "solo");
    expect(describeTickets(w, "e")[0]!.EstimatedWaitTime).toBe(0);
  });
});

describe("backfill", () => {
  /** One placed 2v2 from three players (teams of 1–2), so a slot stays open. */
  async function runningMatch(w: World, config: Record<string, unknown> = {}) {
    const ruleSet = { ...TWO_VS_TWO, teams: [{ name: "red", minPlayers: 1, maxPlayers: 2 }, { name: "blue", minPlayers: 1, maxPlayers: 2 }] };
    const setup = setUp(w, { ruleSet, config });
    for (const [id, s] of Object.entries({ a: 10, b: 12, c: 14 })) start(w, id, { [id]: skill(s) });
    await eventually(() => expect(setup.processes.some((p) => p.channel.of("createGameSession").length === 1)).toBe(true));
    const host = setup.processes.find((p) => p.channel.of("createGameSession").length === 1)!;
    const pushed = host.channel.of("createGameSession")[0]!.session;
    host.handle.activateGameSession(pushed.GameSessionId);
    await eventually(() => expect(statusOf(w, "a")).toBe("COMPLETED"));
    return { ...setup, host, gameSessionId: pushed.GameSessionId, data: JSON.parse(pushed.MatchmakerData!) };
  }

  function playersOf(data: { teams: { name: string; players: { playerId: string; attributes: Record<string, { valueAttribute: number }> }[] }[] }) {
    return data.teams.flatMap((t) => t.players.map((p) => ({ PlayerId: p.playerId, Team: t.name, PlayerAttributes: { skill: { N: p.attributes.skill!.valueAttribute } } })));
  }

  test("the server's StartMatchBackfill adds a player: new player session, new match data, UpdateGameSession MATCHMAKING_DATA_UPDATED", async () => {
    const w = world();
    const match = await runningMatch(w);
    expect(match.data.teams.flatMap((t: { players: unknown[] }) => t.players)).toHaveLength(3);
    const { TicketId } = match.host.handle.startMatchBackfill({ GameSessionArn: match.gameSessionId, MatchmakingConfigurationArn: match.configuration.ConfigurationArn, Players: playersOf(match.data) });
    expect(() => match.host.handle.startMatchBackfill({ GameSessionArn: match.gameSessionId, MatchmakingConfigurationArn: "quick", Players: playersOf(match.data) })).toThrow(/already has backfill ticket/);
    start(w, "late", { late: skill(13) });
    await eventually(() => expect(statusOf(w, "late")).toBe("COMPLETED"));
    const [late, backfill] = describeTickets(w, "late", TicketId);
    expect(backfill).toMatchObject({ Status: "COMPLETED" });
    expect(late!.GameSessionConnectionInfo.GameSessionArn).toBe(match.gameSessionId);
    const updates = match.host.channel.of("updateGameSession").map((u) => u.update as Output);
    expect(updates).toHaveLength(1);
    expect(updates[0]).toMatchObject({ UpdateReason: "MATCHMAKING_DATA_UPDATED", BackfillTicketId: TicketId });
    const data = JSON.parse(updates[0]!.GameSession.MatchmakerData);
    expect(data.matchId).toBe(match.data.matchId);
    expect(data.teams.flatMap((t: { players: { playerId: string }[] }) => t.players.map((p) => p.playerId)).sort()).toEqual(["a", "b", "c", "late"]);
    const session = w.call("DescribeGameSessions", { GameSessionId: match.gameSessionId }).GameSessions[0];
    expect(session.CurrentPlayerSessionCount).toBe(4);
    expect(JSON.parse(session.MatchmakerData)).toEqual(data);
  });

  test("a backfill that finds nobody times out and the server hears BACKFILL_TIMED_OUT; StopMatchBackfill gives BACKFILL_CANCELLED", async () => {
    const w = world({ matchmakingTimeScale: 0.01 });
    const match = await runningMatch(w, { RequestTimeoutSeconds: 10 });
    const first = match.host.handle.startMatchBackfill({ GameSessionArn: match.gameSessionId, MatchmakingConfigurationArn: "quick", Players: playersOf(match.data) });
    await eventually(() => expect(statusOf(w, first.TicketId)).toBe("TIMED_OUT"));
    const second = w.call("StartMatchBackfill", { ConfigurationName: "quick", GameSessionArn: match.gameSessionId, Players: playersOf(match.data) }).MatchmakingTicket;
    match.host.handle.stopMatchBackfill({ TicketId: second.TicketId, GameSessionArn: match.gameSessionId, MatchmakingConfigurationArn: "quick" });
    expect(statusOf(w, second.TicketId)).toBe("CANCELLED");
    const reasons = match.host.channel.of("updateGameSession").map((u) => [(u.update as Output).UpdateReason, (u.update as Output).BackfillTicketId]);
    expect(reasons).toEqual([["BACKFILL_TIMED_OUT", first.TicketId], ["BACKFILL_CANCELLED", second.TicketId]]);
    expect(() => match.host.handle.startMatchBackfill({ GameSessionArn: match.gameSessionId, MatchmakingConfigurationArn: "quick", Players: [{ PlayerId: "x" }] })).toThrow(/Player x has no Team/);
    expect(() => match.host.handle.startMatchBackfill({ GameSessionArn: match.gameSessionId, MatchmakingConfigurationArn: "quick", Players: [{ PlayerId: "x", Team: "green", PlayerAttributes: skill(1) }] })).toThrow(/team 'green' is not a team/);
  });

  test("AUTOMATIC backfill: GameLift starts the backfill ticket named in the match data and fills the open slot", async () => {
    const w = world();
    const match = await runningMatch(w, { BackfillMode: "AUTOMATIC" });
    expect(match.data.autoBackfillMode).toBe("AUTOMATIC");
    const autoId = match.data.autoBackfillTicketId as string;
    await eventually(() => expect(statusOf(w, autoId)).toBe("SEARCHING"));
    start(w, "late", { late: skill(11) });
    await eventually(() => expect(statusOf(w, "late")).toBe("COMPLETED"));
    expect(statusOf(w, autoId)).toBe("COMPLETED");
    const update = match.host.channel.of("updateGameSession")[0]!.update as Output;
    expect(update).toMatchObject({ UpdateReason: "MATCHMAKING_DATA_UPDATED", BackfillTicketId: autoId });
    // The session is full now (4 of 4): no further automatic ticket.
    const data = JSON.parse(update.GameSession.MatchmakerData);
    await new Promise((r) => setTimeout(r, 50));
    expect(describeTickets(w, data.autoBackfillTicketId)).toEqual([]);
  });
});
