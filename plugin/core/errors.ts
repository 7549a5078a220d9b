import { playerMessageFor } from "./player-messages.ts";
import { failedEndpointOf } from "./service-endpoint.ts";

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

export interface GameLiftKitErrorOptions {
  cause?: unknown;
  status?: number;
  /** What the player should read; by default the kit's words for the code (see playerMessage). */
  playerMessage?: string;
  /** The service address that could not be reached (NetworkError), for the developer. */
  url?: string;
}

/**
 * Three things for three readers: `code` for the game's logic, `message` (AWS's own words, or the kit's, with
 * the details a developer needs) for the developer console, and `playerMessage` for the screen: short, plain,
 * never an ARN or an exception name.
 */
export class GameLiftKitError extends Error {
  override readonly name = "GameLiftKitError";
  readonly code: KitErrorCode;
  /** HTTP status of the AWS answer, when there was one. */
  readonly status?: number;
  /** Words for the player, for a toast or a dialog. */
  readonly playerMessage: string;
  /** NetworkError: the service address the kit could not reach, to log for the developer (never to show). */
  readonly url?: string;

  constructor(code: KitErrorCode, message: string, options: GameLiftKitErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.status = options.status;
    this.playerMessage = options.playerMessage ?? playerMessageFor(code, message);
    if (options.url !== undefined) this.url = options.url;
  }

  /** Wraps anything thrown (an AWS SDK exception, a fetch failure, a kit error) without losing its name. */
  static from(error: unknown, fallback: KitErrorCode = "Unknown"): GameLiftKitError {
    if (error instanceof GameLiftKitError) return error;
    if (error instanceof Error) {
      const metadata = (error as { $metadata?: { httpStatusCode?: number } }).$metadata;
      const status = metadata?.httpStatusCode;
      // The AWS SDK puts $metadata (attempt counts) on a failed fetch too: only an answer from the service
      // (a status, or the SDK's $fault) makes the error's name an AWS exception name.
      const answered = status !== undefined || (error as { $fault?: unknown }).$fault !== undefined;
      const awsName = answered ? error.name : undefined;
      const network = !awsName && (error.name === "TypeError" || /fetch failed|ECONNREFUSED|ECONNRESET|ENOTFOUND|EAI_AGAIN|NetworkError|Failed to fetch|Load failed/i.test(error.message));
      const aborted = !awsName && error.name === "AbortError";
      const code = awsName ?? (error.name === "TimeoutError" ? "Timeout" : network ? "NetworkError" : aborted ? "Cancelled" : fallback);
      const url = failedEndpointOf(error);
      const message = network && url ? `${url} could not be reached: ${error.message || error.name}` : error.message || code;
      return new GameLiftKitError(code, message, { cause: error, status, ...(url && code === "NetworkError" ? { url } : {}) });
    }
    return new GameLiftKitError(fallback, String(error), { cause: error });
  }
}
