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
  /** Defaults for session calls, so a game can leave them out of each request. */
  gamelift?: { fleetId?: string; aliasId?: string; queueName?: string; location?: string };
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
