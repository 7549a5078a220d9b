/**
 * The player's words for what only sessions and travel meet: GameLift's exceptions and the game server's
 * refusals (see ../player-messages.ts). The session runtime adds them when it loads.
 */
import type { PlayerWords } from "../player-messages.ts";

export const GAMELIFT_PLAYER_MESSAGES: Readonly<Record<string, PlayerWords>> = {
  GameSessionFullException: "This game is full.",
  InvalidGameSessionStatusException: (message) =>
    /ACTIVATING/.test(message) ? "This game is still starting. Try again in a moment." : "This game session has ended.",
  NotFoundException: "That game session no longer exists.",
  FleetCapacityExceededException: "There is no room for a new game right now. Please try again later.",
  TerminalRoutingStrategyException: "This game is not available right now.",
  AccessDeniedException: "You are not allowed to do that. Sign in to play.",
  UnauthorizedException: "You are not allowed to do that. Sign in to play.",
  InvalidRequestException: "That request was not valid.",
  IdempotentParameterMismatchException: "That game name is already in use. Please choose another.",
  ConflictException: "Someone else changed that at the same time. Please try again.",
  InternalServiceException: "The service had a problem. Please try again.",
  InternalErrorException: "The service had a problem. Please try again.",
  ThrottlingException: "The service is busy. Please try again in a moment.",

  // The game server's refusals (ConnectionRejectedError.rejectCode).
  "ConnectionRejected.InvalidPlayerSession": "The game server did not recognise your seat. Please join again.",
  "ConnectionRejected.WrongGameSession": "That seat belongs to another game. Please join again.",
  "ConnectionRejected.PlayerSessionTimedOut": "Your seat was held too long and has expired. Please join again.",
  "ConnectionRejected.PlayerSessionCompleted": "Your seat has already been used. Please join again.",
  "ConnectionRejected.AlreadyConnected": "You are already connected to this game from somewhere else.",
  "ConnectionRejected.UnsupportedVersion": "This game server runs another version. Please reload the game.",
  "ConnectionRejected.SessionEnded": "This game session has ended.",
  "ConnectionRejected.AcceptFailed": "The game server could not seat you. Please try again.",
  "ConnectionRejected.IdentityNotProven": "The game server could not confirm who you are. Please sign in again.",
  "ConnectionRejected.IdentityMismatch": "That seat was reserved for another player.",
  "ConnectionRejected.PlayerAlreadySeated": "You already have a seat in this game.",
  "ConnectionRejected.TryAgainLater": "The game server is busy. Please try again in a moment.",
};
