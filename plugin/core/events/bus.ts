import mitt, { type Emitter } from "mitt";

/** An event map: each notification's arguments as a tuple, so handlers read like the gems' Lua handlers. */
export type EventMap = Record<string, unknown[]>;

/** A handler for one notification: called with the notification's arguments, in order. */
export type Handler<Args extends unknown[]> = (...args: Args) => void;
/**
 * What {@link NotificationBus.connect} takes: an object with a handler for any of the bus's notifications, by
 * name (`{ onMatchComplete(ticket, travel) { … } }`); a scene or any object with such methods will do.
 */
export type HandlerObject<E extends EventMap> = { [K in keyof E]?: Handler<E[K]> };

/**
 * Every notification of a bus, each once: `{ onX: true, onY: true }`. A name the event map has and the record
 * leaves out, or one the map lacks, does not compile, so no handler is silently never subscribed.
 */
export type EventNames<E extends EventMap> = { readonly [K in keyof E & string]: true };

/** The names a record of EventNames lists, in its order. */
export function eventNames<E extends EventMap>(names: EventNames<E>): readonly (keyof E & string)[] {
  return Object.keys(names) as (keyof E & string)[];
}

/** What connect() returns: Lua's `bus:Disconnect()`. */
export interface BusConnection {
  /** Unsubscribes every handler the connect() subscribed; calling it again does nothing. */
  disconnect(): void;
}

/**
 * A notification bus on mitt. `connect({ onX(...) {...} })` subscribes every handler an object has, as
 * `XNotificationBus.Connect(self)` does in O3DE Lua; a handler that throws is reported and the others still run.
 */
export class NotificationBus<E extends EventMap> {
  private readonly emitter: Emitter<{ [K in keyof E]: E[K] }> = mitt();
  private readonly connections = new Set<BusConnection>();

  private readonly busName: string;
  private readonly names: readonly (keyof E & string)[];
  /** Made by the kit, one per area; games use the areas' `bus`. */
  constructor(busName: string, names: EventNames<E>) {
    this.busName = busName;
    this.names = eventNames(names);
  }

  /**
   * Subscribes every handler `handlers` has for this bus's notifications (called with `this` = `handlers`).
   * Disconnect when the listener goes away (e.g. on the scene's shutdown), or handlers keep firing.
   *
   * @example
   * ```ts
   * const connection = kit.travel.bus.connect({
   *   onPlayerJoined: (playerId, name) => showToast(`${name ?? playerId} joined`),
   *   onPlayerLeft: (playerId) => removeSprite(playerId),
   * });
   * this.events.once("shutdown", () => connection.disconnect());
   * ```
   * @returns The connection, to disconnect the handlers together.
   */
  connect(handlers: HandlerObject<E>): BusConnection {
    const subscribed: [keyof E, (args: E[keyof E]) => void][] = [];
    for (const name of this.names) {
      const handler = handlers[name];
      if (typeof handler !== "function") continue;
      const listener = (args: E[typeof name]) => this.invoke(name, () => handler.apply(handlers, args));
      this.emitter.on(name, listener);
      subscribed.push([name, listener as (args: E[keyof E]) => void]);
    }
    const connection: BusConnection = {
      disconnect: () => {
        for (const [name, listener] of subscribed) this.emitter.off(name, listener);
        subscribed.length = 0;
        this.connections.delete(connection);
      },
    };
    this.connections.add(connection);
    return connection;
  }

  /** One handler for one notification; returns its off(). */
  on<K extends keyof E & string>(name: K, handler: Handler<E[K]>): () => void {
    return this.connect({ [name]: handler } as unknown as HandlerObject<E>).disconnect;
  }

  /** Resolves with the arguments of the next `name` notification. */
  once<K extends keyof E & string>(name: K): Promise<E[K]> {
    return new Promise((resolve) => {
      const off = this.on(name, ((...args: E[K]) => {
        off();
        resolve(args);
      }) as Handler<E[K]>);
    });
  }

  /**
   * Fires a notification to every handler, in the order they connected; a handler that throws is logged and
   * the others still run. The kit's areas emit; a game normally only listens (tests may emit).
   */
  emit<K extends keyof E & string>(name: K, ...args: E[K]): void {
    this.emitter.emit(name, args);
  }

  /** Disconnects every handler (the kit's destroy). */
  clear(): void {
    for (const connection of [...this.connections]) connection.disconnect();
  }

  /** How many connections are subscribed now (each connect() and on() counts one). */
  get listenerCount(): number {
    return this.connections.size;
  }

  private invoke(name: string, call: () => void): void {
    try {
      call();
    } catch (error) {
      // One game script's bug must not silence the notification for the rest.
      console.error(`[${this.busName}] a ${name} handler threw:`, error);
    }
  }
}
