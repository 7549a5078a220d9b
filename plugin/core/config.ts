/** How a game configures the kit (and the Phaser plugin, which passes this through). */
export interface GameLiftKitConfig {
  region: string;
  /** One endpoint for every service: the local stack ("http://127.0.0.1:8080"). Unset = real AWS. */
  endpoint?: string;
  /** Per-service endpoints; each wins over `endpoint`. */
  endpoints?: {
    gamelift?: string;
    cognitoIdentityProvider?: string;
    cognitoIdentity?: string;
  };
  cognito?: {
    userPoolId?: string;
    appClientId?: string;
    /** Only for confidential clients; a browser game should use a client without a secret. */
    appClientSecret?: string;
    identityPoolId?: string;
  };
  /** Device-code sign-in providers (RFC 8628). */
  providers?: {
    loginWithAmazon?: DeviceCodeProviderConfig;
    google?: DeviceCodeProviderConfig & { clientSecret?: string };
  };
  /** Where tokens live: memory (default), or sessionStorage / localStorage when the game opts in. */
  tokenStorage?: "memory" | "session" | "local";
  /** Defaults for session and matchmaking calls, so a game can leave them out of each request. */
  gamelift?: { fleetId?: string; aliasId?: string; queueName?: string; location?: string; matchmakingConfigurationName?: string };
}

/**
 * What a game's browser code is told about its back end, by the Vite plugin (`phaser-gamelift/config`): in
 * `vite dev` the local stack's endpoint and ids, in `vite build` the deploy's outputs for AWS. It holds no
 * secret, and it is a valid kit config as it stands: `createGameLiftKit(config)`, or the plugin's `data`.
 */
export interface GameLiftPublicConfig {
  region: string;
  /** The local stack; absent for AWS. */
  endpoint?: string;
  cognito: { userPoolId: string; appClientId: string; identityPoolId: string };
  providers?: { loginWithAmazon?: { clientId: string }; google?: { clientId: string } };
  gamelift: { aliasId?: string; fleetId?: string; location?: string; queueName?: string; matchmakingConfigurationName?: string };
  /** Where kit.latency measures (the fleet's locations; ping endpoints for those that are not AWS Regions). */
  latency?: { locations?: string[]; endpoints?: Record<string, string> };
  /** Only from the local stack: the dev mailbox (sign-up codes arrive there) and the demo players' names. */
  local?: { mailbox: string; players: string[] };
}

export interface DeviceCodeProviderConfig {
  clientId: string;
  scope?: string;
  /** Defaults: the provider's real endpoints; with `endpoint` set, the local stack's. */
  deviceAuthorizationEndpoint?: string;
  tokenEndpoint?: string;
}

/** The endpoint a service should use, or undefined for the AWS SDK's own (real AWS). */
export function endpointFor(config: GameLiftKitConfig, service: keyof NonNullable<GameLiftKitConfig["endpoints"]>): string | undefined {
  return config.endpoints?.[service] ?? config.endpoint;
}
