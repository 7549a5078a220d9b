import { invalidRequest, notFound } from "../../http/service-error.ts";
import { destinationOf, queueArn, queueNameOf } from "../ids.ts";
import type { Timer } from "../scheduler.ts";
import type { ModelContext } from "./context.ts";
import { recordCodec, type DefinitionTable } from "./definitions.ts";
import type { Fleet } from "./fleets.ts";
import type { GameSession, GameSessionRequest } from "./game-sessions.ts";
import type { GameLiftModel } from "./gamelift-model.ts";
import { latencyCapAt, orderCandidates, type PlacementCandidate, type PlayerLatency, type PlayerLatencyPolicy, type QueuePriority } from "./queue-priority.ts";

export interface GameSessionQueue {
  name: string;
  arn: string;
  timeoutInSeconds: number;
  destinations: string[];
  /** FilterConfiguration.AllowedLocations: unset, every location of the destinations may be used. */
  allowedLocations?: string[];
  playerLatencyPolicies: PlayerLatencyPolicy[];
  /** PriorityConfiguration; unset, the default order (see queue-priority.ts). */
  priority?: QueuePriority;
  /** Accepted and echoed back; the local queue does not act on them (CustomEventData, NotificationTarget). */
  passthrough: Record<string, unknown>;
}

/** What CreateGameSessionQueue and UpdateGameSessionQueue set; for an update, what is unset is kept. */
export type QueueSettings = Omit<GameSessionQueue, "name" | "arn">;

export type PlacementStatus = "PENDING" | "FULFILLED" | "CANCELLED" | "TIMED_OUT" | "FAILED";

export interface DesiredPlayer {
  playerId: string;
  playerData?: string;
}

export interface Placement {
  id: string;
  queueName: string;
  status: PlacementStatus;
  request: GameSessionRequest;
  desiredPlayers: DesiredPlayer[];
  playerLatencies?: PlayerLatency[];
  startTime: Date;
  endTime?: Date;
  /** Epoch ms after which a PENDING placement is TIMED_OUT. */
  deadline: number;
  gameSession?: GameSession;
  placedPlayers?: { playerId: string; playerSessionId: string }[];
}

export const DEFAULT_QUEUE_TIMEOUT_SECONDS = 600;

/**
 * Game session queues and placements. A placement tries the places its queue allows, best first (latency
 * policies, filter and priority: see queue-priority.ts), at once and then every placementPollMs, until a game
 * session is started; it is FULFILLED when that session turns ACTIVE, FAILED if the session ends first,
 * TIMED_OUT at the deadline. A latency policy that relaxes widens the places of the next attempt.
 */
export class Placements {
  /** Queues by name: durable definitions. Placements are runtime state. */
  readonly queues: DefinitionTable<GameSessionQueue>;
  readonly placements = new Map<string, Placement>();
  private readonly pending = new Set<Placement>();
  private readonly bySession = new Map<GameSession, Placement>();
  private poll?: Timer;
  /** Told when a placement settles (FULFILLED, CANCELLED, TIMED_OUT, FAILED); FlexMatch waits on these. */
  readonly listeners = new Set<(placement: Placement) => void>();

  private readonly ctx: ModelContext;
  private readonly model: Pick<GameLiftModel, "fleets" | "aliases" | "sessions" | "players">;
  constructor(
    ctx: ModelContext,
    model: Pick<GameLiftModel, "fleets" | "aliases" | "sessions" | "players">,
  ) {
    this.ctx = ctx;
    this.model = model;
    this.queues = ctx.definitions.table<GameSessionQueue>(
      "gameSessionQueues",
      recordCodec<GameSessionQueue>({ omit: ["arn"], restore: (q) => restoreQueue(q, queueArn(ctx.account, q.name)) }),
    );
    model.sessions.listeners.add((session) => this.sessionChanged(session));
  }

  createQueue(spec: Omit<GameSessionQueue, "arn">): GameSessionQueue {
    if (this.queues.has(spec.name)) throw invalidRequest(`Game session queue ${spec.name} already exists.`);
    for (const arn of spec.destinations) this.checkDestination(arn);
    const queue = { ...spec, arn: queueArn(this.ctx.account, spec.name) };
    this.queues.save(queue.name, queue);
    return queue;
  }

  queue(nameOrArn: string): GameSessionQueue {
    const queue = this.queues.get(queueNameOf(nameOrArn));
    if (!queue) throw notFound(`Game session queue ${nameOrArn} not found.`);
    return queue;
  }

  /** UpdateGameSessionQueue: each setting given replaces the queue's own; placements under way use the new ones. */
  updateQueue(queue: GameSessionQueue, changes: Partial<QueueSettings>): GameSessionQueue {
    for (const arn of changes.destinations ?? []) this.checkDestination(arn);
    const { passthrough, ...rest } = changes;
    const updated: GameSessionQueue = { ...queue, ...withoutUndefined(rest), passthrough: { ...queue.passthrough, ...passthrough } };
    this.queues.save(updated.name, updated);
    return updated;
  }

  deleteQueue(queue: GameSessionQueue): void {
    this.queues.delete(queue.name);
  }

  placement(id: string): Placement {
    const placement = this.placements.get(id);
    if (!placement) throw notFound(`Game session placement ${id} not found.`);
    return placement;
  }

  start(spec: { id: string; queue: GameSessionQueue; request: GameSessionRequest; desiredPlayers: DesiredPlayer[]; playerLatencies?: PlayerLatency[] }): Placement {
    // "The value must be unique across all Regions and cannot be reused."
    if (this.placements.has(spec.id)) throw invalidRequest(`Placement ID ${spec.id} is already in use; a placement ID cannot be reused.`);
    const now = this.ctx.now();
    const placement: Placement = {
      id: spec.id,
      queueName: spec.queue.name,
      status: "PENDING",
      request: spec.request,
      desiredPlayers: spec.desiredPlayers,
      playerLatencies: spec.playerLatencies,
      startTime: new Date(now),
      deadline: now + spec.queue.timeoutInSeconds * 1000 * this.ctx.timings.placementTimeoutScale,
    };
    this.placements.set(placement.id, placement);
    this.pending.add(placement);
    this.attempt(placement);
    this.schedulePolling();
    return placement;
  }

  /** StopGameSessionPlacement. */
  stop(placement: Placement): void {
    if (placement.status === "CANCELLED") return;
    if (placement.status !== "PENDING") throw invalidRequest(`Placement ${placement.id} is ${placement.status}; only a PENDING placement can be stopped.`);
    if (placement.gameSession) {
      throw invalidRequest(`A game session (${placement.gameSession.id}) has already been created for placement ${placement.id}; end it with TerminateGameSession.`);
    }
    this.settle(placement, "CANCELLED");
  }

  close(): void {
    this.poll?.cancel();
    this.poll = undefined;
  }

  private tick(): void {
    const now = this.ctx.now();
    for (const placement of this.pending) {
      if (now >= placement.deadline) this.timeOut(placement);
      else if (!placement.gameSession) this.attempt(placement);
    }
    if (this.pending.size === 0) this.close();
  }

  private attempt(placement: Placement): void {
    const queue = this.queues.get(placement.queueName);
    if (!queue) {
      this.settle(placement, "FAILED");
      return;
    }
    const candidates: (PlacementCandidate & { fleet: Fleet })[] = [];
    queue.destinations.forEach((arn, destination) => {
      const fleet = this.destinationFleet(arn);
      if (!fleet) return;
      const cost = fleet.anywhereCost === undefined ? undefined : Number(fleet.anywhereCost);
      for (const location of fleet.locations) candidates.push({ destination, location, fleet, ...(cost !== undefined && Number.isFinite(cost) ? { cost } : {}) });
    });
    const elapsed = this.ctx.now() - placement.startTime.getTime();
    const ordered = orderCandidates(candidates, {
      priority: queue.priority,
      playerLatencies: placement.playerLatencies,
      allowedLocations: queue.allowedLocations,
      cap: latencyCapAt(queue.playerLatencyPolicies, elapsed, this.ctx.timings.placementTimeoutScale),
    });
    for (const { fleet, location } of ordered) {
      const session = this.model.sessions.start(fleet, location, placement.request);
      if (session) {
        placement.gameSession = session;
        this.bySession.set(session, placement);
        return;
      }
    }
  }

  private sessionChanged(session: GameSession): void {
    const placement = this.bySession.get(session);
    if (!placement || placement.status !== "PENDING") return;
    if (session.status === "ACTIVE") this.fulfil(placement, session);
    else if (session.ended) this.settle(placement, "FAILED");
  }

  private fulfil(placement: Placement, session: GameSession): void {
    try {
      const reserved = this.model.players.reserve(session, placement.desiredPlayers);
      placement.placedPlayers = reserved.map((ps) => ({ playerId: ps.playerId, playerSessionId: ps.id }));
    } catch {
      // The server closed the game session to players before its first ones could be seated.
      this.settle(placement, "FAILED");
      return;
    }
    this.settle(placement, "FULFILLED");
  }

  private timeOut(placement: Placement): void {
    const session = placement.gameSession;
    this.settle(placement, "TIMED_OUT");
    // A session still starting for a placement nobody waits for any more would hold its process forever.
    if (session && session.status === "ACTIVATING") this.model.sessions.terminate(session, "TRIGGER_ON_PROCESS_TERMINATE");
  }

  private settle(placement: Placement, status: Exclude<PlacementStatus, "PENDING">): void {
    placement.status = status;
    placement.endTime = new Date(this.ctx.now());
    this.pending.delete(placement);
    if (placement.gameSession) this.bySession.delete(placement.gameSession);
    if (this.pending.size === 0) this.close();
    for (const listener of this.listeners) listener(placement);
  }

  private schedulePolling(): void {
    if (this.poll || this.pending.size === 0) return;
    this.poll = this.ctx.scheduler.every(this.ctx.timings.placementPollMs, () => this.tick());
  }

  private destinationFleet(arn: string): Fleet | undefined {
    const ref = destinationOf(arn);
    if (!ref) return undefined;
    if (ref.kind === "fleet") return this.model.fleets.fleets.get(ref.fleetId);
    const alias = this.model.aliases.aliases.get(ref.aliasId);
    return alias?.routing.type === "SIMPLE" ? this.model.fleets.fleets.get(alias.routing.fleetId) : undefined;
  }

  private checkDestination(arn: string): void {
    const ref = destinationOf(arn);
    if (!ref) throw invalidRequest(`Destination ${arn} is neither a fleet ARN nor an alias ARN.`);
    if (ref.kind === "fleet" && !this.model.fleets.fleets.has(ref.fleetId)) throw notFound(`Fleet ${ref.fleetId} (destination ${arn}) not found.`);
    if (ref.kind === "alias" && !this.model.aliases.aliases.has(ref.aliasId)) throw notFound(`Alias ${ref.aliasId} (destination ${arn}) not found.`);
  }
}

/** A queue as stored; one written before latency policies and priorities were acted on kept them in passthrough. */
function restoreQueue(stored: GameSessionQueue, arn: string): GameSessionQueue {
  const queue = { ...stored, arn, passthrough: { ...stored.passthrough } };
  if (!queue.playerLatencyPolicies) {
    const old = queue.passthrough.PlayerLatencyPolicies as { MaximumIndividualPlayerLatencyMilliseconds?: number; PolicyDurationSeconds?: number }[] | undefined;
    queue.playerLatencyPolicies = (old ?? []).flatMap((p) =>
      typeof p?.MaximumIndividualPlayerLatencyMilliseconds === "number"
        ? [{ maximumIndividualPlayerLatencyMs: p.MaximumIndividualPlayerLatencyMilliseconds, ...(typeof p.PolicyDurationSeconds === "number" ? { policyDurationSeconds: p.PolicyDurationSeconds } : {}) }]
        : [],
    );
  }
  const oldPriority = queue.passthrough.PriorityConfiguration as { PriorityOrder?: QueuePriority["order"]; LocationOrder?: string[] } | undefined;
  if (!queue.priority && oldPriority?.PriorityOrder) {
    queue.priority = { order: oldPriority.PriorityOrder, ...(oldPriority.LocationOrder ? { locationOrder: oldPriority.LocationOrder } : {}) };
  }
  for (const key of ["PlayerLatencyPolicies", "PriorityConfiguration", "FilterConfiguration"]) delete queue.passthrough[key];
  return queue;
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
