/**
 * The one error type the kit throws and passes to Fail notifications. `code` is the AWS exception name when
 * AWS (or the local stack) refused the call — "NotAuthorizedException", "GameSessionFullException" — so a
 * game can branch on the same names the AWS docs list; otherwise one of the kit's own codes below.
 */
export type KitErrorCode =
  | "InvalidParameter" // the request failed the kit's own validation before anything was sent
  | "NotSignedIn" // the call needs a signed-in player
  | "NotConfigured" // e.g. no identity pool, no GameLift client configured
  | "Timeout"
  | "NetworkError"
  | "Cancelled"
  | "ConnectionRejected" // the game server refused the player session
  | "ConnectionLost"
  | "ProtocolError" // the other side sent something the kit cannot read
  | "Unknown"
  | (string & {}); // AWS exception names pass through

export class GameLiftKitError extends Error {
  override readonly name = "GameLiftKitError";
  readonly code: KitErrorCode;
  /** HTTP status of the AWS answer, when there was one. */
  readonly status?: number;

  constructor(code: KitErrorCode, message: string, options: { cause?: unknown; status?: number } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.status = options.status;
  }

  /** Wraps anything thrown (an AWS SDK exception, a fetch failure, a kit error) without losing its name. */
  static from(error: unknown, fallback: KitErrorCode = "Unknown"): GameLiftKitError {
    if (error instanceof GameLiftKitError) return error;
    if (error instanceof Error) {
      const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
      const awsName = (error as { $metadata?: unknown }).$metadata !== undefined ? error.name : undefined;
      const network = !awsName && (error.name === "TypeError" || /fetch failed|ECONNREFUSED|NetworkError/i.test(error.message));
      const code = awsName ?? (error.name === "TimeoutError" ? "Timeout" : network ? "NetworkError" : fallback);
      return new GameLiftKitError(code, error.message || code, { cause: error, status });
    }
    return new GameLiftKitError(fallback, String(error), { cause: error });
  }
}
