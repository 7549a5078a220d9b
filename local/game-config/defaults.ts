/**
 * Every default of gamelift.config.json, in one place. The JSON Schema (editor completion) and the parser both
 * take their defaults from here; names derived from the game's name are in derivedNames below.
 */
export const GAME_CONFIG_DEFAULTS = {
  region: "us-west-2",
  cognito: {
    userPool: {
      selfSignUp: true,
      signIn: { username: true, email: false, phone: false, preferredUsername: false },
      // Cognito's own recommendation: names that differ only in case are the same player.
      caseSensitive: false,
      autoVerify: { email: true, phone: false },
      // Cognito's default policy.
      passwordPolicy: {
        minLength: 8,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        temporaryPasswordValidityDays: 7,
      },
      mfa: { mode: "off", totp: true, sms: false },
    },
    appClient: {
      // SRP keeps the password in the browser; refresh keeps players signed in.
      authFlows: ["USER_SRP_AUTH", "REFRESH_TOKEN_AUTH"],
      // Cognito's defaults.
      tokenValidity: { accessTokenMinutes: 60, idTokenMinutes: 60, refreshTokenDays: 30 },
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
    },
    identityPool: { allowGuests: true, serverSideTokenCheck: true },
    providers: {},
  },
  gamelift: {
    fleet: {
      type: "container",
      processesPerCompute: 2,
      ports: { from: 7770, to: 7799 },
      container: {
        instanceType: "c6i.large",
        billing: "ON_DEMAND",
        containerPort: 7777,
        memoryMiB: 1024,
        vcpu: 0.5,
        capacity: { desired: 1, min: 1, max: 2 },
        inboundCidr: "0.0.0.0/0",
      },
    },
    queue: {
      // GameLift's own default.
      timeoutSeconds: 600,
      destinations: ["alias"],
      playerLatencyPolicies: [],
    },
    matchmaking: {
      configuration: {
        acceptanceRequired: false,
        requestTimeoutSeconds: 120,
        mode: "WITH_QUEUE",
        backfill: "MANUAL",
        additionalPlayerCount: 0,
        gameProperties: {},
      },
    },
  },
  local: { players: [], locations: {} },
} as const;

/** Resource names made from the game's name when the config leaves them out. */
export function derivedNames(game: string) {
  return {
    userPool: `${game}-players`,
    appClient: `${game}-web`,
    identityPool: `${game}-players`,
    fleet: `${game}-fleet`,
    alias: `${game}-live`,
    queue: `${game}-queue`,
    ruleSet: `${game}-rules`,
    matchmakingConfiguration: `${game}-match`,
  };
}

/** Default fleet locations: the game's Region for a container fleet, one custom location for an Anywhere fleet. */
export function defaultLocations(type: "container" | "anywhere", game: string, region: string): string[] {
  return type === "container" ? [region] : [`custom-${game}`];
}

/**
 * The local stack runs every fleet as an Anywhere fleet, whose locations must be custom-…: a config location
 * that is an AWS Region becomes custom-<region> locally; a custom location stays as it is.
 */
export function localLocationName(location: string): string {
  return location.startsWith("custom-") ? location : `custom-${location}`;
}
