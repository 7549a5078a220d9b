import type { Operation } from "../../http/service.ts";
import type { RoutingStrategy } from "../model/aliases.ts";
import type { GameLiftModel } from "../model/gamelift-model.ts";
import { page } from "../page-tokens.ts";
import { aliasShape } from "../shapes.ts";
import { InputReader } from "../validation.ts";
import { RULES, readLimit } from "./common.ts";

export function aliasOperations(model: GameLiftModel): Record<string, Operation> {
  return {
    CreateAlias(input) {
      const r = InputReader.of(input);
      const name = r.requiredString("Name", RULES.nonBlankName);
      const description = r.string("Description", RULES.nonZeroAndMax);
      const strategy = r.structure("RoutingStrategy");
      if (!strategy) r.violation("RoutingStrategy", undefined, "Member must not be null");
      const routing = strategy && readRouting(strategy);
      r.done();
      return { Alias: aliasShape(model.aliases.create({ name, description, routing: routing! })) };
    },

    UpdateAlias(input) {
      const r = InputReader.of(input);
      const aliasId = r.requiredString("AliasId", RULES.aliasIdOrArn);
      const name = r.string("Name", RULES.nonBlankName);
      const description = r.string("Description", RULES.nonZeroAndMax);
      const strategy = r.structure("RoutingStrategy");
      const routing = strategy && readRouting(strategy);
      r.done();
      return { Alias: aliasShape(model.aliases.update(model.aliases.alias(aliasId), { name, description, routing })) };
    },

    DescribeAlias(input) {
      const r = InputReader.of(input);
      const aliasId = r.requiredString("AliasId", RULES.aliasIdOrArn);
      r.done();
      return { Alias: aliasShape(model.aliases.alias(aliasId)) };
    },

    ResolveAlias(input) {
      const r = InputReader.of(input);
      const aliasId = r.requiredString("AliasId", RULES.aliasIdOrArn);
      r.done();
      const fleet = model.aliases.resolve(model.aliases.alias(aliasId));
      return { FleetId: fleet.id, FleetArn: fleet.arn };
    },

    DeleteAlias(input) {
      const r = InputReader.of(input);
      const aliasId = r.requiredString("AliasId", RULES.aliasIdOrArn);
      r.done();
      model.aliases.delete(model.aliases.alias(aliasId));
      return {};
    },

    ListAliases(input) {
      const r = InputReader.of(input);
      const type = r.string("RoutingStrategyType", { enum: ["SIMPLE", "TERMINAL"] });
      const name = r.string("Name", { min: 1 });
      const limit = readLimit(r);
      const nextToken = r.string("NextToken", { min: 1 });
      r.done();
      const matches = [...model.aliases.aliases.values()].filter((a) => (type === undefined || a.routing.type === type) && (name === undefined || a.name === name));
      const scope = ["ListAliases", type ?? "", name ?? ""].join("\0");
      const result = page(model.pageTokens, scope, matches, model.pageTokens.offsetOf(scope, nextToken), limit ?? matches.length);
      return { Aliases: result.items.map(aliasShape), NextToken: result.nextToken };
    },
  };
}

/** A RoutingStrategy: SIMPLE names a fleet, TERMINAL carries a message and no fleet. */
function readRouting(strategy: InputReader): RoutingStrategy {
  const type = strategy.requiredString("Type", { enum: ["SIMPLE", "TERMINAL"] });
  const fleetId = strategy.string("FleetId", RULES.fleetId);
  const message = strategy.string("Message");
  if (type === "SIMPLE" && fleetId === undefined) strategy.violation("FleetId", undefined, "Member must not be null for a SIMPLE routing strategy");
  if (type === "TERMINAL" && fleetId !== undefined) strategy.violation("FleetId", fleetId, "Member must be null for a TERMINAL routing strategy");
  return type === "SIMPLE" ? { type, fleetId: fleetId ?? "" } : { type: "TERMINAL", message };
}
