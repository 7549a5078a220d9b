import type { Operation } from "../../http/service.ts";
import { invalidRequest } from "../../http/service-error.ts";
import { fleetIdOf } from "../ids.ts";
import type { Fleet, ResourceCreationLimitPolicy } from "../model/fleets.ts";
import type { GameLiftModel } from "../model/gamelift-model.ts";
import { page } from "../page-tokens.ts";
import { fleetAttributesShape, locationShape, locationStatesShape } from "../shapes.ts";
import { InputReader } from "../validation.ts";
import { RULES, readLimit } from "./common.ts";

export function fleetOperations(model: GameLiftModel): Record<string, Operation> {
  const region = model.ctx.account.region;

  /** FleetIds (ids or ARNs; unknown ones left out, as AWS documents), or every fleet, paged. */
  function selectFleets(input: Record<string, unknown>, operation: string): { fleets: Fleet[]; nextToken?: string } {
    const r = InputReader.of(input);
    const ids = r.list("FleetIds", { min: 1 }, (e) => e.string(RULES.fleetIdOrArn));
    const limit = readLimit(r);
    const nextToken = r.string("NextToken", RULES.nextToken);
    r.done();
    // "This parameter [Limit, NextToken] is ignored when the request specifies one or a list of fleet IDs."
    if (ids !== undefined) return { fleets: ids.flatMap((id) => model.fleets.fleets.get(fleetIdOf(id)) ?? []) };
    const fleets = [...model.fleets.fleets.values()];
    const scope = operation;
    const result = page(model.pageTokens, scope, fleets, model.pageTokens.offsetOf(scope, nextToken), limit ?? fleets.length);
    return { fleets: result.items, nextToken: result.nextToken };
  }

  return {
    CreateLocation(input) {
      const r = InputReader.of(input);
      const name = r.requiredString("LocationName", RULES.customLocation);
      r.done();
      return { Location: locationShape(model.fleets.createLocation(name)) };
    },

    CreateFleet(input) {
      const r = InputReader.of(input);
      const name = r.requiredString("Name", RULES.nonZeroAndMax);
      const description = r.string("Description", RULES.nonZeroAndMax);
      const computeType = r.string("ComputeType", { enum: ["EC2", "ANYWHERE"] });
      const locations = r.list("Locations", { min: 1, max: 100 }, (e) => e.structure().requiredString("Location", RULES.location));
      const protectionPolicy = r.string("NewGameSessionProtectionPolicy", { enum: ["NoProtection", "FullProtection"] }) as "NoProtection" | "FullProtection" | undefined;
      const anywhereCost = readAnywhereCost(r);
      const metricGroups = r.list("MetricGroups", { max: 1 }, (e) => e.string({ max: 255 }));
      const logPaths = r.list("LogPaths", {}, (e) => e.string());
      const resourceCreationLimitPolicy = readCreationLimitPolicy(r);
      r.done();
      if (computeType !== "ANYWHERE") {
        throw invalidRequest(
          `This local GameLift hosts Anywhere fleets only: set ComputeType to ANYWHERE (it was ${computeType ?? "not set, which means EC2"}). Managed EC2 fleets need AWS-hosted instances.`,
        );
      }
      const custom = (locations ?? []).filter((l) => l !== region);
      const notCustom = custom.find((l) => !l.startsWith("custom-"));
      if (notCustom !== undefined) throw invalidRequest(`Location ${notCustom} is not a custom location: an Anywhere fleet hosts in custom locations (custom-…) made with CreateLocation.`);
      if (custom.length === 0) throw invalidRequest("An Anywhere fleet needs at least one custom location in Locations (create one with CreateLocation).");
      const fleet = model.fleets.createFleet({ name, description, locations: custom, protectionPolicy, anywhereCost, metricGroups, logPaths, resourceCreationLimitPolicy });
      return { FleetAttributes: fleetAttributesShape(fleet), LocationStates: locationStatesShape(fleet, region) };
    },

    ListFleets(input) {
      const r = InputReader.of(input);
      const buildId = r.string("BuildId", RULES.buildIdOrArn);
      const scriptId = r.string("ScriptId", RULES.scriptIdOrArn);
      const limit = readLimit(r);
      const nextToken = r.string("NextToken", RULES.nextToken);
      r.done();
      // Anywhere fleets have no build or script, so a filter on either matches none.
      const ids = buildId !== undefined || scriptId !== undefined ? [] : [...model.fleets.fleets.keys()];
      const scope = ["ListFleets", buildId ?? "", scriptId ?? ""].join("\0");
      const result = page(model.pageTokens, scope, ids, model.pageTokens.offsetOf(scope, nextToken), limit ?? ids.length);
      return { FleetIds: result.items, NextToken: result.nextToken };
    },

    DescribeFleetAttributes(input) {
      const { fleets, nextToken } = selectFleets(input, "DescribeFleetAttributes");
      return { FleetAttributes: fleets.map(fleetAttributesShape), NextToken: nextToken };
    },

    UpdateFleetAttributes(input) {
      const r = InputReader.of(input);
      const fleetId = r.requiredString("FleetId", RULES.fleetIdOrArn);
      const name = r.string("Name", RULES.nonZeroAndMax);
      const description = r.string("Description", RULES.nonZeroAndMax);
      const protectionPolicy = r.string("NewGameSessionProtectionPolicy", { enum: ["NoProtection", "FullProtection"] }) as "NoProtection" | "FullProtection" | undefined;
      const resourceCreationLimitPolicy = readCreationLimitPolicy(r);
      const metricGroups = r.list("MetricGroups", { max: 1 }, (e) => e.string({ max: 255 }));
      const anywhereCost = readAnywhereCost(r);
      r.done();
      const fleet = model.fleets.fleet(fleetId);
      model.fleets.update(fleet, { name, description, protectionPolicy, resourceCreationLimitPolicy, metricGroups, anywhereCost });
      return { FleetId: fleet.id, FleetArn: fleet.arn };
    },

    DescribeFleetCapacity(input) {
      const { fleets, nextToken } = selectFleets(input, "DescribeFleetCapacity");
      return { FleetCapacity: fleets.map((f) => capacityOf(model, f)), NextToken: nextToken };
    },

    DescribeFleetUtilization(input) {
      const { fleets, nextToken } = selectFleets(input, "DescribeFleetUtilization");
      return { FleetUtilization: fleets.map((f) => utilizationOf(model, f, undefined)), NextToken: nextToken };
    },

    DescribeFleetLocationUtilization(input) {
      const r = InputReader.of(input);
      const fleetId = r.requiredString("FleetId", RULES.fleetIdOrArn);
      const location = r.requiredString("Location", RULES.location);
      r.done();
      const fleet = model.fleets.fleet(fleetId);
      // "Utilization objects are returned only for fleets and locations that currently exist."
      if (!model.fleets.hostsIn(fleet, location)) return {};
      return { FleetUtilization: utilizationOf(model, fleet, location) };
    },

    DeleteFleet(input) {
      const r = InputReader.of(input);
      const fleetId = r.requiredString("FleetId", RULES.fleetIdOrArn);
      r.done();
      model.deleteFleet(model.fleets.fleet(fleetId));
      return {};
    },
  };
}

/** ResourceCreationLimitPolicy {NewGameSessionsPerCreator, PolicyPeriodInMinutes}: WholeNumbers (≥ 0) in the model. */
function readCreationLimitPolicy(r: InputReader): ResourceCreationLimitPolicy | undefined {
  const policy = r.structure("ResourceCreationLimitPolicy");
  if (!policy) return undefined;
  return {
    newGameSessionsPerCreator: policy.integer("NewGameSessionsPerCreator", { min: 0 }),
    policyPeriodInMinutes: policy.integer("PolicyPeriodInMinutes", { min: 0 }),
  };
}

/** AnywhereConfiguration {Cost}: the model's NonNegativeLimitedLengthDouble, a decimal string of at most 11 characters. */
function readAnywhereCost(r: InputReader): string | undefined {
  return r.structure("AnywhereConfiguration")?.requiredString("Cost", { min: 1, max: 11, pattern: /^\d{1,5}(?:\.\d{1,5})?$/ });
}

/**
 * What a fleet (or one of its locations) is using now. For the whole fleet, Location is the home Region, as AWS
 * answers DescribeFleetUtilization, though an Anywhere fleet's processes all run in its custom locations: they
 * are counted there (see local/README.md).
 */
function utilizationOf(model: GameLiftModel, fleet: Fleet, location: string | undefined) {
  const here = (l: string) => location === undefined || l === location;
  const processes = model.processes.ofFleet(fleet.id).filter((p) => p.state === "ACTIVE" && here(p.location));
  const sessions = model.sessions.ofFleet(fleet.id).filter((s) => s.status === "ACTIVE" && here(s.location));
  return {
    FleetId: fleet.id,
    FleetArn: fleet.arn,
    ActiveServerProcessCount: processes.length,
    ActiveGameSessionCount: sessions.length,
    // RESERVED and ACTIVE: each holds a slot, as in the game sessions' CurrentPlayerSessionCount.
    CurrentPlayerSessionCount: sessions.reduce((sum, s) => sum + s.occupied, 0),
    MaximumPlayerSessionCount: sessions.reduce((sum, s) => sum + s.maximumPlayerSessionCount, 0),
    Location: location ?? model.ctx.account.region,
  };
}

/** Anywhere capacity counts computes: each registered one is an "instance", idle when it hosts no game session. */
function capacityOf(model: GameLiftModel, fleet: Fleet) {
  const busy = new Set<string>();
  for (const process of model.processes.ofFleet(fleet.id)) if (process.gameSession && !process.gameSession.ended) busy.add(process.compute.name);
  const active = fleet.computes.size;
  return {
    FleetId: fleet.id,
    FleetArn: fleet.arn,
    InstanceCounts: { DESIRED: active, MINIMUM: 0, MAXIMUM: active, PENDING: 0, ACTIVE: active, IDLE: active - busy.size, TERMINATING: 0 },
    Location: model.ctx.account.region,
  };
}
