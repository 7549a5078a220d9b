import { readFileSync } from "node:fs";
import { expect, test } from "vitest";
import { GAME_CONFIG_DEFAULTS } from "../../../../local/game-config/index.ts";
import { gameConfigJsonSchema, gameConfigJsonSchemaText } from "../../../../local/game-config/json-schema.ts";

test("the shipped JSON Schema is the parser's schema (npm run config-schema writes it)", () => {
  expect(readFileSync("local/gamelift.config.schema.json", "utf8")).toBe(gameConfigJsonSchemaText());
});

test("editors see the parser's defaults", () => {
  type Node = { properties?: Record<string, Node>; default?: unknown };
  const at = (...path: string[]) => path.reduce<Node>((node, key) => node.properties![key]!, gameConfigJsonSchema() as Node);
  expect(at("region").default).toBe(GAME_CONFIG_DEFAULTS.region);
  expect(at("cognito", "userPool", "passwordPolicy", "minLength").default).toBe(GAME_CONFIG_DEFAULTS.cognito.userPool.passwordPolicy.minLength);
  expect(at("cognito", "appClient", "authFlows").default).toEqual(GAME_CONFIG_DEFAULTS.cognito.appClient.authFlows);
  expect(at("gamelift", "queue", "timeoutSeconds").default).toBe(GAME_CONFIG_DEFAULTS.gamelift.queue.timeoutSeconds);
  expect((gameConfigJsonSchema() as { required?: string[] }).required).toEqual(["game", "gamelift"]);
});
