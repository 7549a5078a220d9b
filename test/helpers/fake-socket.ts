// A scripted WebSocket for travel's unit tests: the test plays the game server (open, frames, closes) and
// reads what the client sent.
import { TRAVEL_EVENT_NAMES } from "../../plugin/core/events/travel-events.ts";
import { createTravel, type TravelOptions } from "../../plugin/core/travel/connection.ts";
import { FakeClock } from "./fake-clock.ts";

type Listener = (event: never) => void;

export class FakeSocket {
  static all: FakeSocket[] = [];
  readyState = 0;
  readonly sent: Record<string, unknown>[] = [];
  closedWith: number | undefined;
  private listeners: Record<string, Listener[]> = {};
  readonly url: string;
  constructor(url: string) {
    this.url = url;
    FakeSocket.all.push(this);
  }
  addEventListener(type: string, listener: Listener): void {
    (this.listeners[type] ??= []).push(listener);
  }
  send(data: string): void {
    this.sent.push(JSON.parse(data) as Record<string, unknown>);
  }
  close(code = 1000): void {
    this.closedWith = code;
    this.end(code);
  }
  // ── the server's side ──
  open(): void {
    this.readyState = 1;
    this.emit("open", {});
  }
  receive(frame: Record<string, unknown>): void {
    this.emit("message", { data: JSON.stringify({ v: 1, ...frame }) });
  }
  end(code = 1006, reason = ""): void {
    if (this.readyState === 3) return;
    this.readyState = 3;
    this.emit("close", { code, reason });
  }
  accept(extra: Record<string, unknown> = {}): void {
    this.receive({ t: "accepted", map: "arena", playerId: "p1", playerSessionId: "psess-1", gameSessionId: "gs-1", state: { n: 1 }, resumed: false, ...extra });
  }
  private emit(type: string, event: unknown): void {
    for (const l of this.listeners[type] ?? []) (l as (event: unknown) => void)(event);
  }
}

/** Lets promise chains run (they are real promises; only timers are fake). */
export const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

export const TARGET = { playerSessionId: "psess-1", ipAddress: "127.0.0.1", port: 7777, gameSessionId: "gs-1" };

/** Travel on fake sockets and a fake clock, with every notification recorded in order. */
export function fakeTravel(options: Partial<TravelOptions> = {}) {
  FakeSocket.all = [];
  const clock = new FakeClock();
  const t = createTravel({ timers: clock.timers(), random: () => 1, WebSocket: FakeSocket, reconnect: { attempts: 2, initialDelayMs: 100, maxDelayMs: 1000 }, ...options });
  const events: [string, ...unknown[]][] = [];
  t.travel.bus.connect(Object.fromEntries(TRAVEL_EVENT_NAMES.map((n) => [n, (...a: unknown[]) => events.push([n, ...a])])));
  const last = () => FakeSocket.all.at(-1)!;
  const names = () => events.map((e) => e[0]).filter((n) => n !== "onStateChange");
  return { ...t, clock, events, last, names };
}

/** fakeTravel, joined and seated. */
export async function seatedTravel(options: Partial<TravelOptions> = {}) {
  const s = fakeTravel(options);
  const joined = s.travel.join(TARGET);
  await flush();
  s.last().open();
  s.last().accept();
  await joined;
  return s;
}
