/**
 * Requests from server processes, decoded and type-checked before the model sees them, and the answers
 * and pushes sent back. Envelope and member names as in the Go server SDK's model/ folder.
 */
import { randomUUID } from "node:crypto";
import type {
  DescribePlayerSessionsQuery,
  PlayerSessionRecord,
  ProcessGameSession,
  ProcessStartMatchBackfill,
  ProcessStopMatchBackfill,
} from "../gamelift/process-api.ts";

export type ProcessRequest =
  | { Action: "ActivateServerProcess"; SdkVersion?: string; SdkLanguage?: string; Port: number; LogPaths?: string[] }
  | { Action: "ActivateGameSession"; GameSessionId: string }
  | { Action: "AcceptPlayerSession"; GameSessionId: string; PlayerSessionId: string }
  | { Action: "RemovePlayerSession"; GameSessionId: string; PlayerSessionId: string }
  | { Action: "UpdatePlayerSessionCreationPolicy"; GameSessionId: string; PlayerSessionPolicy: "ACCEPT_ALL" | "DENY_ALL" }
  | { Action: "HeartbeatServerProcess"; HealthStatus: boolean }
  | { Action: "TerminateServerProcess" }
  | ({ Action: "DescribePlayerSessions" } & DescribePlayerSessionsQuery)
  | { Action: "GetComputeCertificate" }
  | { Action: "GetFleetRoleCredentials"; RoleArn: string; RoleSessionName?: string }
  | ({ Action: "StartMatchBackfill" } & ProcessStartMatchBackfill)
  | ({ Action: "StopMatchBackfill" } & ProcessStopMatchBackfill);

export type RequestAction = ProcessRequest["Action"];

export interface FrameError {
  Action?: string;
  RequestId?: string;
  StatusCode: number;
  ErrorMessage: string;
}

export type DecodedFrame = { ok: true; requestId: string; request: ProcessRequest } | { ok: false; error: FrameError };

const MAX_ID_LENGTH = 256;
const MAX_STRING_LENGTH = 4096;
/** StartMatchBackfill takes at most 199 players; the frame limit bounds the rest. */
const MAX_BACKFILL_PLAYERS = 199;

class FieldError extends Error {}

type Reader = (raw: Record<string, unknown>) => ProcessRequest;

const READERS: Record<RequestAction, Reader> = {
  ActivateServerProcess: (raw) => {
    const request: ProcessRequest = { Action: "ActivateServerProcess", Port: port(raw, "Port") };
    const sdkVersion = optionalString(raw, "SdkVersion");
    const sdkLanguage = optionalString(raw, "SdkLanguage");
    const logPaths = optionalStringList(raw, "LogPaths");
    if (sdkVersion !== undefined) request.SdkVersion = sdkVersion;
    if (sdkLanguage !== undefined) request.SdkLanguage = sdkLanguage;
    if (logPaths !== undefined) request.LogPaths = logPaths;
    return request;
  },
  ActivateGameSession: (raw) => ({ Action: "ActivateGameSession", GameSessionId: requiredString(raw, "GameSessionId") }),
  AcceptPlayerSession: (raw) => ({
    Action: "AcceptPlayerSession",
    GameSessionId: requiredString(raw, "GameSessionId"),
    PlayerSessionId: requiredString(raw, "PlayerSessionId"),
  }),
  RemovePlayerSession: (raw) => ({
    Action: "RemovePlayerSession",
    GameSessionId: requiredString(raw, "GameSessionId"),
    PlayerSessionId: requiredString(raw, "PlayerSessionId"),
  }),
  UpdatePlayerSessionCreationPolicy: (raw) => {
    const policy = requiredString(raw, "PlayerSessionPolicy");
    if (policy !== "ACCEPT_ALL" && policy !== "DENY_ALL") throw new FieldError("PlayerSessionPolicy must be ACCEPT_ALL or DENY_ALL");
    return { Action: "UpdatePlayerSessionCreationPolicy", GameSessionId: requiredString(raw, "GameSessionId"), PlayerSessionPolicy: policy };
  },
  HeartbeatServerProcess: (raw) => {
    if (typeof raw.HealthStatus !== "boolean") throw new FieldError("HealthStatus must be a boolean");
    return { Action: "HeartbeatServerProcess", HealthStatus: raw.HealthStatus };
  },
  TerminateServerProcess: () => ({ Action: "TerminateServerProcess" }),
  DescribePlayerSessions: (raw) => {
    const query: ProcessRequest & { Action: "DescribePlayerSessions" } = { Action: "DescribePlayerSessions" };
    for (const key of ["GameSessionId", "PlayerId", "PlayerSessionId", "PlayerSessionStatusFilter", "NextToken"] as const) {
      const value = optionalString(raw, key);
      if (value !== undefined && value !== "") query[key] = value;
    }
    if (raw.Limit !== undefined && raw.Limit !== null) {
      if (typeof raw.Limit !== "number" || !Number.isInteger(raw.Limit)) throw new FieldError("Limit must be an integer");
      // The Go SDK leaves Limit 0 off the wire (omitempty): 0 means "not given".
      if (raw.Limit !== 0) query.Limit = raw.Limit;
    }
    return query;
  },
  GetComputeCertificate: () => ({ Action: "GetComputeCertificate" }),
  GetFleetRoleCredentials: (raw) => {
    const request: ProcessRequest = { Action: "GetFleetRoleCredentials", RoleArn: requiredString(raw, "RoleArn") };
    const name = optionalString(raw, "RoleSessionName");
    if (name) request.RoleSessionName = name;
    return request;
  },
  // Go model.StartMatchBackfillRequest / message.StartMatchBackfillMessage. The players' content is checked
  // by the model, with the client API's rules.
  StartMatchBackfill: (raw) => {
    const players = raw.Players;
    if (!Array.isArray(players) || players.length === 0) throw new FieldError("Players must be a non-empty list");
    if (players.length > MAX_BACKFILL_PLAYERS) throw new FieldError(`Players may hold at most ${MAX_BACKFILL_PLAYERS} players`);
    const request: ProcessRequest = {
      Action: "StartMatchBackfill",
      GameSessionArn: requiredString(raw, "GameSessionArn"),
      MatchmakingConfigurationArn: requiredString(raw, "MatchmakingConfigurationArn"),
      Players: players.map(normalizePlayer),
    };
    const ticketId = optionalString(raw, "TicketId");
    if (ticketId) request.TicketId = ticketId;
    return request;
  },
  StopMatchBackfill: (raw) => ({
    Action: "StopMatchBackfill",
    TicketId: requiredString(raw, "TicketId"),
    GameSessionArn: requiredString(raw, "GameSessionArn"),
    MatchmakingConfigurationArn: requiredString(raw, "MatchmakingConfigurationArn"),
  }),
};

const ATTR_MEMBER: Record<string, "S" | "N" | "SL" | "SDM"> = { STRING: "S", DOUBLE: "N", STRING_LIST: "SL", STRING_DOUBLE_MAP: "SDM" };
const ATTR_EMPTY = { S: "", N: 0, SL: [], SDM: {} };

/**
 * The server SDKs' AttributeValue names its kind in AttrType (STRING, DOUBLE, STRING_LIST, STRING_DOUBLE_MAP)
 * and may leave a zero value off the wire (Go's omitempty): the value becomes the API's one-member shape.
 */
function normalizePlayer(player: unknown): unknown {
  if (player === null || typeof player !== "object" || Array.isArray(player)) return player;
  const p = player as Record<string, unknown>;
  const attributes = p.PlayerAttributes;
  if (attributes === null || typeof attributes !== "object" || Array.isArray(attributes)) return p;
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(attributes as Record<string, unknown>)) {
    let normalized = value;
    if (value !== null && typeof value === "object" && !Array.isArray(value) && "AttrType" in value) {
      const v = value as Record<string, unknown>;
      const member = typeof v.AttrType === "string" ? ATTR_MEMBER[v.AttrType] : undefined;
      if (!member) throw new FieldError(`PlayerAttributes.${name}.AttrType must be one of ${Object.keys(ATTR_MEMBER).join(", ")}`);
      normalized = { [member]: v[member] ?? ATTR_EMPTY[member] };
    }
    Object.defineProperty(out, name, { value: normalized, enumerable: true, writable: true, configurable: true });
  }
  return { ...p, PlayerAttributes: out };
}

export function decodeRequestFrame(text: string): DecodedFrame {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return fail(undefined, undefined, "Frame is not valid JSON");
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) return fail(undefined, undefined, "Frame must be a JSON object");
  const raw = value as Record<string, unknown>;
  const action = typeof raw.Action === "string" && raw.Action.length <= MAX_ID_LENGTH ? raw.Action : undefined;
  const requestId = typeof raw.RequestId === "string" && raw.RequestId.length <= MAX_ID_LENGTH ? raw.RequestId : undefined;
  if (!action) return fail(undefined, requestId, "Frame has no Action");
  if (!requestId) return fail(action, undefined, "Frame has no RequestId");
  if (!Object.hasOwn(READERS, action)) return fail(action, requestId, `Unknown Action ${JSON.stringify(action)}`);
  try {
    return { ok: true, requestId, request: READERS[action as RequestAction](raw) };
  } catch (error) {
    if (error instanceof FieldError) return fail(action, requestId, error.message);
    throw error;
  }
}

function fail(action: string | undefined, requestId: string | undefined, message: string): DecodedFrame {
  const error: FrameError = { StatusCode: 400, ErrorMessage: message };
  if (action !== undefined) error.Action = action;
  if (requestId !== undefined) error.RequestId = requestId;
  return { ok: false, error };
}

export function successAnswer(action: string, requestId: string, payload: Record<string, unknown> = {}): string {
  return JSON.stringify({ Action: action, RequestId: requestId, StatusCode: 200, ...payload });
}

export function errorAnswer(error: FrameError): string {
  return JSON.stringify(error);
}

/**
 * Pushes carry StatusCode 200 and a fresh RequestId: the SDKs treat any frame with a RequestId and a
 * status other than 200 as a failed request (Go websocket_client.readHandler, C# OnMessage).
 */
export function push(action: string, payload: Record<string, unknown>): string {
  return JSON.stringify({ Action: action, RequestId: randomUUID(), StatusCode: 200, ...payload });
}

/** CreateGameSession is flat, with GameSessionName (Go message.CreateGameSessionMessage). */
export function createGameSessionPush(session: ProcessGameSession): string {
  return push(
    "CreateGameSession",
    defined({
      GameSessionId: session.GameSessionId,
      GameSessionName: session.GameSessionName,
      GameSessionData: session.GameSessionData,
      MatchmakerData: session.MatchmakerData,
      MaximumPlayerSessionCount: Math.trunc(session.MaximumPlayerSessionCount),
      IpAddress: session.IpAddress,
      Port: Math.trunc(session.Port),
      DnsName: session.DnsName,
      GameProperties: { ...session.GameProperties },
    }),
  );
}

/** UpdateGameSession nests a GameSession object whose name member is `Name` (Go model.GameSession). */
export function updateGameSessionPush(update: { GameSession: ProcessGameSession; UpdateReason: string; BackfillTicketId?: string }): string {
  const s = update.GameSession;
  return push(
    "UpdateGameSession",
    defined({
      GameSession: defined({
        GameSessionId: s.GameSessionId,
        Name: s.GameSessionName,
        FleetId: s.FleetId,
        GameSessionData: s.GameSessionData,
        MatchmakerData: s.MatchmakerData,
        MaximumPlayerSessionCount: Math.trunc(s.MaximumPlayerSessionCount),
        IpAddress: s.IpAddress,
        Port: Math.trunc(s.Port),
        DnsName: s.DnsName,
        GameProperties: { ...s.GameProperties },
      }),
      UpdateReason: update.UpdateReason,
      BackfillTicketId: update.BackfillTicketId,
    }),
  );
}

export function terminateProcessPush(terminationTimeMs: number): string {
  return push("TerminateProcess", { TerminationTime: Math.trunc(terminationTimeMs) });
}

export function refreshConnectionPush(endpoint: string, authToken: string): string {
  return push("RefreshConnection", { RefreshConnectionEndpoint: endpoint, AuthToken: authToken });
}

/** The SDKs decode player session times as int64 (Go model.PlayerSession). */
export function playerSessionToWire(record: PlayerSessionRecord): Record<string, unknown> {
  return defined({
    PlayerSessionId: record.PlayerSessionId,
    PlayerId: record.PlayerId,
    GameSessionId: record.GameSessionId,
    FleetId: record.FleetId,
    IpAddress: record.IpAddress,
    DnsName: record.DnsName,
    Port: Math.trunc(record.Port),
    Status: record.Status,
    PlayerData: record.PlayerData,
    CreationTime: Math.trunc(record.CreationTime),
    TerminationTime: record.TerminationTime === undefined ? undefined : Math.trunc(record.TerminationTime),
  });
}

function defined(values: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(values)) if (value !== undefined) out[key] = value;
  return out;
}

function requiredString(raw: Record<string, unknown>, key: string): string {
  const value = raw[key];
  if (typeof value !== "string" || value.length === 0) throw new FieldError(`${key} is required and must be a string`);
  if (value.length > MAX_STRING_LENGTH) throw new FieldError(`${key} is too long`);
  return value;
}

function optionalString(raw: Record<string, unknown>, key: string): string | undefined {
  const value = raw[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string") throw new FieldError(`${key} must be a string`);
  if (value.length > MAX_STRING_LENGTH) throw new FieldError(`${key} is too long`);
  return value;
}

function optionalStringList(raw: Record<string, unknown>, key: string): string[] | undefined {
  const value = raw[key];
  // The Go SDK sends a nil LogPaths as null.
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || !value.every((v) => typeof v === "string" && v.length <= MAX_STRING_LENGTH)) {
    throw new FieldError(`${key} must be a list of strings`);
  }
  return value as string[];
}

function port(raw: Record<string, unknown>, key: string): number {
  const value = raw[key];
  if (typeof value !== "number" || !Number.isInteger(value) || value < 1 || value > 65535) {
    throw new FieldError(`${key} must be an integer between 1 and 65535`);
  }
  return value;
}
