// Player sessions: CreatePlayerSession, CreatePlayerSessions, DescribePlayerSessions, and the statuses a
// player session goes through (RESERVED, ACTIVE, COMPLETED, TIMEDOUT) as the hosting server acts on them.
import { expect } from "vitest";
import { DEFAULT_TIMINGS } from "../../../../../local/gamelift/index.ts";
import { REF, conformance, failure, fresh, rule } from "./harness.ts";

conformance("player sessions", (protocol, suite) => {
  const call = suite.call(protocol);
  const status = async (playerSessionId: string) => (await call("DescribePlayerSessions", { PlayerSessionId: playerSessionId })).PlayerSessions[0].Status;

  rule("CreatePlayerSession: reserves a slot, RESERVED, with the game session's connection information", REF.createPlayerSession, async () => {
    const { session, host } = await suite.activeSession(protocol, "reserve");
    const { PlayerSession } = await call("CreatePlayerSession", { GameSessionId: session.GameSessionId, PlayerId: "alice", PlayerData: "blue team" });
    expect(PlayerSession).toMatchObject({
      PlayerId: "alice",
      GameSessionId: session.GameSessionId,
      FleetId: session.FleetId,
      FleetArn: session.FleetArn,
      Status: "RESERVED",
      IpAddress: "127.0.0.1",
      Port: host.port,
      PlayerData: "blue team",
    });
    expect(PlayerSession.PlayerSessionId).toMatch(/^psess-\S+$/);
    expect((await call("DescribeGameSessions", { GameSessionId: session.GameSessionId })).GameSessions[0].CurrentPlayerSessionCount).toBe(1);
  });

  rule("CreatePlayerSession: a game session that is not ACTIVE cannot take player sessions (InvalidGameSessionStatusException)", REF.createPlayerSession, async () => {
    const fleet = await suite.fleet(protocol, "activating");
    await suite.hosts(protocol, fleet, 1, { activate: false });
    const { GameSession } = await call("CreateGameSession", { FleetId: fleet.fleetId, Location: fleet.location, MaximumPlayerSessionCount: 2 });
    const e = await failure(call("CreatePlayerSession", { GameSessionId: GameSession.GameSessionId, PlayerId: "early" }));
    expect(e.name).toBe("InvalidGameSessionStatusException");
  });

  rule("CreatePlayerSession: a game session whose player creation policy is DENY_ALL takes no new player (GameSessionFullException)", REF.createPlayerSession, async () => {
    const { session } = await suite.activeSession(protocol, "deny");
    await call("UpdateGameSession", { GameSessionId: session.GameSessionId, PlayerSessionCreationPolicy: "DENY_ALL" });
    expect((await failure(call("CreatePlayerSession", { GameSessionId: session.GameSessionId, PlayerId: "late" }))).name).toBe("GameSessionFullException");
  });

  rule("CreatePlayerSession: no open slot left (RESERVED and ACTIVE both hold one) is a GameSessionFullException", REF.api("GameSessionFullException"), async () => {
    const { session } = await suite.activeSession(protocol, "full", { MaximumPlayerSessionCount: 2 });
    await call("CreatePlayerSession", { GameSessionId: session.GameSessionId, PlayerId: "p1" });
    await call("CreatePlayerSession", { GameSessionId: session.GameSessionId, PlayerId: "p2" });
    expect((await failure(call("CreatePlayerSession", { GameSessionId: session.GameSessionId, PlayerId: "p3" }))).name).toBe("GameSessionFullException");
  });

  rule("CreatePlayerSession: an unknown game session is a NotFoundException", REF.createPlayerSession, async () => {
    const fleet = await suite.fleet(protocol, "unknown-session");
    const e = await failure(call("CreatePlayerSession", { GameSessionId: `arn:aws:gamelift:${fleet.location}::gamesession/${fleet.fleetId}/nobody`, PlayerId: "p" }));
    expect(e.name).toBe("NotFoundException");
  });

  rule("CreatePlayerSession: PlayerId is 1–1024 characters and PlayerData at most 2048", REF.api("CreatePlayerSession"), async () => {
    const { session } = await suite.activeSession(protocol, "lengths");
    expect((await failure(call("CreatePlayerSession", { GameSessionId: session.GameSessionId, PlayerId: "" }))).name).toBe("InvalidRequestException");
    expect((await failure(call("CreatePlayerSession", { GameSessionId: session.GameSessionId, PlayerId: "p", PlayerData: "x".repeat(2049) }))).name).toBe("InvalidRequestException");
  });

  rule("A RESERVED player session the server does not accept within 60 s becomes TIMEDOUT and frees its slot", REF.createPlayerSession, async () => {
    expect(DEFAULT_TIMINGS.playerSessionReservationMs).toBe(60_000);
    const { session } = await suite.activeSession(protocol, "timeout", { MaximumPlayerSessionCount: 1 });
    const { PlayerSession } = await call("CreatePlayerSession", { GameSessionId: session.GameSessionId, PlayerId: "slow" });
    suite.clock.advance(59_999);
    expect(await status(PlayerSession.PlayerSessionId)).toBe("RESERVED");
    suite.clock.advance(1);
    const [timedOut] = (await call("DescribePlayerSessions", { PlayerSessionId: PlayerSession.PlayerSessionId })).PlayerSessions;
    expect(timedOut.Status).toBe("TIMEDOUT");
    expect(timedOut.TerminationTime).toBe(suite.clock.now());
    // The one slot is free again.
    expect((await call("CreatePlayerSession", { GameSessionId: session.GameSessionId, PlayerId: "next" })).PlayerSession.Status).toBe("RESERVED");
  });

  rule("A player session the server accepts is ACTIVE, and no longer times out", REF.createPlayerSession, async () => {
    const { session, host } = await suite.activeSession(protocol, "accept");
    const { PlayerSession } = await call("CreatePlayerSession", { GameSessionId: session.GameSessionId, PlayerId: "bob" });
    await host.sdk.acceptPlayerSession(PlayerSession.PlayerSessionId);
    expect(await status(PlayerSession.PlayerSessionId)).toBe("ACTIVE");
    suite.clock.advance(120_000);
    expect(await status(PlayerSession.PlayerSessionId)).toBe("ACTIVE");
  });

  rule("A player whose connection the server drops (RemovePlayerSession) is COMPLETED and frees the slot", REF.createPlayerSession, async () => {
    const { session, host } = await suite.activeSession(protocol, "remove", { MaximumPlayerSessionCount: 1 });
    const { PlayerSession } = await call("CreatePlayerSession", { GameSessionId: session.GameSessionId, PlayerId: "carol" });
    await host.sdk.acceptPlayerSession(PlayerSession.PlayerSessionId);
    await host.sdk.removePlayerSession(PlayerSession.PlayerSessionId);
    const [done] = (await call("DescribePlayerSessions", { PlayerSessionId: PlayerSession.PlayerSessionId })).PlayerSessions;
    expect(done.Status).toBe("COMPLETED");
    expect(done.TerminationTime).toBeTypeOf("number");
    await call("CreatePlayerSession", { GameSessionId: session.GameSessionId, PlayerId: "dave" });
  });

  rule("The same PlayerId may hold two RESERVED player sessions in one game session, each taking a slot (decision: local/README.md)", REF.createPlayerSession, async () => {
    const { session } = await suite.activeSession(protocol, "twice");
    const a = (await call("CreatePlayerSession", { GameSessionId: session.GameSessionId, PlayerId: "same" })).PlayerSession;
    const b = (await call("CreatePlayerSession", { GameSessionId: session.GameSessionId, PlayerId: "same" })).PlayerSession;
    expect(a.PlayerSessionId).not.toBe(b.PlayerSessionId);
    expect([a.Status, b.Status]).toEqual(["RESERVED", "RESERVED"]);
    expect((await call("DescribeGameSessions", { GameSessionId: session.GameSessionId })).GameSessions[0].CurrentPlayerSessionCount).toBe(2);
  });

  rule("CreatePlayerSessions: one player session per listed player, all RESERVED; PlayerDataMap entries for players not listed are ignored", REF.api("CreatePlayerSessions"), async () => {
    const { session } = await suite.activeSession(protocol, "group");
    const { PlayerSessions } = await call("CreatePlayerSessions", {
      GameSessionId: session.GameSessionId,
      PlayerIds: ["p1", "p2"],
      PlayerDataMap: { p1: "red", stranger: "ignored" },
    });
    expect(PlayerSessions.map((p: { PlayerId: string; Status: string; PlayerData?: string }) => [p.PlayerId, p.Status, p.PlayerData])).toEqual([
      ["p1", "RESERVED", "red"],
      ["p2", "RESERVED", undefined],
    ]);
    const players = (await call("DescribePlayerSessions", { GameSessionId: session.GameSessionId })).PlayerSessions.map((p: { PlayerId: string }) => p.PlayerId);
    expect(players.sort()).toEqual(["p1", "p2"]);
  });

  rule("CreatePlayerSessions: 1 to 25 player IDs", REF.api("CreatePlayerSessions"), async () => {
    const { session } = await suite.activeSession(protocol, "group-size", { MaximumPlayerSessionCount: 30 });
    const ids = Array.from({ length: 26 }, (_, i) => `p${i}`);
    expect((await failure(call("CreatePlayerSessions", { GameSessionId: session.GameSessionId, PlayerIds: ids }))).name).toBe("InvalidRequestException");
    expect((await failure(call("CreatePlayerSessions", { GameSessionId: session.GameSessionId, PlayerIds: [] }))).name).toBe("InvalidRequestException");
    expect((await call("CreatePlayerSessions", { GameSessionId: session.GameSessionId, PlayerIds: ids.slice(0, 25) })).PlayerSessions).toHaveLength(25);
  });

  rule("CreatePlayerSessions: a group larger than the open slots is refused whole (GameSessionFullException, no player session made)", REF.api("CreatePlayerSessions"), async () => {
    const { session } = await suite.activeSession(protocol, "group-full", { MaximumPlayerSessionCount: 3 });
    await call("CreatePlayerSession", { GameSessionId: session.GameSessionId, PlayerId: "first" });
    const e = await failure(call("CreatePlayerSessions", { GameSessionId: session.GameSessionId, PlayerIds: ["a", "b", "c"] }));
    expect(e.name).toBe("GameSessionFullException");
    expect((await call("DescribePlayerSessions", { GameSessionId: session.GameSessionId })).PlayerSessions).toHaveLength(1);
  });

  rule("DescribePlayerSessions: by player session ID, by game session ID, or by player ID (across game sessions)", REF.api("DescribePlayerSessions"), async () => {
    const a = await suite.activeSession(protocol, "describe-a");
    const b = await suite.activeSession(protocol, "describe-b");
    const player = fresh("player");
    const one = (await call("CreatePlayerSession", { GameSessionId: a.session.GameSessionId, PlayerId: player })).PlayerSession;
    await call("CreatePlayerSession", { GameSessionId: b.session.GameSessionId, PlayerId: player });
    await call("CreatePlayerSession", { GameSessionId: a.session.GameSessionId, PlayerId: "other" });
    expect((await call("DescribePlayerSessions", { PlayerSessionId: one.PlayerSessionId })).PlayerSessions).toEqual([one]);
    expect((await call("DescribePlayerSessions", { GameSessionId: a.session.GameSessionId })).PlayerSessions).toHaveLength(2);
    const mine = (await call("DescribePlayerSessions", { PlayerId: player })).PlayerSessions.map((p: { GameSessionId: string }) => p.GameSessionId);
    expect(mine.sort()).toEqual([a.session.GameSessionId, b.session.GameSessionId].sort());
  });

  rule("DescribePlayerSessions: the status filter applies to a game session's player sessions and is ignored with a PlayerSessionId or PlayerId", REF.api("DescribePlayerSessions"), async () => {
    const { session, host } = await suite.activeSession(protocol, "filter");
    const accepted = (await call("CreatePlayerSession", { GameSessionId: session.GameSessionId, PlayerId: "in" })).PlayerSession;
    await call("CreatePlayerSession", { GameSessionId: session.GameSessionId, PlayerId: "waiting" });
    await host.sdk.acceptPlayerSession(accepted.PlayerSessionId);
    const active = (await call("DescribePlayerSessions", { GameSessionId: session.GameSessionId, PlayerSessionStatusFilter: "ACTIVE" })).PlayerSessions;
    expect(active.map((p: { PlayerId: string }) => p.PlayerId)).toEqual(["in"]);
    const byId = (await call("DescribePlayerSessions", { PlayerSessionId: accepted.PlayerSessionId, PlayerSessionStatusFilter: "RESERVED" })).PlayerSessions;
    expect(byId).toHaveLength(1);
    const byPlayer = (await call("DescribePlayerSessions", { PlayerId: "waiting", PlayerSessionStatusFilter: "ACTIVE" })).PlayerSessions;
    expect(byPlayer.length).toBeGreaterThanOrEqual(1);
  });

  rule("DescribePlayerSessions: Limit and NextToken page through a game session's player sessions; Limit is ignored with a PlayerSessionId", REF.api2019, async () => {
    const { session } = await suite.activeSession(protocol, "paging", { MaximumPlayerSessionCount: 5 });
    const made = (await call("CreatePlayerSessions", { GameSessionId: session.GameSessionId, PlayerIds: ["a", "b", "c"] })).PlayerSessions;
    const first = await call("DescribePlayerSessions", { GameSessionId: session.GameSessionId, Limit: 2 });
    const second = await call("DescribePlayerSessions", { GameSessionId: session.GameSessionId, Limit: 2, NextToken: first.NextToken });
    expect([...first.PlayerSessions, ...second.PlayerSessions].map((p: { PlayerId: string }) => p.PlayerId)).toEqual(["a", "b", "c"]);
    expect(second.NextToken).toBeUndefined();
    expect((await call("DescribePlayerSessions", { PlayerSessionId: made[0].PlayerSessionId, Limit: 1 })).PlayerSessions).toHaveLength(1);
  });

  rule("DescribePlayerSessions: a request with none of PlayerSessionId, GameSessionId and PlayerId is an InvalidRequestException", REF.api("DescribePlayerSessions"), async () => {
    expect((await failure(call("DescribePlayerSessions", {}))).name).toBe("InvalidRequestException");
  });

  rule("When a game session ends, its RESERVED and ACTIVE player sessions are COMPLETED", REF.createPlayerSession, async () => {
    const { session, host } = await suite.activeSession(protocol, "ending");
    const reserved = (await call("CreatePlayerSession", { GameSessionId: session.GameSessionId, PlayerId: "r" })).PlayerSession;
    const active = (await call("CreatePlayerSession", { GameSessionId: session.GameSessionId, PlayerId: "a" })).PlayerSession;
    await host.sdk.acceptPlayerSession(active.PlayerSessionId);
    await call("TerminateGameSession", { GameSessionId: session.GameSessionId, TerminationMode: "FORCE_TERMINATE" });
    expect([await status(reserved.PlayerSessionId), await status(active.PlayerSessionId)]).toEqual(["COMPLETED", "COMPLETED"]);
  });
});
