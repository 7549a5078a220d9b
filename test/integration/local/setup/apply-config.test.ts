// The local stack applies a game's gamelift.config.json: what it makes is what the file says, a change to the file
// changes it on the next start, and what exists is found again by name. Real stack, real game server process.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { CognitoIdentityClient, DescribeIdentityPoolCommand } from "@aws-sdk/client-cognito-identity";
import {
  CognitoIdentityProviderClient,
  DescribeUserPoolClientCommand,
  DescribeUserPoolCommand,
  GetUserPoolMfaConfigCommand,
  InitiateAuthCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { DescribeGameSessionQueuesCommand, GameLiftClient, ResolveAliasCommand } from "@aws-sdk/client-gamelift";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { StackState } from "../../../../local/dev-stack.ts";
import { identityPoolsExtension } from "../../../../local/cognito/identity/index.ts";
import { userPoolsExtension } from "../../../../local/cognito/userpool/index.ts";
import { loadGameConfig, type GameConfig, type GameConfigInput } from "../../../../local/game-config/index.ts";
import { deviceCodeProvidersExtension } from "../../../../local/oauth/index.ts";
import { applyGameConfig, type AppliedGame } from "../../../../local/setup/apply-config.ts";
import { startLocalStack, type LocalStack } from "../../../../local/stack.ts";
import { createGameLiftKit } from "../../../../plugin/core/index.ts";
import { eventually } from "../../../helpers/eventually.ts";
import { lowestOf, TOLERANCE_MS } from "../../../helpers/latency-figures.ts";

const DEMO = resolve("demo/gamelift.config.json");
const dir = mkdtempSync(join(tmpdir(), "apply-config-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A copy of the demo's config that a test may edit, its paths pointing back at the demo's files. */
function editableDemoConfig(name: string, edit: (json: GameConfigInput) => void = () => {}): string {
  const json = JSON.parse(readFileSync(DEMO, "utf8")) as GameConfigInput;
  json.gamelift.fleet.server.folder = resolve("demo/server");
  json.gamelift.matchmaking!.ruleSet.path = resolve("demo/matchmaking/rules.json");
  delete json.$schema;
  edit(json);
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify(json, null, 2));
  return file;
}

const startStack = (stateDir?: string) =>
  startLocalStack({ port: 0, stateDir, extensions: [userPoolsExtension(), identityPoolsExtension(), deviceCodeProvidersExtension()] });

function clients(stack: LocalStack) {
  const common = { region: stack.region, endpoint: stack.endpoint, credentials: stack.developerCredentials, maxAttempts: 1 };
  return { idp: new CognitoIdentityProviderClient(common), identity: new CognitoIdentityClient(common), gamelift: new GameLiftClient(common) };
}

const target = (stack: LocalStack) => ({ endpoint: stack.endpoint, region: stack.region, accountId: stack.accountId, credentials: stack.developerCredentials, log: () => {} });

describe("the demo's config applied, with a game server process", () => {
  let stack: LocalStack;
  let applied: AppliedGame;
  let config: GameConfig;
  const output: string[] = [];
  let aws: ReturnType<typeof clients>;

  beforeAll(async () => {
    stack = await startStack();
    aws = clients(stack);
    config = loadGameConfig(DEMO);
    applied = await applyGameConfig(target(stack), config, { processes: 1, basePort: 0, output: (line) => void output.push(line) });
  });
  afterAll(async () => {
    await applied?.stop();
    for (const c of Object.values(aws ?? {})) c.destroy();
    await stack?.stop();
  });

  test("the user pool and its web client have the config's settings", async () => {
    const pool = (await aws.idp.send(new DescribeUserPoolCommand({ UserPoolId: applied.identity.userPoolId }))).UserPool!;
    expect(pool.Name).toBe("phaser-gamelift-demo");
    expect(pool.Policies?.PasswordPolicy).toEqual({
      MinimumLength: 8,
      RequireUppercase: true,
      RequireLowercase: true,
      RequireNumbers: true,
      RequireSymbols: true,
      TemporaryPasswordValidityDays: 7,
    });
    expect(pool.MfaConfiguration).toBe("OPTIONAL");
    expect(pool.AutoVerifiedAttributes).toEqual(["email"]);
    const mfa = await aws.idp.send(new GetUserPoolMfaConfigCommand({ UserPoolId: applied.identity.userPoolId }));
    expect(mfa.SoftwareTokenMfaConfiguration).toEqual({ Enabled: true });
    expect(mfa.SmsMfaConfiguration).toBeUndefined();
    const client = (await aws.idp.send(new DescribeUserPoolClientCommand({ UserPoolId: applied.identity.userPoolId, ClientId: applied.identity.appClientId })))
      .UserPoolClient!;
    expect(client.ClientSecret).toBeUndefined();
    expect(client).toMatchObject({
      ClientName: "phaser-gamelift-demo-web",
      ExplicitAuthFlows: ["ALLOW_USER_SRP_AUTH", "ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
      AccessTokenValidity: 60,
      IdTokenValidity: 60,
      RefreshTokenValidity: 30,
      PreventUserExistenceErrors: "ENABLED",
    });
  });

  test("the config's players sign in", async () => {
    for (const player of config.local.players) {
      const answer = await aws.idp.send(
        new InitiateAuthCommand({ ClientId: applied.identity.appClientId, AuthFlow: "USER_PASSWORD_AUTH", AuthParameters: { USERNAME: player.username, PASSWORD: player.password } }),
      );
      expect(answer.AuthenticationResult?.IdToken).toBeTruthy();
    }
  });

  test("the identity pool takes the pool's users, guests and the two providers", async () => {
    const pool = await aws.identity.send(new DescribeIdentityPoolCommand({ IdentityPoolId: applied.identity.identityPoolId }));
    expect(pool).toMatchObject({
      IdentityPoolName: "phaser_gamelift_demo",
      AllowUnauthenticatedIdentities: true,
      SupportedLoginProviders: { "www.amazon.com": config.cognito.providers.loginWithAmazon!.clientId, "accounts.google.com": config.cognito.providers.google!.clientId },
      CognitoIdentityProviders: [{ ClientId: applied.identity.appClientId, ServerSideTokenCheck: true }],
    });
  });

  test("the fleet runs the game server in the config's location, behind the alias and the queue", async () => {
    expect(applied.gamelift.locations).toEqual(["custom-us-west-2", "custom-us-east-1"]);
    await eventually(() => output.some((l) => l.includes("process ready")), "the demo game server's ProcessReady", 30_000, () => output.slice(-10).join("\n"));
    expect((await aws.gamelift.send(new ResolveAliasCommand({ AliasId: applied.gamelift.aliasId }))).FleetId).toBe(applied.gamelift.fleetId);
    const queue = (await aws.gamelift.send(new DescribeGameSessionQueuesCommand({ Names: ["phaser-gamelift-demo-queue"] }))).GameSessionQueues![0]!;
    expect(queue).toMatchObject({
      TimeoutInSeconds: 120,
      Destinations: [{ DestinationArn: applied.gamelift.aliasArn }],
      PlayerLatencyPolicies: [{ MaximumIndividualPlayerLatencyMilliseconds: 100, PolicyDurationSeconds: 10 }],
    });
  });

  test("the public config holds ids and names only, in the plugin's shape", () => {
    expect(applied.publicConfig).toEqual({
      region: "us-west-2",
      endpoint: stack.endpoint,
      cognito: { userPoolId: applied.identity.userPoolId, appClientId: applied.identity.appClientId, identityPoolId: applied.identity.identityPoolId },
      providers: config.cognito.providers,
      gamelift: {
        aliasId: applied.gamelift.aliasId,
        location: "custom-us-west-2",
        queueName: "phaser-gamelift-demo-queue",
        ...(applied.gamelift.matchmaking ? { matchmakingConfigurationName: "phaser-gamelift-demo-match" } : {}),
      },
      latency: { locations: ["custom-us-west-2", "custom-us-east-1"], endpoints: applied.pingEndpoints },
    });
    const text = JSON.stringify(applied.publicConfig);
    for (const secret of [stack.developerCredentials.secretAccessKey, ...config.local.players.map((p) => p.password)]) expect(text).not.toContain(secret);
    expect(applied.simulatedLatencyMs).toEqual({ "custom-us-west-2": 20, "custom-us-east-1": 120 });
  });

  test("each location has a ping endpoint that answers after its simulated round trip", async () => {
    expect(Object.keys(applied.pingEndpoints)).toEqual(["custom-us-west-2", "custom-us-east-1"]);
    for (const [location, expected] of Object.entries(applied.simulatedLatencyMs)) {
      const url = applied.pingEndpoints[location]!;
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/ping$/);
      const warm = await fetch(url);
      await warm.arrayBuffer();
      expect(warm.status).toBe(204);
      expect(warm.headers.get("access-control-allow-origin")).toBe("*");
      // On the warm connection, the median of seven round trips; the lowest of up to five such medians (load
      // only adds time: test/helpers/latency-figures.ts). Each body is read so the connection is reused.
      const figures = await lowestOf({ [location]: expected }, async () => {
        const times: number[] = [];
        for (let i = 0; i < 7; i++) {
          const started = performance.now();
          await (await fetch(`${url}?n=${i}`)).arrayBuffer();
          times.push(performance.now() - started);
        }
        return { [location]: times.sort((a, b) => a - b)[3]! };
      });
      expect(figures[location], location).toBeGreaterThanOrEqual(expected - 2);
      expect(figures[location], location).toBeLessThanOrEqual(expected + TOLERANCE_MS);
    }
  });

  test("the public config is a working kit config: a player searches the alias's sessions and starts a quick-match ticket", async () => {
    const kit = createGameLiftKit(applied.publicConfig);
    try {
      const player = config.local.players[0]!;
      await kit.auth.passwordGrantSignIn(player.username, player.password);
      expect((await kit.sessions.searchSessions()).sessions).toEqual([]);
      const ticket = await kit.matchmaking.startMatchmaking({ track: false });
      expect(ticket).toMatchObject({ status: "QUEUED", configurationName: "phaser-gamelift-demo-match" });
      await kit.matchmaking.stopMatchmaking(ticket.ticketId);
    } finally {
      kit.destroy();
    }
  });
});

test("a change to the shared config file changes what the local stack makes; what exists is found again", async () => {
  const stateDir = join(dir, "state");
  const file = editableDemoConfig("game.json");
  let stack = await startStack(stateDir);
  let aws = clients(stack);
  try {
    const first = await applyGameConfig(target(stack), loadGameConfig(file), { processes: 0 });
    const policy = async (applied: AppliedGame) =>
      (await aws.idp.send(new DescribeUserPoolCommand({ UserPoolId: applied.identity.userPoolId }))).UserPool!.Policies!.PasswordPolicy!.MinimumLength;
    const queueTimeout = async () => (await aws.gamelift.send(new DescribeGameSessionQueuesCommand({ Names: ["phaser-gamelift-demo-queue"] }))).GameSessionQueues![0]!.TimeoutInSeconds;
    expect(await policy(first)).toBe(8);
    expect(await queueTimeout()).toBe(120);
    await first.stop();

    editableDemoConfig("game.json", (json) => {
      json.cognito!.userPool!.passwordPolicy!.minLength = 14;
      json.cognito!.appClient!.tokenValidity!.accessTokenMinutes = 30;
      json.gamelift.queue!.timeoutSeconds = 300;
    });
    const second = await applyGameConfig(target(stack), loadGameConfig(file), { processes: 0 });
    expect(second.identity).toMatchObject({ userPoolId: first.identity.userPoolId, appClientId: first.identity.appClientId, identityPoolId: first.identity.identityPoolId });
    expect(second.gamelift).toMatchObject({ fleetId: first.gamelift.fleetId, aliasId: first.gamelift.aliasId });
    expect(await policy(second)).toBe(14);
    expect(await queueTimeout()).toBe(300);
    const client = (await aws.idp.send(new DescribeUserPoolClientCommand({ UserPoolId: second.identity.userPoolId, ClientId: second.identity.appClientId }))).UserPoolClient!;
    expect(client.AccessTokenValidity).toBe(30);
    await second.stop();

    // A restarted stack on the same state finds the Cognito set-up again: the ids a built game holds still work.
    for (const c of Object.values(aws)) c.destroy();
    await stack.stop();
    stack = await startStack(stateDir);
    aws = clients(stack);
    const third = await applyGameConfig(target(stack), loadGameConfig(file), { processes: 0 });
    expect(third.identity.userPoolId).toBe(first.identity.userPoolId);
    expect(third.identity.identityPoolId).toBe(first.identity.identityPoolId);
    // GameLift's definitions are durable too: the same fleet and alias, found by name.
    expect(third.gamelift).toMatchObject({ fleetId: first.gamelift.fleetId, aliasId: first.gamelift.aliasId, queueName: first.gamelift.queueName });
    expect(await policy(third)).toBe(14);
    await third.stop();
  } finally {
    for (const c of Object.values(aws)) c.destroy();
    await stack.stop();
  }
});

test("phaser-gamelift-local start --config writes the public config to its state file; a bad file is refused field by field", async () => {
  const statePath = join(dir, "cli", "stack.json");
  const file = editableDemoConfig("cli.json");
  const cli = (args: string[]) =>
    spawn(process.execPath, ["-C", "phaser-gamelift-source", "--import", "tsx", "local/bin.ts", "start", "--port", "0", "--state", statePath, "--processes", "0", ...args], {
      stdio: ["ignore", "pipe", "pipe"],
    });
  const child = cli(["--config", file]);
  const lines: string[] = [];
  child.stdout.on("data", (d: Buffer) => lines.push(d.toString()));
  child.stderr.on("data", (d: Buffer) => lines.push(d.toString()));
  try {
    const state = await eventually(
      () => {
        try {
          const s = JSON.parse(readFileSync(statePath, "utf8")) as StackState;
          return s.pid === child.pid ? s : undefined;
        } catch {
          return undefined;
        }
      },
      "the stack's state file",
      60_000,
      () => lines.join(""),
    );
    expect(state.game?.name).toBe("phaser-gamelift-demo");
    expect(state.game?.publicConfig).toMatchObject({ region: "us-west-2", endpoint: state.endpoint, gamelift: { queueName: "phaser-gamelift-demo-queue" } });
    expect(state.cognito.demo?.userPoolId).toBe(state.game?.publicConfig.cognito.userPoolId);
    expect(state.fleet?.aliasId).toBe(state.game?.publicConfig.gamelift.aliasId);
  } finally {
    child.kill("SIGTERM");
    await new Promise((r) => child.once("exit", r));
  }

  const bad = editableDemoConfig("bad.json", (json) => {
    json.cognito!.userPool!.passwordPolicy!.minLength = 2;
    (json.gamelift.queue as Record<string, unknown>).timeoutSeconds = "soon";
  });
  const refused = cli(["--config", bad]);
  let stderr = "";
  refused.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  const code = await new Promise<number | null>((r) => refused.once("exit", r));
  expect(code).toBe(2);
  expect(stderr).toContain("has 2 problems");
  expect(stderr).toContain("cognito.userPool.passwordPolicy.minLength");
  expect(stderr).toContain("gamelift.queue.timeoutSeconds");
});
