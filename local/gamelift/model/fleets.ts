import { ServiceError, invalidRequest, notFound } from "../../http/service-error.ts";
import { computeArn, computeNameOf, fleetArn, fleetIdOf, locationArn, newAuthToken, newFleetId } from "../ids.ts";
import type { ModelContext } from "./context.ts";
import { recordCodec, type DefinitionTable } from "./definitions.ts";

export type ProtectionPolicy = "NoProtection" | "FullProtection";

/** How many game sessions one CreatorId may create in a fleet within a period (both as given; 0 or unset: none). */
export interface ResourceCreationLimitPolicy {
  newGameSessionsPerCreator?: number;
  policyPeriodInMinutes?: number;
}

export interface CustomLocation {
  name: string;
  arn: string;
}

export interface Compute {
  fleetId: string;
  fleetArn: string;
  name: string;
  arn: string;
  ipAddress?: string;
  dnsName?: string;
  location: string;
  certificatePath?: string;
  creationTime: Date;
}

export interface Fleet {
  id: string;
  arn: string;
  name: string;
  description?: string;
  creationTime: Date;
  /** The custom locations the fleet hosts in, in the order given; the home Region is implicit. */
  locations: string[];
  protectionPolicy: ProtectionPolicy;
  anywhereCost?: string;
  metricGroups?: string[];
  logPaths?: string[];
  resourceCreationLimitPolicy?: ResourceCreationLimitPolicy;
  /** Registered computes: runtime state, not kept across restarts (the launcher registers again). */
  computes: Map<string, Compute>;
}

export interface NewFleet {
  name: string;
  description?: string;
  locations: string[];
  protectionPolicy?: ProtectionPolicy;
  anywhereCost?: string;
  metricGroups?: string[];
  logPaths?: string[];
  resourceCreationLimitPolicy?: ResourceCreationLimitPolicy;
}

/** UpdateFleetAttributes: the members given replace the fleet's own. */
export type FleetChanges = Partial<Pick<Fleet, "name" | "description" | "protectionPolicy" | "anywhereCost" | "metricGroups" | "resourceCreationLimitPolicy">>;

export interface NewCompute {
  name: string;
  location: string;
  ipAddress?: string;
  dnsName?: string;
  certificatePath?: string;
}

interface IssuedToken {
  fleetId: string;
  computeName: string;
  expiresAt: number;
}

/** Custom locations, Anywhere fleets, their computes and the auth tokens issued for them. */
export class FleetRegistry {
  /** Custom locations by name, and fleets by id: durable definitions. */
  readonly locations: DefinitionTable<CustomLocation>;
  readonly fleets: DefinitionTable<Fleet>;
  private readonly tokens = new Map<string, IssuedToken>();

  private readonly ctx: ModelContext;
  constructor(ctx: ModelContext) {
    this.ctx = ctx;
    // ARNs are derived from ids on load, not stored: they follow the stack's region and ARN format.
    this.locations = ctx.definitions.table<CustomLocation>(
      "locations",
      recordCodec<CustomLocation>({ omit: ["arn"], restore: (l) => ({ ...l, arn: locationArn(ctx.account, l.name) }) }),
    );
    this.fleets = ctx.definitions.table<Fleet>(
      "fleets",
      recordCodec<Fleet>({
        dates: ["creationTime"],
        omit: ["arn", "computes"],
        restore: (fleet) => ({ ...fleet, arn: fleetArn(ctx.account, fleet.id), computes: new Map() }),
      }),
    );
  }

  createLocation(name: string): CustomLocation {
    if (this.locations.has(name)) throw new ServiceError("ConflictException", `Location ${name} already exists.`);
    const location = { name, arn: locationArn(this.ctx.account, name) };
    this.locations.save(name, location);
    return location;
  }

  createFleet(spec: NewFleet): Fleet {
    for (const location of spec.locations) {
      if (!this.locations.has(location)) throw notFound(`Location ${location} not found. Create it with CreateLocation first.`);
    }
    const id = newFleetId();
    const fleet: Fleet = {
      id,
      arn: fleetArn(this.ctx.account, id),
      name: spec.name,
      description: spec.description,
      creationTime: new Date(this.ctx.now()),
      locations: [...new Set(spec.locations)],
      protectionPolicy: spec.protectionPolicy ?? "NoProtection",
      anywhereCost: spec.anywhereCost,
      metricGroups: spec.metricGroups,
      logPaths: spec.logPaths,
      resourceCreationLimitPolicy: spec.resourceCreationLimitPolicy,
      computes: new Map(),
    };
    this.fleets.save(id, fleet);
    return fleet;
  }

  /** UpdateFleetAttributes. A ResourceCreationLimitPolicy member left out keeps its value. */
  update(fleet: Fleet, changes: FleetChanges): Fleet {
    if (changes.name !== undefined) fleet.name = changes.name;
    if (changes.description !== undefined) fleet.description = changes.description;
    if (changes.protectionPolicy !== undefined) fleet.protectionPolicy = changes.protectionPolicy;
    if (changes.anywhereCost !== undefined) fleet.anywhereCost = changes.anywhereCost;
    if (changes.metricGroups !== undefined) fleet.metricGroups = changes.metricGroups;
    if (changes.resourceCreationLimitPolicy !== undefined) {
      fleet.resourceCreationLimitPolicy = { ...fleet.resourceCreationLimitPolicy, ...withoutUndefined(changes.resourceCreationLimitPolicy) };
    }
    this.fleets.save(fleet.id, fleet);
    return fleet;
  }

  /** A fleet by id or ARN; NotFoundException naming it otherwise. */
  fleet(idOrArn: string): Fleet {
    const fleet = this.fleets.get(fleetIdOf(idOrArn));
    if (!fleet) throw notFound(`Fleet ${idOrArn} not found.`);
    return fleet;
  }

  deleteFleet(fleet: Fleet): void {
    this.fleets.delete(fleet.id);
    for (const [token, issued] of this.tokens) if (issued.fleetId === fleet.id) this.tokens.delete(token);
  }

  /** Whether the fleet can host a game session in `location`: its home Region or one of its custom locations. */
  hostsIn(fleet: Fleet, location: string): boolean {
    return location === this.ctx.account.region || fleet.locations.includes(location);
  }

  registerCompute(fleet: Fleet, spec: NewCompute): Compute {
    if (!fleet.locations.includes(spec.location)) {
      throw invalidRequest(`Location ${spec.location} is not a location of fleet ${fleet.id}; an Anywhere compute registers in one of the fleet's custom locations (${fleet.locations.join(", ") || "none"}).`);
    }
    const existing = fleet.computes.get(spec.name);
    if (existing) {
      const same = existing.location === spec.location && existing.ipAddress === spec.ipAddress && existing.dnsName === spec.dnsName;
      if (same) return existing;
      throw new ServiceError("ConflictException", `Compute ${spec.name} is already registered in fleet ${fleet.id} with a different location or address. Deregister it first.`);
    }
    const compute: Compute = {
      fleetId: fleet.id,
      fleetArn: fleet.arn,
      name: spec.name,
      arn: computeArn(this.ctx.account, spec.name),
      ipAddress: spec.ipAddress,
      dnsName: spec.dnsName,
      location: spec.location,
      certificatePath: spec.certificatePath,
      creationTime: new Date(this.ctx.now()),
    };
    fleet.computes.set(compute.name, compute);
    return compute;
  }

  compute(fleet: Fleet, nameOrArn: string): Compute {
    const compute = fleet.computes.get(computeNameOf(nameOrArn));
    if (!compute) throw notFound(`Compute ${nameOrArn} not found in fleet ${fleet.id}.`);
    return compute;
  }

  deregisterCompute(fleet: Fleet, compute: Compute): void {
    fleet.computes.delete(compute.name);
    for (const [token, issued] of this.tokens) {
      if (issued.fleetId === fleet.id && issued.computeName === compute.name) this.tokens.delete(token);
    }
  }

  issueAuthToken(fleet: Fleet, compute: Compute): { token: string; expiresAt: number } {
    this.dropExpiredTokens();
    const token = newAuthToken();
    const expiresAt = this.ctx.now() + this.ctx.timings.computeAuthTokenTtlMs;
    this.tokens.set(token, { fleetId: fleet.id, computeName: compute.name, expiresAt });
    return { token, expiresAt };
  }

  /** Why a server process's token is refused, or undefined when it is good for that fleet and compute. */
  tokenProblem(token: string, fleetId: string, computeName: string): string | undefined {
    const issued = this.tokens.get(token);
    if (!issued) return "the auth token was not issued by GetComputeAuthToken";
    if (issued.expiresAt <= this.ctx.now()) return "the auth token has expired; call GetComputeAuthToken again";
    if (issued.fleetId !== fleetId || issued.computeName !== computeName) return `the auth token was issued for compute ${issued.computeName} of fleet ${issued.fleetId}`;
    return undefined;
  }

  private dropExpiredTokens(): void {
    const now = this.ctx.now();
    for (const [token, issued] of this.tokens) if (issued.expiresAt <= now) this.tokens.delete(token);
  }
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
