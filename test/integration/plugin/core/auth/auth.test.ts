// The plugin's auth part (kit.auth, kit.users, kit.credentials) against the local stack, through the same AWS
// SDK clients and fetch calls it makes in a browser: sign-up with codes from the dev mailbox, SRP and password
// sign-in, MFA by SMS and TOTP, password reset, refresh and credential renewal across real expiries, device-code
// sign-in for both providers, guests, global sign-out, and a GameLift call signed with the kit's credentials.
import assert from "node:assert/strict";
import { describe, test, beforeAll, afterAll, afterEach } from "vitest";
import { GetIdCommand, CognitoIdentityClient } from "@aws-sdk/client-cognito-identity";
import {
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  InitiateAuthCommand,
  SetUserPoolMfaConfigCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { GameLiftClient, ListFleetsCommand, SearchGameSessionsCommand } from "@aws-sdk/client-gamelift";
import { TOTP, URI } from "otpauth";
import { AUTHENTICATED_PLAYER_ACTIONS, defaultRoleArns } from "../../../../../local/cognito/identity/index.ts";
import { createAuth, type Auth } from "../../../../../plugin/core/auth/index.ts";
import type { GameLiftKitConfig } from "../../../../../plugin/core/config.ts";
import { GameLiftKitError } from "../../../../../plugin/core/errors.ts";
import type { EventMap, NotificationBus } from "../../../../../plugin/core/events/bus.ts";
import { Timers } from "../../../../../plugin/core/timers.ts";
import { AMAZON_CLIENT, GOOGLE_CLIENT, startTestStack } from "../../../../fixtures/local-stack.ts";
import { MemoryStorage } from "../../../../helpers/memory-storage.ts";

const region = "us-west-2";
const accountId = "123456789012";
const PASSWORD = "Correct-Horse-9-battery";

const unhandled: unknown[] = [];
process.on("unhandledRejection", (reason) => unhandled.push(reason));

/** The stack with a game's Cognito set-up, an MFA-optional pool, and a second app client with a secret. */
function startBackend(options: { accessTokenTtlSeconds?: number; credentialsTtlSeconds?: number; clock?: { offset: number } } = {}) {
  const roles = defaultRoleArns(accountId);
  return startTestStack({
    region,
    accountId,
    cognito: {
      userPools: options.accessTokenTtlSeconds ? { accessTokenTtlSeconds: options.accessTokenTtlSeconds } : {},
      // Listing fleets is not a player action; granted so a signed call can succeed outright.
      identityPools: {
        roles: { [roles.authenticated]: [...AUTHENTICATED_PLAYER_ACTIONS, "gamelift:ListFleets"] },
        ...(options.credentialsTtlSeconds ? { credentialsTtlSeconds: options.credentialsTtlSeconds } : {}),
      },
      deviceCode: { now: () => Date.now() + (options.clock?.offset ?? 0) },
      userPool: { AutoVerifiedAttributes: ["email", "phone_number"], MfaConfiguration: "OPTIONAL" },
      secretClient: true,
    },
  });
}
type Backend = Awaited<ReturnType<typeof startBackend>>;

/** Every kit a test makes, destroyed after it, with a check that nothing of it keeps running. */
const kits: { kit: Auth; timers: Timers }[] = [];
afterEach(() => {
  for (const { kit, timers } of kits.splice(0)) {
    kit.destroy();
    assert.equal(timers.size, 0, "destroy() left timers behind");
  }
});

function newKit(backend: Backend, extra: Partial<GameLiftKitConfig> & { storage?: Storage } = {}): Auth {
  const { storage, ...overrides } = extra;
  const config: GameLiftKitConfig = {
    region,
    endpoint: backend.stack.endpoint,
    cognito: { userPoolId: backend.cognito.userPoolId, appClientId: backend.cognito.appClientId, identityPoolId: backend.cognito.identityPoolId },
    providers: { loginWithAmazon: { clientId: AMAZON_CLIENT }, google: { clientId: GOOGLE_CLIENT, clientSecret: "local-secret" } },
    ...overrides,
  };
  const timers = new Timers();
  const kit = createAuth(config, { timers, ...(storage ? { storage } : {}) });
  kits.push({ kit, timers });
  return kit;
}

/** Every notification of one name, as argument tuples. */
function heard<E extends EventMap, K extends keyof E & string>(bus: NotificationBus<E>, name: K): E[K][] {
  const calls: E[K][] = [];
  bus.on(name, ((...args: E[K]) => calls.push(args)) as never);
  return calls;
}

const latestCode = (backend: Backend, to: string) => backend.cognito.latestCode(to);
const approve = (backend: Backend, userCode: string, decision: boolean, userName = "tester") => backend.cognito.decideDeviceCode(userCode, decision, userName);

const gamelift = (backend: Backend, kit: Auth) => new GameLiftClient({ region, endpoint: backend.stack.endpoint, credentials: kit.credentials.provider, maxAttempts: 1 });

async function signedUp(backend: Backend, kit: Auth, username: string, email = `${username}@example.com`): Promise<void> {
  await kit.users.emailSignUp(username, PASSWORD, email);
  await kit.users.confirmSignUp(username, await latestCode(backend, email));
}

const hasCode = (code: string) => (e: unknown) => {
  assert.ok(e instanceof GameLiftKitError, `not a GameLiftKitError: ${String(e)}`);
  assert.equal(e.code, code, e.message);
  return true;
};

describe("the plugin's auth against the local stack", () => {
  const clock = { offset: 0 };
  let backend: Backend;

  beforeAll(async () => {
    backend = await startBackend({ clock });
  });
  afterAll(() => backend?.stop());

  test("sign-up, confirmation from the mailbox, SRP and single-factor sign-in, credentials, a signed GameLift call", async () => {
    const kit = newKit(backend);
    const signUps = heard(kit.users.bus, "onEmailSignUpSuccess");
    const confirmations = heard(kit.users.bus, "onConfirmSignUpSuccess");
    const signIns = heard(kit.auth.bus, "onPasswordGrantSingleFactorSignInSuccess");
    const creds = heard(kit.credentials.bus, "onRequestAWSCredentialsSuccess");

    const result = await kit.users.emailSignUp("ann", PASSWORD, "ann@example.com");
    assert.match(result.uuid, /^[0-9a-f-]{36}$/);
    assert.equal(result.userConfirmed, false);
    assert.deepEqual(signUps, [[result.uuid, { destination: result.codeDelivery!.destination, deliveryMedium: "EMAIL", attributeName: "email" }]]);
    await kit.users.confirmSignUp("ann", await latestCode(backend, "ann@example.com"));
    assert.equal(confirmations.length, 1);

    assert.equal(kit.auth.isSignedIn(), false);
    const srp = await kit.auth.passwordGrantSignIn("ann", PASSWORD);
    assert.ok(srp.signedIn);
    assert.equal(srp.tokens.provider, "cognito");
    assert.equal(srp.tokens.username, "ann");
    assert.ok(srp.tokens.idToken && srp.tokens.refreshToken);
    assert.ok(Math.abs(srp.tokens.expiresAt - (Date.now() + 3_600_000)) < 10_000);
    assert.deepEqual(signIns, [[srp.tokens]]);
    assert.equal(kit.auth.isSignedIn("cognito"), true);

    const single = await kit.auth.passwordGrantSingleFactorSignIn("ann", PASSWORD);
    assert.ok(single.signedIn);
    assert.notEqual(single.tokens.accessToken, srp.tokens.accessToken);
    assert.deepEqual(kit.auth.getAuthenticationTokens(), single.tokens);
    assert.deepEqual(await kit.auth.getTokensWithRefresh("cognito"), single.tokens);

    const credentials = await kit.credentials.requestAWSCredentials();
    assert.equal(credentials.authenticated, true);
    assert.match(credentials.accessKeyId, /^ASIA/);
    assert.equal(kit.credentials.getIdentityId(), credentials.identityId);
    assert.deepEqual(creds, [[credentials]]);

    const listed = await gamelift(backend, kit).send(new ListFleetsCommand({}));
    assert.equal(listed.$metadata.httpStatusCode, 200);
    assert.equal(creds.length, 1, "the provider hands out the held credentials");
  });

  test("a wrong password fails with NotAuthorizedException, and bad input never leaves the kit", async () => {
    const kit = newKit(backend);
    await signedUp(backend, kit, "bea");
    const fails = heard(kit.auth.bus, "onPasswordGrantSingleFactorSignInFail");
    await assert.rejects(kit.auth.passwordGrantSingleFactorSignIn("bea", "Wrong-password-1"), hasCode("NotAuthorizedException"));
    assert.equal(fails.length, 1);
    assert.equal(fails[0]![0].code, "NotAuthorizedException");
    assert.equal(fails[0]![0].message, "Incorrect username or password.");
    await assert.rejects(kit.auth.passwordGrantSignIn("bea", "Wrong-password-1"), hasCode("NotAuthorizedException"));
    await assert.rejects(kit.auth.passwordGrantSignIn("nobody-here", PASSWORD), hasCode("UserNotFoundException"));

    await assert.rejects(kit.auth.passwordGrantSingleFactorSignIn("", PASSWORD), hasCode("InvalidParameter"));
    await assert.rejects(kit.auth.passwordGrantSignIn("bea", "   "), hasCode("InvalidParameter"));
    await assert.rejects(kit.users.emailSignUp("x", PASSWORD, "not-an-email"), hasCode("InvalidParameter"));
    await assert.rejects(kit.users.phoneSignUp("x", PASSWORD, "555-0100"), hasCode("InvalidParameter"));
    await assert.rejects(kit.auth.passwordGrantMultiFactorConfirmSignIn("bea", "123456"), hasCode("InvalidParameter"));
    await assert.rejects(kit.auth.deviceCodeGrantSignIn("facebook" as never), hasCode("InvalidParameter"));
    await assert.rejects(kit.auth.refreshTokens(), hasCode("NotSignedIn"));
    assert.equal(fails.length, 5, "three refusals, two invalid inputs");
    assert.equal(kit.auth.isSignedIn(), false);
  });

  test("xAsync forms fire their notifications and never reject", async () => {
    const kit = newKit(backend);
    const signedUp = kit.users.bus.once("onEmailSignUpSuccess");
    kit.users.emailSignUpAsync("cid", PASSWORD, "cid@example.com");
    const [uuid] = await signedUp;
    assert.match(uuid, /^[0-9a-f-]{36}$/);

    const confirmed = kit.users.bus.once("onConfirmSignUpSuccess");
    kit.users.confirmSignUpAsync("cid", await latestCode(backend, "cid@example.com"));
    await confirmed;

    const failed = kit.auth.bus.once("onPasswordGrantSingleFactorSignInFail");
    kit.auth.passwordGrantSignInAsync("cid", "Wrong-password-1");
    assert.equal((await failed)[0].code, "NotAuthorizedException");

    const invalid = kit.auth.bus.once("onPasswordGrantMultiFactorSignInFail");
    kit.auth.passwordGrantMultiFactorSignInAsync("", "");
    assert.equal((await invalid)[0].code, "InvalidParameter");

    const signedIn = kit.auth.bus.once("onPasswordGrantSingleFactorSignInSuccess");
    kit.auth.passwordGrantSingleFactorSignInAsync("cid", PASSWORD);
    assert.equal((await signedIn)[0].username, "cid");

    const creds = kit.credentials.bus.once("onRequestAWSCredentialsSuccess");
    kit.credentials.requestAWSCredentialsAsync();
    assert.equal((await creds)[0].authenticated, true);

    const refreshed = kit.auth.bus.once("onRefreshTokensSuccess");
    kit.auth.refreshTokensAsync();
    assert.equal((await refreshed)[0].provider, "cognito");

    const noUser = kit.users.bus.once("onForgotPasswordFail");
    kit.users.forgotPasswordAsync("nobody-at-all");
    assert.equal((await noUser)[0].code, "UserNotFoundException");

    const signedOut = kit.auth.bus.once("onSignOut");
    kit.auth.signOutAsync();
    assert.deepEqual(await signedOut, ["cognito"]);
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.deepEqual(unhandled, []);
  });

  test("SMS MFA: phone sign-up, enableMFA, then the code from the phone's mailbox", async () => {
    const kit = newKit(backend);
    const phone = "+15555550101";
    const phoneSignUps = heard(kit.users.bus, "onPhoneSignUpSuccess");
    const result = await kit.users.phoneSignUp("pat", PASSWORD, phone);
    assert.equal(result.codeDelivery?.deliveryMedium, "SMS");
    assert.equal(phoneSignUps.length, 1);
    await kit.users.confirmSignUp("pat", await latestCode(backend, phone));
    await kit.auth.passwordGrantSignIn("pat", PASSWORD);
    const enabled = heard(kit.users.bus, "onEnableMFASuccess");
    assert.deepEqual(await kit.users.enableMFA("SMS"), { kind: "SMS", status: "ENABLED" });
    assert.deepEqual(enabled, [[{ kind: "SMS", status: "ENABLED" }]]);
    await kit.auth.signOut();

    const challenges = heard(kit.auth.bus, "onPasswordGrantMultiFactorSignInSuccess");
    const started = await kit.auth.passwordGrantMultiFactorSignIn("pat", PASSWORD);
    assert.ok(!started.signedIn);
    assert.equal(started.challenge.name, "SMS_MFA");
    assert.equal(started.challenge.codeDeliveryMedium, "SMS");
    assert.equal(started.challenge.codeDeliveryDestination, "+*******0101");
    assert.deepEqual(challenges, [[started.challenge]]);
    assert.equal(kit.auth.isSignedIn(), false);

    const code = await latestCode(backend, phone);
    const confirmFails = heard(kit.auth.bus, "onPasswordGrantMultiFactorConfirmSignInFail");
    await assert.rejects(kit.auth.passwordGrantMultiFactorConfirmSignIn("pat", code === "000000" ? "111111" : "000000"), hasCode("CodeMismatchException"));
    assert.equal(confirmFails.length, 1);
    const confirmed = heard(kit.auth.bus, "onPasswordGrantMultiFactorConfirmSignInSuccess");
    const tokens = await kit.auth.passwordGrantMultiFactorConfirmSignIn("pat", code);
    assert.equal(tokens.username, "pat");
    assert.deepEqual(confirmed, [[tokens]]);
    assert.equal(kit.auth.isSignedIn("cognito"), true);
  });

  test("TOTP MFA: the otpauth URI, verification, then sign-in with authenticator codes", async () => {
    const kit = newKit(backend);
    await signedUp(backend, kit, "tom");
    await kit.auth.passwordGrantSignIn("tom", PASSWORD);
    const pending = await kit.users.enableMFA("TOTP", { issuer: "Space Game" });
    assert.ok(pending.status === "PENDING_VERIFICATION");
    assert.equal(pending.otpauthUri, `otpauth://totp/Space%20Game:tom?secret=${pending.secretCode}&issuer=Space%20Game`);
    const totp = URI.parse(pending.otpauthUri);
    assert.ok(totp instanceof TOTP);
    assert.equal(totp.issuer, "Space Game");
    assert.equal(totp.label, "tom");
    await assert.rejects(kit.users.enableMFA("TOTP", { code: totp.generate() === "000000" ? "111111" : "000000" }), hasCode("EnableSoftwareTokenMFAException"));
    assert.deepEqual(await kit.users.enableMFA("TOTP", { code: totp.generate(), deviceName: "phone" }), { kind: "TOTP", status: "ENABLED" });
    await kit.auth.signOut("cognito");

    const started = await kit.auth.passwordGrantMultiFactorSignIn("tom", PASSWORD);
    assert.ok(!started.signedIn);
    assert.equal(started.challenge.name, "SOFTWARE_TOKEN_MFA");
    const tokens = await kit.auth.passwordGrantMultiFactorConfirmSignIn("tom", totp.generate());
    assert.equal(tokens.username, "tom");

    // The plain sign-in meets the same challenge and says so on the multi-factor notification.
    await kit.auth.signOut();
    const challenge = kit.auth.bus.once("onPasswordGrantMultiFactorSignInSuccess");
    const plain = await kit.auth.passwordGrantSingleFactorSignIn("tom", PASSWORD);
    assert.equal(plain.signedIn, false);
    assert.equal((await challenge)[0].name, "SOFTWARE_TOKEN_MFA");
  });

  test("MFA_SETUP: a pool that requires MFA; the kit sets up an authenticator app during sign-in, then signs in with it", async () => {
    // A pool whose users must have a second factor, authenticator apps only, and a user who has none yet.
    const idp = new CognitoIdentityProviderClient({ region, endpoint: backend.stack.endpoint, credentials: backend.stack.developerCredentials, maxAttempts: 1 });
    const userPoolId = (await idp.send(new CreateUserPoolCommand({ PoolName: "mfa-required", MfaConfiguration: "ON" }))).UserPool!.Id!;
    await idp.send(new SetUserPoolMfaConfigCommand({ UserPoolId: userPoolId, MfaConfiguration: "ON", SoftwareTokenMfaConfiguration: { Enabled: true } }));
    const appClientId = (await idp.send(new CreateUserPoolClientCommand({ UserPoolId: userPoolId, ClientName: "game", ExplicitAuthFlows: ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"] })))
      .UserPoolClient!.ClientId!;
    await idp.send(new AdminCreateUserCommand({ UserPoolId: userPoolId, Username: "una", MessageAction: "SUPPRESS" }));
    await idp.send(new AdminSetUserPasswordCommand({ UserPoolId: userPoolId, Username: "una", Password: PASSWORD, Permanent: true }));
    idp.destroy();
    const kit = newKit(backend, { cognito: { userPoolId, appClientId } });

    const challenged = kit.auth.bus.once("onPasswordGrantMultiFactorSignInSuccess");
    const started = await kit.auth.passwordGrantSignIn("una", PASSWORD);
    assert.ok(!started.signedIn);
    assert.equal(started.challenge.name, "MFA_SETUP");
    assert.deepEqual(started.challenge.mfasCanSetup, ["SOFTWARE_TOKEN_MFA"]);
    assert.equal((await challenged)[0].name, "MFA_SETUP");
    // The code comes after the secret.
    await assert.rejects(kit.auth.passwordGrantMultiFactorConfirmSignIn("una", "123456"), hasCode("InvalidParameter"));

    const issued = heard(kit.auth.bus, "onPasswordGrantMfaSetupSuccess");
    const setup = await kit.auth.setUpSoftwareTokenMfa("una", { issuer: "Space Game" });
    assert.deepEqual(issued, [[setup]]);
    assert.equal(setup.otpauthUri, `otpauth://totp/Space%20Game:una?secret=${setup.secretCode}&issuer=Space%20Game`);
    const totp = URI.parse(setup.otpauthUri);
    assert.ok(totp instanceof TOTP);

    // A wrong code is refused and may be tried again; the app's code signs the player in.
    const wrong = totp.generate() === "000000" ? "111111" : "000000";
    await assert.rejects(kit.auth.passwordGrantMultiFactorConfirmSignIn("una", wrong), hasCode("EnableSoftwareTokenMFAException"));
    const signedIn = kit.auth.bus.once("onPasswordGrantMultiFactorConfirmSignInSuccess");
    const tokens = await kit.auth.passwordGrantMultiFactorConfirmSignIn("una", totp.generate());
    assert.equal(tokens.username, "una");
    assert.equal((await signedIn)[0].username, "una");
    assert.equal(kit.auth.isSignedIn("cognito"), true);

    // From now on the app is the second factor.
    await kit.auth.signOut();
    const again = await kit.auth.passwordGrantSignIn("una", PASSWORD);
    assert.ok(!again.signedIn);
    assert.equal(again.challenge.name, "SOFTWARE_TOKEN_MFA");
    assert.equal((await kit.auth.passwordGrantMultiFactorConfirmSignIn("una", totp.generate())).username, "una");
  });

  test("forgot password: the code from the mailbox sets a new password", async () => {
    const kit = newKit(backend);
    await signedUp(backend, kit, "flo");
    const delivery = await kit.users.forgotPassword("flo");
    assert.equal(delivery?.deliveryMedium, "EMAIL");
    const code = await latestCode(backend, "flo@example.com");
    const fails = heard(kit.users.bus, "onConfirmForgotPasswordFail");
    await assert.rejects(kit.users.confirmForgotPassword("flo", code === "000000" ? "111111" : "000000", "New-password-2!"), hasCode("CodeMismatchException"));
    assert.equal(fails.length, 1);
    const done = heard(kit.users.bus, "onConfirmForgotPasswordSuccess");
    await kit.users.confirmForgotPassword("flo", code, "New-password-2!");
    assert.equal(done.length, 1);
    await assert.rejects(kit.auth.passwordGrantSignIn("flo", PASSWORD), hasCode("NotAuthorizedException"));
    assert.ok((await kit.auth.passwordGrantSignIn("flo", "New-password-2!")).signedIn);
  });

  test("resend confirmation code", async () => {
    const kit = newKit(backend);
    await kit.users.emailSignUp("rex", PASSWORD, "rex@example.com");
    const first = await latestCode(backend, "rex@example.com");
    const resent = heard(kit.users.bus, "onResendConfirmationCodeSuccess");
    const delivery = await kit.users.resendConfirmationCode("rex");
    assert.equal(delivery?.attributeName, "email");
    assert.deepEqual(resent, [[delivery]]);
    const second = await latestCode(backend, "rex@example.com");
    await kit.users.confirmSignUp("rex", second);
    assert.ok(first && second);
  });

  test("an app client with a secret: SECRET_HASH on sign-up, SRP, password and refresh", async () => {
    const kit = newKit(backend, {
      cognito: { userPoolId: backend.cognito.userPoolId, appClientId: backend.cognito.secretClient!.id, appClientSecret: backend.cognito.secretClient!.secret },
    });
    await signedUp(backend, kit, "sam");
    assert.ok((await kit.auth.passwordGrantSignIn("sam", PASSWORD)).signedIn);
    assert.ok((await kit.auth.passwordGrantSingleFactorSignIn("sam", PASSWORD)).signedIn);
    const before = kit.auth.getAuthenticationTokens()!;
    const refreshed = await kit.auth.refreshTokens("cognito");
    assert.notEqual(refreshed.accessToken, before.accessToken);
    assert.equal(refreshed.refreshToken, before.refreshToken);

    const wrong = newKit(backend, { cognito: { userPoolId: backend.cognito.userPoolId, appClientId: backend.cognito.secretClient!.id, appClientSecret: "not-the-secret" } });
    await assert.rejects(wrong.auth.passwordGrantSignIn("sam", PASSWORD), hasCode("NotAuthorizedException"));
  });

  test("NEW_PASSWORD_REQUIRED is a challenge the game answers with completeNewPassword", async () => {
    const admin = new CognitoIdentityProviderClient({ region, endpoint: backend.stack.endpoint, credentials: backend.stack.developerCredentials, maxAttempts: 1 });
    await admin.send(new AdminCreateUserCommand({ UserPoolId: backend.cognito.userPoolId, Username: "nia", TemporaryPassword: "Temporary-1-pass", MessageAction: "SUPPRESS" }));
    admin.destroy();
    const kit = newKit(backend);
    const challenge = kit.auth.bus.once("onPasswordGrantMultiFactorSignInSuccess");
    const started = await kit.auth.passwordGrantSignIn("nia", "Temporary-1-pass");
    assert.ok(!started.signedIn);
    assert.equal(started.challenge.name, "NEW_PASSWORD_REQUIRED");
    assert.deepEqual((await challenge)[0], started.challenge);
    const confirmed = kit.auth.bus.once("onPasswordGrantMultiFactorConfirmSignInSuccess");
    const done = await kit.auth.completeNewPassword("nia", "Chosen-by-nia-7");
    assert.ok(done.signedIn);
    assert.equal((await confirmed)[0].username, "nia");
    assert.ok((await kit.auth.passwordGrantSignIn("nia", "Chosen-by-nia-7")).signedIn);
  });

  test("Login with Amazon device sign-in: the kit polls, the player approves, credentials follow", async () => {
    const kit = newKit(backend);
    const started = kit.auth.bus.once("onDeviceCodeGrantSignInSuccess");
    const confirmed = kit.auth.bus.once("onDeviceCodeGrantConfirmSignInSuccess");
    const signIn = await kit.auth.deviceCodeGrantSignIn("loginWithAmazon");
    const [userCode, verificationUrl, expiresIn] = await started;
    assert.deepEqual([userCode, verificationUrl, expiresIn], [signIn.userCode, `${backend.stack.endpoint}/oauth/amazon/device`, 600]);
    assert.match(userCode, /^[A-Z]{4}-[A-Z]{4}$/);
    await approve(backend, userCode, true, "amazon-ann");
    const [tokens] = await confirmed;
    assert.equal(tokens.provider, "loginWithAmazon");
    assert.match(tokens.accessToken, /^Atza\|/);
    assert.equal(kit.auth.isSignedIn("loginWithAmazon"), true);

    const credentials = await kit.credentials.requestAWSCredentials();
    assert.equal(credentials.authenticated, true);
    assert.equal((await gamelift(backend, kit).send(new ListFleetsCommand({}))).$metadata.httpStatusCode, 200);

    const refreshed = await kit.auth.refreshTokens("loginWithAmazon");
    assert.equal(refreshed.refreshToken, tokens.refreshToken);
    const again = await kit.credentials.requestAWSCredentials();
    assert.equal(again.identityId, credentials.identityId, "the refreshed token is the same player");
  });

  test("Google device sign-in with the manual confirm call", async () => {
    const kit = newKit(backend);
    const signIn = await kit.auth.deviceCodeGrantSignIn("google", { poll: false });
    assert.equal(signIn.verificationUrl, `${backend.stack.endpoint}/oauth/google/device`);
    await approve(backend, signIn.userCode, true, "gina");
    const confirmed = heard(kit.auth.bus, "onDeviceCodeGrantConfirmSignInSuccess");
    const [a, b] = await Promise.all([kit.auth.deviceCodeGrantConfirmSignIn("google"), kit.auth.deviceCodeGrantConfirmSignIn("google")]);
    assert.equal(a, b, "one poll loop however many wait");
    assert.equal(confirmed.length, 1);
    assert.equal(a.provider, "google");
    assert.ok(a.idToken);
    const credentials = await kit.credentials.requestAWSCredentials();
    assert.equal(credentials.authenticated, true);
    await assert.rejects(kit.auth.deviceCodeGrantConfirmSignIn("google"), hasCode("InvalidParameter"));
  });

  test("device sign-in denied, and expired", async () => {
    const kit = newKit(backend);
    const denied = kit.auth.bus.once("onDeviceCodeGrantConfirmSignInFail");
    const signIn = await kit.auth.deviceCodeGrantSignIn("loginWithAmazon");
    await approve(backend, signIn.userCode, false);
    const [error] = await denied;
    assert.equal(error.code, "access_denied");
    assert.match(error.message, /denied/);
    assert.equal(kit.auth.isSignedIn(), false);

    await assert.rejects(kit.auth.deviceCodeGrantConfirmSignIn("google"), hasCode("InvalidParameter"), "nothing is waiting yet");
    const expired = kit.auth.bus.once("onDeviceCodeGrantConfirmSignInFail");
    await kit.auth.deviceCodeGrantSignIn("google");
    clock.offset = 700_000;
    try {
      const [late] = await expired;
      assert.equal(late.code, "expired_token");
    } finally {
      clock.offset = 0;
    }
  });

  test("a new device sign-in cancels the waiting one; sign-out cancels it too", async () => {
    const kit = newKit(backend);
    const fails = heard(kit.auth.bus, "onDeviceCodeGrantConfirmSignInFail");
    await kit.auth.deviceCodeGrantSignIn("google");
    const second = await kit.auth.deviceCodeGrantSignIn("google");
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.deepEqual(fails.map(([e]) => e.code), ["Cancelled"]);
    await kit.auth.signOut("google");
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.deepEqual(fails.map(([e]) => e.code), ["Cancelled", "Cancelled"]);
    assert.ok(second.userCode);
  });

  test("guests get credentials that may search but not list fleets", async () => {
    const kit = newKit(backend);
    const credentials = await kit.credentials.requestAWSCredentials();
    assert.equal(credentials.authenticated, false);
    const client = gamelift(backend, kit);
    const searched = await client.send(new SearchGameSessionsCommand({ FleetId: "fleet-00000000-0000-0000-0000-000000000000" })).catch((e: Error) => e);
    assert.ok(!(searched instanceof Error) || searched.name === "NotFoundException", String(searched));
    await assert.rejects(client.send(new ListFleetsCommand({})), { name: "AccessDeniedException" });

    // Signing in drops the guest's credentials; the provider fetches the player's.
    await signedUp(backend, kit, "gus");
    await kit.auth.passwordGrantSignIn("gus", PASSWORD);
    assert.equal(kit.credentials.getCredentials(), undefined);
    assert.equal((await client.send(new ListFleetsCommand({}))).$metadata.httpStatusCode, 200);
    assert.notEqual(kit.credentials.getIdentityId(), credentials.identityId);
  });

  test("global sign-out ends the session everywhere and clears the credentials", async () => {
    const storage = new MemoryStorage();
    const kit = newKit(backend, { tokenStorage: "local", storage });
    await signedUp(backend, kit, "gil");
    const { tokens } = (await kit.auth.passwordGrantSignIn("gil", PASSWORD)) as { tokens: { refreshToken: string } };
    const otherTab = newKit(backend, { tokenStorage: "local", storage });
    assert.equal(otherTab.auth.isSignedIn(), true);
    await kit.credentials.requestAWSCredentials();
    const signOuts = heard(kit.auth.bus, "onSignOut");
    assert.equal(await kit.auth.signOut(undefined, { global: true }), true);
    assert.deepEqual(signOuts, [["cognito"]]);
    assert.equal(kit.auth.isSignedIn(), false);
    assert.equal(kit.credentials.getCredentials(), undefined);
    assert.equal(kit.credentials.getIdentityId(), undefined);
    assert.equal(await kit.auth.signOut(), false, "nobody left to sign out");

    // Another page holding the same tokens finds out at its next refresh, and is signed out.
    const endedThere = otherTab.auth.bus.once("onSignOut");
    await assert.rejects(otherTab.auth.refreshTokens(), hasCode("NotAuthorizedException"));
    assert.deepEqual(await endedThere, ["cognito"]);
    assert.equal(otherTab.auth.isSignedIn(), false);

    const anonymous = new CognitoIdentityProviderClient({ region, endpoint: backend.stack.endpoint, maxAttempts: 1 });
    await assert.rejects(
      anonymous.send(new InitiateAuthCommand({ ClientId: backend.cognito.appClientId, AuthFlow: "REFRESH_TOKEN_AUTH", AuthParameters: { REFRESH_TOKEN: tokens.refreshToken } })),
      { name: "NotAuthorizedException" },
    );
    anonymous.destroy();
  });

  test("global sign-out revokes the Login with Amazon and Google grants at the providers", async () => {
    const kit = newKit(backend);
    const signInWith = async (provider: "loginWithAmazon" | "google", name: string) => {
      const confirmed = kit.auth.bus.once("onDeviceCodeGrantConfirmSignInSuccess");
      const { userCode } = await kit.auth.deviceCodeGrantSignIn(provider);
      await approve(backend, userCode, true, name);
      return (await confirmed)[0];
    };
    const amazon = await signInWith("loginWithAmazon", "revoked-ann");
    const google = await signInWith("google", "revoked-gus");
    const refresh = (path: string, token: string, clientId: string) =>
      fetch(`${backend.stack.endpoint}${path}`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ grant_type: "refresh_token", refresh_token: token, client_id: clientId, client_secret: "local-secret" }).toString(),
      });
    const profile = (token: string) => fetch(`${backend.stack.endpoint}/oauth/amazon/profile`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal((await refresh("/oauth/amazon/token", amazon.refreshToken!, AMAZON_CLIENT)).status, 200);
    assert.equal((await profile(amazon.accessToken)).status, 200);

    assert.equal(await kit.auth.signOut(undefined, { global: true }), true);
    assert.equal(kit.auth.isSignedIn(), false);
    // Every copy of those tokens, wherever it is, stops working: the providers revoked the grants.
    const amazonRefresh = await refresh("/oauth/amazon/token", amazon.refreshToken!, AMAZON_CLIENT);
    assert.equal(amazonRefresh.status, 400);
    assert.equal(((await amazonRefresh.json()) as { error: string }).error, "invalid_grant");
    assert.equal((await profile(amazon.accessToken)).status, 401);
    const googleRefresh = await refresh("/oauth/google/token", google.refreshToken!, GOOGLE_CLIENT);
    assert.equal(((await googleRefresh.json()) as { error: string }).error, "invalid_grant");
    // The identity pool checks a Login with Amazon token with Amazon: a revoked one no longer logs in.
    const identity = new CognitoIdentityClient({ region, endpoint: backend.stack.endpoint, maxAttempts: 1, credentials: { accessKeyId: "AKIDNOTREGISTERED000", secretAccessKey: "x" } });
    await assert.rejects(identity.send(new GetIdCommand({ IdentityPoolId: backend.cognito.identityPoolId, Logins: { "www.amazon.com": amazon.accessToken } })), { name: "NotAuthorizedException" });
    identity.destroy();

    // A new sign-in is a new grant, and works.
    const again = await signInWith("loginWithAmazon", "revoked-ann");
    assert.equal((await profile(again.accessToken)).status, 200);
    // Google answers invalid_token for a token it cannot revoke (any more); Login with Amazon, as RFC 7009 says, 200.
    const revoke = (path: string, token: string) =>
      fetch(`${backend.stack.endpoint}${path}`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams({ token }).toString() });
    assert.equal((await revoke("/oauth/google/revoke", google.refreshToken!)).status, 400);
    assert.equal((await revoke("/oauth/amazon/revoke", "Atzr|not-a-token")).status, 200);
  });

  test("session storage: a reloaded page is still signed in", async () => {
    const storage = new MemoryStorage();
    const first = newKit(backend, { tokenStorage: "session", storage });
    await signedUp(backend, first, "sue");
    await first.auth.passwordGrantSignIn("sue", PASSWORD);
    const reloaded = newKit(backend, { tokenStorage: "session", storage });
    assert.deepEqual(reloaded.auth.getAuthenticationTokens(), first.auth.getAuthenticationTokens());
    assert.equal((await reloaded.credentials.requestAWSCredentials()).authenticated, true);
    await reloaded.auth.signOut();
    assert.equal(newKit(backend, { tokenStorage: "session", storage }).auth.isSignedIn(), false);
  });

  test("destroy() stops device polls, refreshes and renewals", async () => {
    const timers = new Timers();
    const kit = createAuth(
      {
        region,
        endpoint: backend.stack.endpoint,
        cognito: { userPoolId: backend.cognito.userPoolId, appClientId: backend.cognito.appClientId, identityPoolId: backend.cognito.identityPoolId },
        providers: { google: { clientId: GOOGLE_CLIENT } },
      },
      { timers },
    );
    await signedUp(backend, kit, "dee");
    await kit.auth.passwordGrantSignIn("dee", PASSWORD);
    await kit.credentials.requestAWSCredentials();
    await kit.auth.deviceCodeGrantSignIn("google");
    assert.ok(timers.size >= 3, `refresh, renewal and the poll wait are scheduled (${timers.size})`);
    kit.destroy();
    assert.equal(timers.size, 0);
    kit.destroy();
  });
});

describe("expiry: short-lived access tokens and credentials", () => {
  let backend: Backend;

  beforeAll(async () => {
    backend = await startBackend({ accessTokenTtlSeconds: 2, credentialsTtlSeconds: 3 });
  });
  afterAll(() => backend?.stop());

  test("tokens refresh themselves before the access token expires", async () => {
    const kit = newKit(backend);
    await signedUp(backend, kit, "ray");
    const signedIn = await kit.auth.passwordGrantSignIn("ray", PASSWORD);
    assert.ok(signedIn.signedIn);
    assert.equal(signedIn.tokens.expiresIn, 2);
    const [refreshed] = await kit.auth.bus.once("onRefreshTokensSuccess");
    assert.notEqual(refreshed.accessToken, signedIn.tokens.accessToken);
    assert.equal(refreshed.refreshToken, signedIn.tokens.refreshToken);
    assert.ok(refreshed.expiresAt > signedIn.tokens.expiresAt);
    await new Promise((resolve) => setTimeout(resolve, 2_200));
    assert.equal(kit.auth.isSignedIn(), true);
    const current = await kit.auth.getTokensWithRefresh();
    assert.ok(current.expiresAt > Date.now(), "still a live access token past the first one's expiry");
  });

  test("credentials renew themselves across their expiration and keep signing GameLift calls", async () => {
    const kit = newKit(backend);
    await signedUp(backend, kit, "cal");
    await kit.auth.passwordGrantSignIn("cal", PASSWORD);
    const first = await kit.credentials.requestAWSCredentials();
    assert.ok(first.expiration.getTime() - Date.now() <= 3_000);
    const [renewed] = await kit.credentials.bus.once("onRequestAWSCredentialsSuccess");
    assert.notEqual(renewed.accessKeyId, first.accessKeyId);
    assert.equal(renewed.identityId, first.identityId);
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, first.expiration.getTime() - Date.now()) + 200));
    assert.equal((await gamelift(backend, kit).send(new ListFleetsCommand({}))).$metadata.httpStatusCode, 200);
  });

  test("expired tokens in storage are refreshed when the kit starts", async () => {
    const storage = new MemoryStorage();
    const first = newKit(backend, { tokenStorage: "local", storage });
    await signedUp(backend, first, "liz");
    const { tokens } = (await first.auth.passwordGrantSignIn("liz", PASSWORD)) as { tokens: { accessToken: string } };
    kits.splice(0).forEach(({ kit }) => kit.destroy());
    await new Promise((resolve) => setTimeout(resolve, 2_100));
    const restarted = newKit(backend, { tokenStorage: "local", storage });
    const [refreshed] = await restarted.auth.bus.once("onRefreshTokensSuccess");
    assert.notEqual(refreshed.accessToken, tokens.accessToken);
    assert.ok(refreshed.expiresAt > Date.now());
  });
});
