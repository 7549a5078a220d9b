import type fc from "fast-check";

/** One fuzz target: its generated cases, and one case played against the live system. */
export interface Target<Case> {
  name: string;
  arbitrary: fc.Arbitrary<Case>;
  /** Resolves with what went wrong (a string), or undefined when the system answered as it must. */
  run(c: Case): Promise<string | undefined>;
  close?(): void | Promise<void>;
}
