/**
 * The AWS GameLift gem's client side: kit.sessions. The kit creates it with createSessions and calls
 * destroy() when it is destroyed.
 */
import type { GameLiftKitConfig } from "../config.ts";
import { Timers } from "../timers.ts";
import type { SdkCredentials } from "./client.ts";
import type { PlacementPolling } from "./placement-follower.ts";
import { SessionsArea } from "./sessions-area.ts";
import type { Traveler } from "./traveler.ts";

export interface CreateSessionsOptions {
  /** An AWS SDK credential provider (kit.credentials.provider): the default for configureGameLiftClient. */
  credentials?: SdkCredentials;
  /** The kit's timers (tests pass some on a manual clock); without them the area keeps its own and stops them on destroy. */
  timers?: Timers;
  /** Travel's join/leave; without one joinSession stops at the player session. */
  traveler?: Traveler;
  /** The player's identity id: joinSession's default PlayerId. */
  playerIdentityId?: () => Promise<string>;
  placementPolling?: Partial<PlacementPolling>;
}

export function createSessions(config: GameLiftKitConfig, options: CreateSessionsOptions = {}): { sessions: SessionsArea; destroy(): void } {
  const sessions = new SessionsArea({ ...options, config, timers: (options.timers ?? new Timers()).scope() });
  return { sessions, destroy: () => sessions.destroy() };
}

export { SessionsArea, type SessionsAreaOptions } from "./sessions-area.ts";
export type { GameLiftClientOptions, SdkCredentials } from "./client.ts";
export type { Traveler, JoinResult } from "./traveler.ts";
export type * from "./session-types.ts";
export { PlacementError } from "./placement-error.ts";
export { InvalidParameterError, type ParameterProblem } from "../validation.ts";
export { DEFAULT_PLACEMENT_POLLING, type PlacementPolling } from "./placement-follower.ts";
export { createPlayerId } from "./player-id.ts";
export {
  where,
  and,
  or,
  not,
  sortBy,
  FilterExpression,
  SortExpression,
  NumberCondition,
  EqualityCondition,
  type FilterNode,
  type Operand,
  type NumberOperand,
  type StringOperand,
  type BooleanOperand,
  type PropertyOperand,
  type Comparator,
  type FilterValue,
  type SortDirection,
} from "./filter.ts";
export { type SessionEvents, type SessionBus, SESSION_EVENT_NAMES } from "../events/session-events.ts";
export { MatchmakingArea, seatOf, type MatchmakingAreaOptions } from "./matchmaking-area.ts";
export type * from "./matchmaking-types.ts";
export { DEFAULT_MATCHMAKING_POLLING, nextPollDelay, trackTicket, type MatchmakingPolling } from "./ticket-tracker.ts";
export { type MatchmakingEvents, type MatchmakingBus, MATCHMAKING_EVENT_NAMES } from "../events/matchmaking-events.ts";
