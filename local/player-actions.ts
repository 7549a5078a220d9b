/**
 * The GameLift actions the phaser-gamelift kit calls from a player's browser, per identity-pool role: exactly
 * what the kit needs and no more. The local stack's default roles grant these lists; the deployment templates
 * build their IAM policies from the same lists (`import { PLAYER_GAMELIFT_ACTIONS } from
 * "@phaser-gamelift/local/player-actions"`), so the two cannot drift apart.
 *
 * Left out on purpose:
 * - DescribePlayerSessions: it lists every player session id of a game session, and a player session id is a
 *   seat ticket. The kit never needs it; to learn whether a session is gone it asks DescribeGameSessions.
 * - CreatePlayerSessions (the batch form): one player reserves one seat, for itself.
 * - Anything about fleets, builds, scripts, aliases or queues beyond placing a session on a queue.
 * - Matchmaking for guests: a ticket makes GameLift start a game session (a placement on the queue) for the
 *   match, and guests create nothing; a guest identity costs nothing to make, so tickets from guests would let
 *   anyone fill the matchmaker's pool and the fleet at no cost. A game that wants guests in quick matches grants
 *   them the four matchmaking actions knowingly. (The LobbyScene shows guests Quick match disabled.)
 *
 * This module imports nothing, so a CDK app can read it without pulling in the local stack.
 */
export const PLAYER_GAMELIFT_ACTIONS = {
  /** A signed-in player: browse and create sessions, reserve its own seat, queue placement, matchmaking. */
  authenticated: [
    "gamelift:SearchGameSessions",
    "gamelift:DescribeGameSessions",
    "gamelift:CreateGameSession",
    "gamelift:CreatePlayerSession",
    "gamelift:StartGameSessionPlacement",
    "gamelift:DescribeGameSessionPlacement",
    "gamelift:StopGameSessionPlacement",
    "gamelift:StartMatchmaking",
    "gamelift:DescribeMatchmaking",
    "gamelift:StopMatchmaking",
    "gamelift:AcceptMatch",
  ],
  /**
   * A guest (unauthenticated identity): may look at the lobby and take a seat in a session that exists (its own
   * seat, proven to the game server with its identity token), and creates nothing: no game sessions, no
   * placements, no matchmaking. A game whose guests should only watch removes CreatePlayerSession here.
   */
  guest: ["gamelift:SearchGameSessions", "gamelift:DescribeGameSessions", "gamelift:CreatePlayerSession"],
} as const satisfies Record<"authenticated" | "guest", readonly `gamelift:${string}`[]>;

export type PlayerRole = keyof typeof PLAYER_GAMELIFT_ACTIONS;
