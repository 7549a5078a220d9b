/**
 * The awaited-plus-notification shape every area's requests share (the gems' request buses): the awaited form
 * resolves or rejects, and either way the request's notification fires on the area's bus; the …Async form
 * returns nothing and leaves the answer to the notification.
 */
import { GameLiftKitError } from "./errors.ts";

/**
 * Runs one request, awaited form: on success `succeeded(result)` fires the success notification and the promise
 * resolves with the result; on failure whatever threw (validation included) becomes a GameLiftKitError,
 * `failed(error)` fires the failure notification with it, and the promise rejects with the same error.
 */
export async function notified<R>(work: () => Promise<R>, succeeded: (result: R) => void, failed: (error: GameLiftKitError) => void): Promise<R> {
  let result: R;
  try {
    result = await work();
  } catch (error) {
    const kitError = GameLiftKitError.from(error);
    failed(kitError);
    throw kitError;
  }
  succeeded(result);
  return result;
}

/** The …Async form of a request: the notification is the answer, so the rejection is handled here. */
export function detach(promise: Promise<unknown>): void {
  promise.catch(() => {});
}
