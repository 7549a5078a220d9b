/**
 * Where the player is on the way to (and back from) a game server. Pure: the connection code feeds it inputs
 * and acts on the transitions it reports. Every step before the session has a deadline, and every failure
 * lands in idle, so a player can never be stuck half-way between the lobby and a map.
 *
 *   idle → joining → connecting → traveling → in-session → leaving → idle
 *                                              ↕ reconnecting (→ idle when it gives up)
 */

import type { Timers } from "../timers.ts";

/** Where the player is: idle → joining → connecting → traveling → in-session → leaving → idle, or reconnecting. */
export type TravelState = "idle" | "joining" | "connecting" | "traveling" | "in-session" | "leaving" | "reconnecting";

export type TravelInput =
  | { type: "join" } // a join was asked for; a player session is being reserved
  | { type: "reserved" } // the player session is known; the socket is opening
  | { type: "opened" } // the socket is open; hello sent, waiting for the server's answer
  | { type: "accepted" } // the server seated the player (first time, or again after a resume)
  | { type: "dropped" } // the connection went away without anyone asking
  | { type: "failed" } // a step failed for good (rejected, unreachable, out of retries)
  | { type: "leave" } // the player asked to go back to the lobby
  | { type: "closed" } // the connection is closed after a leave
  | { type: "ended" } // the server ended the session
  | { type: "timeout" }; // the current step ran out of time

/** Deadlines per step, in milliseconds. */
export interface TravelTimeouts {
  /** Reserving a player session (CreatePlayerSession). */
  joiningMs: number;
  /** Opening the WebSocket. */
  connectingMs: number;
  /** hello → accepted. */
  travelingMs: number;
  /** The whole reconnection window, however many attempts it holds. */
  reconnectingMs: number;
  /** leave → the server's close. */
  leavingMs: number;
}

export const DEFAULT_TIMEOUTS: TravelTimeouts = {
  joiningMs: 15_000,
  connectingMs: 10_000,
  travelingMs: 10_000,
  reconnectingMs: 30_000,
  leavingMs: 3_000,
};

const DEADLINE: Record<TravelState, keyof TravelTimeouts | undefined> = {
  idle: undefined,
  joining: "joiningMs",
  connecting: "connectingMs",
  traveling: "travelingMs",
  // A live session has no deadline; keepalive notices a dead link and turns it into `dropped`.
  "in-session": undefined,
  reconnecting: "reconnectingMs",
  leaving: "leavingMs",
};

/** The next state, or undefined when the input means nothing in this state (it is then ignored). */
export function nextState(state: TravelState, input: TravelInput): TravelState | undefined {
  switch (input.type) {
    case "join":
      return state === "idle" ? "joining" : undefined;
    case "reserved":
      return state === "joining" ? "connecting" : undefined;
    case "opened":
      return state === "connecting" ? "traveling" : undefined;
    case "accepted":
      return state === "traveling" || state === "reconnecting" ? "in-session" : undefined;
    case "dropped":
      if (state === "in-session") return "reconnecting";
      return state === "connecting" || state === "traveling" || state === "leaving" ? "idle" : undefined;
    case "leave":
      if (state === "in-session") return "leaving";
      // Before the seat exists (or while it is being regained) there is nothing to say goodbye to.
      return state === "idle" || state === "leaving" ? undefined : "idle";
    case "closed":
      return state === "leaving" ? "idle" : undefined;
    case "failed":
    case "ended":
    case "timeout":
      return state === "idle" ? undefined : "idle";
  }
}

export function deadlineOf(state: TravelState, timeouts: TravelTimeouts): number | undefined {
  const key = DEADLINE[state];
  return key === undefined ? undefined : timeouts[key];
}

export interface Transition {
  from: TravelState;
  to: TravelState;
  input: TravelInput;
}

/** The pure transition function plus the step deadline timers, which feed `timeout` back in. */
export class TravelMachine {
  private current: TravelState = "idle";
  private cancelDeadline: (() => void) | undefined;

  private readonly timers: Timers;
  private readonly timeouts: TravelTimeouts;
  private readonly onTransition: (transition: Transition) => void;
  constructor(
    timers: Timers,
    timeouts: TravelTimeouts,
    onTransition: (transition: Transition) => void,
  ) {
    this.timers = timers;
    this.timeouts = timeouts;
    this.onTransition = onTransition;
  }

  get state(): TravelState {
    return this.current;
  }

  /** Applies the input; returns the transition, or undefined when it was ignored. */
  send(input: TravelInput): Transition | undefined {
    const to = nextState(this.current, input);
    if (to === undefined) return undefined;
    const transition = { from: this.current, to, input };
    this.current = to;
    this.cancelDeadline?.();
    this.cancelDeadline = undefined;
    const deadline = deadlineOf(to, this.timeouts);
    if (deadline !== undefined) {
      this.cancelDeadline = this.timers.after(deadline, () => {
        // A stale timer (the state changed and came back) must not fire for the new visit.
        if (this.current === to && this.cancelDeadline === cancel) this.send({ type: "timeout" });
      });
    }
    const cancel = this.cancelDeadline;
    this.onTransition(transition);
    return transition;
  }

  /** Stops the pending deadline (destroy). The state is left as it is. */
  stop(): void {
    this.cancelDeadline?.();
    this.cancelDeadline = undefined;
  }
}
