import type { Operation } from "../../http/service.ts";
import { ServiceError, invalidRequest } from "../../http/service-error.ts";
import type { Fleet } from "../model/fleets.ts";
import { GAME_SESSION_STATUSES, type GameSession, type GameSessionRequest, type GameSessionStatus } from "../model/game-sessions.ts";
import type { GameLiftModel } from "../model/gamelift-model.ts";
import { page } from "../page-tokens.ts";
import { gameSessionShape } from "../shapes.ts";
import { InputReader } from "../validation.ts";
import { RULES, readGameProperties, readLimit, readMaxPlayers, targetFleet } from "./common.ts";

/** "The maximum number of results returned is 20, even if this value is not set or is set higher than 20." */
const SEARCH_PAGE_MAX = 20;

export function gameSessionOperations(model: GameLiftModel): Record<string, Operation> {
  const region = model.ctx.account.region;

  return {
    CreateGameSession(input) {
      const r = InputReader.of(input);
      const fleetId = r.string("FleetId", RULES.fleetIdOrArn);
      const aliasId = r.string("AliasId", RULES.aliasIdOrArn);
      const maximumPlayerSessionCount = readMaxPlayers(r, "MaximumPlayerSessionCount", true);
      const name = r.string("Name", RULES.nonZeroAndMax);
      const gameProperties = readGameProperties(r) ?? [];
      const creatorId = r.string("CreatorId", RULES.nonZeroAndMax);
      const legacyId = r.string("GameSessionId", RULES.idString);
      const token = r.string("IdempotencyToken", RULES.idString);
      const gameSessionData = r.string("GameSessionData", RULES.largeGameSessionData);
      const location = r.string("Location", RULES.location);
      r.done();
      if (legacyId !== undefined && token !== undefined && legacyId !== token) {
        throw invalidRequest("GameSessionId (deprecated) and IdempotencyToken both name the new game session and differ; use IdempotencyToken only.");
      }
      const fleet = targetFleet(model, fleetId, aliasId);
      const where = location ?? region;
      if (!model.fleets.hostsIn(fleet, where)) {
        throw invalidRequest(`Location ${where} is not a location of fleet ${fleet.id} (its locations: ${[region, ...fleet.locations].join(", ")}).`);
      }
      const request: GameSessionRequest = { maximumPlayerSessionCount, name, gameProperties, creatorId, gameSessionData, idempotencyToken: token ?? legacyId };
      if (request.idempotencyToken !== undefined) {
        const earlier = model.sessions.byIdempotencyToken(fleet.id, request.idempotencyToken);
        if (earlier) {
          if (!sameRequest(earlier, request, where)) {
            throw new ServiceError(
              "IdempotentParameterMismatchException",
              `A game session with idempotency token ${request.idempotencyToken} already exists in fleet ${fleet.id} (${earlier.id}) with different parameters.`,
            );
          }
          return { GameSession: gameSessionShape(earlier) };
        }
      }
      model.creatorLimits.admit(fleet, creatorId);
      const session = model.sessions.start(fleet, where, request);
      if (!session) throw noCapacity(model, fleet, where);
      model.creatorLimits.countCreation(fleet, creatorId);
      return { GameSession: gameSessionShape(session) };
    },

    DescribeGameSessions(input) {
      const { sessions, nextToken } = describe(model, input, "DescribeGameSessions");
      return { GameSessions: sessions.map(gameSessionShape), NextToken: nextToken };
    },

    DescribeGameSessionDetails(input) {
      const { sessions, nextToken } = describe(model, input, "DescribeGameSessionDetails");
      return {
        GameSessionDetails: sessions.map((s) => ({ GameSession: gameSessionShape(s), ProtectionPolicy: s.protectionPolicy })),
        NextToken: nextToken,
      };
    },

    SearchGameSessions(input) {
      const r = InputReader.of(input);
      const fleetId = r.string("FleetId", RULES.fleetIdOrArn);
      const aliasId = r.string("AliasId", RULES.aliasIdOrArn);
      const location = r.string("Location", RULES.location);
      const filter = r.string("FilterExpression", RULES.nonZeroAndMax);
      const sort = r.string("SortExpression", RULES.nonZeroAndMax);
      const limit = Math.min(readLimit(r) ?? SEARCH_PAGE_MAX, SEARCH_PAGE_MAX);
      const nextToken = r.string("NextToken", RULES.nextToken);
      r.done();
      const fleet = targetFleet(model, fleetId, aliasId);
      const scope = ["SearchGameSessions", fleet.id, location ?? "", filter ?? "", sort ?? ""].join("\0");
      const offset = model.pageTokens.offsetOf(scope, nextToken);
      const { sessions, matched } = model.search.search({ fleetId: fleet.id, location, filter, sort, offset, limit });
      const next = offset + limit < matched ? model.pageTokens.issue(scope, offset + limit) : undefined;
      return { GameSessions: sessions.map(gameSessionShape), NextToken: next };
    },

    UpdateGameSession(input) {
      const r = InputReader.of(input);
      const id = r.requiredString("GameSessionId", RULES.arnString);
      const maximumPlayerSessionCount = readMaxPlayers(r, "MaximumPlayerSessionCount", false);
      const name = r.string("Name", RULES.nonZeroAndMax);
      const policy = r.string("PlayerSessionCreationPolicy", { enum: ["ACCEPT_ALL", "DENY_ALL"] }) as "ACCEPT_ALL" | "DENY_ALL" | undefined;
      const protectionPolicy = r.string("ProtectionPolicy", { enum: ["NoProtection", "FullProtection"] }) as "NoProtection" | "FullProtection" | undefined;
      const gameProperties = readGameProperties(r);
      r.done();
      const session = model.sessions.get(id);
      model.sessions.update(session, { maximumPlayerSessionCount, name, policy, protectionPolicy, gameProperties });
      return { GameSession: gameSessionShape(session) };
    },

    TerminateGameSession(input) {
      const r = InputReader.of(input);
      const id = r.requiredString("GameSessionId", RULES.arnString);
      const mode = r.requiredString("TerminationMode", { enum: ["TRIGGER_ON_PROCESS_TERMINATE", "FORCE_TERMINATE"] }) as "TRIGGER_ON_PROCESS_TERMINATE" | "FORCE_TERMINATE";
      r.done();
      const session = model.sessions.get(id);
      model.sessions.terminate(session, mode);
      return { GameSession: gameSessionShape(session) };
    },
  };
}

function sameRequest(earlier: GameSession, request: GameSessionRequest, location: string): boolean {
  const e = earlier.request;
  return (
    earlier.location === location &&
    e.maximumPlayerSessionCount === request.maximumPlayerSessionCount &&
    e.name === request.name &&
    e.creatorId === request.creatorId &&
    e.gameSessionData === request.gameSessionData &&
    JSON.stringify(e.gameProperties) === JSON.stringify(request.gameProperties)
  );
}

function noCapacity(model: GameLiftModel, fleet: Fleet, location: string): ServiceError {
  const region = model.ctx.account.region;
  const hint =
    location === region && fleet.locations.length > 0
      ? ` An Anywhere fleet hosts game sessions in its custom locations: pass Location (${fleet.locations.join(", ")}).`
      : " Start a server process on a registered compute and have it call ProcessReady (ActivateServerProcess).";
  return new ServiceError("FleetCapacityExceededException", `No available server process in fleet ${fleet.id} at location ${location}: none is connected, ready and idle.${hint}`);
}

/** DescribeGameSessions and DescribeGameSessionDetails: one game session, or a fleet's, by location and status. */
function describe(model: GameLiftModel, input: Record<string, unknown>, operation: string): { sessions: GameSession[]; nextToken?: string } {
  const r = InputReader.of(input);
  const fleetId = r.string("FleetId", RULES.fleetIdOrArn);
  const gameSessionId = r.string("GameSessionId", RULES.arnString);
  const aliasId = r.string("AliasId", RULES.aliasIdOrArn);
  const location = r.string("Location", RULES.location);
  const status = r.string("StatusFilter", { ...RULES.nonZeroAndMax, enum: GAME_SESSION_STATUSES }) as GameSessionStatus | undefined;
  const limit = readLimit(r);
  const nextToken = r.string("NextToken", RULES.nextToken);
  r.done();
  let candidates: readonly GameSession[];
  let fleetKey = "";
  if (gameSessionId !== undefined) {
    candidates = [model.sessions.get(gameSessionId)];
  } else {
    if (fleetId === undefined && aliasId === undefined) throw invalidRequest(`${operation} needs a FleetId, an AliasId or a GameSessionId.`);
    const fleet = targetFleet(model, fleetId, aliasId);
    fleetKey = fleet.id;
    candidates = model.sessions.ofFleet(fleet.id);
  }
  const matches = candidates.filter((s) => (location === undefined || s.location === location) && (status === undefined || s.status === status));
  const scope = [operation, fleetKey, gameSessionId ?? "", location ?? "", status ?? ""].join("\0");
  const result = page(model.pageTokens, scope, matches, model.pageTokens.offsetOf(scope, nextToken), limit ?? matches.length);
  return { sessions: result.items, nextToken: result.nextToken };
}
