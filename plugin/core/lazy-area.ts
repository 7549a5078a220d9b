/**
 * An area of the kit whose implementation loads on first use: the object a game holds (kit.sessions,
 * kit.travel) exists from the start with its bus and its cheap members, and each other method waits for the
 * implementation's chunk, then calls it. So a game's sign-in screen does not download what only the lobby
 * needs, and a handler connected to the bus before the chunk arrives still hears everything.
 *
 * The deferred methods are listed in a record typed from the implementation, so a method added to the area and
 * missing here is a compile error, not a call that silently does nothing.
 */
import { GameLiftKitError } from "./errors.ts";

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any function shape; the area's own types are kept.
type Method = (...args: any[]) => any;
/** The names of T's methods. */
export type MethodName<T> = { [K in keyof T]-?: T[K] extends Method ? K : never }[keyof T] & string;

export interface LazyAreaOptions<T extends object, E extends keyof T> {
  /** Members answered without the implementation: the bus, cheap synchronous calls, getters with defaults. */
  eager: Pick<T, E>;
  /** Every other method: each waits for the implementation. */
  deferred: Record<Exclude<MethodName<T>, E>, true>;
  /** The implementation; called once, its promise kept (a failed load is tried again on the next call). */
  load: () => Promise<T>;
  /** The area's name in errors ("sessions", "travel"). */
  name: string;
  /** Deferred methods that return nothing (hints): like the `…Async` forms, a failed load is not thrown at the game. */
  returnsNothing?: readonly string[];
  /** Tells the game about a call that failed before it could start (its chunk did not load). */
  notifyFailure?: (method: string, error: GameLiftKitError) => void;
}

export interface LazyArea<T extends object> {
  /** What the game holds. */
  area: T;
  /** The implementation, loading it if it has not been. */
  loaded(): Promise<T>;
  /** The implementation if it has loaded. */
  current(): T | undefined;
}

export function lazyArea<T extends object, E extends keyof T>(options: LazyAreaOptions<T, E>): LazyArea<T> {
  let impl: T | undefined;
  let loading: Promise<T> | undefined;
  const loaded = (): Promise<T> => {
    if (impl) return Promise.resolve(impl);
    loading ??= options.load().then(
      (value) => (impl = value),
      (error: unknown) => {
        loading = undefined;
        throw error instanceof GameLiftKitError
          ? error
          : new GameLiftKitError("NetworkError", `Could not load the kit's ${options.name}: ${(error as Error)?.message ?? String(error)}`);
      },
    );
    return loading;
  };

  // The eager members keep their getters (a getter copied by spread would be read once, now).
  const area = Object.create(Object.prototype, Object.getOwnPropertyDescriptors(options.eager)) as Record<string, unknown>;
  for (const name of Object.keys(options.deferred)) {
    area[name] = (...args: unknown[]) => {
      const call = loaded().then(
        (value) => (value[name as keyof T] as Method).apply(value, args) as unknown,
        (error: GameLiftKitError) => {
          options.notifyFailure?.(name, error);
          throw error;
        },
      );
      // `…Async` forms return nothing and report on the bus, loaded or not.
      if (name.endsWith("Async") || options.returnsNothing?.includes(name)) {
        call.catch(() => undefined);
        return undefined;
      }
      return call;
    };
  }
  return { area: area as T, loaded, current: () => impl };
}
