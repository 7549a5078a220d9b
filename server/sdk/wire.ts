/**
 * The server SDK 5 WebSocket envelope and messages, as the Go SDK's model/ folder and the C# SDK's
 * GameLiftWebSocket read and write them: JSON text frames with PascalCase members, `Action` + `RequestId`
 * on every request, `StatusCode` (+ `ErrorMessage`) on every answer.
 */
import { randomUUID } from "node:crypto";
import { parseMatchmakerData } from "./matchmaker-data.ts";
import type {
  AttributeValue,
  DescribePlayerSessionsRequest,
  DescribePlayerSessionsResult,
  GameSession,
  GetComputeCertificateResult,
  GetFleetRoleCredentialsResult,
  MatchmakingPlayer,
  PlayerSession,
  PlayerSessionStatus,
  StartMatchBackfillRequest,
  StartMatchBackfillResult,
  StopMatchBackfillRequest,
  UpdateGameSession,
  UpdateReason,
} from "./types.ts";

export type RequestAction =
  | "ActivateServerProcess"
  | "ActivateGameSession"
  | "AcceptPlayerSession"
  | "RemovePlayerSession"
  | "UpdatePlayerSessionCreationPolicy"
  | "HeartbeatServerProcess"
  | "TerminateServerProcess"
  | "DescribePlayerSessions"
  | "GetComputeCertificate"
  | "GetFleetRoleCredentials"
  | "StartMatchBackfill"
  | "StopMatchBackfill";

export type PushAction = "CreateGameSession" | "UpdateGameSession" | "TerminateProcess" | "RefreshConnection";

export interface OutgoingRequest {
  Action: RequestAction;
  RequestId: string;
  [member: string]: unknown;
}

export function newRequest(action: RequestAction, members: Record<string, unknown> = {}): OutgoingRequest {
  const request: OutgoingRequest = { Action: action, RequestId: randomUUID() };
  // Absent optional members stay off the wire, as the Go SDK's `omitempty` leaves them.
  for (const [key, value] of Object.entries(members)) if (value !== undefined) request[key] = value;
  return request;
}

export function describePlayerSessionsRequest(req: DescribePlayerSessionsRequest): OutgoingRequest {
  return newRequest("DescribePlayerSessions", {
    GameSessionId: req.gameSessionId,
    PlayerId: req.playerId,
    PlayerSessionId: req.playerSessionId,
    PlayerSessionStatusFilter: req.playerSessionStatusFilter,
    NextToken: req.nextToken,
    Limit: req.limit,
  });
}

/** The SDKs' AttributeValue names its kind in AttrType next to the value (Go model.AttributeValue). */
function attributeToWire(value: AttributeValue): Record<string, unknown> {
  if ("S" in value) return { AttrType: "STRING", S: value.S };
  if ("N" in value) return { AttrType: "DOUBLE", N: value.N };
  if ("SL" in value) return { AttrType: "STRING_LIST", SL: [...value.SL] };
  return { AttrType: "STRING_DOUBLE_MAP", SDM: { ...value.SDM } };
}

function playerToWire(p: MatchmakingPlayer): Record<string, unknown> {
  const player: Record<string, unknown> = { PlayerId: p.playerId };
  if (p.playerAttributes) {
    const attributes: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(p.playerAttributes)) {
      Object.defineProperty(attributes, name, { value: attributeToWire(value), enumerable: true, writable: true, configurable: true });
    }
    player.PlayerAttributes = attributes;
  }
  if (p.team !== undefined) player.Team = p.team;
  if (p.latencyInMs) player.LatencyInMs = { ...p.latencyInMs };
  return player;
}

/** Go message.StartMatchBackfillMessage. */
export function startMatchBackfillRequest(req: StartMatchBackfillRequest & { gameSessionArn: string }): OutgoingRequest {
  return newRequest("StartMatchBackfill", {
    TicketId: req.ticketId,
    GameSessionArn: req.gameSessionArn,
    MatchmakingConfigurationArn: req.matchmakingConfigurationArn,
    Players: req.players.map(playerToWire),
  });
}

/** Go message.StopMatchBackfillMessage. */
export function stopMatchBackfillRequest(req: StopMatchBackfillRequest & { gameSessionArn: string }): OutgoingRequest {
  return newRequest("StopMatchBackfill", {
    TicketId: req.ticketId,
    GameSessionArn: req.gameSessionArn,
    MatchmakingConfigurationArn: req.matchmakingConfigurationArn,
  });
}

export function decodeStartMatchBackfill(raw: Record<string, unknown>): StartMatchBackfillResult {
  return { ticketId: str(raw.TicketId) ?? "" };
}

/** A frame from the service, before we know whether it answers a request or is a push. */
export interface IncomingFrame {
  Action?: string;
  RequestId?: string;
  StatusCode?: number;
  ErrorMessage?: string;
  raw: Record<string, unknown>;
}

/** undefined for anything that is not a JSON object: the SDKs log such frames and carry on. */
export function parseFrame(text: string): IncomingFrame | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isRecord(value)) return undefined;
  return {
    Action: str(value.Action),
    RequestId: str(value.RequestId) || undefined,
    StatusCode: typeof value.StatusCode === "number" ? value.StatusCode : undefined,
    ErrorMessage: str(value.ErrorMessage),
    raw: value,
  };
}

export const PUSH_ACTIONS: ReadonlySet<string> = new Set<PushAction>([
  "CreateGameSession",
  "UpdateGameSession",
  "TerminateProcess",
  "RefreshConnection",
]);

/** CreateGameSession carries the session flat, with `GameSessionName` (not the `Name` of a GameSession object). */
export function decodeCreateGameSession(raw: Record<string, unknown>): GameSession {
  return decodeGameSessionFields(raw, str(raw.GameSessionName));
}

/** UpdateGameSession nests a GameSession object (Go model.GameSession), whose name member is `Name`. */
export function decodeUpdateGameSession(raw: Record<string, unknown>): UpdateGameSession {
  const session = isRecord(raw.GameSession) ? raw.GameSession : {};
  return {
    gameSession: decodeGameSessionFields(session, str(session.Name)),
    updateReason: decodeUpdateReason(raw.UpdateReason),
    backfillTicketId: str(raw.BackfillTicketId),
  };
}

export function decodeTerminateProcess(raw: Record<string, unknown>): number | undefined {
  return num(raw.TerminationTime);
}

export function decodeRefreshConnection(raw: Record<string, unknown>): { endpoint: string; authToken: string } | undefined {
  const endpoint = str(raw.RefreshConnectionEndpoint);
  const authToken = str(raw.AuthToken);
  return endpoint && authToken ? { endpoint, authToken } : undefined;
}

export function decodeDescribePlayerSessions(raw: Record<string, unknown>): DescribePlayerSessionsResult {
  const list = Array.isArray(raw.PlayerSessions) ? raw.PlayerSessions : [];
  const result: DescribePlayerSessionsResult = {
    playerSessions: list.filter(isRecord).map(decodePlayerSession),
  };
  const nextToken = str(raw.NextToken);
  if (nextToken) result.nextToken = nextToken;
  return result;
}

export function decodeComputeCertificate(raw: Record<string, unknown>): GetComputeCertificateResult {
  return { certificatePath: str(raw.CertificatePath) ?? "", computeName: str(raw.ComputeName) ?? "" };
}

export function decodeFleetRoleCredentials(raw: Record<string, unknown>): GetFleetRoleCredentialsResult {
  return {
    assumedRoleUserArn: str(raw.AssumedRoleUserArn) ?? "",
    assumedRoleId: str(raw.AssumedRoleId) ?? "",
    accessKeyId: str(raw.AccessKeyId) ?? "",
    secretAccessKey: str(raw.SecretAccessKey) ?? "",
    sessionToken: str(raw.SessionToken) ?? "",
    expiration: num(raw.Expiration) ?? 0,
  };
}

function decodeGameSessionFields(raw: Record<string, unknown>, name: string | undefined): GameSession {
  const session: GameSession = {
    gameSessionId: str(raw.GameSessionId) ?? "",
    maximumPlayerSessionCount: num(raw.MaximumPlayerSessionCount) ?? 0,
    port: num(raw.Port) ?? 0,
    gameProperties: decodeProperties(raw.GameProperties),
  };
  assignDefined(session, {
    name,
    fleetId: str(raw.FleetId),
    location: str(raw.Location),
    ipAddress: str(raw.IpAddress),
    dnsName: str(raw.DnsName),
    gameSessionData: str(raw.GameSessionData),
    matchmakerData: str(raw.MatchmakerData),
    status: str(raw.Status),
    statusReason: str(raw.StatusReason),
  });
  const matchmaker = parseMatchmakerData(session.matchmakerData);
  if (matchmaker) session.matchmaker = matchmaker;
  return session;
}

/** A map on the wire; tolerate the API's [{Key, Value}] list shape too, since both appear in GameLift's APIs. */
function decodeProperties(value: unknown): Record<string, string> {
  const entries: [string, string][] = [];
  if (Array.isArray(value)) {
    for (const entry of value) {
      if (isRecord(entry) && typeof entry.Key === "string") entries.push([entry.Key, String(entry.Value ?? "")]);
    }
  } else if (isRecord(value)) {
    for (const [key, v] of Object.entries(value)) if (v !== undefined && v !== null) entries.push([key, String(v)]);
  }
  // Keys come from whoever created the game session: fromEntries keeps even "__proto__" an own, plain property.
  return Object.fromEntries(entries);
}

const UPDATE_REASONS: ReadonlySet<string> = new Set<UpdateReason>([
  "UNKNOWN",
  "MATCHMAKING_DATA_UPDATED",
  "BACKFILL_FAILED",
  "BACKFILL_TIMED_OUT",
  "BACKFILL_CANCELLED",
]);

function decodeUpdateReason(value: unknown): UpdateReason {
  return typeof value === "string" && UPDATE_REASONS.has(value) ? (value as UpdateReason) : "UNKNOWN";
}

const PLAYER_STATUSES: ReadonlySet<string> = new Set<PlayerSessionStatus>(["RESERVED", "ACTIVE", "COMPLETED", "TIMEDOUT"]);

function decodePlayerSession(raw: Record<string, unknown>): PlayerSession {
  const session: PlayerSession = {
    playerSessionId: str(raw.PlayerSessionId) ?? "",
    gameSessionId: str(raw.GameSessionId) ?? "",
  };
  const status = str(raw.Status);
  assignDefined(session, {
    playerId: str(raw.PlayerId),
    fleetId: str(raw.FleetId),
    playerData: str(raw.PlayerData),
    ipAddress: str(raw.IpAddress),
    dnsName: str(raw.DnsName),
    port: num(raw.Port),
    status: status && PLAYER_STATUSES.has(status) ? (status as PlayerSessionStatus) : undefined,
    creationTime: num(raw.CreationTime),
    terminationTime: num(raw.TerminationTime) || undefined,
  });
  return session;
}

function assignDefined<T extends object>(target: T, values: Partial<T>): void {
  for (const [key, value] of Object.entries(values)) {
    if (value !== undefined && value !== "") (target as Record<string, unknown>)[key] = value;
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function str(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

function num(value: unknown): number | undefined {
  return typeof value === "number" && Number.isFinite(value) ? value : undefined;
}
