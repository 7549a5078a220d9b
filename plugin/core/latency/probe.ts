/**
 * Times round trips to one URL the way a browser can: a first request opens (and warms) the connection, then
 * each timed request goes over that kept-alive connection, one after the other, so each is one HTTP round trip.
 *
 * Requests are `no-cors` (the answer is only timed, never read, so the endpoint needs no CORS headers),
 * credential-less, never cached, each with a query no cache has seen. The time of a request comes from the
 * browser's Resource Timing entry for it when there is one — responseStart − requestStart when the endpoint
 * allows detailed timing (Timing-Allow-Origin, as the server kit's ping route does), else the entry's duration —
 * because those are taken by the network stack and do not include the time the page's own thread (a game
 * rendering its frames) takes to run the fetch's callbacks. Without an entry (Node, or a full buffer) the wall
 * clock around the fetch is used.
 */

export type FetchLike = (url: string, init: RequestInit) => Promise<{ arrayBuffer(): Promise<ArrayBuffer> }>;

export interface ProbeOptions {
  samples: number;
  /** Ends the probe: the samples taken so far are returned. */
  signal: AbortSignal;
  fetch: FetchLike;
  now: () => number;
  /** Resource Timing, when the environment has it. */
  timings?: ResourceTimings;
}

/** A marker in every probe URL, so entries of the game's own requests are never taken for ours. */
const MARKER = "pgl-ping";
let sequence = 0;

/** The URL as Resource Timing will name it (serialized), with a query no cache has seen. */
function probeUrl(url: string): string {
  const target = new URL(url);
  target.searchParams.append(MARKER, `${Date.now().toString(36)}-${(++sequence).toString(36)}`);
  return target.href;
}

/**
 * The timed round trips (ms) to `url`, after one warm-up request. Rejects only when not even the warm-up
 * request got an answer (the endpoint is unreachable, or the signal ended it first).
 */
export async function probe(url: string, options: ProbeOptions): Promise<number[]> {
  const once = async (): Promise<number> => {
    const target = probeUrl(url);
    const started = options.now();
    const response = await options.fetch(target, { mode: "no-cors", cache: "no-store", credentials: "omit", signal: options.signal });
    // Read to the end, so the connection goes back to the pool for the next request.
    await response.arrayBuffer().catch(() => undefined);
    const wall = options.now() - started;
    // One turn of the event loop before the next request: a fetch sent in the same turn can find the connection
    // not yet back in the pool and open a second one, and its time would include that connection's handshake.
    await new Promise((resolve) => setTimeout(resolve, 0));
    return options.timings?.roundTrip(target) ?? wall;
  };
  await once();
  const times: number[] = [];
  for (let i = 0; i < options.samples && !options.signal.aborted; i++) {
    try {
      times.push(await once());
    } catch (error) {
      if (options.signal.aborted) break;
      throw error;
    }
  }
  return times;
}

export function median(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** What the environment's Resource Timing knows about our probe requests. */
export interface ResourceTimings {
  /** The round trip of the request to `url`, if its entry has arrived. */
  roundTrip(url: string): number | undefined;
  close(): void;
}

interface TimingEntry {
  name: string;
  duration: number;
  requestStart?: number;
  responseStart?: number;
}

/**
 * Resource Timing through a PerformanceObserver (which sees every entry even when the page's entry buffer is
 * full), or undefined where there is none.
 */
export function resourceTimings(): ResourceTimings | undefined {
  const Observer = (globalThis as { PerformanceObserver?: typeof PerformanceObserver }).PerformanceObserver;
  if (typeof Observer !== "function") return undefined;
  const seen = new Map<string, TimingEntry>();
  const keep = (entries: readonly TimingEntry[]) => {
    for (const entry of entries) if (entry.name.includes(`${MARKER}=`)) seen.set(entry.name, entry);
    // Bounded: entries of requests nobody asked about (an aborted probe) are not kept forever.
    while (seen.size > 256) seen.delete(seen.keys().next().value as string);
  };
  let observer: PerformanceObserver;
  try {
    observer = new Observer((list) => keep(list.getEntries() as unknown as TimingEntry[]));
    observer.observe({ type: "resource" });
  } catch {
    return undefined;
  }
  return {
    roundTrip(url) {
      keep(observer.takeRecords() as unknown as TimingEntry[]);
      const entry = seen.get(url);
      if (!entry) return undefined;
      seen.delete(url);
      const detailed = entry.requestStart !== undefined && entry.responseStart !== undefined && entry.requestStart > 0 && entry.responseStart >= entry.requestStart;
      const time = detailed ? entry.responseStart! - entry.requestStart! : entry.duration;
      return Number.isFinite(time) && time > 0 ? time : undefined;
    },
    close: () => observer.disconnect(),
  };
}
