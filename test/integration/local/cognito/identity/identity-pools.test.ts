// Cognito identity pools and the device-code providers over the real wire: the AWS SDK's Cognito clients for
// identities and credentials, plain HTTP for the OAuth endpoints, and the GameLift client signing with the
// credentials the pool issued, so the stack's own SigV4 check is what accepts or refuses them.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, test, beforeAll, afterAll } from "vitest";
import {
  CognitoIdentityClient,
  CreateIdentityPoolCommand,
  DescribeIdentityCommand,
  DescribeIdentityPoolCommand,
  GetCredentialsForIdentityCommand,
  GetIdCommand,
  GetIdentityPoolRolesCommand,
  GetOpenIdTokenCommand,
  ListIdentitiesCommand,
  ListIdentityPoolsCommand,
  SetIdentityPoolRolesCommand,
  type Credentials,
} from "@aws-sdk/client-cognito-identity";
import {
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  InitiateAuthCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { CreateGameSessionCommand, DescribeGameSessionsCommand, GameLiftClient, ListFleetsCommand } from "@aws-sdk/client-gamelift";
import { AUTHENTICATED_PLAYER_ACTIONS, defaultRoleArns, identityPoolsExtension } from "../../../../../local/cognito/identity/index.ts";
import { userPoolsExtension } from "../../../../../local/cognito/userpool/index.ts";
import { deviceCodeProvidersExtension } from "../../../../../local/oauth/index.ts";
import { startLocalStack, type LocalStack } from "../../../../../local/stack.ts";

const region = "us-west-2";
const accountId = "123456789012";
const roles = defaultRoleArns(accountId);
const AMAZON_CLIENT = "amzn1.application-oa2-client.local";
const GOOGLE_CLIENT = "local-game.apps.googleusercontent.com";
/** Errors that mean a call did not get past authentication or authorization. */
const AUTH_ERRORS = new Set(["AccessDeniedException", "UnrecognizedClientException", "InvalidSignatureException", "ExpiredTokenException", "InvalidClientTokenId"]);

type AwsError = Error & { $metadata?: { httpStatusCode?: number } };

const rejectsWith = (p: Promise<unknown>, name: string, message?: RegExp, status?: number) =>
  assert.rejects(p, (e: AwsError) => {
    assert.equal(e.name, name, `${e.name}: ${e.message}`);
    if (message) assert.match(e.message, message);
    if (status !== undefined) assert.equal(e.$metadata?.httpStatusCode, status);
    return true;
  });

/** Passes when the call got past SigV4 and the role check, whatever GameLift then said about the input. */
async function passesAuth(call: Promise<unknown>): Promise<void> {
  try {
    await call;
  } catch (e) {
    assert.ok(!AUTH_ERRORS.has((e as Error).name), `refused at the door: ${(e as Error).name}: ${(e as Error).message}`);
  }
}

function clients(stack: LocalStack) {
  const identity = new CognitoIdentityClient({ region, endpoint: stack.endpoint, maxAttempts: 1 });
  const admin = new CognitoIdentityClient({ region, endpoint: stack.endpoint, credentials: stack.developerCredentials, maxAttempts: 1 });
  const idp = new CognitoIdentityProviderClient({ region, endpoint: stack.endpoint, credentials: stack.developerCredentials, maxAttempts: 1 });
  const gamelift = (c: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }) =>
    new GameLiftClient({ region, endpoint: stack.endpoint, credentials: c, maxAttempts: 1 });
  return { identity, admin, idp, gamelift };
}

const asAws = (c: Credentials | undefined) => ({ accessKeyId: c!.AccessKeyId!, secretAccessKey: c!.SecretKey!, sessionToken: c!.SessionToken! });

async function form(url: string, params: Record<string, string>): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(url, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams(params).toString() });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

async function approve(stack: LocalStack, userCode: string, approveIt: boolean, userName = "tester"): Promise<Response> {
  return fetch(`${stack.endpoint}/_local/oauth/approve`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ user_code: userCode, approve: approveIt, user_name: userName }),
  });
}

async function createGamePool(stack: LocalStack, userPoolProvider?: string, appClientId?: string): Promise<string> {
  const { admin } = clients(stack);
  const pool = await admin.send(
    new CreateIdentityPoolCommand({
      IdentityPoolName: "phaser game",
      AllowUnauthenticatedIdentities: true,
      CognitoIdentityProviders: userPoolProvider ? [{ ProviderName: userPoolProvider, ClientId: appClientId, ServerSideTokenCheck: false }] : undefined,
      SupportedLoginProviders: { "www.amazon.com": AMAZON_CLIENT, "accounts.google.com": GOOGLE_CLIENT },
    }),
  );
  await admin.send(new SetIdentityPoolRolesCommand({ IdentityPoolId: pool.IdentityPoolId, Roles: roles }));
  return pool.IdentityPoolId!;
}

describe("identity pools with user pools and device-code providers", () => {
  const clock = { t: Date.now() };
  let stack: LocalStack;
  let poolId: string;
  let userPoolProvider: string;
  let appClientId: string;

  async function signIn(userPoolId: string, clientId: string, username: string): Promise<string> {
    const { idp } = clients(stack);
    const password = "Correct-Horse-9-battery";
    await idp.send(new AdminCreateUserCommand({ UserPoolId: userPoolId, Username: username, MessageAction: "SUPPRESS" }));
    await idp.send(new AdminSetUserPasswordCommand({ UserPoolId: userPoolId, Username: username, Password: password, Permanent: true }));
    const auth = await idp.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: "USER_PASSWORD_AUTH", AuthParameters: { USERNAME: username, PASSWORD: password } }));
    return auth.AuthenticationResult!.IdToken!;
  }

  async function createUserPool(name: string): Promise<{ userPoolId: string; clientId: string; provider: string }> {
    const { idp } = clients(stack);
    const pool = await idp.send(new CreateUserPoolCommand({ PoolName: name }));
    const client = await idp.send(
      new CreateUserPoolClientCommand({ UserPoolId: pool.UserPool!.Id!, ClientName: `${name}-app`, ExplicitAuthFlows: ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"] }),
    );
    return { userPoolId: pool.UserPool!.Id!, clientId: client.UserPoolClient!.ClientId!, provider: `cognito-idp.${region}.amazonaws.com/${pool.UserPool!.Id!}` };
  }

  let userPoolId: string;

  beforeAll(async () => {
    stack = await startLocalStack({
      port: 0,
      region,
      accountId,
      extensions: [
        userPoolsExtension(),
        // Listing fleets is not a player action; granted here so one call can succeed outright.
        identityPoolsExtension({ roles: { [roles.authenticated]: [...AUTHENTICATED_PLAYER_ACTIONS, "gamelift:ListFleets"] } }),
        deviceCodeProvidersExtension({ interval: 5, expiresIn: 60, now: () => clock.t }),
      ],
    });
    const created = await createUserPool("players");
    userPoolId = created.userPoolId;
    appClientId = created.clientId;
    userPoolProvider = created.provider;
    poolId = await createGamePool(stack, userPoolProvider, appClientId);
  });
  afterAll(() => stack.stop());

  test("administration: the pool as created, its roles, and the list", async () => {
    const { admin } = clients(stack);
    assert.match(poolId, /^us-west-2:[0-9a-f-]{36}$/);
    const described = await admin.send(new DescribeIdentityPoolCommand({ IdentityPoolId: poolId }));
    assert.equal(described.IdentityPoolName, "phaser game");
    assert.deepEqual(described.CognitoIdentityProviders, [{ ProviderName: userPoolProvider, ClientId: appClientId, ServerSideTokenCheck: false }]);
    assert.deepEqual((await admin.send(new GetIdentityPoolRolesCommand({ IdentityPoolId: poolId }))).Roles, roles);
    const listed = await admin.send(new ListIdentityPoolsCommand({ MaxResults: 60 }));
    assert.ok(listed.IdentityPools!.some((p) => p.IdentityPoolId === poolId));
    // Administration is signed: an unsigned request is refused.
    const unsigned = await fetch(stack.endpoint, {
      method: "POST",
      headers: { "content-type": "application/x-amz-json-1.1", "x-amz-target": "AWSCognitoIdentityService.DescribeIdentityPool" },
      body: JSON.stringify({ IdentityPoolId: poolId }),
    });
    assert.equal(((await unsigned.json()) as { __type: string }).__type, "MissingAuthenticationTokenException");
    await rejectsWith(admin.send(new DescribeIdentityPoolCommand({ IdentityPoolId: `${region}:00000000-0000-0000-0000-000000000000` })), "ResourceNotFoundException", /not found/, 404);
  });

  test("guests get credentials that may search but not create", async () => {
    const { identity, gamelift } = clients(stack);
    const { IdentityId } = await identity.send(new GetIdCommand({ IdentityPoolId: poolId }));
    assert.match(IdentityId!, /^us-west-2:[0-9a-f-]{36}$/);
    const out = await identity.send(new GetCredentialsForIdentityCommand({ IdentityId }));
    assert.equal(out.IdentityId, IdentityId);
    assert.match(out.Credentials!.AccessKeyId!, /^ASIA[A-Z2-7]{16}$/);
    assert.ok(out.Credentials!.SecretKey && out.Credentials!.SessionToken);
    assert.ok(out.Credentials!.Expiration instanceof Date);
    assert.ok(Math.abs(out.Credentials!.Expiration.getTime() - (Date.now() + 3600_000)) < 10_000);

    const guest = gamelift(asAws(out.Credentials));
    await passesAuth(guest.send(new DescribeGameSessionsCommand({ GameSessionId: "arn:aws:gamelift:us-west-2::gamesession/fleet-1/gsess-none" })));
    await rejectsWith(
      guest.send(new CreateGameSessionCommand({ FleetId: "fleet-1", MaximumPlayerSessionCount: 2 })),
      "AccessDeniedException",
      /^User: arn:aws:sts::123456789012:assumed-role\/PhaserGameLiftUnauthenticated\/CognitoIdentityCredentials is not authorized to perform: gamelift:CreateGameSession/,
    );
    // The guest identity id keeps working.
    const again = await identity.send(new GetCredentialsForIdentityCommand({ IdentityId }));
    assert.equal(again.IdentityId, IdentityId);
  });

  test("a user pool sign-in gets the same identity every time and player credentials", async () => {
    const { identity, gamelift } = clients(stack);
    const idToken = await signIn(userPoolId, appClientId, "ann");
    const logins = { [userPoolProvider]: idToken };
    const first = await identity.send(new GetIdCommand({ IdentityPoolId: poolId, Logins: logins }));
    const secondToken = await signIn(userPoolId, appClientId, "ann-2");
    const other = await identity.send(new GetIdCommand({ IdentityPoolId: poolId, Logins: { [userPoolProvider]: secondToken } }));
    assert.notEqual(first.IdentityId, other.IdentityId);
    assert.equal((await identity.send(new GetIdCommand({ IdentityPoolId: poolId, Logins: logins }))).IdentityId, first.IdentityId);

    const out = await identity.send(new GetCredentialsForIdentityCommand({ IdentityId: first.IdentityId, Logins: logins }));
    const player = asAws(out.Credentials);
    const listed = await gamelift(player).send(new ListFleetsCommand({}));
    assert.equal(listed.$metadata.httpStatusCode, 200);
    await passesAuth(gamelift(player).send(new CreateGameSessionCommand({ FleetId: "fleet-1", MaximumPlayerSessionCount: 2 })));

    await rejectsWith(gamelift({ ...player, secretAccessKey: `${player.secretAccessKey}x` }).send(new ListFleetsCommand({})), "InvalidSignatureException");
    await rejectsWith(gamelift({ accessKeyId: player.accessKeyId, secretAccessKey: player.secretAccessKey }).send(new ListFleetsCommand({})), "UnrecognizedClientException");
    await rejectsWith(identity.send(new GetCredentialsForIdentityCommand({ IdentityId: first.IdentityId })), "NotAuthorizedException", /^Logins don't match/, 403);

    const openId = await identity.send(new GetOpenIdTokenCommand({ IdentityId: first.IdentityId, Logins: logins }));
    assert.equal(openId.IdentityId, first.IdentityId);
    assert.equal(openId.Token!.split(".").length, 3);

    const { admin } = clients(stack);
    const described = await admin.send(new DescribeIdentityCommand({ IdentityId: first.IdentityId }));
    assert.deepEqual(described.Logins, [userPoolProvider]);
    assert.ok(described.CreationDate instanceof Date);
    const listed2 = await admin.send(new ListIdentitiesCommand({ IdentityPoolId: poolId, MaxResults: 60 }));
    assert.ok(listed2.Identities!.some((i) => i.IdentityId === first.IdentityId));
  });

  test("tokens from another user pool or another app client are refused", async () => {
    const { identity } = clients(stack);
    const other = await createUserPool("strangers");
    const strangerToken = await signIn(other.userPoolId, other.clientId, "eve");
    await rejectsWith(
      identity.send(new GetIdCommand({ IdentityPoolId: poolId, Logins: { [other.provider]: strangerToken } })),
      "NotAuthorizedException",
      /^Token is not from a supported provider of this identity pool\.$/,
    );
    await rejectsWith(identity.send(new GetIdCommand({ IdentityPoolId: poolId, Logins: { [userPoolProvider]: strangerToken } })), "NotAuthorizedException", /^Invalid login token\./);

    const { idp } = clients(stack);
    const sideApp = await idp.send(new CreateUserPoolClientCommand({ UserPoolId: userPoolId, ClientName: "side-app", ExplicitAuthFlows: ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"] }));
    const sideToken = await signIn(userPoolId, sideApp.UserPoolClient!.ClientId!, "sid");
    await rejectsWith(
      identity.send(new GetIdCommand({ IdentityPoolId: poolId, Logins: { [userPoolProvider]: sideToken } })),
      "NotAuthorizedException",
      /^Invalid login token\. Incorrect token audience\.$/,
    );
    await rejectsWith(identity.send(new GetIdCommand({ IdentityPoolId: poolId, Logins: { [userPoolProvider]: "not-a-jwt" } })), "NotAuthorizedException", /^Invalid login token\./);
  });

  test("Login with Amazon device flow: pending, slow_down, approve, token, identity, credentials", async () => {
    const codeUrl = `${stack.endpoint}/oauth/amazon/device/code`;
    const tokenUrl = `${stack.endpoint}/oauth/amazon/token`;
    const code = await form(codeUrl, { response_type: "device_code", client_id: AMAZON_CLIENT, scope: "profile" });
    assert.equal(code.status, 200);
    assert.deepEqual(Object.keys(code.body).sort(), ["device_code", "expires_in", "interval", "user_code", "verification_uri"]);
    assert.equal(code.body["verification_uri"], `${stack.endpoint}/oauth/amazon/device`);
    assert.equal(code.body["interval"], 5);
    assert.equal(code.body["expires_in"], 60);
    const poll = { grant_type: "device_code", device_code: String(code.body["device_code"]), user_code: String(code.body["user_code"]) };

    assert.deepEqual((await form(tokenUrl, poll)).body["error"], "authorization_pending");
    const tooFast = await form(tokenUrl, poll);
    assert.equal(tooFast.status, 400);
    assert.equal(tooFast.body["error"], "slow_down");
    assert.equal((await approve(stack, String(code.body["user_code"]), true, "amazon-ann")).status, 200);
    clock.t += 10_000;
    const tokens = await form(tokenUrl, poll);
    assert.equal(tokens.status, 200, JSON.stringify(tokens.body));
    assert.equal(tokens.body["token_type"], "bearer");
    assert.equal(tokens.body["expires_in"], 3600);
    assert.match(String(tokens.body["access_token"]), /^Atza\|/);
    assert.match(String(tokens.body["refresh_token"]), /^Atzr\|/);
    assert.equal((await form(tokenUrl, poll)).body["error"], "invalid_grant", "a device code is exchanged once");

    const profile = await fetch(`${stack.endpoint}/oauth/amazon/profile`, { headers: { authorization: `Bearer ${String(tokens.body["access_token"])}` } });
    const userId = ((await profile.json()) as { user_id: string }).user_id;
    assert.match(userId, /^amzn1\.account\./);

    const refreshed = await form(tokenUrl, { grant_type: "refresh_token", refresh_token: String(tokens.body["refresh_token"]), client_id: AMAZON_CLIENT });
    assert.equal(refreshed.status, 200);
    assert.match(String(refreshed.body["access_token"]), /^Atza\|/);

    const { identity, gamelift } = clients(stack);
    const logins = { "www.amazon.com": String(tokens.body["access_token"]) };
    const id = await identity.send(new GetIdCommand({ IdentityPoolId: poolId, Logins: logins }));
    const sameUser = { "www.amazon.com": String(refreshed.body["access_token"]) };
    assert.equal((await identity.send(new GetIdCommand({ IdentityPoolId: poolId, Logins: sameUser }))).IdentityId, id.IdentityId);
    const creds = await identity.send(new GetCredentialsForIdentityCommand({ IdentityId: id.IdentityId, Logins: logins }));
    assert.equal((await gamelift(asAws(creds.Credentials)).send(new ListFleetsCommand({}))).$metadata.httpStatusCode, 200);
    await rejectsWith(identity.send(new GetIdCommand({ IdentityPoolId: poolId, Logins: { "www.amazon.com": "Atza|forged.token" } })), "NotAuthorizedException", /^Invalid login token\./);
  });

  test("Google device flow through the verification page, with an id_token the pool verifies", async () => {
    const code = await form(`${stack.endpoint}/oauth/google/device/code`, { client_id: GOOGLE_CLIENT, scope: "openid email profile" });
    assert.equal(code.status, 200);
    assert.deepEqual(Object.keys(code.body).sort(), ["device_code", "expires_in", "interval", "user_code", "verification_url"]);
    const tokenUrl = `${stack.endpoint}/oauth/google/token`;
    const poll = { grant_type: "urn:ietf:params:oauth:grant-type:device_code", device_code: String(code.body["device_code"]), client_id: GOOGLE_CLIENT, client_secret: "s" };
    assert.equal((await form(tokenUrl, poll)).body["error"], "authorization_pending");
    assert.equal((await form(tokenUrl, { ...poll, grant_type: "device_code" })).body["error"], "unsupported_grant_type");

    const page = await fetch(String(code.body["verification_url"]));
    assert.equal(page.status, 200);
    assert.match(await page.text(), /<form method="post"/);
    const decided = await fetch(String(code.body["verification_url"]), {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ user_code: String(code.body["user_code"]).toLowerCase(), user_name: "gina", decision: "approve" }).toString(),
    });
    assert.equal(decided.status, 200);
    assert.match(await decided.text(), /Approved/);
    clock.t += 5_000;
    const tokens = await form(tokenUrl, poll);
    assert.equal(tokens.status, 200, JSON.stringify(tokens.body));
    assert.equal(tokens.body["token_type"], "Bearer");
    const idToken = String(tokens.body["id_token"]);
    const claims = JSON.parse(Buffer.from(idToken.split(".")[1]!, "base64url").toString()) as Record<string, unknown>;
    assert.equal(claims["iss"], `${stack.endpoint}/oauth/google`);
    assert.equal(claims["aud"], GOOGLE_CLIENT);
    const certs = (await (await fetch(`${stack.endpoint}/oauth/google/certs`)).json()) as { keys: Array<{ kid: string; kty: string }> };
    assert.equal(certs.keys[0]!.kty, "RSA");

    const { identity } = clients(stack);
    const id = await identity.send(new GetIdCommand({ IdentityPoolId: poolId, Logins: { "accounts.google.com": idToken } }));
    const creds = await identity.send(new GetCredentialsForIdentityCommand({ IdentityId: id.IdentityId, Logins: { "accounts.google.com": idToken } }));
    assert.match(creds.Credentials!.AccessKeyId!, /^ASIA/);

    // An id_token for another Google client is not this pool's.
    const otherCode = await form(`${stack.endpoint}/oauth/google/device/code`, { client_id: "someone-else.apps.googleusercontent.com", scope: "openid" });
    await approve(stack, String(otherCode.body["user_code"]), true, "gina");
    const otherTokens = await form(tokenUrl, { ...poll, device_code: String(otherCode.body["device_code"]), client_id: "someone-else.apps.googleusercontent.com" });
    await rejectsWith(
      identity.send(new GetIdCommand({ IdentityPoolId: poolId, Logins: { "accounts.google.com": String(otherTokens.body["id_token"]) } })),
      "NotAuthorizedException",
      /^Invalid login token\. Incorrect token audience\.$/,
    );
  });

  test("denied and expired device codes, and malformed OAuth requests", async () => {
    const codeUrl = `${stack.endpoint}/oauth/amazon/device/code`;
    const tokenUrl = `${stack.endpoint}/oauth/amazon/token`;
    const denied = await form(codeUrl, { response_type: "device_code", client_id: AMAZON_CLIENT, scope: "profile" });
    assert.equal((await approve(stack, String(denied.body["user_code"]), false)).status, 200);
    assert.equal((await form(tokenUrl, { grant_type: "device_code", device_code: String(denied.body["device_code"]) })).body["error"], "access_denied");

    const late = await form(codeUrl, { response_type: "device_code", client_id: AMAZON_CLIENT, scope: "profile" });
    clock.t += 61_000;
    assert.equal((await form(tokenUrl, { grant_type: "device_code", device_code: String(late.body["device_code"]) })).body["error"], "expired_token");
    const tooLate = await approve(stack, String(late.body["user_code"]), true);
    assert.equal(tooLate.status, 410);
    const expiredPage = await fetch(`${stack.endpoint}/oauth/device`, { method: "POST", body: new URLSearchParams({ user_code: String(late.body["user_code"]) }) });
    assert.equal(expiredPage.status, 410);
    assert.match(await expiredPage.text(), /expired/);
    const unknownPage = await fetch(`${stack.endpoint}/oauth/device`, { method: "POST", body: new URLSearchParams({ user_code: "NOPE-NOPE" }) });
    assert.equal(unknownPage.status, 404);
    assert.match(await unknownPage.text(), /not known/);

    const noClient = await form(codeUrl, { response_type: "device_code", scope: "profile" });
    assert.deepEqual([noClient.status, noClient.body["error"]], [401, "invalid_client"]);
    const noGrant = await form(tokenUrl, { device_code: "x" });
    assert.deepEqual([noGrant.status, noGrant.body["error"]], [400, "invalid_request"]);
    const badGrant = await form(tokenUrl, { grant_type: "password", device_code: "x" });
    assert.deepEqual([badGrant.status, badGrant.body["error"]], [400, "unsupported_grant_type"]);
    const unknownCode = await form(tokenUrl, { grant_type: "device_code", device_code: "x" });
    assert.deepEqual([unknownCode.status, unknownCode.body["error"]], [400, "invalid_grant"]);
    const twice = await fetch(tokenUrl, { method: "POST", body: "grant_type=device_code&device_code=a&device_code=b" });
    assert.equal(((await twice.json()) as { error: string }).error, "invalid_request");
    const badJson = await fetch(`${stack.endpoint}/_local/oauth/approve`, { method: "POST", body: "{nope" });
    assert.deepEqual([badJson.status, ((await badJson.json()) as { error: string }).error], [400, "invalid_request"]);
    const badApprove = await fetch(`${stack.endpoint}/_local/oauth/approve`, { method: "POST", body: JSON.stringify({ user_code: "X", approve: "yes" }) });
    assert.equal(badApprove.status, 400);
    const huge = await fetch(tokenUrl, { method: "POST", body: "x".repeat(100_000) });
    assert.equal(huge.status, 413);
    // A browser game polls from its own origin.
    const preflight = await fetch(`${stack.endpoint}/_local/oauth/approve`, { method: "OPTIONS" });
    assert.equal(preflight.status, 204);
    assert.equal(preflight.headers.get("access-control-allow-origin"), "*");
  });
});

test("expired credentials are refused with ExpiredTokenException", async () => {
  // The pool's clock runs a minute behind: one-second credentials are issued already expired.
  const stack = await startLocalStack({ port: 0, region, accountId, extensions: [identityPoolsExtension({ credentialsTtlSeconds: 1, now: () => Date.now() - 60_000 })] });
  try {
    const poolId = await createGamePool(stack);
    const { identity, gamelift } = clients(stack);
    const { IdentityId } = await identity.send(new GetIdCommand({ IdentityPoolId: poolId }));
    const out = await identity.send(new GetCredentialsForIdentityCommand({ IdentityId }));
    await rejectsWith(gamelift(asAws(out.Credentials)).send(new DescribeGameSessionsCommand({ GameSessionId: "gsess-x" })), "ExpiredTokenException");
  } finally {
    await stack.stop();
  }
});

test("identities and issued credentials survive a restart on the same state directory", async () => {
  const stateDir = mkdtempSync(join(tmpdir(), "cognito-identity-"));
  const clock = { t: Date.now() };
  const start = () =>
    startLocalStack({
      port: 0,
      region,
      accountId,
      stateDir,
      extensions: [identityPoolsExtension(), deviceCodeProvidersExtension({ interval: 0, now: () => clock.t })],
    });
  let stack = await start();
  try {
    const poolId = await createGamePool(stack);
    const code = await form(`${stack.endpoint}/oauth/amazon/device/code`, { response_type: "device_code", client_id: AMAZON_CLIENT, scope: "profile" });
    await approve(stack, String(code.body["user_code"]), true, "durable-dan");
    const tokens = await form(`${stack.endpoint}/oauth/amazon/token`, { grant_type: "device_code", device_code: String(code.body["device_code"]) });
    const logins = { "www.amazon.com": String(tokens.body["access_token"]) };
    const { identity } = clients(stack);
    const dan = await identity.send(new GetIdCommand({ IdentityPoolId: poolId, Logins: logins }));
    const guest = await identity.send(new GetIdCommand({ IdentityPoolId: poolId }));
    const issued = asAws((await identity.send(new GetCredentialsForIdentityCommand({ IdentityId: dan.IdentityId, Logins: logins }))).Credentials);

    await stack.stop();
    stack = await start();

    const after = clients(stack);
    assert.equal((await after.identity.send(new GetIdCommand({ IdentityPoolId: poolId, Logins: logins }))).IdentityId, dan.IdentityId);
    assert.equal((await after.identity.send(new GetCredentialsForIdentityCommand({ IdentityId: guest.IdentityId }))).IdentityId, guest.IdentityId);
    const listed = await after.gamelift(issued).send(new DescribeGameSessionsCommand({ GameSessionId: "gsess-x" })).catch((e: Error) => e);
    assert.ok(!(listed instanceof Error) || !AUTH_ERRORS.has(listed.name), `credentials issued before the restart were refused: ${String(listed)}`);
    const roles = await after.admin.send(new GetIdentityPoolRolesCommand({ IdentityPoolId: poolId }));
    assert.deepEqual(roles.Roles, defaultRoleArns(accountId));
  } finally {
    await stack.stop();
    rmSync(stateDir, { recursive: true, force: true });
  }
});
