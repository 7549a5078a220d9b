// Custom locations and Anywhere fleets: CreateLocation, CreateFleet, DescribeFleetAttributes,
// UpdateFleetAttributes, ListFleets, DescribeFleetCapacity, DescribeFleetUtilization,
// DescribeFleetLocationUtilization, DeleteFleet.
import { expect } from "vitest";
import { REF, conformance, failure, fresh, rule } from "./harness.ts";

conformance("locations and fleets", (protocol, suite) => {
  const call = suite.call(protocol);
  const region = () => suite.stack.region;

  rule("CreateLocation: a custom location is named custom-…; its ARN is arn:aws:gamelift:<region>::location/<name>", REF.api("LocationModel"), async () => {
    const name = `custom-${fresh("loc")}`;
    const { Location } = await call("CreateLocation", { LocationName: name });
    expect(Location).toEqual({ LocationName: name, LocationArn: `arn:aws:gamelift:${region()}::location/${name}` });
    expect((await failure(call("CreateLocation", { LocationName: "my-location" }))).name).toBe("InvalidRequestException");
  });

  rule("CreateLocation: a location that already exists is a ConflictException", REF.api("CreateLocation"), async () => {
    const name = `custom-${fresh("twice")}`;
    await call("CreateLocation", { LocationName: name });
    expect((await failure(call("CreateLocation", { LocationName: name }))).name).toBe("ConflictException");
  });

  rule("CreateFleet: an Anywhere fleet (ComputeType ANYWHERE, a custom location, a Name) is ACTIVE at once", REF.api("CreateFleet"), async () => {
    const location = `custom-${fresh("fleet")}`;
    await call("CreateLocation", { LocationName: location });
    const out = await call("CreateFleet", { Name: "anywhere", ComputeType: "ANYWHERE", Locations: [{ Location: location }] });
    expect(out.FleetAttributes.Status).toBe("ACTIVE");
    expect(out.FleetAttributes.ComputeType).toBe("ANYWHERE");
    expect(out.LocationStates).toContainEqual({ Location: location, Status: "ACTIVE" });
  });

  rule("CreateFleet: the FleetArn is arn:aws:gamelift:<region>::fleet/<FleetId>", REF.api("FleetAttributes"), async () => {
    const { fleetId, fleetArn } = await suite.fleet(protocol, "fleet-arn");
    expect(fleetId).toMatch(/^fleet-[a-zA-Z0-9-]+$/);
    expect(fleetArn).toBe(`arn:aws:gamelift:${region()}::fleet/${fleetId}`);
  });

  rule("CreateFleet: a custom location that was never created is a NotFoundException", REF.api("CreateFleet"), async () => {
    const e = await failure(call("CreateFleet", { Name: "nowhere", ComputeType: "ANYWHERE", Locations: [{ Location: `custom-${fresh("missing")}` }] }));
    expect(e.name).toBe("NotFoundException");
  });

  rule("CreateFleet: ResourceCreationLimitPolicy is kept and DescribeFleetAttributes returns it", REF.api2019, async () => {
    const policy = { NewGameSessionsPerCreator: 3, PolicyPeriodInMinutes: 15 };
    const { fleetId } = await suite.fleet(protocol, "policy", { ResourceCreationLimitPolicy: policy });
    const [attributes] = (await call("DescribeFleetAttributes", { FleetIds: [fleetId] })).FleetAttributes;
    expect(attributes.ResourceCreationLimitPolicy).toEqual(policy);
  });

  rule("DescribeFleetAttributes: takes fleet IDs or ARNs; unknown fleets are left out, not an error", REF.api("DescribeFleetAttributes"), async () => {
    const a = await suite.fleet(protocol, "described");
    const out = await call("DescribeFleetAttributes", { FleetIds: [a.fleetArn, "fleet-00000000-0000-0000-0000-000000000000"] });
    expect(out.FleetAttributes.map((f: { FleetId: string }) => f.FleetId)).toEqual([a.fleetId]);
  });

  rule("DescribeFleetAttributes: Limit is ignored when fleet IDs are given", REF.api2019, async () => {
    const a = await suite.fleet(protocol, "limit-a");
    const b = await suite.fleet(protocol, "limit-b");
    const out = await call("DescribeFleetAttributes", { FleetIds: [a.fleetId, b.fleetId], Limit: 1 });
    expect(out.FleetAttributes).toHaveLength(2);
    expect(out.NextToken).toBeUndefined();
  });

  rule("DescribeFleetAttributes: without fleet IDs, every fleet, page by page", REF.api("DescribeFleetAttributes"), async () => {
    const made = [await suite.fleet(protocol, "all-a"), await suite.fleet(protocol, "all-b"), await suite.fleet(protocol, "all-c")];
    const seen: string[] = [];
    let token: string | undefined;
    for (let i = 0; i < 100; i++) {
      const page = await call("DescribeFleetAttributes", { Limit: 2, ...(token ? { NextToken: token } : {}) });
      expect(page.FleetAttributes.length).toBeLessThanOrEqual(2);
      seen.push(...page.FleetAttributes.map((f: { FleetId: string }) => f.FleetId));
      token = page.NextToken;
      if (!token) break;
    }
    expect(new Set(seen).size).toBe(seen.length);
    for (const f of made) expect(seen).toContain(f.fleetId);
  });

  rule("UpdateFleetAttributes: returns the fleet's ID and ARN; the new name, description and policies show in DescribeFleetAttributes", REF.api("UpdateFleetAttributes"), async () => {
    const { fleetId, fleetArn } = await suite.fleet(protocol, "update");
    const out = await call("UpdateFleetAttributes", {
      FleetId: fleetArn,
      Name: "renamed",
      Description: "described",
      NewGameSessionProtectionPolicy: "FullProtection",
      ResourceCreationLimitPolicy: { NewGameSessionsPerCreator: 2, PolicyPeriodInMinutes: 5 },
    });
    expect(out).toEqual({ FleetId: fleetId, FleetArn: fleetArn });
    const [attributes] = (await call("DescribeFleetAttributes", { FleetIds: [fleetId] })).FleetAttributes;
    expect(attributes).toMatchObject({
      Name: "renamed",
      Description: "described",
      NewGameSessionProtectionPolicy: "FullProtection",
      ResourceCreationLimitPolicy: { NewGameSessionsPerCreator: 2, PolicyPeriodInMinutes: 5 },
    });
    expect((await failure(call("UpdateFleetAttributes", { FleetId: "fleet-00000000-0000-0000-0000-000000000000", Name: "x" }))).name).toBe("NotFoundException");
  });

  rule("UpdateFleetAttributes: a new protection policy applies to new game sessions; existing ones keep theirs", REF.api("UpdateFleetAttributes"), async () => {
    const fleet = await suite.fleet(protocol, "protection");
    await suite.hosts(protocol, fleet, 2);
    const before = (await call("CreateGameSession", { FleetId: fleet.fleetId, Location: fleet.location, MaximumPlayerSessionCount: 2 })).GameSession;
    await call("UpdateFleetAttributes", { FleetId: fleet.fleetId, NewGameSessionProtectionPolicy: "FullProtection" });
    const after = (await call("CreateGameSession", { FleetId: fleet.fleetId, Location: fleet.location, MaximumPlayerSessionCount: 2 })).GameSession;
    const details = async (id: string) => (await call("DescribeGameSessionDetails", { GameSessionId: id })).GameSessionDetails[0].ProtectionPolicy;
    expect(await details(before.GameSessionId)).toBe("NoProtection");
    expect(await details(after.GameSessionId)).toBe("FullProtection");
  });

  rule("ListFleets: lists fleet IDs, page by page; a BuildId filter matches no Anywhere fleet", REF.api("ListFleets"), async () => {
    const made = [await suite.fleet(protocol, "listed-a"), await suite.fleet(protocol, "listed-b")];
    const seen: string[] = [];
    let token: string | undefined;
    for (let i = 0; i < 100; i++) {
      const page = await call("ListFleets", { Limit: 1, ...(token ? { NextToken: token } : {}) });
      seen.push(...page.FleetIds);
      token = page.NextToken;
      if (!token) break;
    }
    for (const f of made) expect(seen).toContain(f.fleetId);
    expect((await call("ListFleets", { BuildId: "build-00000000-0000-0000-0000-000000000000" })).FleetIds).toEqual([]);
  });

  rule("DescribeFleetCapacity: each FleetCapacity's Location is the fleet's home Region; only existing fleets are returned", REF.api("DescribeFleetCapacity"), async () => {
    const fleet = await suite.fleet(protocol, "capacity");
    await suite.hosts(protocol, fleet, 1);
    const out = await call("DescribeFleetCapacity", { FleetIds: [fleet.fleetId, "fleet-00000000-0000-0000-0000-000000000000"] });
    expect(out.FleetCapacity).toHaveLength(1);
    expect(out.FleetCapacity[0]).toMatchObject({ FleetId: fleet.fleetId, FleetArn: fleet.fleetArn, Location: region() });
    expect(out.FleetCapacity[0].InstanceCounts.ACTIVE).toBe(1);
  });

  rule("DescribeFleetCapacity: without fleet IDs, every fleet, page by page; an instance hosting a game session is not IDLE", REF.api("DescribeFleetCapacity"), async () => {
    const fleet = await suite.fleet(protocol, "capacity-idle");
    await suite.hosts(protocol, fleet, 2);
    const counts = async () => (await call("DescribeFleetCapacity", { FleetIds: [fleet.fleetId] })).FleetCapacity[0].InstanceCounts;
    expect(await counts()).toMatchObject({ ACTIVE: 2, IDLE: 2 });
    await call("CreateGameSession", { FleetId: fleet.fleetId, Location: fleet.location, MaximumPlayerSessionCount: 2 });
    expect(await counts()).toMatchObject({ ACTIVE: 2, IDLE: 1 });
    const seen: string[] = [];
    let token: string | undefined;
    for (let i = 0; i < 100; i++) {
      const page = await call("DescribeFleetCapacity", { Limit: 1, ...(token ? { NextToken: token } : {}) });
      expect(page.FleetCapacity.length).toBeLessThanOrEqual(1);
      seen.push(...page.FleetCapacity.map((c: { FleetId: string }) => c.FleetId));
      token = page.NextToken;
      if (!token) break;
    }
    expect(seen).toContain(fleet.fleetId);
    expect(new Set(seen).size).toBe(seen.length);
  });

  rule(
    "DescribeFleetUtilization: ACTIVE server processes, active game sessions, their players (RESERVED and ACTIVE, as CurrentPlayerSessionCount) and maximum players; Location is the home Region",
    REF.api("FleetUtilization"),
    async () => {
      const fleet = await suite.fleet(protocol, "utilization");
      await suite.hosts(protocol, fleet, 3);
      const utilization = async () => (await call("DescribeFleetUtilization", { FleetIds: [fleet.fleetArn] })).FleetUtilization[0];
      expect(await utilization()).toEqual({
        FleetId: fleet.fleetId,
        FleetArn: fleet.fleetArn,
        ActiveServerProcessCount: 3,
        ActiveGameSessionCount: 0,
        CurrentPlayerSessionCount: 0,
        MaximumPlayerSessionCount: 0,
        Location: region(),
      });
      const a = (await call("CreateGameSession", { FleetId: fleet.fleetId, Location: fleet.location, MaximumPlayerSessionCount: 4 })).GameSession;
      const b = (await call("CreateGameSession", { FleetId: fleet.fleetId, Location: fleet.location, MaximumPlayerSessionCount: 6 })).GameSession;
      await suite.sessionStatus(protocol, a.GameSessionId, "ACTIVE");
      await suite.sessionStatus(protocol, b.GameSessionId, "ACTIVE");
      await call("CreatePlayerSessions", { GameSessionId: a.GameSessionId, PlayerIds: ["p1", "p2"] });
      await call("CreatePlayerSession", { GameSessionId: b.GameSessionId, PlayerId: "p3" });
      expect(await utilization()).toMatchObject({ ActiveServerProcessCount: 3, ActiveGameSessionCount: 2, CurrentPlayerSessionCount: 3, MaximumPlayerSessionCount: 10 });
      await call("TerminateGameSession", { GameSessionId: b.GameSessionId, TerminationMode: "FORCE_TERMINATE" });
      // The force-terminated session's process is gone with it.
      expect(await utilization()).toMatchObject({ ActiveServerProcessCount: 2, ActiveGameSessionCount: 1, CurrentPlayerSessionCount: 2, MaximumPlayerSessionCount: 4 });
    },
  );

  rule("DescribeFleetUtilization: one object per fleet found (IDs or ARNs; unknown ones left out); without IDs, every fleet page by page; Limit ignored with IDs", REF.api("DescribeFleetUtilization"), async () => {
    const a = await suite.fleet(protocol, "util-a");
    const b = await suite.fleet(protocol, "util-b");
    const some = await call("DescribeFleetUtilization", { FleetIds: [a.fleetId, b.fleetArn, "fleet-00000000-0000-0000-0000-000000000000"], Limit: 1 });
    expect(some.FleetUtilization.map((u: { FleetId: string }) => u.FleetId)).toEqual([a.fleetId, b.fleetId]);
    expect(some.NextToken).toBeUndefined();
    const seen: string[] = [];
    let token: string | undefined;
    for (let i = 0; i < 100; i++) {
      const page = await call("DescribeFleetUtilization", { Limit: 2, ...(token ? { NextToken: token } : {}) });
      expect(page.FleetUtilization.length).toBeLessThanOrEqual(2);
      seen.push(...page.FleetUtilization.map((u: { FleetId: string }) => u.FleetId));
      token = page.NextToken;
      if (!token) break;
    }
    expect(seen).toEqual(expect.arrayContaining([a.fleetId, b.fleetId]));
    expect(new Set(seen).size).toBe(seen.length);
    expect((await failure(call("DescribeFleetUtilization", { FleetIds: [] }))).name).toBe("InvalidRequestException");
  });

  rule("DescribeFleetLocationUtilization: the counts of one fleet location; a location the fleet does not host in returns none", REF.api("DescribeFleetLocationUtilization"), async () => {
    const fleet = await suite.fleet(protocol, "loc-util");
    const [host] = await suite.hosts(protocol, fleet, 1);
    expect(host).toBeDefined();
    const out = await call("DescribeFleetLocationUtilization", { FleetId: fleet.fleetId, Location: fleet.location });
    expect(out.FleetUtilization).toMatchObject({ FleetId: fleet.fleetId, Location: fleet.location, ActiveServerProcessCount: 1, ActiveGameSessionCount: 0 });
    expect((await call("DescribeFleetLocationUtilization", { FleetId: fleet.fleetId, Location: "custom-elsewhere" })).FleetUtilization).toBeUndefined();
    expect((await failure(call("DescribeFleetLocationUtilization", { FleetId: "fleet-00000000-0000-0000-0000-000000000000", Location: fleet.location }))).name).toBe("NotFoundException");
  });

  rule("DeleteFleet: a deleted fleet is gone from DescribeFleetAttributes and ListFleets, and its server processes are shut down", REF.api("DeleteFleet"), async () => {
    const fleet = await suite.fleet(protocol, "deleted");
    const [host] = await suite.hosts(protocol, fleet, 1);
    await call("DeleteFleet", { FleetId: fleet.fleetArn });
    expect((await call("DescribeFleetAttributes", { FleetIds: [fleet.fleetId] })).FleetAttributes).toEqual([]);
    expect((await call("ListFleets", {})).FleetIds).not.toContain(fleet.fleetId);
    // The service has let the process go: even an orderly ProcessEnding finds nothing to end.
    await expect(host!.sdk.processEnding()).rejects.toThrow();
    expect((await failure(call("DeleteFleet", { FleetId: fleet.fleetId }))).name).toBe("NotFoundException");
  });
});
