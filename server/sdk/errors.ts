/**
 * The error codes of the official server SDKs (C# GameLiftErrorType / Go common.GameLiftErrorType), in the
 * C# spelling, so a message from one SDK reads the same in this one.
 */
export type GameLiftErrorCode =
  | "ALREADY_INITIALIZED"
  | "GAMELIFT_SERVER_NOT_INITIALIZED"
  | "GAMESESSION_ID_NOT_SET"
  | "PROCESS_NOT_READY"
  | "PROCESS_ENDING_FAILED"
  | "SERVICE_CALL_FAILED"
  | "TERMINATION_TIME_NOT_SET"
  | "BAD_REQUEST_EXCEPTION"
  | "UNAUTHORIZED_EXCEPTION"
  | "FORBIDDEN_EXCEPTION"
  | "NOT_FOUND_EXCEPTION"
  | "CONFLICT_EXCEPTION"
  | "TOO_MANY_REQUESTS_EXCEPTION"
  | "INTERNAL_SERVICE_EXCEPTION"
  | "VALIDATION_EXCEPTION"
  | "WEBSOCKET_CONNECT_FAILURE"
  | "WEBSOCKET_CONNECT_FAILURE_FORBIDDEN"
  | "WEBSOCKET_SEND_MESSAGE_FAILURE";

/**
 * What every failing server SDK call throws (or rejects with). Branch on `code`, not on the message; the
 * message is GameLift's own (or the SDK's, in the official SDKs' words) and is for logs, not players.
 *
 * @example
 * ```ts
 * try {
 *   await acceptPlayerSession(playerSessionId);
 * } catch (error) {
 *   if (error instanceof GameLiftServerError) console.warn(`refused ${playerSessionId}: ${error.code}`);
 *   socket.close();
 * }
 * ```
 */
export class GameLiftServerError extends Error {
  override readonly name = "GameLiftServerError";
  /** The official SDKs' error type: a call made out of order, a validation failure, or the service's answer. */
  readonly code: GameLiftErrorCode;
  /** The StatusCode of the service's answer, when the error came from one. */
  readonly statusCode?: number;

  /** Made by the SDK; games only make these in tests. `options.cause` is the underlying error, if any. */
  constructor(code: GameLiftErrorCode, message: string, options: { statusCode?: number; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    if (options.statusCode !== undefined) this.statusCode = options.statusCode;
  }
}

/** The same status → error mapping as the Go SDK's getErrorTypeForStatusCode: unknown 4xx are bad requests. */
export function errorCodeForStatus(statusCode: number): GameLiftErrorCode {
  if (statusCode >= 400 && statusCode < 500) {
    switch (statusCode) {
      case 401:
        return "UNAUTHORIZED_EXCEPTION";
      case 403:
        return "FORBIDDEN_EXCEPTION";
      case 404:
        return "NOT_FOUND_EXCEPTION";
      case 409:
        return "CONFLICT_EXCEPTION";
      case 429:
        return "TOO_MANY_REQUESTS_EXCEPTION";
      default:
        return "BAD_REQUEST_EXCEPTION";
    }
  }
  return "INTERNAL_SERVICE_EXCEPTION";
}

export function errorFromStatus(statusCode: number, message: string | undefined): GameLiftServerError {
  return new GameLiftServerError(errorCodeForStatus(statusCode), message || `GameLift answered with status ${statusCode}`, {
    statusCode,
  });
}

export function validationError(message: string): GameLiftServerError {
  return new GameLiftServerError("VALIDATION_EXCEPTION", message);
}
