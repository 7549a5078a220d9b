import { ServiceError, invalidRequest, notFound } from "../../http/service-error.ts";
import { aliasArn, aliasIdOf, newAliasId } from "../ids.ts";
import type { ModelContext } from "./context.ts";
import type { Fleet, FleetRegistry } from "./fleets.ts";

export type RoutingStrategy = { type: "SIMPLE"; fleetId: string } | { type: "TERMINAL"; message?: string };

export interface Alias {
  id: string;
  arn: string;
  name: string;
  description?: string;
  routing: RoutingStrategy;
  creationTime: Date;
  lastUpdatedTime: Date;
}

export class AliasRegistry {
  readonly aliases = new Map<string, Alias>();

  private readonly ctx: ModelContext;
  private readonly fleets: FleetRegistry;
  constructor(
    ctx: ModelContext,
    fleets: FleetRegistry,
  ) {
    this.ctx = ctx;
    this.fleets = fleets;
  }

  create(spec: { name: string; description?: string; routing: RoutingStrategy }): Alias {
    if (spec.routing.type === "SIMPLE" && !this.fleets.fleets.has(spec.routing.fleetId)) {
      throw invalidRequest(`Fleet ${spec.routing.fleetId} not found: a SIMPLE routing strategy must name an existing fleet.`);
    }
    const id = newAliasId();
    const now = new Date(this.ctx.now());
    const alias: Alias = { id, arn: aliasArn(this.ctx.account, id), ...spec, creationTime: now, lastUpdatedTime: now };
    this.aliases.set(id, alias);
    return alias;
  }

  alias(idOrArn: string): Alias {
    const alias = this.aliases.get(aliasIdOf(idOrArn));
    if (!alias) throw notFound(`Alias ${idOrArn} not found.`);
    return alias;
  }

  delete(alias: Alias): void {
    this.aliases.delete(alias.id);
  }

  /** The fleet a SIMPLE alias routes to; a TERMINAL alias answers with its own message, as AWS does. */
  resolve(alias: Alias): Fleet {
    if (alias.routing.type === "TERMINAL") {
      throw new ServiceError("TerminalRoutingStrategyException", alias.routing.message || `Alias ${alias.id} has a terminal routing strategy.`);
    }
    return this.fleets.fleet(alias.routing.fleetId);
  }
}
