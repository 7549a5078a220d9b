/**
 * The GameLift SDK client and the commands the kit sends, in a module of their own so the kit can load them
 * with a dynamic import after sign-in: a game's sign-in screen does not pay for them.
 */
import {
  CreateGameSessionCommand,
  CreatePlayerSessionCommand,
  DescribeGameSessionPlacementCommand,
  GameLiftClient,
  SearchGameSessionsCommand,
  StartGameSessionPlacementCommand,
  StopGameSessionPlacementCommand,
} from "@aws-sdk/client-gamelift";

export { GameLiftClient };

/** Every GameLift command the kit sends, by operation name. */
export const COMMANDS = {
  CreateGameSession: CreateGameSessionCommand,
  CreatePlayerSession: CreatePlayerSessionCommand,
  DescribeGameSessionPlacement: DescribeGameSessionPlacementCommand,
  SearchGameSessions: SearchGameSessionsCommand,
  StartGameSessionPlacement: StartGameSessionPlacementCommand,
  StopGameSessionPlacement: StopGameSessionPlacementCommand,
};
