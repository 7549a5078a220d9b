/**
 * Sessions, matchmaking, travel and latency, the part of the kit a game needs after sign-in: a chunk of its own
 * that the kit loads on the first session or matchmaking call (or on kit.prefetch(), while the player types).
 */
export { SessionsArea } from "./gamelift/sessions-area.ts";
export { MatchmakingArea } from "./gamelift/matchmaking-area.ts";
export { LatencyArea } from "./latency/latency-area.ts";
export { createTravel } from "./travel/connection.ts";
export { GAMELIFT_PLAYER_MESSAGES } from "./gamelift/player-messages.ts";
