import type { Operation } from "../../http/service.ts";
import { invalidRequest } from "../../http/service-error.ts";
import type { GameLiftModel } from "../model/gamelift-model.ts";
import { page } from "../page-tokens.ts";
import { computeShape } from "../shapes.ts";
import { InputReader } from "../validation.ts";
import { RULES, readLimit } from "./common.ts";

export function computeOperations(model: GameLiftModel, sdkEndpoint: () => string): Record<string, Operation> {
  function fleetAndCompute(input: Record<string, unknown>) {
    const r = InputReader.of(input);
    const fleetId = r.requiredString("FleetId", RULES.fleetIdOrArn);
    const computeName = r.requiredString("ComputeName", RULES.computeNameOrArn);
    r.done();
    const fleet = model.fleets.fleet(fleetId);
    return { fleet, compute: model.fleets.compute(fleet, computeName) };
  }

  return {
    RegisterCompute(input) {
      const r = InputReader.of(input);
      const fleetId = r.requiredString("FleetId", RULES.fleetIdOrArn);
      const name = r.requiredString("ComputeName", RULES.computeName);
      const certificatePath = r.string("CertificatePath", RULES.nonZeroAndMax);
      const dnsName = r.string("DnsName", RULES.dnsName);
      const ipAddress = r.string("IpAddress", RULES.ipAddress);
      const location = r.string("Location", RULES.location);
      r.done();
      const fleet = model.fleets.fleet(fleetId);
      // Both documented for Anywhere fleets: "This parameter is required when registering a compute for an
      // Anywhere fleet" (Location) and "When registering an Anywhere fleet, an IP address is required."
      if (location === undefined) throw invalidRequest(`Location is required to register a compute in Anywhere fleet ${fleet.id} (one of: ${fleet.locations.join(", ")}).`);
      if (ipAddress === undefined) throw invalidRequest(`IpAddress is required to register a compute in Anywhere fleet ${fleet.id}.`);
      const compute = model.fleets.registerCompute(fleet, { name, location, ipAddress, dnsName, certificatePath });
      return { Compute: computeShape(compute, sdkEndpoint()) };
    },

    DeregisterCompute(input) {
      const { fleet, compute } = fleetAndCompute(input);
      model.deregisterCompute(fleet, compute);
      return {};
    },

    DescribeCompute(input) {
      return { Compute: computeShape(fleetAndCompute(input).compute, sdkEndpoint()) };
    },

    ListCompute(input) {
      const r = InputReader.of(input);
      const fleetId = r.requiredString("FleetId", RULES.fleetIdOrArn);
      const location = r.string("Location", RULES.location);
      r.string("ContainerGroupDefinitionName", { min: 1, max: 512 });
      const status = r.string("ComputeStatus", { enum: ["ACTIVE", "IMPAIRED"] });
      const limit = readLimit(r);
      const nextToken = r.string("NextToken", RULES.nextToken);
      r.done();
      const fleet = model.fleets.fleet(fleetId);
      // Registered computes are ACTIVE here; none is ever IMPAIRED.
      const computes = status === "IMPAIRED" ? [] : [...fleet.computes.values()].filter((c) => location === undefined || c.location === location);
      const scope = ["ListCompute", fleet.id, location ?? "", status ?? ""].join("\0");
      const result = page(model.pageTokens, scope, computes, model.pageTokens.offsetOf(scope, nextToken), limit ?? computes.length);
      const endpoint = sdkEndpoint();
      return { ComputeList: result.items.map((c) => computeShape(c, endpoint)), NextToken: result.nextToken };
    },

    GetComputeAuthToken(input) {
      const { fleet, compute } = fleetAndCompute(input);
      const { token, expiresAt } = model.fleets.issueAuthToken(fleet, compute);
      return {
        FleetId: fleet.id,
        FleetArn: fleet.arn,
        ComputeName: compute.name,
        ComputeArn: compute.arn,
        AuthToken: token,
        ExpirationTimestamp: new Date(expiresAt),
      };
    },
  };
}
