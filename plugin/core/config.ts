/** How a game configures the kit (and the Phaser plugin, which passes this through). */
export interface GameLiftKitConfig {
  /** The AWS Region of the game's Cognito pools and GameLift resources, e.g. "us-west-2". */
  region: string;
  /** One endpoint for every service: the local stack ("http://127.0.0.1:8080"). Unset = real AWS. */
  endpoint?: string;
  /** Per-service endpoints; each wins over `endpoint`. */
  endpoints?: {
    /** GameLift's endpoint. */
    gamelift?: string;
    /** Cognito user pools' endpoint (sign-in, sign-up). */
    cognitoIdentityProvider?: string;
    /** Cognito identity pools' endpoint (credentials). */
    cognitoIdentity?: string;
  };
  /** The Cognito pools players sign in with; without an identity pool the kit cannot call GameLift. */
  cognito?: {
    /** The user pool's ID, e.g. "us-west-2_AbC123". */
    userPoolId?: string;
    /** The user pool app client's ID. */
    appClientId?: string;
    /** Only for confidential clients; a browser game should use a client without a secret. */
    appClientSecret?: string;
    /** The identity pool's ID, e.g. "us-west-2:1111…"; it gives guests and signed-in players AWS credentials. */
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
  /** What kit.latency measures and how (the public config's `latency` block is one). */
  latency?: LatencyConfig;
}

/**
 * kit.latency's settings. A measurement sends, to every location at once, one request that warms the connection
 * and then `samples` timed ones; a location's figure is their median.
 */
export interface LatencyConfig {
  /**
   * The locations to measure (GameLift's names: AWS Regions, custom-… locations). Default: the keys of
   * `endpoints`, else config.gamelift.location, else the kit's region.
   */
  locations?: string[];
  /**
   * Location → the URL timed for it (any HTTP answer counts). AWS Regions default to their DynamoDB endpoint's
   * /ping; custom locations need one here (the server kit's ping route).
   */
  endpoints?: Record<string, string>;
  /** Timed requests per location after the warm-up one (default 5, at most 10). */
  samples?: number;
  /** A whole measurement ends after this, with the samples it has (default 3,000 ms). */
  timeoutMs?: number;
  /** Figures older than this are measured again before a placement or a ticket uses them (default 60,000 ms). */
  maxAgeMs?: number;
  /** How often startRefreshing() measures again in the background (default 30,000 ms). */
  refreshMs?: number;
}

/**
 * What a game's browser code is told about its back end, by the Vite plugin (`phaser-gamelift/config`): in
 * `vite dev` the local stack's endpoint and ids, in `vite build` the deploy's outputs for AWS. It holds no
 * secret, and it is a valid kit config as it stands: `createGameLiftKit(config)`, or the plugin's `data`.
 */
export interface GameLiftPublicConfig {
  /** The AWS Region. */
  region: string;
  /** The local stack; absent for AWS. */
  endpoint?: string;
  /** The Cognito user pool, its app client, and the identity pool. */
  cognito: { userPoolId: string; appClientId: string; identityPoolId: string };
  /** The device-code sign-in providers' client IDs, for those the game has set up. */
  providers?: { loginWithAmazon?: { clientId: string }; google?: { clientId: string } };
  /** Where sessions and matchmaking go by default. */
  gamelift: { aliasId?: string; fleetId?: string; location?: string; queueName?: string; matchmakingConfigurationName?: string };
  /** Where kit.latency measures (the fleet's locations; ping endpoints for those that are not AWS Regions). */
  latency?: { locations?: string[]; endpoints?: Record<string, string> };
  /** Only from the local stack: the dev mailbox (sign-up codes arrive there) and the demo players' names. */
  local?: { mailbox: string; players: string[] };
}

/**
 * A device-code sign-in provider (OAuth 2.0 device authorization grant, RFC 8628): the player signs in on
 * another device with a short code, e.g. on a TV or kiosk. The tokens are exchanged for identity pool
 * credentials.
 */
export interface DeviceCodeProviderConfig {
  /** The game's OAuth client ID at the provider. */
  clientId: string;
  /** The scopes to ask for, space-separated; the provider's sign-in scope by default. */
  scope?: string;
  /** Defaults: the provider's real endpoints; with `endpoint` set, the local stack's. */
  deviceAuthorizationEndpoint?: string;
  /** Where the device code is exchanged for tokens (same defaults as deviceAuthorizationEndpoint). */
  tokenEndpoint?: string;
  /** Where a global sign-out revokes the grant (the provider's revocation endpoint). */
  revocationEndpoint?: string;
}

/** The endpoint a service should use, or undefined for the AWS SDK's own (real AWS). */
export function endpointFor(config: GameLiftKitConfig, service: keyof NonNullable<GameLiftKitConfig["endpoints"]>): string | undefined {
  return config.endpoints?.[service] ?? config.endpoint;
}
