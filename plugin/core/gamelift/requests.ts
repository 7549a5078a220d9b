/**
 * The kit's requests → validated AWS SDK inputs. Each function throws InvalidParameterError listing every
 * problem, or returns exactly what is sent; config.gamelift fills in what a request leaves out.
 */
import type {
  CreateGameSessionInput,
  CreatePlayerSessionInput,
  SearchGameSessionsInput,
  StartGameSessionPlacementInput,
} from "@aws-sdk/client-gamelift";
import type { GameLiftKitConfig } from "../config.ts";
import { propertiesToList } from "./from-aws.ts";
import type {
  CreatePlayerSessionRequest,
  CreateSessionOnQueueRequest,
  CreateSessionRequest,
  DesiredPlayer,
  PlayerLatencyReport,
  SearchSessionsRequest,
  SessionTarget,
} from "./session-types.ts";
import { RequestChecks } from "../validation.ts";
import { MAX_PLAYERS, RULES } from "./validation.ts";

export type SessionDefaults = NonNullable<GameLiftKitConfig["gamelift"]>;

const MAX_DESIRED_PLAYERS = 25;

function isSet(value: unknown): boolean {
  return value !== undefined && value !== null && value !== "";
}

function requestObject<T>(checks: RequestChecks, request: T | undefined): Partial<T> {
  if (request === null || typeof request !== "object") {
    checks.fail("request", "a request object is required");
    checks.done();
  }
  return request as Partial<T>;
}

/**
 * Exactly one of fleet and alias: the request's pair when it names either, else config.gamelift's. The location:
 * the request's, else (unless `defaultLocation` is false) config.gamelift's.
 */
function target(
  checks: RequestChecks,
  request: Partial<SessionTarget>,
  defaults: SessionDefaults,
  defaultLocation = true,
): Pick<CreateGameSessionInput, "FleetId" | "AliasId" | "Location"> {
  const fromRequest = isSet(request.fleetId) || isSet(request.aliasId);
  const source = fromRequest ? request : defaults;
  const origin = fromRequest ? "" : " in config.gamelift";
  const FleetId = checks.text("fleetId", source.fleetId, RULES.fleetId);
  const AliasId = checks.text("aliasId", source.aliasId, RULES.aliasId);
  if (isSet(source.fleetId) && isSet(source.aliasId)) {
    checks.fail("fleetId", `fleetId and aliasId are both set${origin}; give one: a fleet, or an alias that routes to one`);
  } else if (!isSet(source.fleetId) && !isSet(source.aliasId)) {
    checks.fail("fleetId", "fleetId or aliasId is required (in the request, or as config.gamelift.fleetId / aliasId)");
  }
  const Location = checks.text("location", isSet(request.location) ? request.location : defaultLocation ? defaults.location : undefined, RULES.location);
  return { FleetId, AliasId, Location };
}

function maxPlayers(checks: RequestChecks, value: unknown): number {
  return checks.requiredWholeNumber("maxPlayers", value, 0, MAX_PLAYERS);
}

export function createGameSessionInput(request: CreateSessionRequest, defaults: SessionDefaults): CreateGameSessionInput {
  const checks = new RequestChecks("createSession");
  const r = requestObject(checks, request);
  const input: CreateGameSessionInput = {
    ...target(checks, r, defaults),
    MaximumPlayerSessionCount: maxPlayers(checks, r.maxPlayers),
    Name: checks.text("name", r.name, RULES.name),
    GameProperties: propertiesToList(checks.gameProperties("gameProperties", r.gameProperties)),
    GameSessionData: checks.text("gameSessionData", r.gameSessionData, RULES.gameSessionData),
    IdempotencyToken: checks.text("idempotencyToken", r.idempotencyToken, RULES.idempotencyToken),
    CreatorId: checks.text("creatorId", r.creatorId, RULES.creatorId),
  };
  checks.done();
  return input;
}

function desiredPlayers(checks: RequestChecks, value: unknown, slots: number): StartGameSessionPlacementInput["DesiredPlayerSessions"] {
  const players = checks.list<DesiredPlayer>("desiredPlayers", value, MAX_DESIRED_PLAYERS);
  if (players === undefined) return undefined;
  if (players.length > slots) checks.fail("desiredPlayers", `desiredPlayers has ${players.length} players but maxPlayers is ${slots}`);
  const seen = new Set<string>();
  return players.map((p, i) => {
    const PlayerId = checks.requiredText(`desiredPlayers[${i}].playerId`, p?.playerId, RULES.playerId);
    if (seen.has(PlayerId)) checks.fail(`desiredPlayers[${i}].playerId`, `desiredPlayers lists player '${PlayerId}' twice`);
    seen.add(PlayerId);
    return { PlayerId, PlayerData: checks.text(`desiredPlayers[${i}].playerData`, p?.playerData, RULES.playerData) };
  });
}

function playerLatencies(checks: RequestChecks, value: unknown): StartGameSessionPlacementInput["PlayerLatencies"] {
  const reports = checks.list<PlayerLatencyReport>("playerLatencies", value);
  return reports?.map((l, i) => {
    const latency = l?.latencyInMilliseconds;
    if (typeof latency !== "number" || !Number.isFinite(latency) || latency < 0) {
      checks.fail(`playerLatencies[${i}].latencyInMilliseconds`, `playerLatencies[${i}].latencyInMilliseconds must be a number ≥ 0`);
    }
    return {
      PlayerId: checks.requiredText(`playerLatencies[${i}].playerId`, l?.playerId, RULES.playerId),
      RegionIdentifier: checks.requiredText(`playerLatencies[${i}].regionIdentifier`, l?.regionIdentifier, RULES.regionIdentifier),
      LatencyInMilliseconds: latency,
    };
  });
}

/** `placementId` is the one to use when the request has none. */
export function startPlacementInput(request: CreateSessionOnQueueRequest, defaults: SessionDefaults, placementId: string): StartGameSessionPlacementInput {
  const checks = new RequestChecks("createSessionOnQueue");
  const r = requestObject(checks, request);
  const slots = maxPlayers(checks, r.maxPlayers);
  const input: StartGameSessionPlacementInput = {
    PlacementId: checks.text("placementId", isSet(r.placementId) ? r.placementId : placementId, RULES.placementId),
    GameSessionQueueName: checks.requiredText(
      "queueName",
      isSet(r.queueName) ? r.queueName : defaults.queueName,
      RULES.queueName,
      " (in the request, or as config.gamelift.queueName)",
    ),
    MaximumPlayerSessionCount: slots,
    GameSessionName: checks.text("name", r.name, RULES.name),
    GameProperties: propertiesToList(checks.gameProperties("gameProperties", r.gameProperties)),
    GameSessionData: checks.text("gameSessionData", r.gameSessionData, RULES.gameSessionData),
    DesiredPlayerSessions: desiredPlayers(checks, r.desiredPlayers, slots),
    PlayerLatencies: playerLatencies(checks, r.playerLatencies),
  };
  checks.done();
  return input;
}

export function searchInput(request: SearchSessionsRequest, defaults: SessionDefaults): SearchGameSessionsInput {
  const checks = new RequestChecks("searchSessions");
  const r = requestObject(checks, request);
  // A builder prints itself; String() leaves text as it is.
  const filter = r.filter === undefined || r.filter === null ? undefined : String(r.filter);
  const sort = r.sort === undefined || r.sort === null ? undefined : String(r.sort);
  const input: SearchGameSessionsInput = {
    // Without a location GameLift searches every location of the fleet: a lobby lists sessions wherever they run,
    // so config.gamelift.location (where the game creates its sessions) does not narrow a search.
    ...target(checks, r, defaults, false),
    FilterExpression: checks.text("filter", filter, RULES.expression),
    SortExpression: checks.text("sort", sort, RULES.expression),
    Limit: checks.wholeNumber("limit", r.limit, 1, Number.MAX_SAFE_INTEGER),
    NextToken: checks.text("nextToken", r.nextToken, RULES.nextToken),
  };
  checks.done();
  return input;
}

export function createPlayerSessionInput(request: CreatePlayerSessionRequest, operation = "createPlayerSession"): CreatePlayerSessionInput {
  const checks = new RequestChecks(operation);
  const r = requestObject(checks, request);
  const input: CreatePlayerSessionInput = {
    GameSessionId: checks.requiredText("gameSessionId", r.gameSessionId, RULES.gameSessionId),
    PlayerId: checks.requiredText("playerId", r.playerId, RULES.playerId, " (createPlayerId() makes one)"),
    PlayerData: checks.text("playerData", r.playerData, RULES.playerData),
  };
  checks.done();
  return input;
}
