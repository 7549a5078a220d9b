import type { GameLiftPluginConfig } from "phaser-gamelift";
import type { BrowserStackConfig } from "virtual:phaser-gamelift/local-stack";

export type { BrowserStackConfig };

/** The plugin config for a game against the local stack: one endpoint, the demo pools, the demo fleet's alias. */
export function kitConfigFromStack(stack: BrowserStackConfig): GameLiftPluginConfig {
  const fleet = stack.fleet ?? {};
  return {
    region: stack.region,
    endpoint: stack.endpoint,
    cognito: {
      userPoolId: stack.cognito?.userPoolId,
      appClientId: stack.cognito?.appClientId,
      identityPoolId: stack.cognito?.identityPoolId,
    },
    ...(stack.providers ? { providers: stack.providers } : {}),
    // An alias is what a real game points at, so a fleet can be replaced without a client update.
    gamelift: fleet.aliasId ? { aliasId: fleet.aliasId, location: fleet.location } : { fleetId: fleet.fleetId, location: fleet.location },
    tokenStorage: "session",
  };
}
