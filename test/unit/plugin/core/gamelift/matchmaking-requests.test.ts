/**
 * The matchmaking area's requests → the AWS SDK's inputs: attribute values by shape, the configuration from the
 * kit config, a party, and every problem of a bad request named at once; tickets → the kit's camelCase.
 */
import { describe, expect, test } from "vitest";
import { acceptMatchInput, startMatchmakingInput, toTicketInfo } from "../../../../../plugin/core/gamelift/matchmaking-requests.ts";
import { seatOf } from "../../../../../plugin/core/gamelift/matchmaking-area.ts";
import { InvalidParameterError } from "../../../../../plugin/core/validation.ts";
import type { StartMatchmakingRequest } from "../../../../../plugin/core/gamelift/matchmaking-types.ts";

const defaults = { matchmakingConfigurationName: "quick-match" };

function problems(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof InvalidParameterError) return error.problems.map((p) => p.field);
    throw error;
  }
  throw new Error("no problem reported");
}

describe("startMatchmakingInput", () => {
  test("the player first, with attributes as S, N, SL and SDM by shape and latencies as LatencyInMs; the configuration from the kit config", () => {
    const input = startMatchmakingInput(
      { attributes: { skill: 42, role: "healer", modes: ["duel", "ffa"], ratings: { pve: 12.5, pvp: 30 } }, latencies: { "us-west-2": 40, "custom-home": 12 } },
      "us-west-2:1111",
      defaults,
      "generated-1",
    );
    expect(input).toEqual({
      ConfigurationName: "quick-match",
      TicketId: "generated-1",
      Players: [
        {
          PlayerId: "us-west-2:1111",
          PlayerAttributes: { skill: { N: 42 }, role: { S: "healer" }, modes: { SL: ["duel", "ffa"] }, ratings: { SDM: { pve: 12.5, pvp: 30 } } },
          LatencyInMs: { "us-west-2": 40, "custom-home": 12 },
        },
      ],
    });
  });

  test("a request's configuration (name or ARN), ticket id and party win; party members come after the player", () => {
    const input = startMatchmakingInput(
      { configurationName: "arn:aws:gamelift:us-west-2::matchmakingconfiguration/ranked", ticketId: "t.1-a", party: [{ playerId: "friend", attributes: { skill: 10 } }] },
      "me",
      defaults,
      "unused",
    );
    expect(input.ConfigurationName).toBe("arn:aws:gamelift:us-west-2::matchmakingconfiguration/ranked");
    expect(input.TicketId).toBe("t.1-a");
    expect(input.Players?.map((p) => p.PlayerId)).toEqual(["me", "friend"]);
  });

  test("every problem of a bad request is named at once", () => {
    const bad = {
      ticketId: "no spaces allowed",
      attributes: { skill: Number.NaN, tags: ["ok", 3], map: { a: "x" }, weird: true },
      latencies: { "us-west-2": 0, home: 12.5 },
      party: [{ playerId: "me" }, { playerId: "" }],
    } as unknown as StartMatchmakingRequest;
    expect(problems(() => startMatchmakingInput(bad, "me", {}, "gen"))).toEqual([
      "configurationName",
      "ticketId",
      "player.attributes.skill",
      "player.attributes.tags[1]",
      "player.attributes.map.a",
      "player.attributes.weird",
      "player.latencies.us-west-2",
      "player.latencies.home",
      "party[1].playerId",
      "party",
    ]);
  });

  test("no player id and no identity pool to take one from is a clear error; a ticket holds at most 10 players", () => {
    expect(problems(() => startMatchmakingInput({}, undefined, defaults, "gen"))).toEqual(["playerId", "player.playerId"]);
    const party = Array.from({ length: 10 }, (_, i) => ({ playerId: `p${i}` }));
    expect(problems(() => startMatchmakingInput({ party }, "me", defaults, "gen"))).toEqual(["party"]);
    expect(problems(() => startMatchmakingInput({ attributes: Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`a${i}`, i])) }, "me", defaults, "gen"))).toEqual([
      "player.attributes",
    ]);
  });
});

describe("acceptMatchInput", () => {
  test("ACCEPT or REJECT for the tracked ticket's player, or the ticket and players given", () => {
    expect(acceptMatchInput({ accept: true }, "t-1", ["me"])).toEqual({ TicketId: "t-1", PlayerIds: ["me"], AcceptanceType: "ACCEPT" });
    expect(acceptMatchInput({ accept: false, ticketId: "t-2", playerIds: ["a", "b"] }, "t-1", ["me"])).toEqual({ TicketId: "t-2", PlayerIds: ["a", "b"], AcceptanceType: "REJECT" });
  });

  test("nothing tracked and nothing given, or no yes/no answer, is refused before anything is sent", () => {
    expect(problems(() => acceptMatchInput({ accept: true }, undefined, undefined))).toEqual(["ticketId", "playerIds"]);
    expect(problems(() => acceptMatchInput({ accept: "yes" } as unknown as { accept: boolean }, "t-1", ["me"]))).toEqual(["accept"]);
  });
});

describe("tickets", () => {
  const completed = toTicketInfo({
    TicketId: "t-1",
    Status: "COMPLETED",
    Players: [
      { PlayerId: "me", Team: "red" },
      { PlayerId: "friend", Team: "red" },
    ],
    GameSessionConnectionInfo: {
      GameSessionArn: "arn:aws:gamelift:custom-home::gamesession/fleet-1/gsess-1",
      IpAddress: "127.0.0.1",
      Port: 7777,
      MatchedPlayerSessions: [
        { PlayerId: "me", PlayerSessionId: "psess-me" },
        { PlayerId: "friend", PlayerSessionId: "psess-friend" },
      ],
    },
  });

  test("a COMPLETED ticket's connection info, camelCased, and each player's own seat in it", () => {
    expect(completed).toMatchObject({ ticketId: "t-1", status: "COMPLETED", players: [{ playerId: "me", team: "red" }, { playerId: "friend", team: "red" }] });
    expect(seatOf(completed, "friend")).toEqual({
      playerSessionId: "psess-friend",
      playerId: "friend",
      gameSessionId: "arn:aws:gamelift:custom-home::gamesession/fleet-1/gsess-1",
      ipAddress: "127.0.0.1",
      port: 7777,
    });
  });

  test("a ticket without a seat for the player is a ProtocolError, not a join with someone else's seat", () => {
    expect(() => seatOf(completed, "stranger")).toThrow(expect.objectContaining({ code: "ProtocolError" }));
    expect(() => seatOf(toTicketInfo({ TicketId: "t-2", Status: "COMPLETED" }), "me")).toThrow(expect.objectContaining({ code: "ProtocolError" }));
  });
});
