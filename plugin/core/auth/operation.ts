import { GameLiftKitError } from "../errors.ts";
import type { EventMap, NotificationBus } from "../events/bus.ts";

/** The events of a map whose only argument is the error: the Fail notifications. */
export type FailEvent<E extends EventMap> = { [K in keyof E & string]: E[K] extends [GameLiftKitError] ? K : never }[keyof E & string];

/**
 * One request of an area, awaited form: on success `announce` fires the Success notification and the result
 * resolves; on failure the error (whatever threw, validation included) becomes a GameLiftKitError, the Fail
 * notification fires with it, and the promise rejects with the same error.
 */
export async function request<E extends EventMap, R>(
  bus: NotificationBus<E>,
  fail: FailEvent<E>,
  work: () => Promise<R>,
  announce: (result: R) => void,
): Promise<R> {
  let result: R;
  try {
    result = await work();
  } catch (error) {
    const kitError = GameLiftKitError.from(error);
    bus.emit(fail, ...([kitError] as unknown as E[typeof fail]));
    throw kitError;
  }
  announce(result);
  return result;
}

/** The xAsync form: the notification is the answer, so the rejection is already handled. */
export function detach(promise: Promise<unknown>): void {
  promise.catch(() => {});
}
