// phaser-gamelift/core — the engine-agnostic kit: no Phaser here, so it runs in Node and under other engines.
// What a game uses, and nothing else: internals stay in their modules (tests import them by path).

// The kit and its configuration.
export { createGameLiftKit, type GameLiftKit, type GameLiftKitOptions } from "./kit.ts";
export type { GameLiftKitConfig, GameLiftPublicConfig, DeviceCodeProviderConfig, LatencyConfig } from "./config.ts";

// Errors a game can tell apart: every kit error is a GameLiftKitError with a `code`.
export { GameLiftKitError, type KitErrorCode } from "./errors.ts";
export { InvalidParameterError, type ParameterProblem } from "./validation.ts";
export { PlacementError } from "./gamelift/placement-error.ts";
export { ConnectionRejectedError } from "./travel/rejected-error.ts";

// Search filters and sorts, built or raw.
export { where, and, or, not, sortBy } from "./gamelift/filter.ts";
export type {
  FilterExpression,
  SortExpression,
  FilterNode,
  Operand,
  NumberOperand,
  StringOperand,
  BooleanOperand,
  PropertyOperand,
  Comparator,
  FilterValue,
  SortDirection,
} from "./gamelift/filter.ts";

// How travel reaches a game server: wss by DNS name when there is one (the default), or ws by address.
export { tlsWhenDnsName, plainByAddress, type EndpointPolicy } from "./travel/endpoint.ts";

// The areas (one per gem request bus), their buses, and what their requests and notifications carry.
export type { BusConnection, EventMap, Handler, HandlerObject, NotificationBus } from "./events/bus.ts";
export type { AuthArea, PasswordFlow, SignOutOptions } from "./auth/auth-area.ts";
export type { CredentialsArea, AwsCredentialProvider } from "./auth/credentials-area.ts";
export type { UserManagementArea, EnableMFAOptions, MFAKind } from "./auth/user-management-area.ts";
export type * from "./auth/auth-types.ts";
export type * from "./events/auth-events.ts";
export type { SessionsArea } from "./gamelift/sessions-area.ts";
export type { GameLiftClientOptions, SdkCredentials } from "./gamelift/client.ts";
export type * from "./gamelift/session-types.ts";
export type { SessionEvents, SessionBus } from "./events/session-events.ts";
export type { MatchmakingArea } from "./gamelift/matchmaking-area.ts";
export type * from "./gamelift/matchmaking-types.ts";
export type { MatchmakingPolling } from "./gamelift/ticket-tracker.ts";
export type { MatchmakingEvents, MatchmakingBus } from "./events/matchmaking-events.ts";
export type { TravelArea, TravelOptions, KeepalivePolicy, GameSessionStatus, SessionStatusLookup } from "./travel/connection.ts";
export type { TravelEvents, TravelBus, SessionEnding, SessionEndCause } from "./events/travel-events.ts";
export type { LatencyArea } from "./latency/latency-area.ts";
export type { LatencyReport, LocationLatency, Located } from "./latency/latency-types.ts";
export type { LatencyEvents, LatencyBus } from "./events/latency-events.ts";
export { defaultPingEndpoint } from "./latency/endpoints.ts";
export type { TravelState, TravelTimeouts } from "./travel/state-machine.ts";
export type { ReconnectPolicy } from "./travel/reconnect.ts";
export type { PlayerSessionTarget, TravelSession, TravelResult } from "./travel/types.ts";
export type { WebSocketLike, WebSocketConstructor } from "./travel/link.ts";
export type { JsonValue, RejectCode } from "../../protocol/wire.ts";
