// Cognito user pools over the real wire: the AWS SDK client for everything, cognito-srp-helper as an independent
// SRP client, jose's remote JWKS for token verification, the dev mailbox over HTTP for codes.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, test, beforeAll, afterAll } from "vitest";
import {
  AdminConfirmSignUpCommand,
  AdminCreateUserCommand,
  AdminDeleteUserCommand,
  AdminGetUserCommand,
  AdminSetUserPasswordCommand,
  AssociateSoftwareTokenCommand,
  ChangePasswordCommand,
  CognitoIdentityProviderClient,
  ConfirmForgotPasswordCommand,
  ConfirmSignUpCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  DescribeUserPoolClientCommand,
  DescribeUserPoolCommand,
  ForgotPasswordCommand,
  GetUserCommand,
  GlobalSignOutCommand,
  InitiateAuthCommand,
  ListUserPoolsCommand,
  ListUsersCommand,
  ResendConfirmationCodeCommand,
  RespondToAuthChallengeCommand,
  RevokeTokenCommand,
  SetUserMFAPreferenceCommand,
  SignUpCommand,
  VerifySoftwareTokenCommand,
  type AuthenticationResultType,
  type CreateUserPoolCommandInput,
} from "@aws-sdk/client-cognito-identity-provider";
import { createSrpSession, signSrpSession, wrapAuthChallenge, wrapInitiateAuth } from "cognito-srp-helper";
import { createRemoteJWKSet, jwtVerify } from "jose";
import { Secret, TOTP } from "otpauth";
import { getUserPoolDirectory, userPoolsExtension } from "../../../../../local/cognito/userpool/index.ts";
import { secretHash } from "../../../../../local/cognito/userpool/secret-hash.ts";
import { startLocalStack, type LocalStack, type StackContext } from "../../../../../local/stack.ts";

const PASSWORD = "Corr3ct-horse!";
const ACCESS_TOKEN_TTL_SECONDS = 600;
let stack: LocalStack;
let stackContext: StackContext;
let stateDir: string;
let skewMs = 0;
let admin: CognitoIdentityProviderClient;
let anonymous: CognitoIdentityProviderClient;

beforeAll(async () => {
  stateDir = mkdtempSync(join(tmpdir(), "cognito-userpool-"));
  stack = await startLocalStack({
    port: 0,
    stateDir,
    extensions: [
      // Expiry is tested by moving the stack's clock (skewMs), so no test races a short lifetime on a busy machine.
      userPoolsExtension({ accessTokenTtlSeconds: ACCESS_TOKEN_TTL_SECONDS, now: () => Date.now() + skewMs }),
      (ctx) => {
        stackContext = ctx;
        return {};
      },
    ],
  });
  const common = { region: stack.region, endpoint: stack.endpoint, maxAttempts: 1 };
  admin = new CognitoIdentityProviderClient({ ...common, credentials: stack.developerCredentials });
  // End-user calls are unsigned; the SDK still wants credentials to exist, so give it ones the stack never saw.
  anonymous = new CognitoIdentityProviderClient({ ...common, credentials: { accessKeyId: "AKIDNOTREGISTERED000", secretAccessKey: "x" } });
});

afterAll(async () => {
  admin?.destroy();
  anonymous?.destroy();
  await stack?.stop();
  rmSync(stateDir, { recursive: true, force: true });
});

async function createPool(input: Partial<CreateUserPoolCommandInput> = {}) {
  const { UserPool } = await admin.send(new CreateUserPoolCommand({ PoolName: "players", AutoVerifiedAttributes: ["email"], ...input }));
  return UserPool!.Id!;
}

async function createClient(poolId: string, extra: Record<string, unknown> = {}) {
  const { UserPoolClient } = await admin.send(
    new CreateUserPoolClientCommand({
      UserPoolId: poolId,
      ClientName: "game",
      ExplicitAuthFlows: ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
      ...extra,
    }),
  );
  return UserPoolClient!;
}

async function latestCode(to: string): Promise<string> {
  const res = await fetch(`${stack.endpoint}/_local/mailbox/latest?to=${encodeURIComponent(to)}`);
  assert.equal(res.status, 200, `no mail to ${to}`);
  return ((await res.json()) as { code: string }).code;
}

async function signUpConfirmed(clientId: string, username: string, email: string, password = PASSWORD) {
  await anonymous.send(new SignUpCommand({ ClientId: clientId, Username: username, Password: password, UserAttributes: [{ Name: "email", Value: email }] }));
  await anonymous.send(new ConfirmSignUpCommand({ ClientId: clientId, Username: username, ConfirmationCode: await latestCode(email) }));
}

const passwordAuth = (clientId: string, username: string, password = PASSWORD, extra: Record<string, string> = {}) =>
  anonymous.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: "USER_PASSWORD_AUTH", AuthParameters: { USERNAME: username, PASSWORD: password, ...extra } }));

async function srpSignIn(poolId: string, clientId: string, username: string, password = PASSWORD) {
  const session = createSrpSession(username, password, poolId, false);
  const initiated = await anonymous.send(
    new InitiateAuthCommand(wrapInitiateAuth(session, { ClientId: clientId, AuthFlow: "USER_SRP_AUTH", AuthParameters: { USERNAME: username } })),
  );
  assert.equal(initiated.ChallengeName, "PASSWORD_VERIFIER");
  const signed = signSrpSession(session, initiated);
  return anonymous.send(
    new RespondToAuthChallengeCommand(
      wrapAuthChallenge(signed, {
        ClientId: clientId,
        ChallengeName: "PASSWORD_VERIFIER",
        ChallengeResponses: { USERNAME: initiated.ChallengeParameters!["USER_ID_FOR_SRP"]! },
      }),
    ),
  );
}

const rejects = (promise: Promise<unknown>, name: string, message?: string | RegExp) =>
  assert.rejects(promise, (e: Error) => {
    assert.equal(e.name, name, `expected ${name}, got ${e.name}: ${e.message}`);
    if (typeof message === "string") assert.equal(e.message, message);
    else if (message) assert.match(e.message, message);
    return true;
  });

describe("sign-up, confirmation and sign-in", () => {
  let poolId: string;
  let clientId: string;

  beforeAll(async () => {
    poolId = await createPool();
    clientId = (await createClient(poolId)).ClientId!;
  });

  test("pool and client ids look like Cognito's, and describe back", async () => {
    assert.match(poolId, /^us-west-2_[0-9A-Za-z]{9}$/);
    assert.match(clientId, /^[a-z0-9]{26}$/);
    const { UserPool } = await admin.send(new DescribeUserPoolCommand({ UserPoolId: poolId }));
    assert.equal(UserPool!.Name, "players");
    assert.equal(UserPool!.MfaConfiguration, "OFF");
    assert.ok(UserPool!.CreationDate instanceof Date);
    const { UserPoolClient } = await admin.send(new DescribeUserPoolClientCommand({ UserPoolId: poolId, ClientId: clientId }));
    assert.equal(UserPoolClient!.ClientSecret, undefined);
    const { UserPools } = await admin.send(new ListUserPoolsCommand({ MaxResults: 60 }));
    assert.ok(UserPools!.some((p) => p.Id === poolId));
  });

  test("admin operations need a signature", async () => {
    await rejects(anonymous.send(new DescribeUserPoolCommand({ UserPoolId: poolId })), "UnrecognizedClientException");
  });

  test("sign up, read the code from the mailbox, confirm, sign in with the password and with SRP", async () => {
    const signUp = await anonymous.send(
      new SignUpCommand({ ClientId: clientId, Username: "alice", Password: PASSWORD, UserAttributes: [{ Name: "email", Value: "alice@example.com" }] }),
    );
    assert.equal(signUp.UserConfirmed, false);
    assert.match(signUp.UserSub!, /^[0-9a-f-]{36}$/);
    assert.deepEqual(signUp.CodeDeliveryDetails, { Destination: "a***@e***", DeliveryMedium: "EMAIL", AttributeName: "email" });

    await rejects(passwordAuth(clientId, "alice"), "UserNotConfirmedException", "User is not confirmed.");
    await rejects(
      anonymous.send(new ConfirmSignUpCommand({ ClientId: clientId, Username: "alice", ConfirmationCode: "000000" })),
      "CodeMismatchException",
      "Invalid verification code provided, please try again.",
    );
    const code = await latestCode("alice@example.com");
    assert.match(code, /^\d{6}$/);
    await anonymous.send(new ConfirmSignUpCommand({ ClientId: clientId, Username: "alice", ConfirmationCode: code }));
    await rejects(
      anonymous.send(new ConfirmSignUpCommand({ ClientId: clientId, Username: "alice", ConfirmationCode: code })),
      "NotAuthorizedException",
      "User cannot be confirmed. Current status is CONFIRMED",
    );

    const byPassword = (await passwordAuth(clientId, "alice")).AuthenticationResult!;
    assert.equal(byPassword.TokenType, "Bearer");
    assert.equal(byPassword.ExpiresIn, ACCESS_TOKEN_TTL_SECONDS);
    assert.ok(byPassword.RefreshToken);

    const bySrp = await srpSignIn(poolId, clientId, "alice");
    assert.ok(bySrp.AuthenticationResult?.AccessToken);

    // Standard verification: the issuer names where the keys are.
    const jwks = createRemoteJWKSet(new URL(`${stack.endpoint}/${poolId}/.well-known/jwks.json`));
    const { payload: id, protectedHeader } = await jwtVerify(bySrp.AuthenticationResult!.IdToken!, jwks, {
      issuer: `${stack.endpoint}/${poolId}`,
      audience: clientId,
    });
    assert.equal(protectedHeader.alg, "RS256");
    assert.ok(protectedHeader.kid);
    assert.equal(id["token_use"], "id");
    assert.equal(id["cognito:username"], "alice");
    assert.equal(id["email"], "alice@example.com");
    assert.equal(id["email_verified"], true);
    assert.equal(id.sub, signUp.UserSub);
    for (const claim of ["auth_time", "exp", "iat", "jti", "origin_jti"]) assert.ok(id[claim] !== undefined, claim);
    const { payload: access } = await jwtVerify(byPassword.AccessToken!, createRemoteJWKSet(new URL(`${id.iss}/.well-known/jwks.json`)));
    assert.equal(access["token_use"], "access");
    assert.equal(access["client_id"], clientId);
    assert.equal(access["scope"], "aws.cognito.signin.user.admin");
    assert.equal(access["username"], "alice");

    const discovery = (await (await fetch(`${stack.endpoint}/${poolId}/.well-known/openid-configuration`)).json()) as Record<string, unknown>;
    assert.equal(discovery["issuer"], `${stack.endpoint}/${poolId}`);
    assert.equal(discovery["jwks_uri"], `${stack.endpoint}/${poolId}/.well-known/jwks.json`);

    const me = await anonymous.send(new GetUserCommand({ AccessToken: bySrp.AuthenticationResult!.AccessToken! }));
    assert.equal(me.Username, "alice");
    assert.ok(me.UserAttributes!.some((a) => a.Name === "email_verified" && a.Value === "true"));
  });

  test("the wrong password is refused, by both flows", async () => {
    await signUpConfirmed(clientId, "bob", "bob@example.com");
    await rejects(passwordAuth(clientId, "bob", "Wrong-passw0rd"), "NotAuthorizedException", "Incorrect username or password.");
    await rejects(srpSignIn(poolId, clientId, "bob", "Wrong-passw0rd"), "NotAuthorizedException", "Incorrect username or password.");
  });

  test("unknown users: UserNotFoundException, or the generic failure when the client hides existence", async () => {
    await rejects(passwordAuth(clientId, "nobody"), "UserNotFoundException", "User does not exist.");
    const hiding = (await createClient(poolId, { PreventUserExistenceErrors: "ENABLED" })).ClientId!;
    await rejects(passwordAuth(hiding, "nobody"), "NotAuthorizedException", "Incorrect username or password.");
    await rejects(srpSignIn(poolId, hiding, "nobody"), "NotAuthorizedException", "Incorrect username or password.");
    const forgot = await anonymous.send(new ForgotPasswordCommand({ ClientId: hiding, Username: "nobody" }));
    assert.equal(forgot.CodeDeliveryDetails?.DeliveryMedium, "EMAIL");
  });

  test("sign-up refusals: password policy, existing username, bad attributes, missing members", async () => {
    const signUp = (Username: string, Password: string, UserAttributes = [{ Name: "email", Value: `${Username}@example.com` }]) =>
      anonymous.send(new SignUpCommand({ ClientId: clientId, Username, Password, UserAttributes }));
    await rejects(signUp("carol", "Sh0rt!"), "InvalidPasswordException", "Password did not conform with policy: Password not long enough");
    await rejects(signUp("carol", "nouppercase1!"), "InvalidPasswordException", "Password did not conform with policy: Password must have uppercase characters");
    await rejects(signUp("carol", "NoSymbols123"), "InvalidPasswordException", "Password did not conform with policy: Password must have symbol characters");
    await rejects(signUp("carol", " Leading-space1"), "InvalidParameterException", /regular expression pattern/);
    await rejects(signUp("carol", PASSWORD, [{ Name: "favourite_colour", Value: "red" }]), "InvalidParameterException", /could not be determined/);
    await rejects(signUp("carol", PASSWORD, [{ Name: "email", Value: "not-an-email" }]), "InvalidParameterException", "Invalid email address format.");
    await signUp("carol", PASSWORD);
    await rejects(signUp("carol", PASSWORD), "UsernameExistsException", "User already exists");
    await rejects(
      anonymous.send(new SignUpCommand({ ClientId: clientId, Username: "dave", Password: undefined as unknown as string })),
      "InvalidParameterException",
      /password/,
    );
    await rejects(passwordAuth("nosuchclient00000000000000", "carol"), "ResourceNotFoundException", "User pool client nosuchclient00000000000000 does not exist.");
    await rejects(
      anonymous.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: "USER_PASSWORD_AUTH", AuthParameters: { USERNAME: "carol" } })),
      "InvalidParameterException",
      "Missing required parameter PASSWORD",
    );
  });

  test("confirmation codes: resend, expiry, and too many wrong guesses", async () => {
    await anonymous.send(
      new SignUpCommand({ ClientId: clientId, Username: "erin", Password: PASSWORD, UserAttributes: [{ Name: "email", Value: "erin@example.com" }] }),
    );
    const first = await latestCode("erin@example.com");
    const resent = await anonymous.send(new ResendConfirmationCodeCommand({ ClientId: clientId, Username: "erin" }));
    assert.equal(resent.CodeDeliveryDetails?.Destination, "e***@e***");
    const second = await latestCode("erin@example.com");
    if (first !== second) {
      await rejects(anonymous.send(new ConfirmSignUpCommand({ ClientId: clientId, Username: "erin", ConfirmationCode: first })), "CodeMismatchException");
    }
    skewMs = 25 * 3600 * 1000;
    try {
      await rejects(
        anonymous.send(new ConfirmSignUpCommand({ ClientId: clientId, Username: "erin", ConfirmationCode: second })),
        "ExpiredCodeException",
        "Invalid code provided, please request a code again.",
      );
    } finally {
      skewMs = 0;
    }
    await anonymous.send(new ResendConfirmationCodeCommand({ ClientId: clientId, Username: "erin" }));
    const third = await latestCode("erin@example.com");
    const wrong = third === "111111" ? "222222" : "111111";
    for (let i = 0; i < 5; i++) {
      await rejects(anonymous.send(new ConfirmSignUpCommand({ ClientId: clientId, Username: "erin", ConfirmationCode: wrong })), "CodeMismatchException");
    }
    await rejects(anonymous.send(new ConfirmSignUpCommand({ ClientId: clientId, Username: "erin", ConfirmationCode: third })), "TooManyFailedAttemptsException");
  });

  test("five wrong passwords lock the account for a while", async () => {
    await signUpConfirmed(clientId, "frank", "frank@example.com");
    for (let i = 0; i < 5; i++) {
      await rejects(passwordAuth(clientId, "frank", "Wrong-passw0rd"), "NotAuthorizedException", "Incorrect username or password.");
    }
    await rejects(passwordAuth(clientId, "frank"), "NotAuthorizedException", "Password attempts exceeded");
    skewMs = 2000;
    try {
      assert.ok((await passwordAuth(clientId, "frank")).AuthenticationResult);
    } finally {
      skewMs = 0;
    }
  });

  test("a flow the client does not allow is refused", async () => {
    const srpOnly = (await createClient(poolId, { ExplicitAuthFlows: ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"] })).ClientId!;
    await rejects(passwordAuth(srpOnly, "alice"), "InvalidParameterException", "USER_PASSWORD_AUTH flow not enabled for this client");
    assert.ok((await srpSignIn(poolId, srpOnly, "alice")).AuthenticationResult);
  });

  test("forgot password: code by mail, new password works, old one does not", async () => {
    await signUpConfirmed(clientId, "gina", "gina@example.com");
    const forgot = await anonymous.send(new ForgotPasswordCommand({ ClientId: clientId, Username: "gina" }));
    assert.deepEqual(forgot.CodeDeliveryDetails, { Destination: "g***@e***", DeliveryMedium: "EMAIL", AttributeName: "email" });
    const code = await latestCode("gina@example.com");
    await rejects(
      anonymous.send(new ConfirmForgotPasswordCommand({ ClientId: clientId, Username: "gina", ConfirmationCode: code, Password: "weak" })),
      "InvalidPasswordException",
    );
    await anonymous.send(new ConfirmForgotPasswordCommand({ ClientId: clientId, Username: "gina", ConfirmationCode: code, Password: "N3w-password!" }));
    await rejects(passwordAuth(clientId, "gina"), "NotAuthorizedException", "Incorrect username or password.");
    assert.ok((await passwordAuth(clientId, "gina", "N3w-password!")).AuthenticationResult);
    assert.ok((await srpSignIn(poolId, clientId, "gina", "N3w-password!")).AuthenticationResult);
  });

  test("change password with an access token", async () => {
    await signUpConfirmed(clientId, "hank", "hank@example.com");
    const { AccessToken } = (await passwordAuth(clientId, "hank")).AuthenticationResult!;
    await rejects(
      anonymous.send(new ChangePasswordCommand({ AccessToken, PreviousPassword: "Wrong-passw0rd", ProposedPassword: "An0ther-one!" })),
      "NotAuthorizedException",
      "Incorrect username or password.",
    );
    await anonymous.send(new ChangePasswordCommand({ AccessToken, PreviousPassword: PASSWORD, ProposedPassword: "An0ther-one!" }));
    assert.ok((await srpSignIn(poolId, clientId, "hank", "An0ther-one!")).AuthenticationResult);
  });

  test("the mailbox lists messages as JSON and HTML", async () => {
    const list = (await (await fetch(`${stack.endpoint}/_local/mailbox?to=alice@example.com`)).json()) as { messages: Array<{ to: string; body: string }> };
    assert.ok(list.messages.length >= 1);
    assert.ok(list.messages.every((m) => m.to === "alice@example.com"));
    assert.match(list.messages[0]!.body, /^Your confirmation code is \d{6}$/);
    const page = await fetch(`${stack.endpoint}/_local/mailbox.html`);
    assert.match(page.headers.get("content-type")!, /text\/html/);
    assert.match(await page.text(), /alice@example\.com/);
    assert.equal((await fetch(`${stack.endpoint}/_local/mailbox/latest?to=nobody@example.com`)).status, 404);
  });
});

describe("tokens: refresh, expiry, revocation, global sign-out", () => {
  let poolId: string;
  let clientId: string;
  let tokens: AuthenticationResultType;

  beforeAll(async () => {
    poolId = await createPool();
    clientId = (await createClient(poolId)).ClientId!;
    await signUpConfirmed(clientId, "ivy", "ivy@example.com");
  });

  test("refresh gives new access and ID tokens of the same sign-in", async () => {
    tokens = (await passwordAuth(clientId, "ivy")).AuthenticationResult!;
    const refreshed = await anonymous.send(
      new InitiateAuthCommand({ ClientId: clientId, AuthFlow: "REFRESH_TOKEN_AUTH", AuthParameters: { REFRESH_TOKEN: tokens.RefreshToken! } }),
    );
    assert.ok(refreshed.AuthenticationResult?.AccessToken);
    assert.equal(refreshed.AuthenticationResult?.RefreshToken, undefined);
    const origin = (t: string) => JSON.parse(Buffer.from(t.split(".")[1]!, "base64url").toString())["origin_jti"];
    assert.equal(origin(refreshed.AuthenticationResult!.AccessToken!), origin(tokens.AccessToken!));
    await rejects(
      anonymous.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: "REFRESH_TOKEN", AuthParameters: { REFRESH_TOKEN: "garbage" } })),
      "NotAuthorizedException",
      "Invalid Refresh Token",
    );
  });

  test("an access token past its lifetime is refused as expired", async () => {
    const { AccessToken } = (await passwordAuth(clientId, "ivy")).AuthenticationResult!;
    assert.equal((await anonymous.send(new GetUserCommand({ AccessToken }))).Username, "ivy");
    skewMs = (ACCESS_TOKEN_TTL_SECONDS + 1) * 1000;
    try {
      await rejects(anonymous.send(new GetUserCommand({ AccessToken })), "NotAuthorizedException", "Access Token has expired");
    } finally {
      skewMs = 0;
    }
    await rejects(anonymous.send(new GetUserCommand({ AccessToken: "not.a.jwt" })), "NotAuthorizedException", "Invalid Access Token");
  });

  test("RevokeToken ends the refresh token and the access tokens it produced", async () => {
    const signIn = (await passwordAuth(clientId, "ivy")).AuthenticationResult!;
    const other = (await passwordAuth(clientId, "ivy")).AuthenticationResult!;
    await anonymous.send(new RevokeTokenCommand({ ClientId: clientId, Token: signIn.RefreshToken! }));
    await rejects(
      anonymous.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: "REFRESH_TOKEN_AUTH", AuthParameters: { REFRESH_TOKEN: signIn.RefreshToken! } })),
      "NotAuthorizedException",
      "Refresh Token has been revoked",
    );
    await rejects(anonymous.send(new GetUserCommand({ AccessToken: signIn.AccessToken! })), "NotAuthorizedException", "Access Token has been revoked");
    // Another sign-in of the same user is untouched.
    assert.equal((await anonymous.send(new GetUserCommand({ AccessToken: other.AccessToken! }))).Username, "ivy");
  });

  test("GlobalSignOut revokes every session of the user", async () => {
    const one = (await passwordAuth(clientId, "ivy")).AuthenticationResult!;
    const two = (await srpSignIn(poolId, clientId, "ivy")).AuthenticationResult!;
    await anonymous.send(new GlobalSignOutCommand({ AccessToken: one.AccessToken! }));
    for (const t of [one, two]) {
      await rejects(anonymous.send(new GetUserCommand({ AccessToken: t.AccessToken! })), "NotAuthorizedException", "Access Token has been revoked");
      await rejects(
        anonymous.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: "REFRESH_TOKEN_AUTH", AuthParameters: { REFRESH_TOKEN: t.RefreshToken! } })),
        "NotAuthorizedException",
        "Refresh Token has been revoked",
      );
    }
    const fresh = (await passwordAuth(clientId, "ivy")).AuthenticationResult!;
    assert.equal((await anonymous.send(new GetUserCommand({ AccessToken: fresh.AccessToken! }))).Username, "ivy");
  });

  test("the ID token verifier accepts this pool's tokens and refuses another pool's", async () => {
    const directory = getUserPoolDirectory(stackContext);
    const { IdToken } = (await passwordAuth(clientId, "ivy")).AuthenticationResult!;
    const provider = (id: string) => `cognito-idp.${stack.region}.amazonaws.com/${id}`;
    const verified = await directory.verifyIdToken(provider(poolId), IdToken!);
    assert.equal(verified.clientId, clientId);
    assert.equal(verified.claims["cognito:username"], "ivy");
    assert.ok(directory.hasUserPool(poolId));

    const otherPool = await createPool({ PoolName: "elsewhere" });
    const otherClient = (await createClient(otherPool)).ClientId!;
    await signUpConfirmed(otherClient, "ivy", "ivy2@example.com");
    const foreign = (await passwordAuth(otherClient, "ivy")).AuthenticationResult!.IdToken!;
    await rejects(directory.verifyIdToken(provider(poolId), foreign), "NotAuthorizedException", /^Invalid login token\./);
    const { AccessToken } = (await passwordAuth(clientId, "ivy")).AuthenticationResult!;
    await rejects(directory.verifyIdToken(provider(poolId), AccessToken!), "NotAuthorizedException", /^Invalid login token\./);
    await rejects(directory.verifyIdToken(provider(poolId), "garbage"), "NotAuthorizedException", /^Invalid login token\./);
    skewMs = 2 * 3600 * 1000;
    try {
      await rejects(directory.verifyIdToken(provider(poolId), IdToken!), "NotAuthorizedException", /^Invalid login token\. Token expired/);
    } finally {
      skewMs = 0;
    }
  });
});

describe("client secrets", () => {
  test("SECRET_HASH is required and checked", async () => {
    const poolId = await createPool();
    const client = await createClient(poolId, { GenerateSecret: true });
    const clientId = client.ClientId!;
    const secret = client.ClientSecret!;
    assert.match(secret, /^[a-z0-9]{51}$/);
    const hash = (u: string) => secretHash(secret, u, clientId);
    await rejects(
      anonymous.send(new SignUpCommand({ ClientId: clientId, Username: "jack", Password: PASSWORD, UserAttributes: [{ Name: "email", Value: "jack@example.com" }] })),
      "NotAuthorizedException",
      `Client ${clientId} is configured with secret but SECRET_HASH was not received`,
    );
    await anonymous.send(
      new SignUpCommand({ ClientId: clientId, Username: "jack", Password: PASSWORD, SecretHash: hash("jack"), UserAttributes: [{ Name: "email", Value: "jack@example.com" }] }),
    );
    await anonymous.send(new ConfirmSignUpCommand({ ClientId: clientId, Username: "jack", SecretHash: hash("jack"), ConfirmationCode: await latestCode("jack@example.com") }));
    await rejects(passwordAuth(clientId, "jack", PASSWORD, { SECRET_HASH: hash("someone-else") }), "NotAuthorizedException", `Unable to verify secret hash for client ${clientId}`);
    const tokens = (await passwordAuth(clientId, "jack", PASSWORD, { SECRET_HASH: hash("jack") })).AuthenticationResult!;
    const refreshed = await anonymous.send(
      new InitiateAuthCommand({ ClientId: clientId, AuthFlow: "REFRESH_TOKEN_AUTH", AuthParameters: { REFRESH_TOKEN: tokens.RefreshToken!, SECRET_HASH: hash("jack") } }),
    );
    assert.ok(refreshed.AuthenticationResult?.IdToken);

    // SRP with a secret: SECRET_HASH over the name sent in each step.
    const session = createSrpSession("jack", PASSWORD, poolId, false);
    const initiated = await anonymous.send(
      new InitiateAuthCommand(wrapInitiateAuth(session, { ClientId: clientId, AuthFlow: "USER_SRP_AUTH", AuthParameters: { USERNAME: "jack", SECRET_HASH: hash("jack") } })),
    );
    const signed = signSrpSession(session, initiated);
    const done = await anonymous.send(
      new RespondToAuthChallengeCommand(
        wrapAuthChallenge(signed, { ClientId: clientId, ChallengeName: "PASSWORD_VERIFIER", ChallengeResponses: { USERNAME: "jack", SECRET_HASH: hash("jack") } }),
      ),
    );
    assert.ok(done.AuthenticationResult?.AccessToken);
    await anonymous.send(new RevokeTokenCommand({ ClientId: clientId, ClientSecret: secret, Token: tokens.RefreshToken! }));
  });
});

describe("administrators", () => {
  let poolId: string;
  let clientId: string;

  beforeAll(async () => {
    poolId = await createPool({
      Policies: { PasswordPolicy: { MinimumLength: 10, RequireNumbers: true } },
    });
    clientId = (await createClient(poolId)).ClientId!;
  });

  test("AdminCreateUser: FORCE_CHANGE_PASSWORD, NEW_PASSWORD_REQUIRED on first sign-in", async () => {
    const created = await admin.send(
      new AdminCreateUserCommand({
        UserPoolId: poolId,
        Username: "kim",
        TemporaryPassword: "temporary-1",
        UserAttributes: [{ Name: "email", Value: "kim@example.com" }, { Name: "email_verified", Value: "true" }],
        DesiredDeliveryMediums: ["EMAIL"],
      }),
    );
    assert.equal(created.User!.UserStatus, "FORCE_CHANGE_PASSWORD");
    const invite = (await (await fetch(`${stack.endpoint}/_local/mailbox/latest?to=kim@example.com`)).json()) as { body: string };
    assert.match(invite.body, /temporary password is temporary-1/);
    await rejects(
      admin.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: "kim", TemporaryPassword: "temporary-1" })),
      "UsernameExistsException",
      "User account already exists",
    );
    const first = await passwordAuth(clientId, "kim", "temporary-1");
    assert.equal(first.ChallengeName, "NEW_PASSWORD_REQUIRED");
    assert.equal(JSON.parse(first.ChallengeParameters!["userAttributes"]!).email, "kim@example.com");
    await rejects(
      anonymous.send(new RespondToAuthChallengeCommand({ ClientId: clientId, ChallengeName: "NEW_PASSWORD_REQUIRED", Session: first.Session, ChallengeResponses: { USERNAME: "kim", NEW_PASSWORD: "short1" } })),
      "InvalidPasswordException",
      "Password did not conform with policy: Password not long enough",
    );
    await rejects(
      anonymous.send(new RespondToAuthChallengeCommand({ ClientId: clientId, ChallengeName: "NEW_PASSWORD_REQUIRED", Session: "bogus-session-bogus-session", ChallengeResponses: { USERNAME: "kim", NEW_PASSWORD: "long-enough-1" } })),
      "NotAuthorizedException",
      /Invalid session/,
    );
    const done = await anonymous.send(
      new RespondToAuthChallengeCommand({
        ClientId: clientId,
        ChallengeName: "NEW_PASSWORD_REQUIRED",
        Session: first.Session,
        ChallengeResponses: { USERNAME: "kim", NEW_PASSWORD: "long-enough-1", "userAttributes.name": "Kim" },
      }),
    );
    assert.ok(done.AuthenticationResult?.IdToken);
    const got = await admin.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: "kim" }));
    assert.equal(got.UserStatus, "CONFIRMED");
    assert.ok(got.UserAttributes!.some((a) => a.Name === "name" && a.Value === "Kim"));
    assert.ok((await srpSignIn(poolId, clientId, "kim", "long-enough-1")).AuthenticationResult);
  });

  test("the challenge session expires after three minutes", async () => {
    await admin.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: "lee", TemporaryPassword: "temporary-2", MessageAction: "SUPPRESS" }));
    const first = await passwordAuth(clientId, "lee", "temporary-2");
    skewMs = 181_000;
    try {
      await rejects(
        anonymous.send(new RespondToAuthChallengeCommand({ ClientId: clientId, ChallengeName: "NEW_PASSWORD_REQUIRED", Session: first.Session, ChallengeResponses: { USERNAME: "lee", NEW_PASSWORD: "long-enough-2" } })),
        "NotAuthorizedException",
        "Invalid session for the user, session is expired.",
      );
    } finally {
      skewMs = 0;
    }
  });

  test("AdminSetUserPassword, AdminConfirmSignUp, ListUsers filters, AdminDeleteUser", async () => {
    await admin.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: "lee", Password: "permanent-3", Permanent: true }));
    assert.ok((await passwordAuth(clientId, "lee", "permanent-3")).AuthenticationResult);
    await rejects(
      admin.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: "lee", Password: "nodigits-here", Permanent: true })),
      "InvalidPasswordException",
      "Password did not conform with policy: Password must have numeric characters",
    );
    await anonymous.send(
      new SignUpCommand({ ClientId: clientId, Username: "mia", Password: "mia-password-1", UserAttributes: [{ Name: "email", Value: "mia@example.org" }, { Name: "phone_number", Value: "+15555550100" }] }),
    );
    await admin.send(new AdminConfirmSignUpCommand({ UserPoolId: poolId, Username: "mia" }));
    assert.ok((await passwordAuth(clientId, "mia", "mia-password-1")).AuthenticationResult);

    const names = async (Filter?: string) =>
      ((await admin.send(new ListUsersCommand({ UserPoolId: poolId, Filter }))).Users ?? []).map((u) => u.Username).sort();
    assert.deepEqual(await names(), ["kim", "lee", "mia"]);
    assert.deepEqual(await names('email = "mia@example.org"'), ["mia"]);
    assert.deepEqual(await names('email ^= "kim@"'), ["kim"]);
    assert.deepEqual(await names('username ^= "l"'), ["lee"]);
    assert.deepEqual(await names('phone_number = "+15555550100"'), ["mia"]);
    assert.deepEqual(await names('cognito:user_status = "CONFIRMED"'), ["kim", "lee", "mia"]);
    await rejects(names("email contains mia"), "InvalidParameterException", "Error while parsing filter.");
    const paged = await admin.send(new ListUsersCommand({ UserPoolId: poolId, Limit: 2 }));
    assert.equal(paged.Users!.length, 2);
    const rest = await admin.send(new ListUsersCommand({ UserPoolId: poolId, Limit: 2, PaginationToken: paged.PaginationToken }));
    assert.equal(rest.Users!.length, 1);

    const { AccessToken } = (await passwordAuth(clientId, "mia", "mia-password-1")).AuthenticationResult!;
    await admin.send(new AdminDeleteUserCommand({ UserPoolId: poolId, Username: "mia" }));
    await rejects(admin.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: "mia" })), "UserNotFoundException", "User does not exist.");
    await rejects(anonymous.send(new GetUserCommand({ AccessToken })), "NotAuthorizedException");
    await rejects(admin.send(new DescribeUserPoolCommand({ UserPoolId: "us-west-2_nothere00" })), "ResourceNotFoundException", "User pool us-west-2_nothere00 does not exist.");
  });
});

describe("multi-factor authentication", () => {
  let poolId: string;
  let clientId: string;

  beforeAll(async () => {
    poolId = await createPool({ MfaConfiguration: "OPTIONAL", AutoVerifiedAttributes: ["email"] });
    clientId = (await createClient(poolId)).ClientId!;
  });

  test("SMS MFA: the code goes to the phone's mailbox, the challenge takes it", async () => {
    await anonymous.send(
      new SignUpCommand({
        ClientId: clientId,
        Username: "nina",
        Password: PASSWORD,
        UserAttributes: [{ Name: "email", Value: "nina@example.com" }, { Name: "phone_number", Value: "+15555550123" }],
      }),
    );
    await anonymous.send(new ConfirmSignUpCommand({ ClientId: clientId, Username: "nina", ConfirmationCode: await latestCode("nina@example.com") }));
    const { AccessToken } = (await passwordAuth(clientId, "nina")).AuthenticationResult!;
    await anonymous.send(new SetUserMFAPreferenceCommand({ AccessToken, SMSMfaSettings: { Enabled: true, PreferredMfa: true } }));
    assert.equal((await anonymous.send(new GetUserCommand({ AccessToken }))).PreferredMfaSetting, "SMS_MFA");

    const started = await passwordAuth(clientId, "nina");
    assert.equal(started.ChallengeName, "SMS_MFA");
    assert.equal(started.ChallengeParameters!["CODE_DELIVERY_DELIVERY_MEDIUM"], "SMS");
    assert.equal(started.ChallengeParameters!["CODE_DELIVERY_DESTINATION"], "+*******0123");
    const code = await latestCode("+15555550123");
    const answer = (SMS_MFA_CODE: string) =>
      anonymous.send(new RespondToAuthChallengeCommand({ ClientId: clientId, ChallengeName: "SMS_MFA", Session: started.Session, ChallengeResponses: { USERNAME: "nina", SMS_MFA_CODE } }));
    await rejects(answer(code === "000000" ? "111111" : "000000"), "CodeMismatchException", "Invalid code or auth state for the user.");
    assert.ok((await answer(code)).AuthenticationResult?.AccessToken);
    await rejects(answer(code), "NotAuthorizedException", /Invalid session/);
  });

  test("TOTP: associate, verify, prefer, then sign in with authenticator codes (SRP first factor)", async () => {
    await signUpConfirmed(clientId, "omar", "omar@example.com");
    const { AccessToken } = (await passwordAuth(clientId, "omar")).AuthenticationResult!;
    const { SecretCode } = await anonymous.send(new AssociateSoftwareTokenCommand({ AccessToken }));
    assert.match(SecretCode!, /^[A-Z2-7]{32}$/);
    const totp = new TOTP({ secret: Secret.fromBase32(SecretCode!), digits: 6, period: 30, algorithm: "SHA1" });
    await rejects(
      anonymous.send(new SetUserMFAPreferenceCommand({ AccessToken, SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true } })),
      "InvalidParameterException",
      "User has not verified software token mfa",
    );
    await rejects(anonymous.send(new VerifySoftwareTokenCommand({ AccessToken, UserCode: "000000" === totp.generate() ? "111111" : "000000" })), "EnableSoftwareTokenMFAException");
    assert.equal((await anonymous.send(new VerifySoftwareTokenCommand({ AccessToken, UserCode: totp.generate(), FriendlyDeviceName: "phone" }))).Status, "SUCCESS");
    await anonymous.send(new SetUserMFAPreferenceCommand({ AccessToken, SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true } }));

    const started = await srpSignIn(poolId, clientId, "omar");
    assert.equal(started.ChallengeName, "SOFTWARE_TOKEN_MFA");
    const done = await anonymous.send(
      new RespondToAuthChallengeCommand({ ClientId: clientId, ChallengeName: "SOFTWARE_TOKEN_MFA", Session: started.Session, ChallengeResponses: { USERNAME: "omar", SOFTWARE_TOKEN_MFA_CODE: totp.generate() } }),
    );
    assert.ok(done.AuthenticationResult?.IdToken);
  });

  test("MfaConfiguration ON: a user without a factor must set one up (MFA_SETUP)", async () => {
    const strict = await createPool({ MfaConfiguration: "ON" });
    const strictClient = (await createClient(strict)).ClientId!;
    await signUpConfirmed(strictClient, "pat", "pat@example.com");
    const started = await passwordAuth(strictClient, "pat");
    assert.equal(started.ChallengeName, "MFA_SETUP");
    const associated = await anonymous.send(new AssociateSoftwareTokenCommand({ Session: started.Session }));
    const totp = new TOTP({ secret: Secret.fromBase32(associated.SecretCode!), digits: 6, period: 30, algorithm: "SHA1" });
    const verified = await anonymous.send(new VerifySoftwareTokenCommand({ Session: associated.Session, UserCode: totp.generate() }));
    assert.equal(verified.Status, "SUCCESS");
    const done = await anonymous.send(
      new RespondToAuthChallengeCommand({ ClientId: strictClient, ChallengeName: "MFA_SETUP", Session: verified.Session, ChallengeResponses: { USERNAME: "pat" } }),
    );
    assert.ok(done.AuthenticationResult?.AccessToken);
    const again = await passwordAuth(strictClient, "pat");
    assert.equal(again.ChallengeName, "SOFTWARE_TOKEN_MFA");
  });
});

describe("pools that sign in with email", () => {
  test("the email is the sign-in name, the username is the sub", async () => {
    const poolId = await createPool({ UsernameAttributes: ["email"] });
    const clientId = (await createClient(poolId)).ClientId!;
    await rejects(
      anonymous.send(new SignUpCommand({ ClientId: clientId, Username: "quinn", Password: PASSWORD })),
      "InvalidParameterException",
      "Username should be an email.",
    );
    const { UserSub } = await anonymous.send(new SignUpCommand({ ClientId: clientId, Username: "quinn@example.com", Password: PASSWORD }));
    await rejects(
      anonymous.send(new SignUpCommand({ ClientId: clientId, Username: "quinn@example.com", Password: PASSWORD })),
      "UsernameExistsException",
      "An account with the given email already exists.",
    );
    await anonymous.send(new ConfirmSignUpCommand({ ClientId: clientId, Username: "quinn@example.com", ConfirmationCode: await latestCode("quinn@example.com") }));
    const tokens = (await srpSignIn(poolId, clientId, "quinn@example.com")).AuthenticationResult!;
    const me = await anonymous.send(new GetUserCommand({ AccessToken: tokens.AccessToken! }));
    assert.equal(me.Username, UserSub);
    assert.ok((await passwordAuth(clientId, "quinn@example.com")).AuthenticationResult);
  });
});
