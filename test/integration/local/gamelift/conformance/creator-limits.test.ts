// CreateGameSession's limits per CreatorId: the one-request-per-second rate without a policy, and the
// fleet's ResourceCreationLimitPolicy (issue 16's first two findings). Time moves on GameLift's manual clock.
import { expect } from "vitest";
import { REF, conformance, failure, fresh, rule, type Call } from "./harness.ts";

conformance("CreatorId limits", (protocol, suite) => {
  const call: Call = suite.call(protocol);

  async function fleetWithHosts(tag: string, hosts: number, extra: Record<string, unknown> = {}) {
    const fleet = await suite.fleet(protocol, tag, extra);
    await suite.hosts(protocol, fleet, hosts);
    const create = (creatorId?: string) =>
      call("CreateGameSession", { FleetId: fleet.fleetId, Location: fleet.location, MaximumPlayerSessionCount: 2, ...(creatorId ? { CreatorId: creatorId } : {}) });
    return { ...fleet, create };
  }

  rule("CreateGameSession without a policy: one request per CreatorId per second; a second one 10 ms later is a LimitExceededException", REF.createGameSession, async () => {
    const fleet = await fleetWithHosts("rate", 3);
    const creator = fresh("player");
    await fleet.create(creator);
    suite.clock.advance(10);
    const e = await failure(fleet.create(creator));
    expect(e.name).toBe("LimitExceededException");
    expect(e.status).toBe(400);
    const sessions = (await call("DescribeGameSessions", { FleetId: fleet.fleetId })).GameSessions;
    expect(sessions).toHaveLength(1);
  });

  rule("CreateGameSession without a policy: a full second after the last request, the same CreatorId may ask again", REF.createGameSession, async () => {
    const fleet = await fleetWithHosts("rate-again", 2);
    const creator = fresh("player");
    await fleet.create(creator);
    suite.clock.advance(999);
    expect((await failure(fleet.create(creator))).name).toBe("LimitExceededException");
    suite.clock.advance(1);
    expect((await fleet.create(creator)).GameSession.CreatorId).toBe(creator);
  });

  rule("CreateGameSession: the per-second rate is per CreatorId; other creators are not held back", REF.createGameSession, async () => {
    const fleet = await fleetWithHosts("rate-others", 2);
    await fleet.create(fresh("alice"));
    await fleet.create(fresh("bob"));
    expect((await call("DescribeGameSessions", { FleetId: fleet.fleetId })).GameSessions).toHaveLength(2);
  });

  rule("CreateGameSession: without a CreatorId requests are not limited", REF.createGameSession, async () => {
    const fleet = await fleetWithHosts("unlimited", 3);
    for (let i = 0; i < 3; i++) await fleet.create();
    expect((await call("DescribeGameSessions", { FleetId: fleet.fleetId })).GameSessions).toHaveLength(3);
  });

  rule("CreateGameSession on a fleet with a ResourceCreationLimitPolicy requires a CreatorId", REF.api2019, async () => {
    const fleet = await fleetWithHosts("policy-needs-creator", 1, { ResourceCreationLimitPolicy: { NewGameSessionsPerCreator: 2, PolicyPeriodInMinutes: 1 } });
    expect((await failure(fleet.create())).name).toBe("InvalidRequestException");
  });

  rule("ResourceCreationLimitPolicy: a creator who made NewGameSessionsPerCreator game sessions within PolicyPeriodInMinutes is refused with LimitExceededException until the period has passed", REF.api("ResourceCreationLimitPolicy"), async () => {
    const fleet = await fleetWithHosts("policy", 4, { ResourceCreationLimitPolicy: { NewGameSessionsPerCreator: 2, PolicyPeriodInMinutes: 1 } });
    const creator = fresh("player");
    await fleet.create(creator);
    suite.clock.advance(10);
    // The per-second rate does not apply under a policy: the policy's own count does.
    await fleet.create(creator);
    suite.clock.advance(10);
    const e = await failure(fleet.create(creator));
    expect(e.name).toBe("LimitExceededException");
    // Another creator has its own count.
    await fleet.create(fresh("someone-else"));
    // A minute after the first session, one of the two has left the window.
    suite.clock.advance(60_000 - 20);
    expect((await fleet.create(creator)).GameSession.CreatorId).toBe(creator);
  });

  rule("UpdateFleetAttributes: a ResourceCreationLimitPolicy set later is enforced on the next CreateGameSession", REF.api("UpdateFleetAttributes"), async () => {
    const fleet = await fleetWithHosts("policy-later", 2);
    const creator = fresh("player");
    await fleet.create(creator);
    await call("UpdateFleetAttributes", { FleetId: fleet.fleetId, ResourceCreationLimitPolicy: { NewGameSessionsPerCreator: 1, PolicyPeriodInMinutes: 10 } });
    suite.clock.advance(5_000);
    expect((await failure(fleet.create(creator))).name).toBe("LimitExceededException");
  });
});
