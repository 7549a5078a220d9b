import type { Account } from "../ids.ts";
import type { Scheduler } from "../scheduler.ts";
import type { GameLiftTimings } from "../timings.ts";
import type { GameLiftDefinitions } from "./definitions.ts";

/** What every part of the model shares: where it lives, its clocks and its timers. */
export interface ModelContext {
  account: Account;
  timings: GameLiftTimings;
  scheduler: Scheduler;
  now(): number;
  /** Where definitions (fleets, aliases, queues, …) are kept across restarts. */
  definitions: GameLiftDefinitions;
}
