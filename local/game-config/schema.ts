/**
 * The shape of gamelift.config.json as written (zod): types, ranges, unknown keys refused, defaults from
 * GAME_CONFIG_DEFAULTS. The same schema becomes the JSON Schema editors complete from (json-schema.ts). Checks
 * that span several fields, and names derived from the game's name, are in parse.ts.
 */
import { z } from "zod";
import { GAME_CONFIG_DEFAULTS as D } from "./defaults.ts";

const GAME_NAME = /^[A-Za-z][A-Za-z0-9-]*$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;
// Cognito's pattern for pool, client and identity pool names.
const COGNITO_NAME = /^[\w\s+=,.@-]+$/;
// The narrowest of GameLift's name patterns (queues), so one rule serves fleets, aliases, queues and FlexMatch.
const GAMELIFT_NAME = /^[A-Za-z0-9-]+$/;
const LOCATION = /^[A-Za-z0-9-]+$/;
const GAMELIFT_ARN = /^arn:aws[a-z-]*:gamelift:[a-z0-9-]*:\d*:[a-z]+\/.+$/;
const CIDR = /^(\d{1,3}\.){3}\d{1,3}\/\d{1,2}$/;

const cognitoName = z.string().min(1).max(128).regex(COGNITO_NAME, "must use letters, digits, spaces and + = , . @ - _ only");
const gameliftName = z.string().min(1).max(128).regex(GAMELIFT_NAME, "must use letters, digits and hyphens only");
const location = z.string().min(1).max(64).regex(LOCATION, "must be an AWS Region (us-west-2) or a custom location (custom-home)");
const int = (min: number, max: number) => z.number().int().min(min).max(max);

const passwordPolicy = z
  .strictObject({
    minLength: int(6, 99).default(D.cognito.userPool.passwordPolicy.minLength),
    requireLowercase: z.boolean().default(D.cognito.userPool.passwordPolicy.requireLowercase),
    requireUppercase: z.boolean().default(D.cognito.userPool.passwordPolicy.requireUppercase),
    requireDigits: z.boolean().default(D.cognito.userPool.passwordPolicy.requireDigits),
    requireSymbols: z.boolean().default(D.cognito.userPool.passwordPolicy.requireSymbols),
    temporaryPasswordValidityDays: int(1, 365).default(D.cognito.userPool.passwordPolicy.temporaryPasswordValidityDays),
  })
  .prefault({});

const userPool = z
  .strictObject({
    name: cognitoName.optional().describe("Default: <game>-players"),
    selfSignUp: z.boolean().default(D.cognito.userPool.selfSignUp).describe("Players may sign up themselves"),
    signIn: z
      .strictObject({
        username: z.boolean().default(D.cognito.userPool.signIn.username),
        email: z.boolean().default(D.cognito.userPool.signIn.email),
        phone: z.boolean().default(D.cognito.userPool.signIn.phone),
        preferredUsername: z.boolean().default(D.cognito.userPool.signIn.preferredUsername),
      })
      .prefault({})
      .describe("What a player signs in with: a username (with the others as aliases), or email / phone instead of one"),
    caseSensitive: z.boolean().default(D.cognito.userPool.caseSensitive),
    autoVerify: z
      .strictObject({
        email: z.boolean().default(D.cognito.userPool.autoVerify.email),
        phone: z.boolean().default(D.cognito.userPool.autoVerify.phone),
      })
      .prefault({})
      .describe("Attributes Cognito verifies with a code"),
    passwordPolicy,
    mfa: z
      .strictObject({
        mode: z.enum(["off", "optional", "required"]).default(D.cognito.userPool.mfa.mode),
        totp: z.boolean().default(D.cognito.userPool.mfa.totp).describe("Authenticator-app codes"),
        sms: z.boolean().default(D.cognito.userPool.mfa.sms).describe("Text-message codes (needs SMS set up on AWS)"),
      })
      .prefault({}),
  })
  .prefault({});

const appClient = z
  .strictObject({
    name: cognitoName.optional().describe("Default: <game>-web"),
    authFlows: z
      .array(z.enum(["USER_SRP_AUTH", "USER_PASSWORD_AUTH", "REFRESH_TOKEN_AUTH", "CUSTOM_AUTH"]))
      .min(1)
      .default([...D.cognito.appClient.authFlows])
      .describe("Sign-in flows the web client allows (ExplicitAuthFlows without ALLOW_)"),
    tokenValidity: z
      .strictObject({
        accessTokenMinutes: int(5, 1440).default(D.cognito.appClient.tokenValidity.accessTokenMinutes),
        idTokenMinutes: int(5, 1440).default(D.cognito.appClient.tokenValidity.idTokenMinutes),
        refreshTokenDays: int(1, 3650).default(D.cognito.appClient.tokenValidity.refreshTokenDays),
      })
      .prefault({}),
    preventUserExistenceErrors: z.boolean().default(D.cognito.appClient.preventUserExistenceErrors),
    enableTokenRevocation: z.boolean().default(D.cognito.appClient.enableTokenRevocation),
  })
  .prefault({});

const providerClient = z.strictObject({ clientId: z.string().min(1).max(256) });

const cognito = z
  .strictObject({
    userPool,
    appClient,
    identityPool: z
      .strictObject({
        name: cognitoName.optional().describe("Default: <game>-players"),
        allowGuests: z.boolean().default(D.cognito.identityPool.allowGuests).describe("Guests get the guest role without signing in"),
        serverSideTokenCheck: z.boolean().default(D.cognito.identityPool.serverSideTokenCheck),
      })
      .prefault({}),
    providers: z
      .strictObject({ loginWithAmazon: providerClient.optional(), google: providerClient.optional() })
      .prefault({})
      .describe("Login with Amazon and Google, through the identity pool"),
  })
  .prefault({});

const container = z
  .strictObject({
    instanceType: z.string().regex(/^[a-z0-9]+[a-z0-9-]*\.[a-z0-9]+$/, "must be an EC2 instance type such as c6i.large").default(D.gamelift.fleet.container.instanceType),
    billing: z.enum(["ON_DEMAND", "SPOT"]).default(D.gamelift.fleet.container.billing),
    containerPort: int(1, 60000).default(D.gamelift.fleet.container.containerPort),
    memoryMiB: int(4, 1024000).default(D.gamelift.fleet.container.memoryMiB),
    vcpu: z.number().min(0.125).max(10).default(D.gamelift.fleet.container.vcpu),
    capacity: z
      .strictObject({
        desired: int(0, 1000).default(D.gamelift.fleet.container.capacity.desired),
        min: int(0, 1000).default(D.gamelift.fleet.container.capacity.min),
        max: int(0, 1000).default(D.gamelift.fleet.container.capacity.max),
      })
      .prefault({}),
    inboundCidr: z.string().regex(CIDR, "must be an IPv4 CIDR range such as 0.0.0.0/0").default(D.gamelift.fleet.container.inboundCidr),
  })
  .prefault({});

const fleet = z.strictObject({
  name: gameliftName.optional().describe("Default: <game>-fleet"),
  type: z.enum(["container", "anywhere"]).default(D.gamelift.fleet.type),
  server: z.strictObject({
    folder: z.string().min(1).describe("The game server's folder, relative to this file"),
    entry: z.string().min(1).describe("The entry file, relative to the folder"),
  }),
  locations: z.array(location).min(1).max(100).optional().describe("Default: the Region (container) or custom-<game> (anywhere)"),
  pingEndpoints: z
    .record(location, z.url({ protocol: /^https?$/ }).max(2048))
    .optional()
    .describe("Where players' browsers time their round trip to each location (any HTTP answer counts): needed for custom locations, whose game servers serve it (startPingServer); AWS Regions default to their regional endpoint"),
  processesPerCompute: int(1, 50).default(D.gamelift.fleet.processesPerCompute),
  ports: z
    .strictObject({
      from: int(1, 60000).default(D.gamelift.fleet.ports.from),
      to: int(1, 60000).default(D.gamelift.fleet.ports.to),
    })
    .prefault({}),
  container,
});

const queue = z
  .strictObject({
    name: gameliftName.optional().describe("Default: <game>-queue"),
    timeoutSeconds: int(10, 600).default(D.gamelift.queue.timeoutSeconds),
    destinations: z
      .array(z.union([z.enum(["alias", "fleet"]), z.string().regex(GAMELIFT_ARN, "must be alias, fleet or a GameLift ARN")]))
      .min(1)
      .default([...D.gamelift.queue.destinations]),
    playerLatencyPolicies: z
      .array(
        z.strictObject({
          maximumIndividualPlayerLatencyMs: int(1, 10000),
          policyDurationSeconds: int(1, 600).optional(),
        }),
      )
      .max(10)
      .default([]),
    priority: z
      .strictObject({
        order: z.array(z.enum(["LATENCY", "COST", "DESTINATION", "LOCATION"])).min(1).max(4),
        locationOrder: z.array(location).min(1).max(100).optional(),
      })
      .optional(),
    filter: z.strictObject({ allowedLocations: z.array(location).min(1).max(100) }).optional(),
  })
  .prefault({});

const matchmaking = z.strictObject({
  ruleSet: z.strictObject({
    name: gameliftName.optional().describe("Default: <game>-rules"),
    body: z.record(z.string(), z.unknown()).optional().describe("The FlexMatch rule set JSON, inline"),
    path: z.string().min(1).optional().describe("…or a file holding it, relative to this file"),
  }),
  configuration: z
    .strictObject({
      name: gameliftName.optional().describe("Default: <game>-match"),
      description: z.string().min(1).max(1024).optional(),
      acceptanceRequired: z.boolean().default(D.gamelift.matchmaking.configuration.acceptanceRequired),
      acceptanceTimeoutSeconds: int(1, 600).optional(),
      requestTimeoutSeconds: int(1, 43200).default(D.gamelift.matchmaking.configuration.requestTimeoutSeconds),
      mode: z.enum(["WITH_QUEUE", "STANDALONE"]).default(D.gamelift.matchmaking.configuration.mode),
      backfill: z.enum(["AUTOMATIC", "MANUAL"]).default(D.gamelift.matchmaking.configuration.backfill),
      additionalPlayerCount: int(0, 200).default(D.gamelift.matchmaking.configuration.additionalPlayerCount),
      gameProperties: z.record(z.string().min(1).max(32), z.string().max(96)).default({}),
      gameSessionData: z.string().min(1).max(4096).optional(),
    })
    .prefault({}),
});

const local = z
  .strictObject({
    players: z
      .array(
        z.strictObject({
          username: z.string().min(1).max(128),
          password: z.string().min(1).max(256),
          email: z.email(),
        }),
      )
      .max(100)
      .default([]),
    locations: z.record(location, z.strictObject({ latencyMs: int(0, 10000) })).default({}),
    command: z.string().min(1).optional().describe("Runs one game server process locally; {entry} is the entry file"),
  })
  .prefault({});

export const gameConfigSchema = z.strictObject({
  $schema: z.string().optional(),
  game: z.string().min(1).max(40).regex(GAME_NAME, "must start with a letter and use letters, digits and hyphens only"),
  region: z.string().regex(REGION, "must be an AWS Region such as us-west-2").default(D.region),
  cognito,
  gamelift: z.strictObject({
    fleet,
    alias: z
      .strictObject({ name: gameliftName.optional().describe("Default: <game>-live"), description: z.string().max(1024).optional() })
      .prefault({}),
    queue,
    matchmaking: matchmaking.optional(),
  }),
  local,
});

/** The config as written (everything optional that has a default). */
export type GameConfigInput = z.input<typeof gameConfigSchema>;
/** The config after the schema: defaults in, names and locations not yet derived. */
export type GameConfigShape = z.output<typeof gameConfigSchema>;
