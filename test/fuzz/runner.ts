/**
 * Plays each target's generated cases against the live system with fast-check: a fixed seed, a bounded count,
 * every case under a deadline (a case that does not finish in time is a hang). Between targets, and at the end,
 * the system must still do its job (FuzzEnvironment.checkAlive).
 */
import fc from "fast-check";
import type { FuzzEnvironment } from "./environment.ts";
import type { Target } from "./target.ts";

export interface FuzzOptions {
  seed: number;
  /** Cases per target. */
  cases: Record<string, number>;
  /** A case that takes longer is a hang (10 s). */
  caseTimeoutMs?: number;
  log?: (line: string) => void;
}

export interface TargetResult {
  target: string;
  cases: number;
  ms: number;
  /** The first failure, shrunk: the case and what went wrong. */
  failure?: string;
}

export async function runFuzz(env: FuzzEnvironment, targets: Target<unknown>[], options: FuzzOptions): Promise<TargetResult[]> {
  const results: TargetResult[] = [];
  const caseTimeoutMs = options.caseTimeoutMs ?? 10_000;
  for (const target of targets) {
    const count = options.cases[target.name] ?? 0;
    if (count <= 0) continue;
    const started = performance.now();
    let played = 0;
    const details = await fc.check(
      fc.asyncProperty(target.arbitrary, async (c) => {
        played++;
        const problem = await withDeadline(target.run(c), caseTimeoutMs);
        if (problem !== undefined) throw new Error(problem);
      }),
      { seed: options.seed, numRuns: count, endOnFailure: true },
    );
    let failure: string | undefined;
    if (details.failed) {
      const error = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
      failure = `${error}\n  case: ${fc.stringify(details.counterexample?.[0]).slice(0, 2_000)}\n  (seed ${options.seed}, path ${details.counterexamplePath})`;
    }
    try {
      await env.checkAlive();
    } catch (error) {
      failure = `${failure ? `${failure}\n` : ""}the system is not alive after ${target.name}: ${(error as Error).message}`;
    }
    const result = { target: target.name, cases: played, ms: Math.round(performance.now() - started), ...(failure ? { failure } : {}) };
    options.log?.(`${target.name}: ${played} cases in ${result.ms} ms${failure ? `, FAILED:\n${failure}` : ", all answered as they must"}`);
    results.push(result);
    await target.close?.();
  }
  return results;
}

class HangError extends Error {}

async function withDeadline<T>(work: Promise<T>, ms: number): Promise<T | string> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<string>((resolve) => {
    timer = setTimeout(() => resolve(`no end within ${ms} ms (a hang)`), ms);
  });
  try {
    return await Promise.race([work, deadline]);
  } catch (error) {
    if (error instanceof HangError) throw error;
    return `the case threw: ${(error as Error).stack ?? String(error)}`;
  } finally {
    clearTimeout(timer);
  }
}
