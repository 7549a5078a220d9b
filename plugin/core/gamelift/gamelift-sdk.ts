/**
 * The GameLift SDK client and the commands the kit sends, in a module of their own so the kit can load them
 * with a dynamic import after sign-in: a game's sign-in screen does not pay for them.
 */
import {
  AcceptMatchCommand,
  CreateGameSessionCommand,
  CreatePlayerSessionCommand,
  DescribeGameSessionPlacementCommand,
  DescribeGameSessionsCommand,
  DescribeMatchmakingCommand,
  GameLiftClient,
  SearchGameSessionsCommand,
  StartGameSessionPlacementCommand,
  StartMatchmakingCommand,
  StopGameSessionPlacementCommand,
  StopMatchmakingCommand,
} from "@aws-sdk/client-gamelift";

export { GameLiftClient };

/** Every GameLift command the kit sends, by operation name. */
export const COMMANDS = {
  AcceptMatch: AcceptMatchCommand,
  CreateGameSession: CreateGameSessionCommand,
  CreatePlayerSession: CreatePlayerSessionCommand,
  DescribeGameSessionPlacement: DescribeGameSessionPlacementCommand,
  DescribeGameSessions: DescribeGameSessionsCommand,
  DescribeMatchmaking: DescribeMatchmakingCommand,
  SearchGameSessions: SearchGameSessionsCommand,
  StartGameSessionPlacement: StartGameSessionPlacementCommand,
  StartMatchmaking: StartMatchmakingCommand,
  StopGameSessionPlacement: StopGameSessionPlacementCommand,
  StopMatchmaking: StopMatchmakingCommand,
};
