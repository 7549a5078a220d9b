/**
 * The launcher's view of its processes through GameLift, as a managed fleet's host has it: the service says which
 * processes are connected, which wait to reconnect and which it has let go. A process GameLift ended
 * (FORCE_TERMINATE, a health or activation time-out) is stopped at once; one that ended itself (ProcessEnding)
 * gets a moment to exit; one that never connects, or stays disconnected, is stopped after a grace period. Each is
 * replaced by a fresh process.
 *
 * Why through the stack and not a signal from the process: it holds for any game server, whatever its language
 * or SDK (AWS's official Go and C++ SDKs included), and for one whose event loop is stuck and can signal nothing.
 */
import type { ProcessStatusRecord } from "../gamelift/process-status.ts";
import { PROCESS_STATUS_PATH } from "../gamelift/process-status.ts";

export interface WatchPolicy {
  /** How often the stack is asked (1 s). */
  intervalMs: number;
  /** A process not connected to GameLift this long after its launch is replaced (60 s). */
  connectGraceMs: number;
  /** A process whose connection dropped and has not come back within this is replaced (30 s). */
  disconnectedGraceMs: number;
  /** A process that ended itself (ProcessEnding) and is still running after this is stopped (10 s). */
  exitGraceMs: number;
}

export const DEFAULT_WATCH: WatchPolicy = { intervalMs: 1_000, connectGraceMs: 60_000, disconnectedGraceMs: 30_000, exitGraceMs: 10_000 };

export interface WatchedSupervisor {
  running(): { slot: number; processId: string; startedAt: number }[];
  expectExit(slot: number, processId: string): boolean;
  retire(slot: number, processId: string, why: string, graceMs: number): void;
}

export interface ProcessWatchOptions {
  endpoint: string;
  fleetId: string;
  computeName: string;
  supervisor: WatchedSupervisor;
  policy: WatchPolicy;
  /** SIGTERM → SIGKILL grace for a process being stopped. */
  stopGraceMs: number;
  log(message: string): void;
  now?: () => number;
}

interface Seen {
  /** Since when it has been DISCONNECTED. */
  disconnectedSince?: number;
  /** When the launcher first saw it ENDED (by itself). */
  endedSeenAt?: number;
}

/** Starts watching; the function returned stops it. */
export function watchProcesses(options: ProcessWatchOptions): () => void {
  const now = options.now ?? Date.now;
  const seen = new Map<string, Seen>();
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let warned = false;
  const url = new URL(PROCESS_STATUS_PATH, options.endpoint);
  url.searchParams.set("FleetId", options.fleetId);
  url.searchParams.set("ComputeName", options.computeName);

  const tick = async (): Promise<void> => {
    let records: ProcessStatusRecord[];
    try {
      const answer = await fetch(url, { signal: AbortSignal.timeout(Math.max(options.policy.intervalMs, 2_000)) });
      if (answer.status === 404) {
        options.log(`GameLift at ${options.endpoint} does not report its processes (${PROCESS_STATUS_PATH}): only processes that exit are replaced`);
        stopped = true;
        return;
      }
      if (!answer.ok) throw new Error(`HTTP ${answer.status}`);
      records = ((await answer.json()) as { Processes?: ProcessStatusRecord[] }).Processes ?? [];
      warned = false;
    } catch (error) {
      // The stack restarting, say: the processes' own reconnects deal with that; ask again next time.
      if (!warned) options.log(`could not read the processes' status from GameLift: ${(error as Error).message}`);
      warned = true;
      return;
    }
    const byId = new Map(records.map((r) => [r.ProcessId, r]));
    const t = now();
    const live = new Set<string>();
    for (const { slot, processId, startedAt } of options.supervisor.running()) {
      live.add(processId);
      const record = byId.get(processId);
      const mine = seen.get(processId) ?? {};
      seen.set(processId, mine);
      const retire = (why: string) => options.supervisor.retire(slot, processId, why, options.stopGraceMs);
      if (!record) {
        if (t - startedAt > options.policy.connectGraceMs) retire(`not connected to GameLift ${Math.round((t - startedAt) / 1000)} s after its launch`);
        continue;
      }
      if (record.Status === "DISCONNECTED") {
        mine.disconnectedSince ??= t;
        if (t - mine.disconnectedSince > options.policy.disconnectedGraceMs) retire(`disconnected from GameLift for over ${options.policy.disconnectedGraceMs} ms`);
        continue;
      }
      mine.disconnectedSince = undefined;
      if (record.Status !== "ENDED") continue;
      if (record.EndedBy === "SERVICE") {
        retire(`GameLift ended it: ${record.EndReason ?? "no reason given"}`);
        continue;
      }
      // It ended itself and is on its way out: replaced at once when it exits, stopped if it lingers.
      options.supervisor.expectExit(slot, processId);
      mine.endedSeenAt ??= t;
      if (t - mine.endedSeenAt > options.policy.exitGraceMs) retire(`still running ${options.policy.exitGraceMs} ms after ProcessEnding`);
    }
    for (const id of seen.keys()) if (!live.has(id)) seen.delete(id);
  };

  const loop = (): void => {
    if (stopped) return;
    timer = setTimeout(() => {
      tick().finally(loop);
    }, options.policy.intervalMs);
    timer.unref();
  };
  loop();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}
