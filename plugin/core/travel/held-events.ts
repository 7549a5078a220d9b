/**
 * The session's events held back between the server's accept and the moment the game's map scene listens.
 * A server that greets a player at once (the others' positions, a countdown) sends while the game is still
 * changing scenes; the scene that connects its handlers in `create` would never hear those frames. Holding
 * them keeps their order and delivers each exactly once, to whoever listens when they are released.
 *
 * Bounded: at most `maxEvents` are held, and for at most `maxMs`; past either they are delivered as they
 * stand and the rest flows live, so a game that never releases loses no more than it would without holding.
 */
import type { TravelBus, TravelEvents } from "../events/travel-events.ts";
import type { Timers } from "../timers.ts";

/** The events that belong to the session's stream (everything after the accept that is not the session's end). */
export type HeldEventName = "onMessage" | "onPlayerJoined" | "onPlayerLeft" | "onConnectionLost" | "onReconnected";

type HeldEvent = { [K in HeldEventName]: [K, ...TravelEvents[K]] }[HeldEventName];

export const HOLD_LIMITS = { maxEvents: 10_000, maxMs: 15_000 } as const;

export class HeldEvents {
  private held: HeldEvent[] | undefined;
  private cancelTimer: (() => void) | undefined;

  private readonly bus: TravelBus;
  private readonly timers: Timers;
  private readonly limits: { maxEvents: number; maxMs: number };
  constructor(bus: TravelBus, timers: Timers, limits: { maxEvents: number; maxMs: number } = HOLD_LIMITS) {
    this.bus = bus;
    this.timers = timers;
    this.limits = limits;
  }

  get holding(): boolean {
    return this.held !== undefined;
  }

  /** From now on, session events wait for release(). */
  hold(): void {
    this.drop();
    this.held = [];
    this.cancelTimer = this.timers.after(this.limits.maxMs, () => this.release());
  }

  /** Emits the event now, or keeps it in order while holding. */
  emit<K extends HeldEventName>(name: K, ...args: TravelEvents[K]): void {
    const held = this.held;
    if (!held) return this.bus.emit(name, ...args);
    held.push([name, ...args] as unknown as HeldEvent);
    if (held.length >= this.limits.maxEvents) this.release();
  }

  /** Delivers everything held, in order, and stops holding. */
  release(): void {
    const held = this.held;
    this.stop();
    if (!held) return;
    for (const [name, ...args] of held) (this.bus.emit as (name: string, ...args: unknown[]) => void)(name, ...args);
  }

  /** Forgets what is held (the session is over: nobody is left to deliver it to). */
  drop(): void {
    this.stop();
  }

  private stop(): void {
    this.held = undefined;
    this.cancelTimer?.();
    this.cancelTimer = undefined;
  }
}
