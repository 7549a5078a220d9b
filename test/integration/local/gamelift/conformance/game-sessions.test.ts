// Game sessions: CreateGameSession, DescribeGameSessions, DescribeGameSessionDetails, UpdateGameSession,
// TerminateGameSession.
import { expect } from "vitest";
import { REF, conformance, failure, fresh, rule } from "./harness.ts";

conformance("game sessions", (protocol, suite) => {
  const call = suite.call(protocol);

  rule("CreateGameSession: FleetId and AliasId together are refused (either one, not both)", REF.createGameSession, async () => {
    const fleet = await suite.fleet(protocol, "both");
    const { Alias } = await call("CreateAlias", { Name: "both", RoutingStrategy: { Type: "SIMPLE", FleetId: fleet.fleetId } });
    const e = await failure(call("CreateGameSession", { FleetId: fleet.fleetId, AliasId: Alias.AliasId, Location: fleet.location, MaximumPlayerSessionCount: 2 }));
    expect(e.name).toBe("InvalidRequestException");
    expect((await failure(call("CreateGameSession", { Location: fleet.location, MaximumPlayerSessionCount: 2 }))).name).toBe("InvalidRequestException");
  });

  rule("CreateGameSession: a new game session is ACTIVATING, then ACTIVE with connection information once its server activates it", REF.createGameSession, async () => {
    const fleet = await suite.fleet(protocol, "lifecycle");
    const [host] = await suite.hosts(protocol, fleet, 1);
    const { GameSession } = await call("CreateGameSession", { FleetId: fleet.fleetId, Location: fleet.location, MaximumPlayerSessionCount: 3, Name: "lobby" });
    expect(GameSession.Status).toBe("ACTIVATING");
    const active = await suite.sessionStatus(protocol, GameSession.GameSessionId, "ACTIVE");
    expect(active).toMatchObject({ IpAddress: "127.0.0.1", Port: host!.port, Location: fleet.location, FleetId: fleet.fleetId, FleetArn: fleet.fleetArn, ComputeName: host!.computeName });
    expect(host!.sessions.map((s) => s.gameSessionId)).toEqual([GameSession.GameSessionId]);
  });

  rule("CreateGameSession: new game sessions are open to new players (PlayerSessionCreationPolicy ACCEPT_ALL)", REF.createGameSession, async () => {
    const { session } = await suite.activeSession(protocol, "open");
    expect(session.PlayerSessionCreationPolicy).toBe("ACCEPT_ALL");
    expect(session.CurrentPlayerSessionCount).toBe(0);
  });

  rule("CreateGameSession: the GameSessionId is arn:aws:gamelift:<location>::gamesession/<fleet ID>/<ID string>", REF.api("GameSession"), async () => {
    const fleet = await suite.fleet(protocol, "session-arn");
    await suite.hosts(protocol, fleet, 1);
    const { GameSession } = await call("CreateGameSession", { FleetId: fleet.fleetId, Location: fleet.location, MaximumPlayerSessionCount: 2 });
    expect(GameSession.GameSessionId).toMatch(new RegExp(`^arn:aws:gamelift:${fleet.location}::gamesession/${fleet.fleetId}/gsess-[0-9a-f-]{36}$`));
  });

  rule("CreateGameSession: no available server process is a FleetCapacityExceededException", REF.api("FleetCapacityExceededException"), async () => {
    const fleet = await suite.fleet(protocol, "no-capacity");
    const e = await failure(call("CreateGameSession", { FleetId: fleet.fleetId, Location: fleet.location, MaximumPlayerSessionCount: 2 }));
    expect(e.name).toBe("FleetCapacityExceededException");
  });

  rule("CreateGameSession: an IdempotencyToken request is processed once; the same token returns the original game session, its ID ending in the token", REF.createGameSession, async () => {
    const fleet = await suite.fleet(protocol, "idempotent");
    const hosts = await suite.hosts(protocol, fleet, 2);
    const token = fresh("token");
    const request = { FleetId: fleet.fleetId, Location: fleet.location, MaximumPlayerSessionCount: 2, IdempotencyToken: token };
    const first = (await call("CreateGameSession", request)).GameSession;
    expect(first.GameSessionId.endsWith(`/${token}`)).toBe(true);
    await suite.sessionStatus(protocol, first.GameSessionId, "ACTIVE");
    const again = (await call("CreateGameSession", request)).GameSession;
    expect(again.GameSessionId).toBe(first.GameSessionId);
    expect(again.Status).toBe("ACTIVE");
    // Processed once: one server process was asked to start it, the other is still free.
    expect(hosts.flatMap((h) => h.sessions)).toHaveLength(1);
  });

  rule("CreateGameSession: the same IdempotencyToken with different parameters is an IdempotentParameterMismatchException", REF.api("IdempotentParameterMismatchException"), async () => {
    const fleet = await suite.fleet(protocol, "mismatch");
    await suite.hosts(protocol, fleet, 2);
    const token = fresh("token");
    await call("CreateGameSession", { FleetId: fleet.fleetId, Location: fleet.location, MaximumPlayerSessionCount: 2, IdempotencyToken: token });
    const e = await failure(call("CreateGameSession", { FleetId: fleet.fleetId, Location: fleet.location, MaximumPlayerSessionCount: 3, IdempotencyToken: token }));
    expect(e.name).toBe("IdempotentParameterMismatchException");
  });

  rule("CreateGameSession: the deprecated GameSessionId names the session like an IdempotencyToken", REF.createGameSession, async () => {
    const fleet = await suite.fleet(protocol, "legacy-id");
    await suite.hosts(protocol, fleet, 1);
    const id = fresh("legacy");
    const { GameSession } = await call("CreateGameSession", { FleetId: fleet.fleetId, Location: fleet.location, MaximumPlayerSessionCount: 2, GameSessionId: id });
    expect(GameSession.GameSessionId).toBe(`arn:aws:gamelift:${fleet.location}::gamesession/${fleet.fleetId}/${id}`);
  });

  rule("CreateGameSession: at most 200 players per game session (not adjustable) and 16 game properties", REF.createPlayerSession, async () => {
    const fleet = await suite.fleet(protocol, "limits");
    await suite.hosts(protocol, fleet, 1);
    expect((await failure(call("CreateGameSession", { FleetId: fleet.fleetId, Location: fleet.location, MaximumPlayerSessionCount: 201 }))).name).toBe("InvalidRequestException");
    const properties = Array.from({ length: 17 }, (_, i) => ({ Key: `k${i}`, Value: "v" }));
    expect((await failure(call("CreateGameSession", { FleetId: fleet.fleetId, Location: fleet.location, MaximumPlayerSessionCount: 2, GameProperties: properties }))).name).toBe("InvalidRequestException");
  });

  rule("CreateGameSession: through a SIMPLE alias, on the alias's fleet; a TERMINAL alias is a TerminalRoutingStrategyException", REF.createGameSession, async () => {
    const fleet = await suite.fleet(protocol, "via-alias");
    await suite.hosts(protocol, fleet, 1);
    const { Alias } = await call("CreateAlias", { Name: "live", RoutingStrategy: { Type: "SIMPLE", FleetId: fleet.fleetId } });
    const { GameSession } = await call("CreateGameSession", { AliasId: Alias.AliasArn, Location: fleet.location, MaximumPlayerSessionCount: 2 });
    expect(GameSession.FleetId).toBe(fleet.fleetId);
    const terminal = (await call("CreateAlias", { Name: "closed", RoutingStrategy: { Type: "TERMINAL", Message: "closed for the night" } })).Alias;
    const e = await failure(call("CreateGameSession", { AliasId: terminal.AliasId, Location: fleet.location, MaximumPlayerSessionCount: 2 }));
    expect([e.name, e.message]).toEqual(["TerminalRoutingStrategyException", "closed for the night"]);
  });

  rule("CreateGameSession: GameProperties, GameSessionData and CreatorId are passed on and returned", REF.createGameSession, async () => {
    const fleet = await suite.fleet(protocol, "passed");
    const [host] = await suite.hosts(protocol, fleet, 1);
    const { GameSession } = await call("CreateGameSession", {
      FleetId: fleet.fleetId,
      Location: fleet.location,
      MaximumPlayerSessionCount: 2,
      GameProperties: [{ Key: "difficulty", Value: "novice" }],
      GameSessionData: "map=forest",
      CreatorId: fresh("creator"),
    });
    expect(GameSession.GameProperties).toEqual([{ Key: "difficulty", Value: "novice" }]);
    expect(GameSession.GameSessionData).toBe("map=forest");
    expect(GameSession.CreatorId).toMatch(/^creator-/);
    await suite.sessionStatus(protocol, GameSession.GameSessionId, "ACTIVE");
    expect(host!.sessions[0]).toMatchObject({ gameProperties: { difficulty: "novice" }, gameSessionData: "map=forest", maximumPlayerSessionCount: 2 });
  });

  rule("DescribeGameSessions: one game session by ID; an unknown ID is a NotFoundException", REF.api("DescribeGameSessions"), async () => {
    const { session, fleetId, location } = await suite.activeSession(protocol, "describe-one");
    expect((await call("DescribeGameSessions", { GameSessionId: session.GameSessionId })).GameSessions).toEqual([session]);
    const e = await failure(call("DescribeGameSessions", { GameSessionId: `arn:aws:gamelift:${location}::gamesession/${fleetId}/nope` }));
    expect(e.name).toBe("NotFoundException");
  });

  rule("DescribeGameSessions: a fleet's (or its alias's) game sessions, filtered by status and by location", REF.api("DescribeGameSessions"), async () => {
    const fleet = await suite.fleet(protocol, "describe-fleet");
    await suite.hosts(protocol, fleet, 2);
    await suite.hosts(protocol, fleet, 1, { activate: false });
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await call("CreateGameSession", { FleetId: fleet.fleetId, Location: fleet.location, MaximumPlayerSessionCount: 2 })).GameSession.GameSessionId);
    await suite.sessionStatus(protocol, ids[0]!, "ACTIVE");
    await suite.sessionStatus(protocol, ids[1]!, "ACTIVE");
    const { Alias } = await call("CreateAlias", { Name: "describe", RoutingStrategy: { Type: "SIMPLE", FleetId: fleet.fleetId } });
    const all = (await call("DescribeGameSessions", { AliasId: Alias.AliasId })).GameSessions.map((g: { GameSessionId: string }) => g.GameSessionId);
    expect(all.sort()).toEqual([...ids].sort());
    const activating = (await call("DescribeGameSessions", { FleetId: fleet.fleetId, StatusFilter: "ACTIVATING" })).GameSessions;
    expect(activating).toHaveLength(1);
    expect((await call("DescribeGameSessions", { FleetId: fleet.fleetId, Location: fleet.location, StatusFilter: "ACTIVE" })).GameSessions).toHaveLength(2);
    expect((await call("DescribeGameSessions", { FleetId: fleet.fleetId, Location: suite.stack.region })).GameSessions).toEqual([]);
  });

  rule("DescribeGameSessions: Limit and NextToken page through a fleet's game sessions", REF.api("DescribeGameSessions"), async () => {
    const fleet = await suite.fleet(protocol, "describe-pages");
    await suite.hosts(protocol, fleet, 3);
    for (let i = 0; i < 3; i++) await call("CreateGameSession", { FleetId: fleet.fleetId, Location: fleet.location, MaximumPlayerSessionCount: 2 });
    const first = await call("DescribeGameSessions", { FleetId: fleet.fleetId, Limit: 2 });
    expect(first.GameSessions).toHaveLength(2);
    const second = await call("DescribeGameSessions", { FleetId: fleet.fleetId, Limit: 2, NextToken: first.NextToken });
    expect(second.GameSessions).toHaveLength(1);
    expect(second.NextToken).toBeUndefined();
  });

  rule("DescribeGameSessionDetails: each game session with the protection policy in force", REF.api("DescribeGameSessionDetails"), async () => {
    const fleet = await suite.fleet(protocol, "details", { NewGameSessionProtectionPolicy: "FullProtection" });
    await suite.hosts(protocol, fleet, 1);
    const { GameSession } = await call("CreateGameSession", { FleetId: fleet.fleetId, Location: fleet.location, MaximumPlayerSessionCount: 2 });
    const [detail] = (await call("DescribeGameSessionDetails", { FleetId: fleet.fleetId })).GameSessionDetails;
    expect(detail.ProtectionPolicy).toBe("FullProtection");
    expect(detail.GameSession.GameSessionId).toBe(GameSession.GameSessionId);
  });

  rule("UpdateGameSession: changes name, maximum players, player creation policy and protection; answers the updated game session", REF.api("UpdateGameSession"), async () => {
    const { session } = await suite.activeSession(protocol, "update");
    const { GameSession } = await call("UpdateGameSession", {
      GameSessionId: session.GameSessionId,
      Name: "renamed",
      MaximumPlayerSessionCount: 8,
      PlayerSessionCreationPolicy: "DENY_ALL",
      ProtectionPolicy: "FullProtection",
    });
    expect(GameSession).toMatchObject({ Name: "renamed", MaximumPlayerSessionCount: 8, PlayerSessionCreationPolicy: "DENY_ALL" });
    const [detail] = (await call("DescribeGameSessionDetails", { GameSessionId: session.GameSessionId })).GameSessionDetails;
    expect(detail.ProtectionPolicy).toBe("FullProtection");
  });

  rule("UpdateGameSession: GameProperties are added or modified, never deleted", REF.api("UpdateGameSession"), async () => {
    const { session } = await suite.activeSession(protocol, "properties", { GameProperties: [{ Key: "map", Value: "forest" }, { Key: "mode", Value: "duel" }] });
    const { GameSession } = await call("UpdateGameSession", { GameSessionId: session.GameSessionId, GameProperties: [{ Key: "mode", Value: "ffa" }, { Key: "round", Value: "2" }] });
    const asMap = Object.fromEntries(GameSession.GameProperties.map((p: { Key: string; Value: string }) => [p.Key, p.Value]));
    expect(asMap).toEqual({ map: "forest", mode: "ffa", round: "2" });
  });

  rule("TerminateGameSession TRIGGER_ON_PROCESS_TERMINATE: TERMINATING, then TERMINATED with StatusReason TRIGGERED_ON_PROCESS_TERMINATE once the process ends", REF.api("TerminateGameSession"), async () => {
    const { session } = await suite.activeSession(protocol, "trigger");
    const { GameSession } = await call("TerminateGameSession", { GameSessionId: session.GameSessionId, TerminationMode: "TRIGGER_ON_PROCESS_TERMINATE" });
    expect(GameSession.Status).toBe("TERMINATING");
    const ended = await suite.sessionStatus(protocol, session.GameSessionId, "TERMINATED");
    expect(ended.StatusReason).toBe("TRIGGERED_ON_PROCESS_TERMINATE");
    expect(ended.TerminationTime).toBe(suite.clock.now());
  });

  rule("TerminateGameSession FORCE_TERMINATE: TERMINATED at once, StatusReason FORCE_TERMINATED", REF.api("GameSession"), async () => {
    const { session } = await suite.activeSession(protocol, "force", {});
    await call("TerminateGameSession", { GameSessionId: session.GameSessionId, TerminationMode: "FORCE_TERMINATE" });
    const [ended] = (await call("DescribeGameSessions", { GameSessionId: session.GameSessionId })).GameSessions;
    expect([ended.Status, ended.StatusReason]).toEqual(["TERMINATED", "FORCE_TERMINATED"]);
  });

  rule("TerminateGameSession: a game session that has already ended is an InvalidGameSessionStatusException", REF.api("TerminateGameSession"), async () => {
    const { session } = await suite.activeSession(protocol, "ended");
    await call("TerminateGameSession", { GameSessionId: session.GameSessionId, TerminationMode: "FORCE_TERMINATE" });
    const e = await failure(call("TerminateGameSession", { GameSessionId: session.GameSessionId, TerminationMode: "FORCE_TERMINATE" }));
    expect(e.name).toBe("InvalidGameSessionStatusException");
  });

  rule("A game session not activated within the activation time-out (600 s at most) ends TERMINATED", REF.api2019, async () => {
    const fleet = await suite.fleet(protocol, "never-active");
    await suite.hosts(protocol, fleet, 1, { activate: false });
    const { GameSession } = await call("CreateGameSession", { FleetId: fleet.fleetId, Location: fleet.location, MaximumPlayerSessionCount: 2 });
    suite.clock.advance(599_999);
    expect((await call("DescribeGameSessions", { GameSessionId: GameSession.GameSessionId })).GameSessions[0].Status).toBe("ACTIVATING");
    suite.clock.advance(1);
    expect((await call("DescribeGameSessions", { GameSessionId: GameSession.GameSessionId })).GameSessions[0].Status).toBe("TERMINATED");
  });
});
