/**
 * What the identity pool's roles may do in GameLift: exactly the actions the kit calls (the list lives once, in
 * @phaser-gamelift/local/player-actions, which the local stack's default roles grant too), each statement naming
 * its actions, never a wildcard, and scoped to the game's own resources wherever GameLift lets a policy say so.
 *
 * Which of the kit's actions take a resource, per the Service Authorization Reference for GameLift (Amazon
 * GameLift Servers: "Actions defined by", "Resource types defined by"):
 *   StartGameSessionPlacement   gameSessionQueue*  arn:${Partition}:gamelift:${Region}:${Account}:gamesessionqueue/${Name}
 *   CreateGameSession, CreatePlayerSession(s), SearchGameSessions, DescribeGameSessions,
 *   DescribeGameSessionDetails, DescribeGameSessionPlacement, StopGameSessionPlacement, StartMatchmaking,
 *   DescribeMatchmaking, StopMatchmaking, AcceptMatch: no resource type; IAM accepts them only with "Resource": "*".
 * So the queue is the one place a player's reach can be narrowed by ARN; aliases (DescribeAlias, ResolveAlias)
 * and matchmaking configurations (Update/Delete only) take ARNs for actions players never need.
 */
import { PLAYER_GAMELIFT_ACTIONS } from "@phaser-gamelift/local/player-actions";

/** The game's resources a statement may be scoped to. */
export interface GameResourceArns {
  queueArn: string;
}

/** Actions whose permission can name a resource, and the game's ARN for each. */
const SCOPED: Record<string, (arns: GameResourceArns) => string[]> = {
  "gamelift:StartGameSessionPlacement": (arns) => [arns.queueArn],
};

export interface PlayerStatement {
  actions: string[];
  resources: string[];
}

/** Statements for a role allowed these actions: one per scoped action, one for the rest on "*". */
export function playerStatements(actions: readonly string[], arns: GameResourceArns): PlayerStatement[] {
  for (const action of actions) {
    if (!/^gamelift:[A-Za-z]+$/.test(action)) throw new Error(`player actions must be named GameLift actions, not ${action}`);
  }
  const scoped = actions.filter((a) => a in SCOPED).map((a) => ({ actions: [a], resources: SCOPED[a]!(arns) }));
  const unscoped = actions.filter((a) => !(a in SCOPED));
  return [...scoped, ...(unscoped.length ? [{ actions: [...unscoped].sort(), resources: ["*"] }] : [])];
}

/** A signed-in player: sessions, placement on the game's queue, matchmaking. */
export const PLAYER_ACTIONS: readonly string[] = PLAYER_GAMELIFT_ACTIONS.authenticated;
/** A guest: may look at the lobby, nothing more. */
export const GUEST_PLAYER_ACTIONS: readonly string[] = PLAYER_GAMELIFT_ACTIONS.guest;
