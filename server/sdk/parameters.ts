import { validationError } from "./errors.ts";
import type { DescribePlayerSessionsRequest, ServerParameters, StartMatchBackfillRequest, StopMatchBackfillRequest } from "./types.ts";

/** The environment variables GameLift (or a fleet launcher) sets for a server process. */
export const ENV = {
  webSocketUrl: "GAMELIFT_SDK_WEBSOCKET_URL",
  processId: "GAMELIFT_SDK_PROCESS_ID",
  hostId: "GAMELIFT_SDK_HOST_ID",
  fleetId: "GAMELIFT_SDK_FLEET_ID",
  authToken: "GAMELIFT_SDK_AUTH_TOKEN",
} as const;

export interface ResolvedServerParameters {
  webSocketUrl: string;
  processId: string;
  hostId: string;
  fleetId: string;
  authToken: string;
}

// The official SDKs' patterns (Go server/validation.go).
const FLEET_ID = /^[a-zA-Z0-9.-]+$/;
const COMPUTE_ID = /^[a-zA-Z0-9-]+(\/[a-zA-Z0-9-]+)?$/;
const PLAYER_SESSION_ID = /^[a-zA-Z0-9.-]+$/;
const ARN = /^[a-zA-Z0-9:/-]+$/;
const ROLE_SESSION_NAME = /^[\w+=,.@-]*$/;
const STATUS_FILTER = /^(RESERVED|ACTIVE|COMPLETED|TIMEDOUT)$/;
export const PORT_MIN = 1;
export const PORT_MAX = 60000;

/** Arguments win field by field; whatever is missing comes from the environment. */
export function resolveServerParameters(
  params: ServerParameters = {},
  env: Record<string, string | undefined> = process.env,
): ResolvedServerParameters {
  const pick = (given: string | undefined, key: string): string => (given ? given : (env[key] ?? ""));
  const resolved: ResolvedServerParameters = {
    webSocketUrl: pick(params.webSocketUrl, ENV.webSocketUrl),
    processId: pick(params.processId, ENV.processId),
    hostId: pick(params.hostId ?? params.computeId, ENV.hostId),
    fleetId: pick(params.fleetId, ENV.fleetId),
    authToken: pick(params.authToken, ENV.authToken),
  };
  validateServerParameters(resolved);
  return resolved;
}

export function validateServerParameters(p: ResolvedServerParameters): void {
  requireString("WebSocketUrl", p.webSocketUrl, ENV.webSocketUrl);
  let url: URL;
  try {
    url = new URL(p.webSocketUrl);
  } catch {
    throw validationError(`WebSocketUrl is not a URL: ${p.webSocketUrl}`);
  }
  if (url.protocol !== "ws:" && url.protocol !== "wss:") {
    throw validationError(`WebSocketUrl must be a ws:// or wss:// URL, not ${url.protocol}`);
  }
  requireString("ProcessId", p.processId, ENV.processId);
  requireString("HostId", p.hostId, ENV.hostId, COMPUTE_ID, 256);
  requireString("FleetId", p.fleetId, ENV.fleetId, FLEET_ID, 256);
  requireString("AuthToken", p.authToken, ENV.authToken);
}

export function validatePort(port: unknown): asserts port is number {
  if (typeof port !== "number" || !Number.isInteger(port) || port < PORT_MIN || port > PORT_MAX) {
    throw validationError(`Port must be an integer between ${PORT_MIN} and ${PORT_MAX}`);
  }
}

export function validatePlayerSessionId(id: unknown): asserts id is string {
  if (typeof id !== "string" || id.length === 0) throw validationError("PlayerSessionID is required.");
  if (id.length > 256 || !PLAYER_SESSION_ID.test(id)) {
    throw validationError(`PlayerSessionID is invalid: ${JSON.stringify(id.slice(0, 80))}`);
  }
}

export function validatePolicy(policy: unknown): asserts policy is "ACCEPT_ALL" | "DENY_ALL" {
  if (policy !== "ACCEPT_ALL" && policy !== "DENY_ALL") {
    throw validationError("Player session creation policy must be one of [ACCEPT_ALL, DENY_ALL]");
  }
}

export function validateDescribePlayerSessions(req: DescribePlayerSessionsRequest | undefined): void {
  if (!req || typeof req !== "object") throw validationError("DescribePlayerSessionsRequest is required.");
  const given = [req.gameSessionId, req.playerSessionId, req.playerId].filter((v) => v !== undefined && v !== "");
  if (given.length !== 1) {
    throw validationError("Exactly one of GameSessionId, PlayerSessionId, or PlayerId is required");
  }
  if (req.gameSessionId && (req.gameSessionId.length > 256 || !ARN.test(req.gameSessionId))) {
    throw validationError("GameSessionID is invalid. Invalid ARN format.");
  }
  for (const [name, value] of [
    ["PlayerSessionID", req.playerSessionId],
    ["PlayerID", req.playerId],
  ] as const) {
    if (value !== undefined && (typeof value !== "string" || value.length > 1024)) {
      throw validationError(`${name} is invalid. Length must be between 1 and 1024 characters.`);
    }
  }
  if (req.playerSessionStatusFilter !== undefined && !STATUS_FILTER.test(req.playerSessionStatusFilter)) {
    throw validationError("PlayerSessionStatusFilter must be one of [RESERVED, ACTIVE, COMPLETED, TIMEDOUT]");
  }
  if (req.limit !== undefined && (!Number.isInteger(req.limit) || req.limit < 1)) {
    throw validationError("Limit must be a positive integer");
  }
}

const MATCHMAKING_ID = /^[a-zA-Z0-9.-]*$/;
const CONFIGURATION = /^(arn:.*:matchmakingconfiguration\/[a-zA-Z0-9.-]*|[a-zA-Z0-9.-]+)$/;

function validateBackfillIds(req: { ticketId?: unknown; matchmakingConfigurationArn?: unknown }, ticketRequired: boolean): void {
  if (ticketRequired && (typeof req.ticketId !== "string" || req.ticketId === "")) throw validationError("TicketId is required.");
  if (req.ticketId !== undefined && (typeof req.ticketId !== "string" || req.ticketId.length > 128 || !MATCHMAKING_ID.test(req.ticketId))) {
    throw validationError("TicketId is invalid. Up to 128 characters of [a-zA-Z0-9-.].");
  }
  const arn = req.matchmakingConfigurationArn;
  if (typeof arn !== "string" || arn === "") throw validationError("MatchmakingConfigurationArn is required.");
  if (arn.length > 256 || !CONFIGURATION.test(arn)) throw validationError("MatchmakingConfigurationArn is invalid. Invalid ARN format.");
}

export function validateGameSessionArn(arn: unknown): asserts arn is string {
  if (typeof arn !== "string" || arn.length === 0 || arn.length > 256 || !ARN.test(arn)) throw validationError("GameSessionArn is invalid. Invalid ARN format.");
}

export function validateStartMatchBackfill(req: StartMatchBackfillRequest | undefined): void {
  if (!req || typeof req !== "object") throw validationError("StartMatchBackfillRequest is required.");
  validateBackfillIds(req, false);
  if (!Array.isArray(req.players) || req.players.length === 0) throw validationError("Players is required: everyone in the game session, with their teams.");
  if (req.players.length > 199) throw validationError("Players is invalid. A backfill request holds at most 199 players.");
  for (const player of req.players) {
    if (!player || typeof player !== "object" || typeof player.playerId !== "string" || player.playerId === "" || player.playerId.length > 1024) {
      throw validationError("Every player needs a PlayerId of 1 to 1024 characters.");
    }
    if (player.team !== undefined && (typeof player.team !== "string" || player.team === "")) throw validationError(`Player ${player.playerId}'s Team is invalid.`);
    for (const [name, value] of Object.entries(player.playerAttributes ?? {})) {
      const members = value && typeof value === "object" ? Object.keys(value).filter((k) => ["S", "N", "SL", "SDM"].includes(k)) : [];
      if (members.length !== 1) throw validationError(`Player ${player.playerId}'s attribute ${name} must hold exactly one of S, N, SL, SDM.`);
    }
  }
}

export function validateStopMatchBackfill(req: StopMatchBackfillRequest | undefined): void {
  if (!req || typeof req !== "object") throw validationError("StopMatchBackfillRequest is required.");
  validateBackfillIds(req, true);
}

export function validateFleetRoleRequest(roleArn: unknown, roleSessionName: string): void {
  if (typeof roleArn !== "string" || roleArn.length === 0) throw validationError("RoleArn is required.");
  if (roleArn.length > 256 || !ARN.test(roleArn)) throw validationError("RoleArn is invalid. Invalid ARN format.");
  if (roleSessionName.length < 2 || roleSessionName.length > 64 || !ROLE_SESSION_NAME.test(roleSessionName)) {
    throw validationError("RoleSessionName is invalid. Length must be between 2 and 64 characters of [\\w+=,.@-].");
  }
}

function requireString(name: string, value: string, envKey: string, pattern?: RegExp, maxLength?: number): void {
  if (!value) throw validationError(`${name} is required (pass it to initSDK or set ${envKey}).`);
  if (maxLength !== undefined && value.length > maxLength) {
    throw validationError(`${name} is invalid. Length must be at most ${maxLength} characters.`);
  }
  if (pattern && !pattern.test(value)) throw validationError(`${name} is invalid. Must match the pattern: ${pattern.source}.`);
}
