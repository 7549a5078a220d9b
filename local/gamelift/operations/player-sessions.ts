import type { Operation } from "../../http/service.ts";
import { invalidRequest } from "../../http/service-error.ts";
import type { GameLiftModel } from "../model/gamelift-model.ts";
import { PLAYER_SESSION_STATUSES, type PlayerSessionStatus } from "../model/player-sessions.ts";
import { page } from "../page-tokens.ts";
import { playerSessionShape } from "../shapes.ts";
import { InputReader } from "../validation.ts";
import { RULES, checkDistinct, readLimit } from "./common.ts";

export function playerSessionOperations(model: GameLiftModel): Record<string, Operation> {
  return {
    CreatePlayerSession(input) {
      const r = InputReader.of(input);
      const gameSessionId = r.requiredString("GameSessionId", RULES.arnString);
      const playerId = r.requiredString("PlayerId", RULES.playerId);
      const playerData = r.string("PlayerData", RULES.playerData);
      r.done();
      const [created] = model.players.reserve(model.sessions.get(gameSessionId), [{ playerId, playerData }]);
      return { PlayerSession: playerSessionShape(created!) };
    },

    CreatePlayerSessions(input) {
      const r = InputReader.of(input);
      const gameSessionId = r.requiredString("GameSessionId", RULES.arnString);
      const playerIds = r.requiredList("PlayerIds", { min: 1, max: 25 }, (e) => e.string(RULES.playerId));
      checkDistinct(r, "PlayerIds", playerIds);
      // Data for player ids not in PlayerIds is ignored, as AWS documents.
      const dataMap = r.stringMap("PlayerDataMap", RULES.nonZeroAndMax, RULES.playerData) ?? {};
      r.done();
      const players = playerIds.map((playerId) => ({ playerId, playerData: Object.hasOwn(dataMap, playerId) ? dataMap[playerId] : undefined }));
      const created = model.players.reserve(model.sessions.get(gameSessionId), players);
      return { PlayerSessions: created.map(playerSessionShape) };
    },

    DescribePlayerSessions(input) {
      const r = InputReader.of(input);
      const gameSessionId = r.string("GameSessionId", RULES.arnString);
      const playerId = r.string("PlayerId", RULES.playerId);
      const playerSessionId = r.string("PlayerSessionId", RULES.playerSessionId);
      const status = r.string("PlayerSessionStatusFilter", { ...RULES.nonZeroAndMax, enum: PLAYER_SESSION_STATUSES }) as PlayerSessionStatus | undefined;
      const limit = readLimit(r);
      const nextToken = r.string("NextToken", RULES.nextToken);
      r.done();
      if (gameSessionId === undefined && playerId === undefined && playerSessionId === undefined) {
        throw invalidRequest("DescribePlayerSessions needs one of PlayerSessionId, GameSessionId or PlayerId.");
      }
      const gameSession = gameSessionId === undefined ? undefined : model.sessions.get(gameSessionId);
      const found = model.players.find({ gameSessionId, playerId, playerSessionId, status }, gameSession);
      const scope = ["DescribePlayerSessions", gameSessionId ?? "", playerId ?? "", playerSessionId ?? "", status ?? ""].join("\0");
      const tokens = model.pageTokens;
      // "If a player session ID is specified, this parameter [Limit] is ignored."
      const size = playerSessionId !== undefined ? found.length : (limit ?? found.length);
      const result = page(tokens, scope, found, tokens.offsetOf(scope, nextToken), size);
      return { PlayerSessions: result.items.map(playerSessionShape), NextToken: result.nextToken };
    },
  };
}
