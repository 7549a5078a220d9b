// Identity pool rules without HTTP: which identity a login gets, guests, linking, and the errors Cognito answers.
import assert from "node:assert/strict";
import { test } from "vitest";
import { identityOperations } from "../../../../../local/cognito/identity/identity-operations.ts";
import { IssuedCredentials } from "../../../../../local/cognito/identity/issued-credentials.ts";
import { OpenIdTokens } from "../../../../../local/cognito/identity/open-id-tokens.ts";
import { poolOperations } from "../../../../../local/cognito/identity/pool-operations.ts";
import { defaultRoleActions, defaultRoleArns, RolePolicies } from "../../../../../local/cognito/identity/roles.ts";
import { IdentityState } from "../../../../../local/cognito/identity/state.ts";
import type { LoginSources } from "../../../../../local/cognito/identity/logins.ts";
import { ServiceError } from "../../../../../local/http/service-error.ts";

const USER_POOL = "cognito-idp.us-west-2.amazonaws.com/us-west-2_Abc123";
const ctx = { requestId: "r", operation: "x", host: "h" };

/** Tokens here are "<clientId>|<sub>"; "bad" is refused as helper D's verifier would. */
const sources: LoginSources = {
  userPools: () => ({
    async verifyIdToken(_provider, token) {
      if (token === "bad") throw new ServiceError("NotAuthorizedException", "Invalid login token. Token expired", 403);
      const [clientId, sub] = token.split("|");
      return { clientId: clientId!, sub: sub! };
    },
  }),
  deviceProviders: () => ({
    checkAmazonAccessToken: (token) => (token.startsWith("Atza|") ? { ok: true, subject: token.slice(5), audiences: ["lwa-client"] } : { ok: false, reason: "nope" }),
    checkGoogleIdToken: async () => ({ ok: false, reason: "Token expired." }),
  }),
};

async function setup(allowGuests = true) {
  let now = 1_700_000_000_000;
  const state = new IdentityState(undefined, () => now);
  const policies = new RolePolicies(defaultRoleActions("123456789012"));
  const credentials = new IssuedCredentials(state, policies, "123456789012", 3600, () => now);
  const admin = poolOperations({ region: "us-west-2", state, now: () => now });
  const ops = identityOperations({ region: "us-west-2", state, credentials, openIdTokens: await OpenIdTokens.load(state), issuer: () => "http://127.0.0.1:8080", logins: sources, now: () => now });
  const pool = admin.CreateIdentityPool({
    IdentityPoolName: "game",
    AllowUnauthenticatedIdentities: allowGuests,
    CognitoIdentityProviders: [{ ProviderName: USER_POOL, ClientId: "app" }],
    SupportedLoginProviders: { "www.amazon.com": "lwa-client" },
  }) as { IdentityPoolId: string };
  admin.SetIdentityPoolRoles({ IdentityPoolId: pool.IdentityPoolId, Roles: defaultRoleArns("123456789012") });
  return { state, admin, ops, credentials, poolId: pool.IdentityPoolId, tick: (ms: number) => (now += ms) };
}

const rejectsWith = async (p: Promise<unknown> | (() => unknown), name: string, message?: RegExp) =>
  assert.rejects(async () => (typeof p === "function" ? p() : p), (e: ServiceError) => {
    assert.equal(e.name, name);
    if (message) assert.match(e.message, message);
    return true;
  });

test("the same login always gets the same identity; another user another one", async () => {
  const { ops, poolId } = await setup();
  const a = await ops.GetId({ IdentityPoolId: poolId, Logins: { [USER_POOL]: "app|alice" } }, ctx);
  const b = await ops.GetId({ IdentityPoolId: poolId, Logins: { [USER_POOL]: "app|alice" } }, ctx);
  const c = await ops.GetId({ IdentityPoolId: poolId, Logins: { [USER_POOL]: "app|bob" } }, ctx);
  assert.match(a.IdentityId, /^us-west-2:[0-9a-f-]{36}$/);
  assert.equal(a.IdentityId, b.IdentityId);
  assert.notEqual(a.IdentityId, c.IdentityId);
});

test("guests get identities only when the pool allows them, and keep them", async () => {
  const { ops, poolId, credentials } = await setup();
  const guest = await ops.GetId({ IdentityPoolId: poolId }, ctx);
  const first = await ops.GetCredentialsForIdentity({ IdentityId: guest.IdentityId }, ctx);
  const second = await ops.GetCredentialsForIdentity({ IdentityId: guest.IdentityId }, ctx);
  assert.equal(second.IdentityId, guest.IdentityId);
  assert.notEqual(first.Credentials.AccessKeyId, second.Credentials.AccessKeyId);
  assert.match(first.Credentials.AccessKeyId, /^ASIA[A-Z2-7]{16}$/);
  const record = credentials.resolve(first.Credentials.AccessKeyId)!;
  assert.equal(record.principalArn, "arn:aws:sts::123456789012:assumed-role/PhaserGameLiftUnauthenticated/CognitoIdentityCredentials");
  assert.ok(record.allows("gamelift:SearchGameSessions"));
  assert.ok(!record.allows("gamelift:CreateGameSession"));

  const closed = await setup(false);
  await rejectsWith(closed.ops.GetId({ IdentityPoolId: closed.poolId }, ctx), "NotAuthorizedException", /^Unauthenticated access is not supported for this identity pool\.$/);
});

test("a guest identity signing in becomes that login's identity", async () => {
  const { ops, poolId, credentials, admin } = await setup();
  const guest = await ops.GetId({ IdentityPoolId: poolId }, ctx);
  const linked = await ops.GetCredentialsForIdentity({ IdentityId: guest.IdentityId, Logins: { [USER_POOL]: "app|carol" } }, ctx);
  assert.equal(linked.IdentityId, guest.IdentityId);
  assert.ok(credentials.resolve(linked.Credentials.AccessKeyId)!.allows("gamelift:CreateGameSession"));
  assert.equal((await ops.GetId({ IdentityPoolId: poolId, Logins: { [USER_POOL]: "app|carol" } }, ctx)).IdentityId, guest.IdentityId);
  assert.deepEqual(admin.DescribeIdentity({ IdentityId: guest.IdentityId }).Logins, [USER_POOL]);
  // Signed in now: credentials without the login are refused.
  await rejectsWith(ops.GetCredentialsForIdentity({ IdentityId: guest.IdentityId }, ctx), "NotAuthorizedException", /^Logins don't match/);

  // A second guest presenting carol's login is answered for carol's identity.
  const other = await ops.GetId({ IdentityPoolId: poolId }, ctx);
  const answered = await ops.GetCredentialsForIdentity({ IdentityId: other.IdentityId, Logins: { [USER_POOL]: "app|carol" } }, ctx);
  assert.equal(answered.IdentityId, guest.IdentityId);
});

test("an authenticated identity with somebody else's login is refused", async () => {
  const { ops, poolId } = await setup();
  const alice = await ops.GetId({ IdentityPoolId: poolId, Logins: { [USER_POOL]: "app|alice" } }, ctx);
  await rejectsWith(ops.GetCredentialsForIdentity({ IdentityId: alice.IdentityId, Logins: { [USER_POOL]: "app|mallory" } }, ctx), "NotAuthorizedException", /^Logins don't match/);
});

test("a second provider's login is linked to the same identity", async () => {
  const { ops, poolId, admin } = await setup();
  const alice = await ops.GetId({ IdentityPoolId: poolId, Logins: { [USER_POOL]: "app|alice" } }, ctx);
  const both = await ops.GetId({ IdentityPoolId: poolId, Logins: { [USER_POOL]: "app|alice", "www.amazon.com": "Atza|amzn-alice" } }, ctx);
  assert.equal(both.IdentityId, alice.IdentityId);
  assert.equal((await ops.GetId({ IdentityPoolId: poolId, Logins: { "www.amazon.com": "Atza|amzn-alice" } }, ctx)).IdentityId, alice.IdentityId);
  assert.deepEqual(admin.DescribeIdentity({ IdentityId: alice.IdentityId }).Logins, [USER_POOL, "www.amazon.com"]);
  // Two logins that already belong to different identities are not merged here.
  await ops.GetId({ IdentityPoolId: poolId, Logins: { [USER_POOL]: "app|bob" } }, ctx);
  await rejectsWith(ops.GetId({ IdentityPoolId: poolId, Logins: { [USER_POOL]: "app|bob", "www.amazon.com": "Atza|amzn-alice" } }, ctx), "ResourceConflictException");
});

test("logins are checked against the pool's providers and clients", async () => {
  const { ops, poolId } = await setup();
  await rejectsWith(ops.GetId({ IdentityPoolId: poolId, Logins: { [USER_POOL]: "other-app|alice" } }, ctx), "NotAuthorizedException", /^Invalid login token\. Incorrect token audience\.$/);
  await rejectsWith(
    ops.GetId({ IdentityPoolId: poolId, Logins: { "cognito-idp.us-west-2.amazonaws.com/us-west-2_Other9": "app|alice" } }, ctx),
    "NotAuthorizedException",
    /^Token is not from a supported provider of this identity pool\.$/,
  );
  await rejectsWith(ops.GetId({ IdentityPoolId: poolId, Logins: { [USER_POOL]: "bad" } }, ctx), "NotAuthorizedException", /Token expired/);
  await rejectsWith(ops.GetId({ IdentityPoolId: poolId, Logins: { "accounts.google.com": "x" } }, ctx), "NotAuthorizedException", /supported provider/);
  await rejectsWith(ops.GetId({ IdentityPoolId: poolId, Logins: { "www.amazon.com": "junk" } }, ctx), "NotAuthorizedException", /^Invalid login token\. nope$/);
  await rejectsWith(ops.GetId({ IdentityPoolId: poolId, Logins: { [USER_POOL]: "" } }, ctx), "InvalidParameterException");
  await rejectsWith(ops.GetId({ IdentityPoolId: poolId, Logins: "x" }, ctx), "InvalidParameterException");
});

test("unknown pools and identities, malformed ids, and pools without roles", async () => {
  const { ops, admin } = await setup();
  await rejectsWith(ops.GetId({ IdentityPoolId: "us-west-2:00000000-0000-0000-0000-000000000000" }, ctx), "ResourceNotFoundException", /^IdentityPool 'us-west-2:0+-0+-0+-0+-0+' not found\.$/);
  await rejectsWith(ops.GetCredentialsForIdentity({ IdentityId: "us-west-2:00000000-0000-0000-0000-000000000000" }, ctx), "ResourceNotFoundException");
  await rejectsWith(ops.GetId({ IdentityPoolId: "not an id" }, ctx), "InvalidParameterException", /^1 validation error detected: Value 'not an id' at 'identityPoolId'/);
  await rejectsWith(ops.GetId({}, ctx), "InvalidParameterException", /Member must not be null/);
  await rejectsWith(ops.GetCredentialsForIdentity({ IdentityId: 42 }, ctx), "InvalidParameterException");

  const bare = admin.CreateIdentityPool({ IdentityPoolName: "bare", AllowUnauthenticatedIdentities: true }) as { IdentityPoolId: string };
  const guest = await ops.GetId({ IdentityPoolId: bare.IdentityPoolId }, ctx);
  await rejectsWith(ops.GetCredentialsForIdentity({ IdentityId: guest.IdentityId }, ctx), "InvalidIdentityPoolConfigurationException");
});

test("administration validates its input", async () => {
  const { admin, poolId } = await setup();
  await rejectsWith(() => admin.CreateIdentityPool({ IdentityPoolName: "x" }), "InvalidParameterException", /allowUnauthenticatedIdentities/);
  await rejectsWith(() => admin.CreateIdentityPool({ IdentityPoolName: "bad/name", AllowUnauthenticatedIdentities: true }), "InvalidParameterException");
  await rejectsWith(() => admin.SetIdentityPoolRoles({ IdentityPoolId: poolId, Roles: { admin: "arn:aws:iam::123456789012:role/X" } }), "InvalidParameterException");
  await rejectsWith(() => admin.SetIdentityPoolRoles({ IdentityPoolId: poolId, Roles: { authenticated: "nope" } }), "InvalidParameterException");
  await rejectsWith(() => admin.ListIdentityPools({ MaxResults: 0 }), "InvalidParameterException");
  await rejectsWith(() => admin.ListIdentityPools({ MaxResults: 5, NextToken: "garbage" }), "InvalidParameterException");
  for (let i = 0; i < 4; i++) admin.CreateIdentityPool({ IdentityPoolName: `p${i}`, AllowUnauthenticatedIdentities: false });
  const first = admin.ListIdentityPools({ MaxResults: 3 });
  const rest = admin.ListIdentityPools({ MaxResults: 3, NextToken: first.NextToken });
  assert.equal(first.IdentityPools.length + rest.IdentityPools.length, 5);
  assert.equal(rest.NextToken, undefined);
});
