/**
 * Follows one matchmaking ticket with DescribeMatchmaking until it ends, reporting each change of its status (or
 * status reason) once.
 *
 * How often to ask: AWS recommends polling a ticket no more than once every 10 seconds (StartMatchmaking,
 * "Tracking ticket status"; FlexMatch guide, "Track matchmaking events") and counts DescribeMatchmaking against a
 * per-account rate limit, shared by every player of the game. So a ticket that is searching is asked about
 * quickly at first (a match often forms within seconds when players are waiting) and then every 10 s. Two
 * states are short and have a player waiting on them: REQUIRES_ACCEPTANCE (a countdown on screen; the other
 * players' answers decide it) and PLACING (seconds until the game session is up). Those are asked about every
 * 2 s and 1 s; they last as long as the acceptance timeout and the placement, so they add a bounded number of
 * requests per match. A throttled or failing request doubles the wait, up to 30 s. For a game in production AWS
 * recommends FlexMatch event notifications instead of polling; every interval here is the game's to change.
 */
import type { MatchmakingTicket } from "@aws-sdk/client-gamelift";
import { GameLiftKitError } from "../errors.ts";
import { FINAL_MATCHMAKING_STATUSES, type MatchmakingStatus } from "./matchmaking-types.ts";
import type { Timers } from "../timers.ts";

/**
 * How often the kit asks GameLift about a matchmaking ticket (DescribeMatchmaking): by the ticket's status,
 * slowing down while it searches, and backing off on errors. Times in ms. The defaults (1 s queued, 2 s to
 * 10 s ×1.5 while searching, 2 s awaiting acceptance, 1 s placing) keep a player well inside GameLift's
 * request limits; a game rarely changes them (GameLiftKitOptions.matchmakingPolling).
 */
export interface MatchmakingPolling {
  /** First wait after StartMatchmaking (QUEUED becomes SEARCHING within the matchmaker's next pass). */
  queuedMs: number;
  /** Waits while SEARCHING: from the first, ×multiplier each poll, up to the last. */
  searchingFirstMs: number;
  /** The longest wait while SEARCHING. */
  searchingMaxMs: number;
  /** How much each SEARCHING wait grows over the last. */
  multiplier: number;
  /** Wait while REQUIRES_ACCEPTANCE. */
  acceptanceMs: number;
  /** Wait while PLACING. */
  placingMs: number;
  /** Upper bound of the wait after a throttled or failed request (each failure doubles it). */
  errorMaxMs: number;
  /** Describe failures in a row tolerated when they look transient (network, throttling, 5xx). */
  maxConsecutiveErrors: number;
  /**
   * Give up (Timeout) after this long: a ticket ends by itself within its configuration's RequestTimeoutSeconds
   * (at most 43,200 s) plus acceptance and placement, so this only bounds a tracker against a broken service.
   */
  maxTrackMs: number;
}

export const DEFAULT_MATCHMAKING_POLLING: MatchmakingPolling = {
  queuedMs: 1_000,
  searchingFirstMs: 2_000,
  searchingMaxMs: 10_000,
  multiplier: 1.5,
  acceptanceMs: 2_000,
  placingMs: 1_000,
  errorMaxMs: 30_000,
  maxConsecutiveErrors: 5,
  maxTrackMs: 13 * 60 * 60 * 1000,
};

const TRANSIENT = new Set(["NetworkError", "Timeout", "ThrottlingException", "InternalServiceException", "LimitExceededException", "ServiceUnavailable"]);

/** What counts as a change worth one notification: the status and its reason. */
export function stateKey(ticket: Pick<MatchmakingTicket, "Status" | "StatusReason">): string {
  return `${ticket.Status ?? "QUEUED"}|${ticket.StatusReason ?? ""}`;
}

/**
 * The wait before the next DescribeMatchmaking: by the ticket's status and by how many polls it has already
 * spent in it (only SEARCHING slows down with them).
 */
export function nextPollDelay(status: MatchmakingStatus, pollsInStatus: number, polling: MatchmakingPolling): number {
  switch (status) {
    case "QUEUED":
      return polling.queuedMs;
    case "REQUIRES_ACCEPTANCE":
      return polling.acceptanceMs;
    case "PLACING":
      return polling.placingMs;
    default:
      return Math.min(polling.searchingMaxMs, polling.searchingFirstMs * polling.multiplier ** Math.max(0, pollsInStatus));
  }
}

export type TicketDescriber = (ticketId: string, signal: AbortSignal) => Promise<MatchmakingTicket | undefined>;

export interface TrackTicketOptions {
  ticketId: string;
  /** The ticket as last known (StartMatchmaking's answer); its state is not reported again. */
  initial?: MatchmakingTicket;
  describe: TicketDescriber;
  /** The clock, and the waits between polls. */
  timers: Pick<Timers, "now" | "sleep">;
  signal: AbortSignal;
  polling?: MatchmakingPolling;
  /** Called once per change of status or status reason, with the status before it. */
  onChange(ticket: MatchmakingTicket, previous: MatchmakingStatus | undefined): void;
}

/**
 * Resolves with the ticket once it is COMPLETED, FAILED, CANCELLED or TIMED_OUT. Rejects with the signal's
 * reason when aborted, with "NotFound" when the ticket is gone, with "Timeout" after polling.maxTrackMs, or with
 * the describe error when it is not transient or keeps failing.
 */
export async function trackTicket(options: TrackTicketOptions): Promise<MatchmakingTicket> {
  const { ticketId, describe, timers, signal } = options;
  const polling = options.polling ?? DEFAULT_MATCHMAKING_POLLING;
  const deadline = timers.now() + polling.maxTrackMs;
  let last = options.initial;
  let status: MatchmakingStatus = (last?.Status as MatchmakingStatus | undefined) ?? "QUEUED";
  let key = last ? stateKey(last) : undefined;
  let pollsInStatus = 0;
  let failures = 0;
  let errorDelay = 0;
  if (last && FINAL_MATCHMAKING_STATUSES.has(status)) return last;
  for (;;) {
    const remaining = deadline - timers.now();
    if (remaining <= 0) throw new GameLiftKitError("Timeout", `matchmaking ticket ${ticketId} was still ${status} after ${polling.maxTrackMs} ms of tracking`);
    const wait = failures > 0 ? errorDelay : nextPollDelay(status, pollsInStatus, polling);
    await timers.sleep(Math.min(wait, remaining), signal);
    let ticket: MatchmakingTicket | undefined;
    try {
      ticket = await describe(ticketId, signal);
    } catch (error) {
      if (signal.aborted) throw signal.reason;
      const kitError = GameLiftKitError.from(error);
      if (!TRANSIENT.has(kitError.code) || ++failures > polling.maxConsecutiveErrors) throw kitError;
      // Throttling says the account's rate is spent: wait at least as long as a searching ticket would.
      const floor = kitError.code === "ThrottlingException" || kitError.code === "LimitExceededException" ? polling.searchingMaxMs : 0;
      errorDelay = Math.min(polling.errorMaxMs, Math.max(floor, 2 * (errorDelay || nextPollDelay(status, pollsInStatus, polling))));
      continue;
    }
    if (signal.aborted) throw signal.reason;
    failures = 0;
    errorDelay = 0;
    if (!ticket) throw new GameLiftKitError("NotFound", `matchmaking ticket ${ticketId} is gone: DescribeMatchmaking no longer returns it`);
    const nextKey = stateKey(ticket);
    const nextStatus = (ticket.Status ?? "QUEUED") as MatchmakingStatus;
    if (nextStatus !== status) pollsInStatus = 0;
    else pollsInStatus++;
    if (nextKey !== key) {
      const previous = last ? ((last.Status ?? "QUEUED") as MatchmakingStatus) : undefined;
      key = nextKey;
      status = nextStatus;
      last = ticket;
      options.onChange(ticket, previous);
    } else {
      last = ticket;
    }
    if (FINAL_MATCHMAKING_STATUSES.has(nextStatus)) return ticket;
  }
}
