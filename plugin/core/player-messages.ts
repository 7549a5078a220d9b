/**
 * What a player reads when something fails: short, plain words, never an ARN, an exception name or a service's
 * internals. Developers keep the `code` and AWS's own message on the error; this is the third thing every kit
 * error carries. Keyed by the kit's codes and the AWS exception names the kit's calls can answer with; a code
 * not listed gets the generic sentence, so nothing a service says reaches a player unfiltered.
 */

/** By code; a function when the service's own message tells cases apart that the code does not. */
const BY_CODE: Record<string, string | ((message: string) => string)> = {
  // The kit's own codes.
  InvalidParameter: "Something in that request is not valid.",
  NotSignedIn: "Please sign in first.",
  NotConfigured: "The game is not set up for this yet.",
  Timeout: "That took too long. Please try again.",
  NetworkError: "The game service cannot be reached. Check your connection and try again.",
  Cancelled: "Cancelled.",
  ConnectionRejected: "The game server did not let you in.",
  ConnectionLost: "The connection to the game server was lost.",
  ProtocolError: "Something went wrong talking to the server. Please try again.",
  UnsupportedChallenge: "This sign-in needs a step the game does not support.",
  PlacementFailed: "The game could not be started. Please try again.",
  SessionEnded: "The game session has ended.",
  UnknownMap: "This game cannot show that map.",

  // Cognito user pools.
  NotAuthorizedException: (message) => {
    if (/attempts exceeded/i.test(message)) return "Too many failed attempts. Wait a few minutes and try again.";
    if (/disabled/i.test(message)) return "This account is disabled.";
    if (/session/i.test(message)) return "The sign-in took too long. Please start again.";
    if (/temporary password has expired/i.test(message)) return "Your temporary password has expired. Ask for a new one.";
    if (/refresh token|access token|revoked|expired/i.test(message)) return "You were signed out. Please sign in again.";
    if (/incorrect username or password/i.test(message)) return "Incorrect username or password.";
    if (/unauthenticated access/i.test(message)) return "Guests cannot play this game. Please sign in.";
    return "You are not allowed to do that. Please sign in again.";
  },
  UserNotFoundException: "Incorrect username or password.",
  UserNotConfirmedException: "Please confirm your account first.",
  PasswordResetRequiredException: "You need to reset your password.",
  UsernameExistsException: "That username is taken. Please choose another.",
  AliasExistsException: "An account with that email or phone number already exists.",
  InvalidPasswordException: (message) => {
    const detail = /conform with policy:\s*(.+)$/i.exec(message)?.[1];
    return detail ? `Choose a stronger password: ${lowerFirst(detail.replace(/\.$/, ""))}.` : "Choose a stronger password.";
  },
  CodeMismatchException: "That code is not right. Please check it and try again.",
  ExpiredCodeException: "That code has expired. Ask for a new one.",
  TooManyFailedAttemptsException: "Too many wrong codes. Ask for a new one.",
  CodeDeliveryFailureException: "The code could not be sent. Please try again later.",
  EnableSoftwareTokenMFAException: "That code is not right. Check your authenticator app and try again.",
  SoftwareTokenMFANotFoundException: "No authenticator app is set up for this account.",
  MFAMethodNotFoundException: "No second sign-in step is set up for this account.",
  InvalidParameterException: (message) =>
    /email address format/i.test(message)
      ? "That email address is not valid."
      : /phone number format/i.test(message)
        ? "That phone number is not valid."
        : "Something you entered is not valid.",
  LimitExceededException: "You have done that too often. Please wait a while and try again.",
  TooManyRequestsException: "The service is busy. Please try again in a moment.",
  ResourceNotFoundException: "The game's sign-in is not set up correctly.",
  UnsupportedOperationException: "That is not available for this game.",

  // Cognito identity pools.
  ExternalServiceException: "The sign-in provider could not be reached. Please try again.",
  InvalidIdentityPoolConfigurationException: "The game's sign-in is not set up correctly.",

  // Device-code providers (OAuth errors).
  access_denied: "Sign-in was denied.",
  expired_token: "The code expired before it was approved. Please try again.",
  invalid_grant: "That sign-in is no longer valid. Please sign in again.",
  invalid_client: "The game's sign-in is not set up correctly.",

  // GameLift.
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
};

/** The game server's refusals (ConnectionRejectedError.rejectCode). */
const BY_REJECT_CODE: Record<string, string> = {
  InvalidPlayerSession: "The game server did not recognise your seat. Please join again.",
  WrongGameSession: "That seat belongs to another game. Please join again.",
  PlayerSessionTimedOut: "Your seat was held too long and has expired. Please join again.",
  PlayerSessionCompleted: "Your seat has already been used. Please join again.",
  AlreadyConnected: "You are already connected to this game from somewhere else.",
  UnsupportedVersion: "This game server runs another version. Please reload the game.",
  SessionEnded: "This game session has ended.",
  AcceptFailed: "The game server could not seat you. Please try again.",
  IdentityNotProven: "The game server could not confirm who you are. Please sign in again.",
  IdentityMismatch: "That seat was reserved for another player.",
  PlayerAlreadySeated: "You already have a seat in this game.",
  TryAgainLater: "The game server is busy. Please try again in a moment.",
};

export const GENERIC_PLAYER_MESSAGE = "Something went wrong. Please try again.";

/** The player's words for an error with this code (and, where it tells cases apart, the service's message). */
export function playerMessageFor(code: string, message = ""): string {
  const entry = Object.hasOwn(BY_CODE, code) ? BY_CODE[code] : undefined;
  if (entry === undefined) return GENERIC_PLAYER_MESSAGE;
  return typeof entry === "function" ? entry(message) : entry;
}

/** The player's words for a game server's refusal. */
export function playerMessageForRejection(rejectCode: string): string {
  return (Object.hasOwn(BY_REJECT_CODE, rejectCode) ? BY_REJECT_CODE[rejectCode] : undefined) ?? BY_CODE["ConnectionRejected"] as string;
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}
