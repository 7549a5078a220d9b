/**
 * Where a queue may place a game session, and in which order it tries the places: player latency policies
 * (a cap on any one player's latency, relaxing over time), FilterConfiguration (allowed locations) and
 * PriorityConfiguration (LATENCY, COST, DESTINATION, LOCATION), as the GameLift developer guide and API
 * reference describe them:
 *
 * - Without a PriorityConfiguration a request with player latencies is ordered by lowest average latency, then
 *   cost, then destination order, then location (alphabetical); a request without latencies by destination
 *   order, then location (alphabetical).
 * - A custom PriorityOrder is followed as given; the criteria it leaves out are appended in the default order.
 *   LOCATION follows the queue's LocationOrder; locations it does not list come after the listed ones.
 * - Latency policies are enforced only for requests that carry player latencies. They are applied from the
 *   lowest cap up, each for its PolicyDurationSeconds one after the other; a policy without a duration holds
 *   until the placement times out, and after the last one no cap applies. While a cap is in force a location is
 *   ruled out when any player who reported latencies reports more than the cap there.
 *
 * One reading of ours where the documents say nothing: a location a reporting player gave no latency for
 * counts as over any cap while a policy is in force (nothing says it is within it), and sorts after every
 * location with figures under LATENCY. Pure functions, so the rules are tested without a stack.
 */

export type PriorityType = "LATENCY" | "COST" | "DESTINATION" | "LOCATION";
export const PRIORITY_TYPES: readonly PriorityType[] = ["LATENCY", "COST", "DESTINATION", "LOCATION"];

export interface PlayerLatencyPolicy {
  maximumIndividualPlayerLatencyMs: number;
  /** Unset: in force until the placement times out. */
  policyDurationSeconds?: number;
}

export interface QueuePriority {
  order: PriorityType[];
  locationOrder?: string[];
}

/** One entry of StartGameSessionPlacement's PlayerLatencies. */
export interface PlayerLatency {
  playerId: string;
  regionIdentifier: string;
  latencyInMilliseconds: number;
}

/** A fleet location a queue could place in. */
export interface PlacementCandidate {
  /** The index of the queue destination it came through. */
  destination: number;
  location: string;
  /** The fleet's hourly cost (an Anywhere fleet's AnywhereConfiguration.Cost); unknown sorts last. */
  cost?: number;
}

/**
 * The latency cap in force `elapsedMs` into a placement, or undefined when none is (no policies, or all of them
 * have run their course). `durationScale` multiplies PolicyDurationSeconds (the stack's placementTimeoutScale).
 */
export function latencyCapAt(policies: readonly PlayerLatencyPolicy[], elapsedMs: number, durationScale = 1): number | undefined {
  const ordered = [...policies].sort((a, b) => a.maximumIndividualPlayerLatencyMs - b.maximumIndividualPlayerLatencyMs);
  let start = 0;
  for (const policy of ordered) {
    if (policy.policyDurationSeconds === undefined) return policy.maximumIndividualPlayerLatencyMs;
    const end = start + policy.policyDurationSeconds * 1000 * durationScale;
    if (elapsedMs < end) return policy.maximumIndividualPlayerLatencyMs;
    start = end;
  }
  return undefined;
}

/** PlayerLatencies by location, then by player (a player reporting one location twice: the last figure counts). */
export function latenciesByLocation(latencies: readonly PlayerLatency[]): Map<string, Map<string, number>> {
  const byLocation = new Map<string, Map<string, number>>();
  for (const { playerId, regionIdentifier, latencyInMilliseconds } of latencies) {
    let players = byLocation.get(regionIdentifier);
    if (!players) byLocation.set(regionIdentifier, (players = new Map()));
    players.set(playerId, latencyInMilliseconds);
  }
  return byLocation;
}

/** The full criteria order: the queue's own, then whatever it left out, in the default order. */
export function effectivePriorityOrder(priority: QueuePriority | undefined, hasLatencies: boolean): PriorityType[] {
  if (!priority) return hasLatencies ? [...PRIORITY_TYPES] : ["DESTINATION", "LOCATION"];
  return [...priority.order, ...PRIORITY_TYPES.filter((p) => !priority.order.includes(p))];
}

export interface OrderOptions {
  priority?: QueuePriority;
  playerLatencies?: readonly PlayerLatency[];
  allowedLocations?: readonly string[];
  /** The latency cap in force now (latencyCapAt), if any. */
  cap?: number;
}

/** The candidates the queue may use now, best first. */
export function orderCandidates<C extends PlacementCandidate>(candidates: readonly C[], options: OrderOptions): C[] {
  const latencies = latenciesByLocation(options.playerLatencies ?? []);
  const hasLatencies = latencies.size > 0;
  const reporters = new Set((options.playerLatencies ?? []).map((l) => l.playerId));
  const allowed = options.allowedLocations ? new Set(options.allowedLocations) : undefined;

  const averageAt = (location: string): number => {
    const players = latencies.get(location);
    if (!players || players.size === 0) return Infinity;
    let sum = 0;
    for (const ms of players.values()) sum += ms;
    return sum / players.size;
  };
  const withinCap = (location: string, cap: number): boolean => {
    const players = latencies.get(location);
    for (const player of reporters) {
      const ms = players?.get(player);
      if (ms === undefined || ms > cap) return false;
    }
    return true;
  };

  const usable = candidates.filter(
    (c) => (!allowed || allowed.has(c.location)) && (options.cap === undefined || !hasLatencies || withinCap(c.location, options.cap)),
  );
  const order = effectivePriorityOrder(options.priority, hasLatencies);
  const listed = options.priority?.order.includes("LOCATION") ? (options.priority.locationOrder ?? []) : [];
  const locationRank = (location: string): number => {
    const i = listed.indexOf(location);
    return i < 0 ? listed.length : i;
  };
  const key: Record<PriorityType, (a: C, b: C) => number> = {
    LATENCY: (a, b) => (hasLatencies ? compareNumbers(averageAt(a.location), averageAt(b.location)) : 0),
    COST: (a, b) => compareNumbers(a.cost ?? Infinity, b.cost ?? Infinity),
    DESTINATION: (a, b) => a.destination - b.destination,
    LOCATION: (a, b) => locationRank(a.location) - locationRank(b.location) || (a.location < b.location ? -1 : a.location > b.location ? 1 : 0),
  };
  return usable
    .map((candidate, index) => ({ candidate, index }))
    .sort((a, b) => {
      for (const criterion of order) {
        const d = key[criterion](a.candidate, b.candidate);
        if (d !== 0) return d;
      }
      return a.index - b.index;
    })
    .map(({ candidate }) => candidate);
}

function compareNumbers(a: number, b: number): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}
