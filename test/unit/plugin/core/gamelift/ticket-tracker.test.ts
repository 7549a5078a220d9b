/**
 * The matchmaking ticket tracker on a fake clock: how often it asks in each status, that it reports every change
 * of status (or status reason) exactly once however many polls see it, which describe errors it rides out and
 * how it backs off, its bound, and aborting.
 */
import { describe, expect, test } from "vitest";
import fc from "fast-check";
import type { MatchmakingTicket } from "@aws-sdk/client-gamelift";
import { DEFAULT_MATCHMAKING_POLLING, nextPollDelay, stateKey, trackTicket, type MatchmakingPolling } from "../../../../../plugin/core/gamelift/ticket-tracker.ts";
import type { MatchmakingStatus } from "../../../../../plugin/core/gamelift/matchmaking-types.ts";
import { FakeClock } from "../../../../helpers/fake-clock.ts";

/** Sleeping moves time forward at once and is recorded. */
const fakeClock = () => new FakeClock({ start: 1_000_000, autoAdvance: true });

type Answer = MatchmakingTicket | Error | undefined;

const t = (Status: MatchmakingStatus, StatusReason?: string): MatchmakingTicket => ({ TicketId: "t-1", Status, ...(StatusReason ? { StatusReason } : {}) });

/** Answers in order; the last one repeats. */
function describer(answers: Answer[]) {
  let calls = 0;
  const describe = async () => {
    calls++;
    const next = answers.length > 1 ? answers.shift() : answers[0];
    if (next instanceof Error) throw next;
    return next;
  };
  return { describe, calls: () => calls };
}

function awsError(name: string, status = 400): Error {
  return Object.assign(new Error(`${name} happened`), { name, $metadata: { httpStatusCode: status } });
}

function track(answers: Answer[], options: { polling?: Partial<MatchmakingPolling>; initial?: MatchmakingTicket; signal?: AbortSignal } = {}) {
  const clock = fakeClock();
  const { describe, calls } = describer(answers);
  const changes: [string, MatchmakingStatus | undefined][] = [];
  const done = trackTicket({
    ticketId: "t-1",
    describe,
    timers: clock.timers(),
    signal: options.signal ?? new AbortController().signal,
    polling: { ...DEFAULT_MATCHMAKING_POLLING, ...options.polling },
    ...(options.initial ? { initial: options.initial } : {}),
    onChange: (ticket, previous) => changes.push([stateKey(ticket), previous]),
  });
  return { done, clock, changes, calls };
}

describe("how often the tracker asks", () => {
  test("quickly while queued, then slowing to AWS's once every 10 s while searching; fast while a match waits for acceptance or placement", () => {
    const p = DEFAULT_MATCHMAKING_POLLING;
    expect(nextPollDelay("QUEUED", 0, p)).toBe(1_000);
    expect([0, 1, 2, 3, 4, 5, 50].map((n) => nextPollDelay("SEARCHING", n, p))).toEqual([2_000, 3_000, 4_500, 6_750, 10_000, 10_000, 10_000]);
    expect(nextPollDelay("REQUIRES_ACCEPTANCE", 9, p)).toBe(2_000);
    expect(nextPollDelay("PLACING", 9, p)).toBe(1_000);
  });
});

describe("trackTicket", () => {
  test("reports each change once, however many polls see the same state, and resolves with the COMPLETED ticket", async () => {
    const answers = [
      t("QUEUED"),
      t("SEARCHING"),
      t("SEARCHING"),
      t("SEARCHING"),
      t("REQUIRES_ACCEPTANCE"),
      t("REQUIRES_ACCEPTANCE"),
      t("REQUIRES_ACCEPTANCE"),
      t("SEARCHING", "MatchRejected"),
      t("SEARCHING", "MatchRejected"),
      t("REQUIRES_ACCEPTANCE"),
      t("PLACING"),
      t("PLACING"),
      t("COMPLETED"),
    ];
    const run = track(answers, { initial: t("QUEUED") });
    const done = await run.done;
    expect(done.Status).toBe("COMPLETED");
    expect(run.changes).toEqual([
      ["SEARCHING|", "QUEUED"],
      ["REQUIRES_ACCEPTANCE|", "SEARCHING"],
      ["SEARCHING|MatchRejected", "REQUIRES_ACCEPTANCE"],
      ["REQUIRES_ACCEPTANCE|", "SEARCHING"],
      ["PLACING|", "REQUIRES_ACCEPTANCE"],
      ["COMPLETED|", "PLACING"],
    ]);
    expect(run.calls()).toBe(13);
    // Each wait follows the status the previous answer showed; searching slows down, the short states do not.
    expect(run.clock.delays).toEqual([1_000, 1_000, 2_000, 3_000, 4_500, 2_000, 2_000, 2_000, 2_000, 3_000, 2_000, 1_000, 1_000]);
  });

  test("a ticket that ends without a match resolves with it: TIMED_OUT, FAILED, CANCELLED", async () => {
    for (const status of ["TIMED_OUT", "FAILED", "CANCELLED"] as const) {
      const run = track([t("SEARCHING"), t(status, "Why")]);
      expect((await run.done).Status).toBe(status);
      expect(run.changes.at(-1)).toEqual([`${status}|Why`, "SEARCHING"]);
    }
  });

  test("an initial ticket that has already ended is not asked about", async () => {
    const run = track([t("SEARCHING")], { initial: t("CANCELLED") });
    expect((await run.done).Status).toBe("CANCELLED");
    expect(run.calls()).toBe(0);
  });

  test("rides out transient failures with a wait that doubles (throttling waits at least 10 s), up to 30 s", async () => {
    const run = track([t("SEARCHING"), awsError("ThrottlingException"), awsError("ThrottlingException"), awsError("ThrottlingException"), new TypeError("fetch failed"), t("SEARCHING"), t("COMPLETED")]);
    expect((await run.done).Status).toBe("COMPLETED");
    expect(run.clock.delays).toEqual([1_000, 2_000, 10_000, 20_000, 30_000, 30_000, 3_000]);
    expect(run.changes.map(([key]) => key)).toEqual(["SEARCHING|", "COMPLETED|"]);
  });

  test("gives up after too many failures in a row, and at once on a refusal", async () => {
    const flaky = track([awsError("InternalServiceException", 500)], { polling: { maxConsecutiveErrors: 2 } });
    await expect(flaky.done).rejects.toMatchObject({ code: "InternalServiceException" });
    expect(flaky.calls()).toBe(3);
    const refused = track([t("SEARCHING"), awsError("AccessDeniedException")]);
    await expect(refused.done).rejects.toMatchObject({ code: "AccessDeniedException" });
    expect(refused.calls()).toBe(2);
  });

  test("a ticket that is no longer there is NotFound", async () => {
    const run = track([t("SEARCHING"), undefined]);
    await expect(run.done).rejects.toMatchObject({ code: "NotFound" });
  });

  test("bounded: a ticket that never ends stops being tracked after maxTrackMs", async () => {
    const run = track([t("SEARCHING")], { polling: { maxTrackMs: 60_000 } });
    await expect(run.done).rejects.toMatchObject({ code: "Timeout" });
    expect(run.clock.delays.reduce((a, b) => a + b, 0)).toBe(60_000);
  });

  test("aborting ends it with the signal's reason and reports nothing more", async () => {
    const controller = new AbortController();
    const answers: Answer[] = [t("SEARCHING"), t("REQUIRES_ACCEPTANCE")];
    const clock = fakeClock();
    const changes: string[] = [];
    const done = trackTicket({
      ticketId: "t-1",
      timers: clock.timers(),
      signal: controller.signal,
      describe: async () => {
        const next = answers.shift() as MatchmakingTicket;
        // The player cancels while the answer is on its way.
        if (next?.Status === "REQUIRES_ACCEPTANCE") controller.abort(new Error("stopped"));
        return next;
      },
      onChange: (ticket) => changes.push(ticket.Status!),
    });
    await expect(done).rejects.toThrow("stopped");
    expect(changes).toEqual(["SEARCHING"]);
  });

  test("property: one report per change of state, none for a repeated one, and a wait never longer than the caps", async () => {
    const status = fc.constantFrom<MatchmakingStatus>("QUEUED", "SEARCHING", "REQUIRES_ACCEPTANCE", "PLACING");
    const reason = fc.constantFrom(undefined, "MatchRejected", "MatchAcceptanceTimedOut");
    const state = fc.record({ status, reason });
    const final = fc.constantFrom<MatchmakingStatus>("COMPLETED", "FAILED", "CANCELLED", "TIMED_OUT");
    await fc.assert(
      fc.asyncProperty(fc.array(state, { maxLength: 40 }), final, async (states, end) => {
        const answers = [...states.map((s) => t(s.status, s.reason)), t(end)];
        const run = track([...answers]);
        await run.done;
        let expected = 0;
        let key: string | undefined;
        for (const answer of answers) {
          if (stateKey(answer) !== key) expected++;
          key = stateKey(answer);
        }
        expect(run.changes).toHaveLength(expected);
        expect(run.calls()).toBe(answers.length);
        for (const ms of run.clock.delays) expect(ms).toBeLessThanOrEqual(DEFAULT_MATCHMAKING_POLLING.searchingMaxMs);
      }),
      { numRuns: 200 },
    );
  });
});
