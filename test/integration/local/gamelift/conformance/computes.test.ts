// Anywhere computes: RegisterCompute, DescribeCompute, ListCompute, GetComputeAuthToken, DeregisterCompute.
import { expect } from "vitest";
import { REF, conformance, failure, fresh, rule } from "./harness.ts";

conformance("computes", (protocol, suite) => {
  const call = suite.call(protocol);

  rule("RegisterCompute: answers the compute with its GameLiftServiceSdkEndpoint, ACTIVE, ARN arn:aws:gamelift:<region>::compute/<name>", REF.api("RegisterCompute"), async () => {
    const fleet = await suite.fleet(protocol, "register");
    const name = fresh("box");
    const { Compute } = await call("RegisterCompute", { FleetId: fleet.fleetId, ComputeName: name, IpAddress: "10.1.2.3", Location: fleet.location });
    expect(Compute).toMatchObject({
      FleetId: fleet.fleetId,
      FleetArn: fleet.fleetArn,
      ComputeName: name,
      ComputeArn: `arn:aws:gamelift:${suite.stack.region}::compute/${name}`,
      IpAddress: "10.1.2.3",
      ComputeStatus: "ACTIVE",
      Location: fleet.location,
      GameLiftServiceSdkEndpoint: suite.stack.sdkEndpoint,
    });
  });

  rule("RegisterCompute: an Anywhere compute needs its custom Location and an IP address", REF.api("RegisterCompute"), async () => {
    const fleet = await suite.fleet(protocol, "register-needs");
    const noLocation = await failure(call("RegisterCompute", { FleetId: fleet.fleetId, ComputeName: fresh("a"), IpAddress: "10.0.0.1" }));
    expect(noLocation.name).toBe("InvalidRequestException");
    const noAddress = await failure(call("RegisterCompute", { FleetId: fleet.fleetId, ComputeName: fresh("b"), DnsName: "host.example", Location: fleet.location }));
    expect(noAddress.name).toBe("InvalidRequestException");
  });

  rule("RegisterCompute: a compute name is unique within the fleet; the same name at another address is a ConflictException", REF.api("RegisterCompute"), async () => {
    const fleet = await suite.fleet(protocol, "register-unique");
    const name = fresh("once");
    await call("RegisterCompute", { FleetId: fleet.fleetId, ComputeName: name, IpAddress: "10.0.0.1", Location: fleet.location });
    const e = await failure(call("RegisterCompute", { FleetId: fleet.fleetId, ComputeName: name, IpAddress: "10.0.0.2", Location: fleet.location }));
    expect(e.name).toBe("ConflictException");
  });

  rule("DescribeCompute: finds a registered compute by its name or its ARN", REF.api("DescribeCompute"), async () => {
    const fleet = await suite.fleet(protocol, "describe-compute");
    const { Compute } = await call("RegisterCompute", { FleetId: fleet.fleetId, ComputeName: fresh("seen"), IpAddress: "10.0.0.5", Location: fleet.location });
    expect((await call("DescribeCompute", { FleetId: fleet.fleetId, ComputeName: Compute.ComputeName })).Compute).toEqual(Compute);
    expect((await call("DescribeCompute", { FleetId: fleet.fleetArn, ComputeName: Compute.ComputeArn })).Compute).toEqual(Compute);
  });

  rule("ListCompute: every compute of the fleet, or those of one location", REF.api("ListCompute"), async () => {
    const fleet = await suite.fleet(protocol, "list-compute");
    const names = [fresh("c1"), fresh("c2")];
    for (const name of names) await call("RegisterCompute", { FleetId: fleet.fleetId, ComputeName: name, IpAddress: "10.0.0.9", Location: fleet.location });
    const all = (await call("ListCompute", { FleetId: fleet.fleetId })).ComputeList.map((c: { ComputeName: string }) => c.ComputeName);
    expect(all.sort()).toEqual([...names].sort());
    expect((await call("ListCompute", { FleetId: fleet.fleetId, Location: fleet.location })).ComputeList).toHaveLength(2);
    expect((await call("ListCompute", { FleetId: fleet.fleetId, Location: "custom-nowhere-else" })).ComputeList).toEqual([]);
  });

  rule("GetComputeAuthToken: a token for the compute with its expiry; an unregistered compute is a NotFoundException", REF.api("GetComputeAuthToken"), async () => {
    const fleet = await suite.fleet(protocol, "token");
    const name = fresh("tok");
    await call("RegisterCompute", { FleetId: fleet.fleetId, ComputeName: name, IpAddress: "10.0.0.7", Location: fleet.location });
    const out = await call("GetComputeAuthToken", { FleetId: fleet.fleetId, ComputeName: name });
    expect(out).toMatchObject({ FleetId: fleet.fleetId, FleetArn: fleet.fleetArn, ComputeName: name });
    expect(out.AuthToken).toMatch(/^[a-zA-Z0-9-]+$/);
    expect(out.ExpirationTimestamp).toBeGreaterThan(suite.clock.now());
    expect((await failure(call("GetComputeAuthToken", { FleetId: fleet.fleetId, ComputeName: fresh("never") }))).name).toBe("NotFoundException");
  });

  rule("DeregisterCompute: a deregistered compute can no longer host game sessions", REF.api("DeregisterCompute"), async () => {
    const fleet = await suite.fleet(protocol, "deregister");
    const [host] = await suite.hosts(protocol, fleet, 1);
    await call("DeregisterCompute", { FleetId: fleet.fleetId, ComputeName: host!.computeName });
    expect((await failure(call("DescribeCompute", { FleetId: fleet.fleetId, ComputeName: host!.computeName }))).name).toBe("NotFoundException");
    const e = await failure(call("CreateGameSession", { FleetId: fleet.fleetId, Location: fleet.location, MaximumPlayerSessionCount: 2 }));
    expect(e.name).toBe("FleetCapacityExceededException");
  });
});
