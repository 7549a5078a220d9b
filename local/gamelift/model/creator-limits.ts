import { ServiceError, invalidRequest } from "../../http/service-error.ts";
import type { ModelContext } from "./context.ts";
import type { Fleet, ResourceCreationLimitPolicy } from "./fleets.ts";

/** "…limits requests to one request per CreatorId per second" (CreateGameSession, CreatorId). */
export const CREATOR_REQUEST_INTERVAL_MS = 1000;
/** Past this many tracked creators, stale entries are swept so the maps stay bounded by recent activity. */
const SWEEP_AT = 10_000;
/** How long a creation is remembered for a policy set later: a policy period longer than a day sees only a day. */
const CREATION_MEMORY_MS = 24 * 3_600_000;

/** A policy is in force when it allows some number of sessions over a period: zeros mean no policy. */
export function policyInForce(policy: ResourceCreationLimitPolicy | undefined): policy is Required<ResourceCreationLimitPolicy> {
  return (policy?.newGameSessionsPerCreator ?? 0) > 0 && (policy?.policyPeriodInMinutes ?? 0) > 0;
}

/**
 * CreateGameSession's limits per CreatorId, as its reference documents them:
 * - a fleet with a ResourceCreationLimitPolicy requires a CreatorId, and a creator who has created
 *   NewGameSessionsPerCreator game sessions within the last PolicyPeriodInMinutes is refused;
 * - a fleet without one lets a given CreatorId through at most once per second;
 * - a request without a CreatorId on a fleet without a policy is not limited.
 * Refusals are LimitExceededException ("would cause the resource to exceed the allowed service limit").
 */
export class CreatorLimits {
  /** fleet + creator → when its last request was let through (fleets without a policy). */
  private readonly lastRequest = new Map<string, number>();
  /** fleet + creator → when it created game sessions (all of them, so a policy set later counts them too). */
  private readonly created = new Map<string, number[]>();

  private readonly ctx: ModelContext;
  constructor(ctx: ModelContext) {
    this.ctx = ctx;
  }

  /** Throws when this request must be refused; otherwise counts it against the per-second rate. */
  admit(fleet: Fleet, creatorId: string | undefined): void {
    const policy = fleet.resourceCreationLimitPolicy;
    const now = this.ctx.now();
    this.sweep(now);
    if (policyInForce(policy)) {
      if (creatorId === undefined) {
        throw invalidRequest(
          `Fleet ${fleet.id} has a resource creation limit policy (${policy.newGameSessionsPerCreator} game sessions per creator in ${policy.policyPeriodInMinutes} minutes): CreateGameSession needs a CreatorId.`,
        );
      }
      const recent = this.recentCreations(fleet, creatorId, policy, now);
      if (recent.length >= policy.newGameSessionsPerCreator) {
        throw new ServiceError(
          "LimitExceededException",
          `Creator ${creatorId} has created ${recent.length} game sessions in fleet ${fleet.id} within the last ${policy.policyPeriodInMinutes} minutes; the fleet's resource creation limit policy allows ${policy.newGameSessionsPerCreator}.`,
        );
      }
      return;
    }
    if (creatorId === undefined) return;
    const key = keyOf(fleet, creatorId);
    const last = this.lastRequest.get(key);
    if (last !== undefined && now - last < CREATOR_REQUEST_INTERVAL_MS) {
      throw new ServiceError(
        "LimitExceededException",
        `Creator ${creatorId} already sent a CreateGameSession request to fleet ${fleet.id} within the last second; with a CreatorId and no resource creation limit policy, GameLift allows one request per CreatorId per second.`,
      );
    }
    this.lastRequest.set(key, now);
  }

  /** A game session was created for this creator: it counts against the fleet's policy, now or set later. */
  countCreation(fleet: Fleet, creatorId: string | undefined): void {
    if (creatorId === undefined) return;
    const key = keyOf(fleet, creatorId);
    const times = this.created.get(key);
    if (times) times.push(this.ctx.now());
    else this.created.set(key, [this.ctx.now()]);
  }

  private recentCreations(fleet: Fleet, creatorId: string, policy: Required<ResourceCreationLimitPolicy>, now: number): number[] {
    const key = keyOf(fleet, creatorId);
    const since = now - policy.policyPeriodInMinutes * 60_000;
    const times = (this.created.get(key) ?? []).filter((t) => t > since);
    if (times.length > 0) this.created.set(key, times);
    else this.created.delete(key);
    return times;
  }

  private sweep(now: number): void {
    if (this.lastRequest.size > SWEEP_AT) {
      for (const [key, at] of this.lastRequest) if (now - at >= CREATOR_REQUEST_INTERVAL_MS) this.lastRequest.delete(key);
    }
    if (this.created.size > SWEEP_AT) {
      for (const [key, times] of this.created) if (now - times[times.length - 1]! >= CREATION_MEMORY_MS) this.created.delete(key);
    }
  }
}

const keyOf = (fleet: Fleet, creatorId: string): string => `${fleet.id}\0${creatorId}`;
