// The synthesized production set-up of the demo's config (and variants of it), checked with aws-cdk-lib/assertions.
// One synth per config: the first costs seconds (CDK loads its CloudFormation rules), the rest little.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { Match, Template } from "aws-cdk-lib/assertions";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { gameApp } from "../../../deploy/lib/synth.ts";
import { PLAYER_GAMELIFT_ACTIONS } from "../../../local/player-actions.ts";
import { loadGameConfig, parseGameConfig, type GameConfig, type GameConfigInput } from "../../../local/game-config/index.ts";
import { CONFIG_OUTPUT_KEY, readPublicConfigFile } from "../../../plugin/vite/public-config.ts";
import { PUBLIC_CONFIG_OUTPUT } from "../../../deploy/lib/game-stack.ts";
import { SDK_VERSION } from "../../../server/sdk/server-sdk.ts";

const DEMO = resolve("demo/gamelift.config.json");
const dir = mkdtempSync(join(tmpdir(), "deploy-test-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function synth(config: GameConfig): Template {
  const { stack } = gameApp(config, { outdir: mkdtempSync(join(dir, "out-")) });
  return Template.fromStack(stack);
}

/** The demo's config as JSON, edited, written beside the demo's files' absolute paths, and loaded as a game would. */
function demoVariant(edit: (json: GameConfigInput) => void): GameConfig {
  const json = JSON.parse(readFileSync(DEMO, "utf8")) as GameConfigInput;
  json.gamelift.fleet.server.folder = resolve("demo/server");
  json.gamelift.matchmaking!.ruleSet.path = resolve("demo/matchmaking/rules.json");
  edit(json);
  const file = join(dir, `variant-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, JSON.stringify(json));
  return loadGameConfig(file);
}

// CloudFormation JSON, walked freely by the assertions below.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Resource = { Type: string; Properties: Record<string, any>; DeletionPolicy?: string; UpdateReplacePolicy?: string };
const only = (template: Template, type: string): [string, Resource] => {
  const found = Object.entries(template.findResources(type)) as [string, Resource][];
  expect(found, type).toHaveLength(1);
  return found[0]!;
};

let demo: GameConfig;
let template: Template;

// The first synth loads CDK's CloudFormation rules: seconds, more on a busy machine.
beforeAll(() => {
  demo = loadGameConfig(DEMO);
  template = synth(demo);
}, 180_000);

describe("the demo's production set-up", () => {
  test("has every resource: Cognito, the player roles, a container fleet from the server folder, alias, queue, FlexMatch", () => {
    const counts = {
      "AWS::Cognito::UserPool": 1,
      "AWS::Cognito::UserPoolClient": 1,
      "AWS::Cognito::IdentityPool": 1,
      "AWS::Cognito::IdentityPoolRoleAttachment": 1,
      "AWS::IAM::Role": 3,
      "AWS::GameLift::ContainerGroupDefinition": 1,
      "AWS::GameLift::ContainerFleet": 1,
      "AWS::GameLift::Alias": 1,
      "AWS::GameLift::GameSessionQueue": 1,
      "AWS::GameLift::MatchmakingRuleSet": 1,
      "AWS::GameLift::MatchmakingConfiguration": 1,
    };
    for (const [type, count] of Object.entries(counts)) template.resourceCountIs(type, count);
    // Nothing is bound to an account: `cdk deploy` brings it.
    expect(JSON.stringify(template.toJSON())).not.toMatch(/\d{12}/);
  });

  test("the user pool has the config's password policy, verification and optional TOTP, and outlives the stack", () => {
    const [, pool] = only(template, "AWS::Cognito::UserPool");
    expect(pool.Properties).toMatchObject({
      UserPoolName: "phaser-gamelift-demo",
      Policies: {
        PasswordPolicy: { MinimumLength: 8, RequireLowercase: true, RequireUppercase: true, RequireNumbers: true, RequireSymbols: true, TemporaryPasswordValidityDays: 7 },
      },
      AutoVerifiedAttributes: ["email"],
      MfaConfiguration: "OPTIONAL",
      EnabledMfas: ["SOFTWARE_TOKEN_MFA"],
      UsernameConfiguration: { CaseSensitive: false },
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: false },
      DeletionProtection: "ACTIVE",
    });
    expect(pool.DeletionPolicy).toBe("Retain");
  });

  test("the web app client has no secret, allows SRP and refresh, sets token lifetimes and prevents user-existence errors", () => {
    const [, client] = only(template, "AWS::Cognito::UserPoolClient");
    expect(client.Properties.GenerateSecret).toBe(false);
    expect(client.Properties.ExplicitAuthFlows).toEqual(expect.arrayContaining(["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]));
    expect(client.Properties).toMatchObject({
      PreventUserExistenceErrors: "ENABLED",
      EnableTokenRevocation: true,
      AccessTokenValidity: 60,
      IdTokenValidity: 60,
      RefreshTokenValidity: 43200,
      TokenValidityUnits: { AccessToken: "minutes", IdToken: "minutes", RefreshToken: "minutes" },
    });
    expect(client.Properties.AllowedOAuthFlows).toBeUndefined();
  });

  test("the identity pool takes the pool's client, Login with Amazon, Google and guests, never the classic flow", () => {
    const [poolId] = only(template, "AWS::Cognito::UserPool");
    const [clientId] = only(template, "AWS::Cognito::UserPoolClient");
    const [, identityPool] = only(template, "AWS::Cognito::IdentityPool");
    expect(identityPool.Properties).toMatchObject({
      IdentityPoolName: "phaser_gamelift_demo",
      AllowUnauthenticatedIdentities: true,
      AllowClassicFlow: false,
      SupportedLoginProviders: { "www.amazon.com": demo.cognito.providers.loginWithAmazon!.clientId, "accounts.google.com": demo.cognito.providers.google!.clientId },
      CognitoIdentityProviders: [{ ClientId: { Ref: clientId }, ProviderName: { "Fn::GetAtt": [poolId, "ProviderName"] }, ServerSideTokenCheck: true }],
    });
  });

  test("every player statement names GameLift actions explicitly: the kit's list, no wildcard, the queue by ARN", () => {
    const [identityPoolId] = only(template, "AWS::Cognito::IdentityPool");
    const [queueId] = only(template, "AWS::GameLift::GameSessionQueue");
    const roles = Object.entries(template.findResources("AWS::IAM::Role")) as [string, Resource][];
    const playerRoles = roles.filter(([, r]) => JSON.stringify(r.Properties.AssumeRolePolicyDocument).includes("cognito-identity.amazonaws.com"));
    expect(playerRoles).toHaveLength(2);
    const granted: Record<string, string[]> = {};
    for (const [, role] of playerRoles) {
      const trust = role.Properties.AssumeRolePolicyDocument.Statement[0];
      expect(trust.Condition.StringEquals["cognito-identity.amazonaws.com:aud"]).toEqual({ Ref: identityPoolId });
      const amr = trust.Condition["ForAnyValue:StringLike"]["cognito-identity.amazonaws.com:amr"] as string;
      const statements = role.Properties.Policies.flatMap((p: { PolicyDocument: { Statement: unknown[] } }) => p.PolicyDocument.Statement) as {
        Action: string | string[];
        Resource: unknown;
        Effect: string;
      }[];
      granted[amr] = [];
      for (const statement of statements) {
        expect(statement.Effect).toBe("Allow");
        const actions = [statement.Action].flat();
        for (const action of actions) {
          expect(action).toMatch(/^gamelift:[A-Za-z]+$/);
          granted[amr]!.push(action);
        }
        if (actions.includes("gamelift:StartGameSessionPlacement")) {
          expect(actions).toEqual(["gamelift:StartGameSessionPlacement"]);
          expect(statement.Resource).toEqual({ "Fn::GetAtt": [queueId, "Arn"] });
        }
      }
    }
    expect(granted["authenticated"]!.sort()).toEqual([...PLAYER_GAMELIFT_ACTIONS.authenticated].sort());
    expect(granted["unauthenticated"]!.sort()).toEqual([...PLAYER_GAMELIFT_ACTIONS.guest].sort());
    // The guest role is narrower: a subset that takes its own seat and creates nothing.
    expect(granted["unauthenticated"]!.every((a) => granted["authenticated"]!.includes(a))).toBe(true);
    expect(granted["unauthenticated"]!.filter((a) => /:(Create|Start|Accept|Stop)/.test(a))).toEqual(["gamelift:CreatePlayerSession"]);
    expect([...granted["authenticated"]!, ...granted["unauthenticated"]!]).not.toContain("gamelift:DescribePlayerSessions");
  });

  test("the container fleet runs the bundled game server, one process per container group, in the config's locations", () => {
    const [groupId, group] = only(template, "AWS::GameLift::ContainerGroupDefinition");
    expect(group.Properties).toMatchObject({
      Name: "phaser-gamelift-demo-server",
      ContainerGroupType: "GAME_SERVER",
      OperatingSystem: "AMAZON_LINUX_2023",
      TotalMemoryLimitMebibytes: 1024,
      TotalVcpuLimit: 0.5,
      GameServerContainerDefinition: {
        ServerSdkVersion: SDK_VERSION,
        PortConfiguration: { ContainerPortRanges: [{ FromPort: 7777, ToPort: 7777, Protocol: "TCP" }] },
        EnvironmentOverride: [{ Name: "PORT", Value: "7777" }],
      },
    });
    expect(JSON.stringify(group.Properties.GameServerContainerDefinition.ImageUri)).toContain("container-assets");
    const [, fleet] = only(template, "AWS::GameLift::ContainerFleet");
    expect(fleet.Properties).toMatchObject({
      GameServerContainerGroupDefinitionName: "phaser-gamelift-demo-server",
      GameServerContainerGroupsPerInstance: 2,
      InstanceType: "c6i.large",
      BillingType: "ON_DEMAND",
      InstanceConnectionPortRange: { FromPort: 7770, ToPort: 7799 },
      InstanceInboundPermissions: [{ FromPort: 7770, ToPort: 7799, IpRange: "0.0.0.0/0", Protocol: "TCP" }],
      Locations: ["us-west-2", "us-east-1"].map((Location) => ({ Location, LocationCapacity: { DesiredEC2Instances: 1, MinSize: 1, MaxSize: 2 } })),
      NewGameSessionProtectionPolicy: "FullProtection",
    });
    template.hasResource("AWS::GameLift::ContainerFleet", { DependsOn: Match.arrayWith([groupId]) });
    template.hasResourceProperties("AWS::IAM::Role", {
      AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Principal: { Service: "gamelift.amazonaws.com" } })] },
      ManagedPolicyArns: [{ "Fn::Join": ["", ["arn:", { Ref: "AWS::Partition" }, ":iam::aws:policy/GameLiftContainerFleetPolicy"]] }],
    });
  });

  test("the alias points at the fleet, the queue at the alias, FlexMatch at the queue with the config's rule set", () => {
    const [fleetId] = only(template, "AWS::GameLift::ContainerFleet");
    const [aliasId, alias] = only(template, "AWS::GameLift::Alias");
    expect(alias.Properties).toMatchObject({ Name: "phaser-gamelift-demo-live", RoutingStrategy: { Type: "SIMPLE", FleetId: { "Fn::GetAtt": [fleetId, "FleetId"] } } });
    const [queueId, queue] = only(template, "AWS::GameLift::GameSessionQueue");
    expect(queue.Properties).toMatchObject({ Name: "phaser-gamelift-demo-queue", TimeoutInSeconds: 120 });
    expect(JSON.stringify(queue.Properties.Destinations)).toContain(`{"Fn::GetAtt":["${aliasId}","AliasId"]}`);
    const [ruleSetId, ruleSet] = only(template, "AWS::GameLift::MatchmakingRuleSet");
    expect(JSON.parse(ruleSet.Properties.RuleSetBody)).toEqual(JSON.parse(readFileSync("demo/matchmaking/rules.json", "utf8")));
    const [, mm] = only(template, "AWS::GameLift::MatchmakingConfiguration");
    expect(mm.Properties).toMatchObject({
      Name: "phaser-gamelift-demo-match",
      RuleSetName: { "Fn::GetAtt": [ruleSetId, "Name"] },
      FlexMatchMode: "WITH_QUEUE",
      GameSessionQueueArns: [{ "Fn::GetAtt": [queueId, "Arn"] }],
      AcceptanceRequired: true,
      AcceptanceTimeoutSeconds: 20,
      RequestTimeoutSeconds: 60,
      BackfillMode: "MANUAL",
      AdditionalPlayerCount: 0,
      GameProperties: [{ Key: "map", Value: "arena" }],
    });
  });

  test("PhaserGameLiftConfig is the browser's public config, in the Vite plugin's shape; every field is also its own output", () => {
    const outputs = template.toJSON().Outputs as Record<string, { Value: unknown }>;
    // Deploy-time values stand in as "<Ref X>" / "<X.Attr>"; the JSON around them is what the plugin parses.
    const parts = (outputs["PhaserGameLiftConfig"]!.Value as { "Fn::Join": [string, unknown[]] })["Fn::Join"][1];
    const text = parts
      .map((p) => (typeof p === "string" ? p : "Ref" in (p as object) ? `<Ref ${(p as { Ref: string }).Ref}>` : `<${(p as { "Fn::GetAtt": string[] })["Fn::GetAtt"].join(".")}>`))
      .join("");
    const [poolId] = only(template, "AWS::Cognito::UserPool");
    const [clientId] = only(template, "AWS::Cognito::UserPoolClient");
    const [identityPoolId] = only(template, "AWS::Cognito::IdentityPool");
    const [aliasId] = only(template, "AWS::GameLift::Alias");
    // What `cdk deploy --outputs-file` would write, read by the Vite plugin's own reader.
    expect(PUBLIC_CONFIG_OUTPUT).toBe(CONFIG_OUTPUT_KEY);
    const outputsFile = join(dir, "gamelift.outputs.json");
    writeFileSync(outputsFile, JSON.stringify({ "phaser-gamelift-demo": { [PUBLIC_CONFIG_OUTPUT]: text, AliasId: "alias-1" } }));
    const publicConfig = readPublicConfigFile(outputsFile);
    expect(publicConfig).toEqual({
      region: "us-west-2",
      cognito: { userPoolId: `<Ref ${poolId}>`, appClientId: `<Ref ${clientId}>`, identityPoolId: `<Ref ${identityPoolId}>` },
      providers: demo.cognito.providers,
      gamelift: { aliasId: `<${aliasId}.AliasId>`, location: "us-west-2", queueName: "phaser-gamelift-demo-queue", matchmakingConfigurationName: "phaser-gamelift-demo-match" },
      latency: { locations: ["us-west-2", "us-east-1"] },
    });
    expect(publicConfig).not.toHaveProperty("endpoint");
    for (const name of ["Region", "UserPoolId", "AppClientId", "IdentityPoolId", "AliasId", "FleetId", "QueueName", "MatchmakingConfigurationName", "PlayerRoleArn", "GuestRoleArn"]) {
      expect(outputs, name).toHaveProperty(name);
    }
  });
});

describe("variants of the config", () => {
  test("a change to the shared config file changes the template", () => {
    const changed = synth(
      demoVariant((json) => {
        json.cognito!.userPool!.passwordPolicy!.minLength = 14;
        json.cognito!.userPool!.mfa = { mode: "required", totp: true, sms: true };
        json.gamelift.queue!.timeoutSeconds = 300;
        json.gamelift.queue!.playerLatencyPolicies = [{ maximumIndividualPlayerLatencyMs: 80, policyDurationSeconds: 20 }, { maximumIndividualPlayerLatencyMs: 200 }];
        json.gamelift.matchmaking!.configuration!.acceptanceRequired = false;
      }),
    );
    changed.hasResourceProperties("AWS::Cognito::UserPool", {
      Policies: { PasswordPolicy: Match.objectLike({ MinimumLength: 14 }) },
      MfaConfiguration: "ON",
      EnabledMfas: Match.arrayWith(["SMS_MFA", "SOFTWARE_TOKEN_MFA"]),
      SmsConfiguration: Match.objectLike({ SnsCallerArn: Match.anyValue() }),
    });
    changed.hasResourceProperties("AWS::GameLift::GameSessionQueue", {
      TimeoutInSeconds: 300,
      PlayerLatencyPolicies: [
        { MaximumIndividualPlayerLatencyMilliseconds: 80, PolicyDurationSeconds: 20 },
        { MaximumIndividualPlayerLatencyMilliseconds: 200 },
      ],
    });
    changed.hasResourceProperties("AWS::GameLift::MatchmakingConfiguration", { AcceptanceRequired: false });
    expect(changed.toJSON()).not.toEqual(template.toJSON());
  }, 60_000);

  test("an Anywhere fleet: its custom locations and the fleet, no container image; no guests, no providers, no matchmaking", () => {
    const anywhere = synth(
      demoVariant((json) => {
        json.gamelift.fleet.type = "anywhere";
        json.gamelift.fleet.locations = ["custom-home", "custom-office"];
        json.cognito!.identityPool!.allowGuests = false;
        json.cognito!.providers = {};
        delete json.gamelift.matchmaking;
        json.local!.locations = {};
      }),
    );
    anywhere.resourceCountIs("AWS::GameLift::ContainerFleet", 0);
    anywhere.resourceCountIs("AWS::GameLift::ContainerGroupDefinition", 0);
    anywhere.resourceCountIs("AWS::GameLift::MatchmakingConfiguration", 0);
    anywhere.resourceCountIs("AWS::GameLift::Location", 2);
    anywhere.hasResourceProperties("AWS::GameLift::Location", { LocationName: "custom-office" });
    anywhere.hasResourceProperties("AWS::GameLift::Fleet", {
      ComputeType: "ANYWHERE",
      Name: "phaser-gamelift-demo-fleet",
      Locations: [{ Location: "custom-home" }, { Location: "custom-office" }],
    });
    // One role, for signed-in players; the identity pool hands guests nothing.
    anywhere.resourceCountIs("AWS::IAM::Role", 1);
    anywhere.hasResourceProperties("AWS::Cognito::IdentityPool", { AllowUnauthenticatedIdentities: false, SupportedLoginProviders: Match.absent() });
    anywhere.hasResourceProperties("AWS::Cognito::IdentityPoolRoleAttachment", { Roles: { authenticated: Match.anyValue(), unauthenticated: Match.absent() } });
    const outputs = anywhere.toJSON().Outputs as Record<string, unknown>;
    expect(outputs).not.toHaveProperty("MatchmakingConfigurationName");
    expect(outputs).not.toHaveProperty("GuestRoleArn");
  }, 60_000);

  test("sign-in with email instead of a username, and admin-only sign-up", () => {
    const config = parseGameConfig(
      {
        game: "email-game",
        cognito: { userPool: { signIn: { username: false, email: true }, selfSignUp: false }, appClient: { authFlows: ["USER_SRP_AUTH", "REFRESH_TOKEN_AUTH"] } },
        gamelift: { fleet: { type: "anywhere", server: { folder: "demo/server", entry: "main.ts" } } },
      },
      { baseDir: resolve(".") },
    );
    const t = synth(config);
    t.hasResourceProperties("AWS::Cognito::UserPool", { UsernameAttributes: ["email"], AdminCreateUserConfig: { AllowAdminCreateUserOnly: true }, MfaConfiguration: "OFF" });
    t.hasResourceProperties("AWS::Cognito::UserPoolClient", { ExplicitAuthFlows: ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"] });
  }, 60_000);
});
