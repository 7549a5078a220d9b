/**
 * What a player reads when something fails: short, plain words, never an ARN, an exception name or a service's
 * internals. Developers keep the `code` and AWS's own message on the error; this is the third thing every kit
 * error carries. Keyed by the kit's codes and the AWS exception names the kit's calls can answer with; a code
 * not listed gets the generic sentence, so nothing a service says reaches a player unfiltered.
 */

/** Words for a code, or a function of the service's message when the message tells cases apart the code does not. */
export type PlayerWords = string | ((message: string) => string);

/**
 * By code. What sign-in meets is here; GameLift's exceptions and the game server's refusals come with the
 * session runtime (gamelift/player-messages.ts), so the sign-in screen does not download their words.
 */
const BY_CODE: Record<string, PlayerWords> = {
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
};

export const GENERIC_PLAYER_MESSAGE = "Something went wrong. Please try again.";

/** The player's words for an error with this code (and, where it tells cases apart, the service's message). */
export function playerMessageFor(code: string, message = ""): string {
  const entry = Object.hasOwn(BY_CODE, code) ? BY_CODE[code] : undefined;
  if (entry === undefined) return GENERIC_PLAYER_MESSAGE;
  return typeof entry === "function" ? entry(message) : entry;
}

/** The player's words for a game server's refusal ("ConnectionRejected.<code>" once the session runtime added them). */
export function playerMessageForRejection(rejectCode: string): string {
  const key = `ConnectionRejected.${rejectCode}`;
  return Object.hasOwn(BY_CODE, key) ? playerMessageFor(key) : (BY_CODE["ConnectionRejected"] as string);
}

/** More codes' words (the session runtime's, when it loads); a code already known keeps its words. */
export function addPlayerMessages(table: Readonly<Record<string, PlayerWords>>): void {
  for (const [code, words] of Object.entries(table)) if (!Object.hasOwn(BY_CODE, code)) BY_CODE[code] = words;
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}
