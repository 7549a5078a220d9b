import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { backfillPlayers, parseMatchmakerData } from "../../../../server/sdk/matchmaker-data.ts";
import { decodeCreateGameSession, decodeUpdateGameSession, startMatchBackfillRequest } from "../../../../server/sdk/wire.ts";

// The match data example of AWS's FlexMatch guide, in shape.
const MATCH_DATA = {
  matchId: "1111aaaa-22bb-33cc-44dd-5555eeee66ff",
  matchmakingConfigurationArn: "arn:aws:gamelift:us-west-2:111122223333:matchmakingconfiguration/MyMatchmakerConfig",
  teams: [
    {
      name: "red",
      players: [
        { playerId: "p1", attributes: { skill: { attributeType: "DOUBLE", valueAttribute: 16 }, character: { attributeType: "STRING", valueAttribute: "sniper" } } },
        { playerId: "p2", attributes: { maps: { attributeType: "STRING_LIST", valueAttribute: ["arena"] }, roles: { attributeType: "STRING_DOUBLE_MAP", valueAttribute: { tank: 2 } } } },
      ],
    },
    { name: "blue", players: [{ playerId: "p3", attributes: {} }] },
  ],
  autoBackfillMode: null,
  autoBackfillTicketId: null,
};

describe("match data", () => {
  test("parses AWS's match data into a typed object, and the game session keeps the raw JSON too", () => {
    const raw = JSON.stringify(MATCH_DATA);
    expect(parseMatchmakerData(raw)).toEqual(MATCH_DATA);
    const session = decodeCreateGameSession({ GameSessionId: "arn:gs", MaximumPlayerSessionCount: 4, Port: 7000, MatchmakerData: raw });
    expect(session.matchmakerData).toBe(raw);
    expect(session.matchmaker?.teams.map((t) => t.name)).toEqual(["red", "blue"]);
    const update = decodeUpdateGameSession({ GameSession: { GameSessionId: "arn:gs", MatchmakerData: raw }, UpdateReason: "MATCHMAKING_DATA_UPDATED", BackfillTicketId: "t1" });
    expect(update).toMatchObject({ updateReason: "MATCHMAKING_DATA_UPDATED", backfillTicketId: "t1", gameSession: { matchmaker: { matchId: MATCH_DATA.matchId } } });
  });

  test("leaves out what is not match data, and never throws", () => {
    expect(parseMatchmakerData("not json")).toBeUndefined();
    expect(parseMatchmakerData('{"teams":[]}')).toBeUndefined();
    const odd = parseMatchmakerData(
      JSON.stringify({ matchId: "m", teams: [{ name: "red", players: [{ playerId: "p", attributes: { skill: { attributeType: "DOUBLE", valueAttribute: "high" }, ok: { attributeType: "STRING", valueAttribute: "x" } } }, { nope: 1 }] }, 7] }),
    );
    expect(odd).toEqual({ matchId: "m", matchmakingConfigurationArn: "", teams: [{ name: "red", players: [{ playerId: "p", attributes: { ok: { attributeType: "STRING", valueAttribute: "x" } } }] }], autoBackfillMode: null, autoBackfillTicketId: null });
    const proto = parseMatchmakerData('{"matchId":"m","teams":[{"name":"t","players":[{"playerId":"p","attributes":{"__proto__":{"attributeType":"STRING","valueAttribute":"x"}}}]}]}');
    expect(Object.getPrototypeOf(proto!.teams[0]!.players[0]!.attributes)).toBe(Object.prototype);
    expect(Object.keys(proto!.teams[0]!.players[0]!.attributes)).toEqual(["__proto__"]);
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json(), fc.jsonValue().map((v) => JSON.stringify({ matchId: "m", teams: [v] }))), (text) => {
        const parsed = parseMatchmakerData(text);
        expect(parsed === undefined || typeof parsed.matchId === "string").toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  test("backfill players come from the match data, with their teams and attributes in the API's shape, and go out with AttrType", () => {
    const data = parseMatchmakerData(JSON.stringify(MATCH_DATA))!;
    const players = backfillPlayers(data, (id) => id !== "p2");
    expect(players).toEqual([
      { playerId: "p1", team: "red", playerAttributes: { skill: { N: 16 }, character: { S: "sniper" } } },
      { playerId: "p3", team: "blue", playerAttributes: {} },
    ]);
    const frame = startMatchBackfillRequest({ gameSessionArn: "arn:gs", matchmakingConfigurationArn: data.matchmakingConfigurationArn, players: backfillPlayers(data) });
    expect(frame).toMatchObject({ Action: "StartMatchBackfill", GameSessionArn: "arn:gs", MatchmakingConfigurationArn: MATCH_DATA.matchmakingConfigurationArn });
    expect((frame.Players as unknown[])[1]).toEqual({
      PlayerId: "p2",
      Team: "red",
      PlayerAttributes: { maps: { AttrType: "STRING_LIST", SL: ["arena"] }, roles: { AttrType: "STRING_DOUBLE_MAP", SDM: { tank: 2 } } },
    });
    expect(frame.TicketId).toBeUndefined();
  });
});
