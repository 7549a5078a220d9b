/**
 * Keeps N game server processes running, the way GameLift's runtime configuration does on a fleet instance:
 * each slot has its own port; a process that exits is replaced; one that keeps dying at once is retried
 * with a growing delay instead of a hot loop.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";
import { freePort } from "./free-ports.ts";

export type ProcessState = "starting" | "running" | "waiting" | "stopped";

export interface FleetProcessInfo {
  slot: number;
  port: number;
  state: ProcessState;
  pid?: number;
  processId?: string;
  /** Launches after the first. */
  restarts: number;
  startedAt?: Date;
  lastExit?: { code: number | null; signal: NodeJS.Signals | null; at: Date };
}

export interface RestartPolicy {
  /** A process that lived at least this long restarts without delay and resets the back-off. */
  minUptimeMs: number;
  initialDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RESTART: RestartPolicy = { minUptimeMs: 10_000, initialDelayMs: 1_000, maxDelayMs: 30_000 };

export type OutputSink = (line: string, stream: "stdout" | "stderr") => void;

export interface SupervisorOptions {
  count: number;
  basePort: number;
  command: string;
  args: string[];
  /** The environment of one launch (fresh auth token, process id, port). */
  environmentFor(slot: number, port: number): Promise<{ env: Record<string, string>; processId: string }>;
  label: string;
  restart: RestartPolicy;
  output: OutputSink;
  log(message: string): void;
}

interface Slot {
  info: FleetProcessInfo;
  child?: ChildProcess;
  exited?: Promise<void>;
  failures: number;
  timer?: NodeJS.Timeout;
  /** Set by restart(), retire() and expectExit(): the exit is wanted, so the slot is relaunched at once and not counted as a failure. */
  relaunchNow?: boolean;
  /** The launch retire() is stopping. */
  retiring?: string;
}

/** The wait before relaunching a slot after `failures` quick deaths in a row. */
export function restartDelayMs(failures: number, policy: RestartPolicy): number {
  if (failures <= 0) return 0;
  return Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** Math.min(failures - 1, 30));
}

export function substitutePort(args: readonly string[], port: number): string[] {
  return args.map((arg) => arg.replaceAll("{port}", String(port)));
}

export class ProcessSupervisor {
  private readonly slots: Slot[];
  private stopping = false;

  private readonly options: SupervisorOptions;
  constructor(options: SupervisorOptions) {
    this.options = options;
    this.slots = Array.from({ length: options.count }, (_, i) => ({
      info: { slot: i, port: options.basePort === 0 ? 0 : options.basePort + i, state: "waiting" as ProcessState, restarts: -1 },
      failures: 0,
    }));
  }

  start(): void {
    // Game servers must not outlive the process that launched them (a dev server that exits on an error, say).
    process.once("exit", this.killAll);
    for (const slot of this.slots) void this.launch(slot);
  }

  private readonly killAll = (): void => {
    for (const slot of this.slots) slot.child?.kill("SIGKILL");
  };

  processes(): FleetProcessInfo[] {
    return this.slots.map((s) => ({ ...s.info, lastExit: s.info.lastExit && { ...s.info.lastExit } }));
  }

  /**
   * New code for every slot: SIGTERM (SIGKILL after the grace period) and a new process as soon as the old one
   * has exited, with no back-off. Resolves when every slot has been relaunched.
   */
  async restart(graceMs: number): Promise<void> {
    if (this.stopping) return;
    await Promise.all(
      this.slots.map(async (slot) => {
        clearTimeout(slot.timer);
        slot.failures = 0;
        const { child, exited } = slot;
        if (child && exited) {
          slot.relaunchNow = true;
          const kill = setTimeout(() => child.kill("SIGKILL"), graceMs);
          child.kill("SIGTERM");
          await exited.finally(() => clearTimeout(kill));
        } else {
          await this.launch(slot);
        }
      }),
    );
  }

  /** The running processes: slot, launch's process id and how long it has run, for a watcher. */
  running(): { slot: number; processId: string; startedAt: number }[] {
    return this.slots.flatMap((s) =>
      s.child && s.info.processId && s.info.startedAt ? [{ slot: s.info.slot, processId: s.info.processId, startedAt: s.info.startedAt.getTime() }] : [],
    );
  }

  /**
   * Its exit is expected (GameLift let it go): when it exits it is replaced at once, not counted as a crash.
   * False when the slot runs another launch by now.
   */
  expectExit(slotIndex: number, processId: string): boolean {
    const slot = this.slots[slotIndex];
    if (!slot?.child || slot.info.processId !== processId) return false;
    slot.relaunchNow = true;
    return true;
  }

  /**
   * Stops one launch (SIGTERM, SIGKILL after graceMs) and starts a fresh process in its slot at once, as a host
   * stops a process GameLift has let go. Nothing happens when the slot runs another launch by now.
   */
  retire(slotIndex: number, processId: string, why: string, graceMs: number): void {
    const slot = this.slots[slotIndex];
    if (this.stopping || !slot?.child || !slot.exited || slot.info.processId !== processId || slot.retiring === processId) return;
    slot.retiring = processId;
    slot.relaunchNow = true;
    const child = slot.child;
    this.options.log(`${this.options.label}#${slotIndex}: stopping process ${processId} (${why}); a fresh one replaces it`);
    const kill = setTimeout(() => child.kill("SIGKILL"), graceMs);
    child.kill("SIGTERM");
    void slot.exited.finally(() => clearTimeout(kill));
  }

  /** SIGTERM to every process, SIGKILL to those still alive after the grace period. */
  async stop(graceMs: number): Promise<void> {
    this.stopping = true;
    const waits: Promise<void>[] = [];
    for (const slot of this.slots) {
      clearTimeout(slot.timer);
      const { child, exited } = slot;
      if (child && exited) {
        const kill = setTimeout(() => child.kill("SIGKILL"), graceMs);
        child.kill("SIGTERM");
        waits.push(exited.finally(() => clearTimeout(kill)));
      }
      slot.info.state = "stopped";
    }
    await Promise.all(waits);
    for (const slot of this.slots) slot.info.state = "stopped";
    process.off("exit", this.killAll);
  }

  private async launch(slot: Slot): Promise<void> {
    if (this.stopping) return;
    const { info } = slot;
    info.state = "starting";
    let launch: { env: Record<string, string>; processId: string };
    try {
      // basePort 0: each slot gets a port free now, and keeps it across relaunches.
      if (info.port === 0) {
        const port = await freePort(new Set(this.slots.map((s) => s.info.port)));
        // Slots launch side by side: the one that got a port first keeps it.
        if (this.slots.some((s) => s.info.port === port)) throw new Error(`port ${port} went to another process meanwhile`);
        info.port = port;
      }
      launch = await this.options.environmentFor(info.slot, info.port);
    } catch (error) {
      this.options.log(`${this.options.label}#${info.slot}: cannot prepare a launch: ${(error as Error).message}`);
      return this.scheduleRestart(slot, true);
    }
    if (this.stopping) return;

    const child = spawn(this.options.command, substitutePort(this.options.args, info.port), {
      env: launch.env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    info.restarts++;
    info.processId = launch.processId;
    info.pid = child.pid;
    info.startedAt = new Date();
    info.state = "running";
    slot.child = child;
    const prefix = `[${this.options.label}#${info.slot}${child.pid ? ` ${child.pid}` : ""}]`;
    pipeLines(child.stdout, (line) => this.options.output(`${prefix} ${line}`, "stdout"));
    pipeLines(child.stderr, (line) => this.options.output(`${prefix} ${line}`, "stderr"));

    slot.exited = new Promise<void>((resolve) => {
      let done = false;
      const finish = (code: number | null, signal: NodeJS.Signals | null): void => {
        if (done) return;
        done = true;
        this.onExit(slot, code, signal);
        resolve();
      };
      // A command that cannot start (ENOENT, EACCES) reports 'error' and may never report 'exit'.
      child.once("error", (error) => {
        this.options.log(`${prefix} ${error.message}`);
        if (child.pid === undefined) finish(null, null);
      });
      child.once("exit", finish);
    });
  }

  private onExit(slot: Slot, code: number | null, signal: NodeJS.Signals | null): void {
    const { info } = slot;
    const livedMs = info.startedAt ? Date.now() - info.startedAt.getTime() : 0;
    info.lastExit = { code, signal, at: new Date() };
    slot.child = undefined;
    info.pid = undefined;
    if (this.stopping) {
      info.state = "stopped";
      return;
    }
    if (slot.relaunchNow) {
      slot.relaunchNow = false;
      slot.failures = 0;
      this.options.log(`${this.options.label}#${info.slot}: exited (${signal ?? `code ${code}`}) after ${livedMs} ms as expected; starting a fresh process`);
      void this.launch(slot);
      return;
    }
    this.options.log(`${this.options.label}#${info.slot}: exited (${signal ?? `code ${code}`}) after ${livedMs} ms; replacing it`);
    this.scheduleRestart(slot, livedMs < this.options.restart.minUptimeMs);
  }

  private scheduleRestart(slot: Slot, quickFailure: boolean): void {
    if (this.stopping) return;
    slot.failures = quickFailure ? slot.failures + 1 : 0;
    slot.info.state = "waiting";
    const delay = restartDelayMs(slot.failures, this.options.restart);
    slot.timer = setTimeout(() => void this.launch(slot), delay);
  }
}

function pipeLines(stream: NodeJS.ReadableStream | null, write: (line: string) => void): void {
  if (!stream) return;
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  lines.on("line", write);
  lines.on("error", () => undefined);
}
