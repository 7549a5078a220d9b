// Aliases: CreateAlias, DescribeAlias, ResolveAlias, UpdateAlias, ListAliases, DeleteAlias.
import { expect } from "vitest";
import { REF, conformance, failure, fresh, rule } from "./harness.ts";

conformance("aliases", (protocol, suite) => {
  const call = suite.call(protocol);

  rule("CreateAlias: the AliasArn is arn:aws:gamelift:<region>::alias/<AliasId>, with no account field", REF.api("Alias"), async () => {
    const { fleetId } = await suite.fleet(protocol, "alias-arn");
    const { Alias } = await call("CreateAlias", { Name: "arn check", RoutingStrategy: { Type: "SIMPLE", FleetId: fleetId } });
    expect(Alias.AliasId).toMatch(/^alias-\S+$/);
    expect(Alias.AliasArn).toBe(`arn:aws:gamelift:${suite.stack.region}::alias/${Alias.AliasId}`);
    expect(Alias.RoutingStrategy).toEqual({ Type: "SIMPLE", FleetId: fleetId });
    expect(Alias.CreationTime).toBe(suite.clock.now());
  });

  rule("CreateAlias: alias names do not need to be unique", REF.api2019, async () => {
    const { fleetId } = await suite.fleet(protocol, "alias-names");
    const name = fresh("same name");
    const a = await call("CreateAlias", { Name: name, RoutingStrategy: { Type: "SIMPLE", FleetId: fleetId } });
    const b = await call("CreateAlias", { Name: name, RoutingStrategy: { Type: "SIMPLE", FleetId: fleetId } });
    expect(a.Alias.AliasId).not.toBe(b.Alias.AliasId);
  });

  rule("CreateAlias: a Name with no non-blank character is refused (pattern .*\\S.*)", REF.api("CreateAlias"), async () => {
    const { fleetId } = await suite.fleet(protocol, "alias-blank");
    const e = await failure(call("CreateAlias", { Name: "   ", RoutingStrategy: { Type: "SIMPLE", FleetId: fleetId } }));
    expect(e.name).toBe("InvalidRequestException");
    expect(e.status).toBe(400);
  });

  rule("DescribeAlias: takes the alias ID or its ARN", REF.api("DescribeAlias"), async () => {
    const { fleetId } = await suite.fleet(protocol, "alias-describe");
    const { Alias } = await call("CreateAlias", { Name: "described", Description: "for describing", RoutingStrategy: { Type: "SIMPLE", FleetId: fleetId } });
    expect((await call("DescribeAlias", { AliasId: Alias.AliasId })).Alias).toEqual(Alias);
    expect((await call("DescribeAlias", { AliasId: Alias.AliasArn })).Alias).toEqual(Alias);
    expect((await failure(call("DescribeAlias", { AliasId: "alias-00000000-0000-0000-0000-000000000000" }))).name).toBe("NotFoundException");
  });

  rule("ResolveAlias: a SIMPLE alias gives its fleet's ID and ARN", REF.api("ResolveAlias"), async () => {
    const { fleetId, fleetArn } = await suite.fleet(protocol, "alias-resolve");
    const { Alias } = await call("CreateAlias", { Name: "resolved", RoutingStrategy: { Type: "SIMPLE", FleetId: fleetId } });
    expect(await call("ResolveAlias", { AliasId: Alias.AliasArn })).toEqual({ FleetId: fleetId, FleetArn: fleetArn });
  });

  rule("ResolveAlias: a TERMINAL alias answers TerminalRoutingStrategyException carrying the routing strategy's own message", REF.api2019, async () => {
    const message = "This game version has ended: update from the store.";
    const { Alias } = await call("CreateAlias", { Name: "retired", RoutingStrategy: { Type: "TERMINAL", Message: message } });
    const e = await failure(call("ResolveAlias", { AliasId: Alias.AliasId }));
    expect(e.name).toBe("TerminalRoutingStrategyException");
    expect(e.message).toBe(message);
  });

  rule("UpdateAlias: reassigns the alias to another fleet; LastUpdatedTime moves, the ID and CreationTime stay", REF.api("UpdateAlias"), async () => {
    const first = await suite.fleet(protocol, "alias-from");
    const second = await suite.fleet(protocol, "alias-to");
    const { Alias } = await call("CreateAlias", { Name: "moving", RoutingStrategy: { Type: "SIMPLE", FleetId: first.fleetId } });
    suite.clock.advance(5_000);
    const updated = (await call("UpdateAlias", { AliasId: Alias.AliasId, RoutingStrategy: { Type: "SIMPLE", FleetId: second.fleetId } })).Alias;
    expect(updated.AliasId).toBe(Alias.AliasId);
    expect(updated.CreationTime).toBe(Alias.CreationTime);
    expect(updated.LastUpdatedTime).toBe(Alias.CreationTime + 5_000);
    expect((await call("ResolveAlias", { AliasId: Alias.AliasId })).FleetId).toBe(second.fleetId);
  });

  rule("ListAliases: filters by RoutingStrategyType and by Name", REF.api("ListAliases"), async () => {
    const { fleetId } = await suite.fleet(protocol, "alias-list");
    const name = fresh("listed");
    await call("CreateAlias", { Name: name, RoutingStrategy: { Type: "SIMPLE", FleetId: fleetId } });
    await call("CreateAlias", { Name: name, RoutingStrategy: { Type: "TERMINAL", Message: "gone" } });
    const simple = (await call("ListAliases", { Name: name, RoutingStrategyType: "SIMPLE" })).Aliases;
    expect(simple.map((a: { RoutingStrategy: { Type: string } }) => a.RoutingStrategy.Type)).toEqual(["SIMPLE"]);
    expect((await call("ListAliases", { Name: name })).Aliases).toHaveLength(2);
  });

  rule("ListAliases: Limit and NextToken page through every alias once", REF.api("ListAliases"), async () => {
    const name = fresh("paged");
    for (let i = 0; i < 5; i++) await call("CreateAlias", { Name: name, RoutingStrategy: { Type: "TERMINAL", Message: `m${i}` } });
    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page = await call("ListAliases", { Name: name, Limit: 2, ...(token ? { NextToken: token } : {}) });
      expect(page.Aliases.length).toBeLessThanOrEqual(2);
      seen.push(...page.Aliases.map((a: { AliasId: string }) => a.AliasId));
      token = page.NextToken;
      pages++;
    } while (token && pages < 10);
    expect(pages).toBe(3);
    expect(new Set(seen).size).toBe(5);
  });

  rule("DeleteAlias: removes all record of the alias; clients using it then get an error", REF.api("DeleteAlias"), async () => {
    const { fleetId, location } = await suite.fleet(protocol, "alias-delete");
    const { Alias } = await call("CreateAlias", { Name: "short-lived", RoutingStrategy: { Type: "SIMPLE", FleetId: fleetId } });
    await call("DeleteAlias", { AliasId: Alias.AliasArn });
    expect((await failure(call("DescribeAlias", { AliasId: Alias.AliasId }))).name).toBe("NotFoundException");
    const e = await failure(call("CreateGameSession", { AliasId: Alias.AliasId, Location: location, MaximumPlayerSessionCount: 2 }));
    expect(e.name).toBe("NotFoundException");
  });
});
