/**
 * A game's shared config, `gamelift.config.json`, as the local stack and the CDK app read it: every default filled
 * in, every name derived, every path absolute, the FlexMatch rule set loaded. What each field means on AWS is
 * said here; what it defaults to is said once, in defaults.ts (GAME_CONFIG_DEFAULTS).
 */
export interface GameConfig {
  /** The game's name: letters, digits and hyphens, starting with a letter. Every resource name starts with it. */
  game: string;
  /** The AWS Region the game lives in (and the region the local stack answers for). */
  region: string;
  cognito: CognitoConfig;
  gamelift: GameLiftConfig;
  /** What only the local stack uses: players to create, simulated latencies, how to run the server here. */
  local: LocalConfig;
  /** The folder the config file lives in: relative paths in it were resolved against this. */
  baseDir: string;
}

export interface CognitoConfig {
  userPool: UserPoolConfig;
  appClient: AppClientConfig;
  identityPool: IdentityPoolConfig;
  /** Sign-in with Login with Amazon / Google, through the identity pool (the kit's device-code sign-in). */
  providers: ProvidersConfig;
}

export interface UserPoolConfig {
  name: string;
  /** Players may sign up themselves (SignUp); off, only an administrator creates players. */
  selfSignUp: boolean;
  /**
   * What a player types to sign in. username true: a username, with email / phone / preferred username as
   * aliases (Cognito's AliasAttributes); username false: email and/or phone instead of a username
   * (UsernameAttributes). Cannot be changed once a pool exists on AWS.
   */
  signIn: { username: boolean; email: boolean; phone: boolean; preferredUsername: boolean };
  /** Whether "Alice" and "alice" are different players. */
  caseSensitive: boolean;
  /** Attributes Cognito verifies by sending a code (AutoVerifiedAttributes). */
  autoVerify: { email: boolean; phone: boolean };
  passwordPolicy: PasswordPolicyConfig;
  mfa: MfaConfig;
}

export interface PasswordPolicyConfig {
  minLength: number;
  requireLowercase: boolean;
  requireUppercase: boolean;
  requireDigits: boolean;
  requireSymbols: boolean;
  /** How long a password an administrator set stays usable before the player must change it. */
  temporaryPasswordValidityDays: number;
}

export interface MfaConfig {
  /** off; optional (each player chooses); required (every player, at every sign-in). */
  mode: "off" | "optional" | "required";
  /** Authenticator-app codes (SOFTWARE_TOKEN_MFA). */
  totp: boolean;
  /** Text-message codes (SMS_MFA); on AWS this needs SMS sending set up in the account (an SNS role). */
  sms: boolean;
}

export type AuthFlow = "USER_SRP_AUTH" | "USER_PASSWORD_AUTH" | "REFRESH_TOKEN_AUTH" | "CUSTOM_AUTH";

export interface AppClientConfig {
  name: string;
  /** ExplicitAuthFlows without the ALLOW_ prefix. The web client never has a secret: a browser cannot keep one. */
  authFlows: AuthFlow[];
  tokenValidity: { accessTokenMinutes: number; idTokenMinutes: number; refreshTokenDays: number };
  /** Sign-in and password-reset errors do not tell whether a username exists. */
  preventUserExistenceErrors: boolean;
  /** RevokeToken works, and revoked refresh tokens stop minting new tokens. */
  enableTokenRevocation: boolean;
}

export interface IdentityPoolConfig {
  name: string;
  /** Guests get an identity and the guest role's credentials without signing in. */
  allowGuests: boolean;
  /** The identity pool asks the user pool whether a token was revoked before it hands out credentials. */
  serverSideTokenCheck: boolean;
}

export interface ProvidersConfig {
  loginWithAmazon?: { clientId: string };
  google?: { clientId: string };
}

export interface GameLiftConfig {
  fleet: FleetConfig;
  alias: { name: string; description?: string };
  queue: QueueConfig;
  /** FlexMatch; absent when the game does not use matchmaking. */
  matchmaking?: MatchmakingConfig;
}

export type FleetType = "container" | "anywhere";

export interface FleetConfig {
  name: string;
  /**
   * container: a managed container fleet built from the server folder (AWS); anywhere: an Anywhere fleet whose
   * computes the developer registers. The local stack always runs an Anywhere fleet of local processes.
   */
  type: FleetType;
  server: {
    /** The game server's folder (absolute). */
    folder: string;
    /** The entry file, relative to the folder (a .ts or .js file run with Node). */
    entry: string;
  };
  /**
   * Where the fleet hosts game sessions: AWS Regions for a container fleet, custom-… locations for an Anywhere
   * fleet. The local stack makes each one a custom location (see localLocationName).
   */
  locations: string[];
  /**
   * Where players' browsers time their round trip to a location (kit.latency), by location: custom locations need
   * one (their game servers serve it with the server kit's startPingServer); AWS Regions default to the kit's
   * regional endpoint. The local stack serves its own, with the simulated latencies of local.locations.
   */
  pingEndpoints?: Record<string, string>;
  /** Game server processes per compute: container groups per instance on AWS, processes per location locally. */
  processesPerCompute: number;
  /**
   * Ports players connect to on AWS: the instances' connection port range of a container fleet (at least one per
   * container group). The local stack gives its processes free ports.
   */
  ports: { from: number; to: number };
  container: ContainerFleetConfig;
}

export interface ContainerFleetConfig {
  instanceType: string;
  billing: "ON_DEMAND" | "SPOT";
  /** The port the game server listens on inside its container (GameLift maps a connection port to it). */
  containerPort: number;
  /** Memory for one game server container group, MiB. */
  memoryMiB: number;
  /** vCPUs for one game server container group. */
  vcpu: number;
  /** Instances in each location. */
  capacity: { desired: number; min: number; max: number };
  /** Who may connect to the game servers (a CIDR range). */
  inboundCidr: string;
}

export type PriorityType = "LATENCY" | "COST" | "DESTINATION" | "LOCATION";

export interface QueueConfig {
  name: string;
  /** How long a placement request waits for a game server before it times out. */
  timeoutSeconds: number;
  /** "alias" (the game's alias), "fleet" (the game's fleet) or a GameLift ARN of another destination. */
  destinations: string[];
  playerLatencyPolicies: { maximumIndividualPlayerLatencyMs: number; policyDurationSeconds?: number }[];
  priority?: { order: PriorityType[]; locationOrder?: string[] };
  filter?: { allowedLocations: string[] };
}

export interface MatchmakingConfig {
  ruleSet: {
    name: string;
    /** The FlexMatch rule set, as AWS documents it (ruleLanguageVersion, playerAttributes, teams, rules, …). */
    body: Record<string, unknown>;
    /** The file the body came from, when it was given as a path. */
    path?: string;
  };
  configuration: {
    name: string;
    description?: string;
    acceptanceRequired: boolean;
    acceptanceTimeoutSeconds?: number;
    requestTimeoutSeconds: number;
    /** WITH_QUEUE: FlexMatch places matches through the queue; STANDALONE: the game hosts matches itself. */
    mode: "WITH_QUEUE" | "STANDALONE";
    backfill: "AUTOMATIC" | "MANUAL";
    /** Open slots left in each match for players who join later. */
    additionalPlayerCount: number;
    gameProperties: Record<string, string>;
    gameSessionData?: string;
  };
}

export interface LocalConfig {
  /** Players the local stack creates (or resets to these passwords) at start; never on AWS. */
  players: { username: string; password: string; email: string }[];
  /**
   * A simulated round trip per location (the config's location names), for latency features to test against: the
   * local stack's ping endpoint for the location answers that much later (a delay proxy, half each way).
   */
  locations: Record<string, { latencyMs: number }>;
  /**
   * The command line that runs one game server process locally; `{entry}` becomes the entry file's path. By
   * default `node {entry}` (`node --import tsx {entry}` for a .ts entry).
   */
  command?: string;
}
