import { ServiceError, invalidRequest, notFound } from "../../http/service-error.ts";
import { aliasArn, aliasIdOf, newAliasId } from "../ids.ts";
import type { ModelContext } from "./context.ts";
import { recordCodec, type DefinitionTable } from "./definitions.ts";
import type { Fleet, FleetRegistry } from "./fleets.ts";

export type RoutingStrategy = { type: "SIMPLE"; fleetId: string } | { type: "TERMINAL"; message?: string };

export interface Alias {
  readonly id: string;
  readonly arn: string;
  name: string;
  description?: string;
  routing: RoutingStrategy;
  readonly creationTime: Date;
  lastUpdatedTime: Date;
}

export class AliasRegistry {
  /** Aliases by id: durable definitions. */
  readonly aliases: DefinitionTable<Alias>;

  private readonly ctx: ModelContext;
  private readonly fleets: FleetRegistry;
  constructor(
    ctx: ModelContext,
    fleets: FleetRegistry,
  ) {
    this.ctx = ctx;
    this.fleets = fleets;
    this.aliases = ctx.definitions.table<Alias>(
      "aliases",
      recordCodec<Alias>({ dates: ["creationTime", "lastUpdatedTime"], omit: ["arn"], restore: (a) => ({ ...a, arn: aliasArn(ctx.account, a.id) }) }),
    );
  }

  create(spec: { name: string; description?: string; routing: RoutingStrategy }): Alias {
    this.checkRouting(spec.routing);
    const id = newAliasId();
    const now = new Date(this.ctx.now());
    const alias: Alias = { id, arn: aliasArn(this.ctx.account, id), ...spec, creationTime: now, lastUpdatedTime: now };
    this.aliases.save(id, alias);
    return alias;
  }

  /** UpdateAlias: the members given replace the alias's own; LastUpdatedTime moves. */
  update(alias: Alias, changes: { name?: string; description?: string; routing?: RoutingStrategy }): Alias {
    if (changes.routing) this.checkRouting(changes.routing);
    if (changes.name !== undefined) alias.name = changes.name;
    if (changes.description !== undefined) alias.description = changes.description;
    if (changes.routing) alias.routing = changes.routing;
    alias.lastUpdatedTime = new Date(this.ctx.now());
    this.aliases.save(alias.id, alias);
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

  private checkRouting(routing: RoutingStrategy): void {
    if (routing.type === "SIMPLE" && !this.fleets.fleets.has(routing.fleetId)) {
      throw invalidRequest(`Fleet ${routing.fleetId} not found: a SIMPLE routing strategy must name an existing fleet.`);
    }
  }

  /** The fleet a SIMPLE alias routes to; a TERMINAL alias answers with its own message, as AWS does. */
  resolve(alias: Alias): Fleet {
    if (alias.routing.type === "TERMINAL") {
      throw new ServiceError("TerminalRoutingStrategyException", alias.routing.message || `Alias ${alias.id} has a terminal routing strategy.`);
    }
    return this.fleets.fleet(alias.routing.fleetId);
  }
}
