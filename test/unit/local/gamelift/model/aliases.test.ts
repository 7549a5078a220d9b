// GameLift aliases in the local model: create, describe, resolve, list, delete.
import assert from "node:assert/strict";
import { test, onTestFinished } from "vitest";
import { createWorld } from "../../../../fixtures/gamelift-world.ts";

test("aliases: create, describe, resolve, list, delete", () => {
  const w = createWorld();
  onTestFinished(w.close);
  const fleet = w.anywhereFleet();
  const simple = w.call("CreateAlias", { Name: "prod", Description: "live servers", RoutingStrategy: { Type: "SIMPLE", FleetId: fleet.fleetId } }).Alias;
  assert.match(simple.AliasId, /^alias-[0-9a-f-]{36}$/);
  assert.equal(simple.AliasArn, `arn:aws:gamelift:us-west-2::alias/${simple.AliasId}`);
  assert.deepEqual(simple.RoutingStrategy, { Type: "SIMPLE", FleetId: fleet.fleetId });
  assert.deepEqual(w.call("ResolveAlias", { AliasId: simple.AliasArn }), { FleetId: fleet.fleetId, FleetArn: fleet.fleetArn });
  assert.equal(w.call("DescribeAlias", { AliasId: simple.AliasId }).Alias.Name, "prod");

  const terminal = w.call("CreateAlias", { Name: "old", RoutingStrategy: { Type: "TERMINAL", Message: "Please update your game" } }).Alias;
  assert.throws(() => w.call("ResolveAlias", { AliasId: terminal.AliasId }), { name: "TerminalRoutingStrategyException", message: "Please update your game" });
  assert.throws(() => w.call("CreateAlias", { Name: "x", RoutingStrategy: { Type: "SIMPLE" } }), { message: /'routingStrategy.fleetId'/ });
  assert.throws(() => w.call("CreateAlias", { Name: "x", RoutingStrategy: { Type: "SIMPLE", FleetId: "fleet-missing" } }), { name: "InvalidRequestException", message: /fleet-missing/ });
  assert.throws(() => w.call("CreateAlias", { Name: "   ", RoutingStrategy: { Type: "TERMINAL" } }), { message: /'name'.*pattern/ });
  assert.throws(() => w.call("CreateAlias", { Name: "x" }), { message: /'routingStrategy' failed to satisfy constraint: Member must not be null/ });

  assert.deepEqual(w.call("ListAliases", { RoutingStrategyType: "TERMINAL" }).Aliases.map((a: { Name: string }) => a.Name), ["old"]);
  w.call("DeleteAlias", { AliasId: terminal.AliasId });
  assert.throws(() => w.call("DescribeAlias", { AliasId: terminal.AliasId }), { name: "NotFoundException", message: new RegExp(terminal.AliasId) });
});
