/** The AWS SDK's PascalCase GameLift objects → the kit's camelCase results. */
import type { GameProperty, GameSession, GameSessionPlacement, PlayerSession } from "@aws-sdk/client-gamelift";
import type { GameSessionInfo, PlacementInfo, PlacementStatus, PlayerSessionInfo } from "./session-types.ts";

export function propertiesToObject(properties: GameProperty[] | undefined): Record<string, string> {
  // fromEntries defines own properties, so even a key named "__proto__" stays a plain property.
  return Object.fromEntries((properties ?? []).filter((p) => p.Key !== undefined).map((p) => [p.Key, p.Value ?? ""]));
}

export function propertiesToList(properties: Record<string, string> | undefined): GameProperty[] | undefined {
  if (properties === undefined) return undefined;
  return Object.entries(properties).map(([Key, Value]) => ({ Key, Value }));
}

export function toGameSessionInfo(gs: GameSession): GameSessionInfo {
  return {
    gameSessionId: gs.GameSessionId ?? "",
    name: gs.Name,
    fleetId: gs.FleetId,
    fleetArn: gs.FleetArn,
    location: gs.Location,
    computeName: gs.ComputeName,
    status: gs.Status,
    statusReason: gs.StatusReason,
    currentPlayers: gs.CurrentPlayerSessionCount ?? 0,
    maxPlayers: gs.MaximumPlayerSessionCount ?? 0,
    gameProperties: propertiesToObject(gs.GameProperties),
    ipAddress: gs.IpAddress,
    dnsName: gs.DnsName,
    port: gs.Port,
    playerSessionCreationPolicy: gs.PlayerSessionCreationPolicy,
    creatorId: gs.CreatorId,
    gameSessionData: gs.GameSessionData,
    matchmakerData: gs.MatchmakerData,
    creationTime: gs.CreationTime,
    terminationTime: gs.TerminationTime,
    raw: gs,
  };
}

export function toPlacementInfo(p: GameSessionPlacement): PlacementInfo {
  return {
    placementId: p.PlacementId ?? "",
    status: (p.Status ?? "PENDING") as PlacementStatus,
    queueName: p.GameSessionQueueName,
    // Both name the session; GameLift documents the ARN as the id CreatePlayerSession takes.
    gameSessionId: p.GameSessionArn ?? p.GameSessionId,
    gameSessionName: p.GameSessionName,
    location: p.GameSessionRegion,
    maxPlayers: p.MaximumPlayerSessionCount,
    gameProperties: propertiesToObject(p.GameProperties),
    ipAddress: p.IpAddress,
    dnsName: p.DnsName,
    port: p.Port,
    placedPlayerSessions: (p.PlacedPlayerSessions ?? []).map((s) => ({ playerId: s.PlayerId ?? "", playerSessionId: s.PlayerSessionId ?? "" })),
    gameSessionData: p.GameSessionData,
    matchmakerData: p.MatchmakerData,
    startTime: p.StartTime,
    endTime: p.EndTime,
    raw: p,
  };
}

export function toPlayerSessionInfo(ps: PlayerSession): PlayerSessionInfo {
  return {
    playerSessionId: ps.PlayerSessionId ?? "",
    playerId: ps.PlayerId,
    gameSessionId: ps.GameSessionId,
    fleetId: ps.FleetId,
    fleetArn: ps.FleetArn,
    status: ps.Status,
    ipAddress: ps.IpAddress,
    dnsName: ps.DnsName,
    port: ps.Port,
    playerData: ps.PlayerData,
    creationTime: ps.CreationTime,
    terminationTime: ps.TerminationTime,
    raw: ps,
  };
}
