/**
 * Checking measured latencies against simulated ones on a machine other suites load at the same time.
 *
 * Load only ever adds time: a timer in a delay proxy fires late, a busy event loop notices an answer late. So a
 * figure can come out too high, never too low. Each figure is already a median of several round trips (which
 * leaves out the ones a busy moment stretched); when a whole measurement was slowed (every sample of it), the
 * next one usually is not. `lowestOf` takes, per location, the lowest of up to `attempts` (5) such figures, stopping
 * early once every figure is within tolerance. A measurement that is wrong in itself (two round trips for one, no
 * warm-up, a figure below the simulated distance) is wrong every time, and still fails.
 */
export const TOLERANCE_MS = 15;

export type Figures = Record<string, number | undefined>;

export function withinTolerance(figure: number | undefined, simulated: number): boolean {
  return figure !== undefined && figure >= simulated - 2 && figure <= simulated + TOLERANCE_MS;
}

export async function lowestOf(expected: Record<string, number>, measure: () => Promise<Figures>, attempts = 5): Promise<Figures> {
  const lowest: Figures = {};
  for (let i = 0; i < attempts; i++) {
    const figures = await measure();
    for (const location of Object.keys(expected)) {
      const figure = figures[location];
      if (figure !== undefined && (lowest[location] === undefined || figure < lowest[location]!)) lowest[location] = figure;
    }
    if (Object.entries(expected).every(([location, simulated]) => withinTolerance(lowest[location], simulated))) break;
  }
  return lowest;
}
