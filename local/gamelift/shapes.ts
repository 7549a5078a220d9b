/** Model records → the output structures of the GameLift API, member names and shapes as the model has them. */
import type { Alias } from "./model/aliases.ts";
import type { Compute, CustomLocation, Fleet } from "./model/fleets.ts";
import type { GameSession } from "./model/game-sessions.ts";
import type { ConfigurationRecord, RuleSetRecord } from "./model/matchmaking-definitions.ts";
import type { Ticket } from "./model/matchmaking-tickets.ts";
import type { GameSessionQueue, Placement } from "./model/placements.ts";
import type { PlayerSession } from "./model/player-sessions.ts";

export function gameSessionShape(s: GameSession) {
  return {
    GameSessionId: s.id,
    Name: s.name,
    FleetId: s.fleetId,
    FleetArn: s.fleetArn,
    CreationTime: s.creationTime,
    TerminationTime: s.terminationTime,
    CurrentPlayerSessionCount: s.occupied,
    MaximumPlayerSessionCount: s.maximumPlayerSessionCount,
    Status: s.status,
    StatusReason: s.statusReason,
    GameProperties: [...s.gameProperties].map(([Key, Value]) => ({ Key, Value })),
    IpAddress: s.ipAddress,
    DnsName: s.dnsName,
    Port: s.port,
    PlayerSessionCreationPolicy: s.playerSessionCreationPolicy,
    CreatorId: s.request.creatorId,
    GameSessionData: s.request.gameSessionData,
    MatchmakerData: s.matchmakerData,
    Location: s.location,
    ComputeName: s.computeName,
  };
}

export function playerSessionShape(ps: PlayerSession) {
  const gs = ps.gameSession;
  return {
    PlayerSessionId: ps.id,
    PlayerId: ps.playerId,
    GameSessionId: gs.id,
    FleetId: gs.fleetId,
    FleetArn: gs.fleetArn,
    CreationTime: ps.creationTime,
    TerminationTime: ps.terminationTime,
    Status: ps.status,
    IpAddress: gs.ipAddress,
    DnsName: gs.dnsName,
    Port: gs.port,
    PlayerData: ps.playerData,
  };
}

export function fleetAttributesShape(f: Fleet) {
  return {
    FleetId: f.id,
    FleetArn: f.arn,
    FleetType: "ON_DEMAND",
    Name: f.name,
    Description: f.description,
    CreationTime: f.creationTime,
    Status: "ACTIVE",
    LogPaths: f.logPaths,
    NewGameSessionProtectionPolicy: f.protectionPolicy,
    ResourceCreationLimitPolicy: f.resourceCreationLimitPolicy && {
      NewGameSessionsPerCreator: f.resourceCreationLimitPolicy.newGameSessionsPerCreator,
      PolicyPeriodInMinutes: f.resourceCreationLimitPolicy.policyPeriodInMinutes,
    },
    MetricGroups: f.metricGroups,
    StoppedActions: undefined,
    ComputeType: "ANYWHERE",
    AnywhereConfiguration: f.anywhereCost === undefined ? undefined : { Cost: f.anywhereCost },
  };
}

export function locationStatesShape(f: Fleet, homeRegion: string) {
  return [homeRegion, ...f.locations].map((Location) => ({ Location, Status: "ACTIVE" }));
}

export function locationShape(l: CustomLocation) {
  return { LocationName: l.name, LocationArn: l.arn };
}

export function computeShape(c: Compute, sdkEndpoint: string) {
  return {
    FleetId: c.fleetId,
    FleetArn: c.fleetArn,
    ComputeName: c.name,
    ComputeArn: c.arn,
    IpAddress: c.ipAddress,
    DnsName: c.dnsName,
    ComputeStatus: "ACTIVE",
    Location: c.location,
    CreationTime: c.creationTime,
    GameLiftServiceSdkEndpoint: sdkEndpoint,
  };
}

export function aliasShape(a: Alias) {
  return {
    AliasId: a.id,
    Name: a.name,
    AliasArn: a.arn,
    Description: a.description,
    RoutingStrategy: a.routing.type === "SIMPLE" ? { Type: "SIMPLE", FleetId: a.routing.fleetId } : { Type: "TERMINAL", Message: a.routing.message },
    CreationTime: a.creationTime,
    LastUpdatedTime: a.lastUpdatedTime,
  };
}

export function queueShape(q: GameSessionQueue) {
  return {
    ...q.passthrough,
    Name: q.name,
    GameSessionQueueArn: q.arn,
    TimeoutInSeconds: q.timeoutInSeconds,
    Destinations: q.destinations.map((DestinationArn) => ({ DestinationArn })),
    PlayerLatencyPolicies: q.playerLatencyPolicies.map((p) => ({
      MaximumIndividualPlayerLatencyMilliseconds: p.maximumIndividualPlayerLatencyMs,
      PolicyDurationSeconds: p.policyDurationSeconds,
    })),
    FilterConfiguration: q.allowedLocations ? { AllowedLocations: q.allowedLocations } : undefined,
    PriorityConfiguration: q.priority ? { PriorityOrder: q.priority.order, LocationOrder: q.priority.locationOrder } : undefined,
  };
}

/** Connection details and placed players appear only once FULFILLED: before that they are not final. */
export function placementShape(p: Placement) {
  const fulfilled = p.status === "FULFILLED" ? p.gameSession : undefined;
  return {
    PlacementId: p.id,
    GameSessionQueueName: p.queueName,
    Status: p.status,
    GameProperties: p.request.gameProperties.map(([Key, Value]) => ({ Key, Value })),
    MaximumPlayerSessionCount: p.request.maximumPlayerSessionCount,
    GameSessionName: p.request.name,
    GameSessionId: fulfilled?.id,
    GameSessionArn: fulfilled?.id,
    GameSessionRegion: fulfilled?.location,
    PlayerLatencies: p.playerLatencies?.map((l) => ({ PlayerId: l.playerId, RegionIdentifier: l.regionIdentifier, LatencyInMilliseconds: l.latencyInMilliseconds })),
    StartTime: p.startTime,
    EndTime: p.endTime,
    IpAddress: fulfilled?.ipAddress,
    DnsName: fulfilled?.dnsName,
    Port: fulfilled?.port,
    PlacedPlayerSessions: fulfilled ? (p.placedPlayers ?? []).map((x) => ({ PlayerId: x.playerId, PlayerSessionId: x.playerSessionId })) : undefined,
    GameSessionData: p.request.gameSessionData,
    MatchmakerData: p.request.matchmakerData,
  };
}

export function ruleSetShape(r: RuleSetRecord) {
  return { RuleSetName: r.name, RuleSetArn: r.arn, RuleSetBody: r.body, CreationTime: new Date(r.creationTime) };
}

export function matchmakingConfigurationShape(c: ConfigurationRecord) {
  return {
    Name: c.name,
    ConfigurationArn: c.arn,
    Description: c.description,
    // "This property is not set when FlexMatchMode is set to STANDALONE."
    GameSessionQueueArns: c.flexMatchMode === "STANDALONE" ? undefined : [...c.gameSessionQueueArns],
    RequestTimeoutSeconds: c.requestTimeoutSeconds,
    AcceptanceTimeoutSeconds: c.acceptanceTimeoutSeconds,
    AcceptanceRequired: c.acceptanceRequired,
    RuleSetName: c.ruleSetName,
    RuleSetArn: c.ruleSetArn,
    NotificationTarget: c.notificationTarget,
    AdditionalPlayerCount: c.additionalPlayerCount,
    CustomEventData: c.customEventData,
    CreationTime: new Date(c.creationTime),
    GameProperties: c.gameProperties.map(([Key, Value]) => ({ Key, Value })),
    GameSessionData: c.gameSessionData,
    BackfillMode: c.backfillMode,
    FlexMatchMode: c.flexMatchMode,
  };
}

/** Players carry their team once it is final (PLACING, COMPLETED), and always in a backfill ticket. */
export function ticketShape(t: Ticket, estimatedWaitTime: number | undefined) {
  const showTeam = t.kind === "backfill" || t.status === "PLACING" || t.status === "COMPLETED";
  const c = t.connection;
  return {
    TicketId: t.id,
    ConfigurationName: t.configurationName,
    ConfigurationArn: t.configurationArn,
    Status: t.status,
    StatusReason: t.statusReason,
    StatusMessage: t.statusMessage,
    StartTime: new Date(t.startTime),
    EndTime: t.endTime === undefined ? undefined : new Date(t.endTime),
    Players: t.players.map((p) => ({
      PlayerId: p.playerId,
      PlayerAttributes: Object.keys(p.attributes).length === 0 ? undefined : { ...p.attributes },
      Team: showTeam ? p.team : undefined,
      LatencyInMs: p.latencyInMs === undefined ? undefined : { ...p.latencyInMs },
    })),
    GameSessionConnectionInfo: c && {
      GameSessionArn: c.gameSessionArn,
      IpAddress: c.ipAddress,
      DnsName: c.dnsName,
      Port: c.port,
      MatchedPlayerSessions: c.matchedPlayerSessions.map((m) => ({ PlayerId: m.playerId, PlayerSessionId: m.playerSessionId })),
    },
    EstimatedWaitTime: estimatedWaitTime,
  };
}
