/**
 * Which service address a failed AWS SDK call went to. A browser's fetch failure says only "Failed to fetch":
 * without the address a developer cannot tell a stack that is down from a wrong endpoint or a blocked region.
 * A middleware on each AWS client the kit makes notes the request's address on any error that comes out of
 * the send; GameLiftKitError.from reads it for its `url` (logged for the developer, never shown to a player).
 */

const TAG = "phaserGameliftEndpoint";

interface HttpRequestLike {
  protocol?: string;
  hostname?: string;
  port?: number;
  path?: string;
}

/** The middleware stack of an AWS SDK v3 client, as far as this uses it. */
interface ClientWithStack {
  middlewareStack: { add(middleware: never, options: { step: "build"; name: string; override?: boolean }): void };
}

type Next = (args: { request?: unknown }) => Promise<unknown>;

/** Adds the tagging middleware to an AWS SDK client the kit made (never to a game's own client). */
export function tagFailuresWithEndpoint(client: ClientWithStack): void {
  const middleware = (next: Next) => async (args: { request?: unknown }) => {
    try {
      return await next(args);
    } catch (error) {
      const url = addressOf(args.request as HttpRequestLike | undefined);
      if (url && error !== null && typeof error === "object" && !(TAG in error)) {
        try {
          Object.defineProperty(error, TAG, { value: url, enumerable: false });
        } catch {
          // A frozen error keeps its address to itself; the failure itself still goes on.
        }
      }
      throw error;
    }
  };
  client.middlewareStack.add(middleware as never, { step: "build", name: "phaserGameliftEndpointTag", override: true });
}

/** The address a failed call went to, if the tagging middleware saw it. */
export function failedEndpointOf(error: unknown): string | undefined {
  if (error === null || typeof error !== "object") return undefined;
  const url = (error as Record<string, unknown>)[TAG];
  return typeof url === "string" ? url : undefined;
}

function addressOf(request: HttpRequestLike | undefined): string | undefined {
  if (!request?.hostname) return undefined;
  const protocol = request.protocol ? request.protocol.replace(/:?$/, ":") : "https:";
  return `${protocol}//${request.hostname}${request.port ? `:${request.port}` : ""}${request.path && request.path !== "/" ? request.path : ""}`;
}
