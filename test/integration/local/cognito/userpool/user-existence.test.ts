// No username probing: an app client with PreventUserExistenceErrors ENABLED answers alike for a user that does
// not exist and one that does, as AWS's "Managing user existence error responses" describes: sign-in fails with
// the same error and message; USER_SRP_AUTH gives an unknown name the same salt and a UUID-shaped user id every
// time; ForgotPassword and ResendConfirmationCode "send" a code to a plausible simulated destination;
// ConfirmForgotPassword answers CodeMismatchException and ConfirmSignUp ExpiredCodeException. A LEGACY client
// still says UserNotFoundException. Over the wire with the AWS SDK client and an independent SRP client.
import {
  AdminCreateUserCommand,
  AdminDisableUserCommand,
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
  ConfirmForgotPasswordCommand,
  ConfirmSignUpCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  ForgotPasswordCommand,
  InitiateAuthCommand,
  ResendConfirmationCodeCommand,
  RespondToAuthChallengeCommand,
  SignUpCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { createSrpSession, signSrpSession, wrapAuthChallenge, wrapInitiateAuth } from "cognito-srp-helper";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { userPoolsExtension } from "../../../../../local/cognito/userpool/index.ts";
import { startLocalStack, type LocalStack } from "../../../../../local/stack.ts";

const PASSWORD = "Corr3ct-horse!";
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
let stack: LocalStack;
let admin: CognitoIdentityProviderClient;
let anonymous: CognitoIdentityProviderClient;
let poolId: string;
let hiding: string;
let legacy: string;

beforeAll(async () => {
  stack = await startLocalStack({ port: 0, extensions: [userPoolsExtension()] });
  const common = { region: stack.region, endpoint: stack.endpoint, maxAttempts: 1 };
  admin = new CognitoIdentityProviderClient({ ...common, credentials: stack.developerCredentials });
  anonymous = new CognitoIdentityProviderClient({ ...common, credentials: { accessKeyId: "AKIDNOTREGISTERED000", secretAccessKey: "x" } });
  poolId = (await admin.send(new CreateUserPoolCommand({ PoolName: "probed", AutoVerifiedAttributes: ["email"] }))).UserPool!.Id!;
  const client = async (PreventUserExistenceErrors: "ENABLED" | "LEGACY") =>
    (
      await admin.send(
        new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: `game-${PreventUserExistenceErrors}`, ExplicitAuthFlows: ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_USER_SRP_AUTH"], PreventUserExistenceErrors }),
      )
    ).UserPoolClient!.ClientId!;
  hiding = await client("ENABLED");
  legacy = await client("LEGACY");
  for (const [Username, email] of [["alice", "alice@example.com"], ["dora", undefined], ["ed", "ed@example.com"]] as const) {
    await admin.send(
      new AdminCreateUserCommand({
        UserPoolId: poolId,
        Username,
        MessageAction: "SUPPRESS",
        ...(email ? { UserAttributes: [{ Name: "email", Value: email }, { Name: "email_verified", Value: "true" }] } : {}),
      }),
    );
    await admin.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username, Password: PASSWORD, Permanent: true }));
  }
  await admin.send(new AdminDisableUserCommand({ UserPoolId: poolId, Username: "ed" }));
});

afterAll(async () => {
  admin?.destroy();
  anonymous?.destroy();
  await stack?.stop();
});

/** The error a call fails with, as a caller sees it: its name and message. */
async function failure(call: Promise<unknown>): Promise<{ name: string; message: string }> {
  try {
    await call;
  } catch (error) {
    return { name: (error as Error).name, message: (error as Error).message };
  }
  throw new Error("the call succeeded");
}

const passwordAuth = (clientId: string, username: string, password: string) =>
  anonymous.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: "USER_PASSWORD_AUTH", AuthParameters: { USERNAME: username, PASSWORD: password } }));

const srpStart = (clientId: string, username: string) => {
  const session = createSrpSession(username, PASSWORD, poolId, false);
  return anonymous.send(new InitiateAuthCommand(wrapInitiateAuth(session, { ClientId: clientId, AuthFlow: "USER_SRP_AUTH", AuthParameters: { USERNAME: username } })));
};

async function srpSignIn(clientId: string, username: string, password: string) {
  const session = createSrpSession(username, password, poolId, false);
  const initiated = await anonymous.send(new InitiateAuthCommand(wrapInitiateAuth(session, { ClientId: clientId, AuthFlow: "USER_SRP_AUTH", AuthParameters: { USERNAME: username } })));
  const signed = signSrpSession(session, initiated);
  return anonymous.send(
    new RespondToAuthChallengeCommand(
      wrapAuthChallenge(signed, { ClientId: clientId, ChallengeName: "PASSWORD_VERIFIER", ChallengeResponses: { USERNAME: initiated.ChallengeParameters!["USER_ID_FOR_SRP"]! } }),
    ),
  );
}

describe("sign-in: an unknown user and a wrong password answer alike", () => {
  test("USER_PASSWORD_AUTH", async () => {
    const unknown = await failure(passwordAuth(hiding, "mallory", PASSWORD));
    const wrong = await failure(passwordAuth(hiding, "alice", "Wr0ng-horse!"));
    expect(unknown).toEqual(wrong);
    expect(unknown).toEqual({ name: "NotAuthorizedException", message: "Incorrect username or password." });
    // A disabled user with the wrong password too.
    expect(await failure(passwordAuth(hiding, "ed", "Wr0ng-horse!"))).toEqual(wrong);
  });

  test("USER_SRP_AUTH, both steps", async () => {
    const unknown = await failure(srpSignIn(hiding, "mallory", PASSWORD));
    const wrong = await failure(srpSignIn(hiding, "alice", "Wr0ng-horse!"));
    expect(unknown).toEqual(wrong);
    expect(unknown.name).toBe("NotAuthorizedException");
  });

  test("the SRP challenge of an unknown name is the same each time: its salt, and a user id in UUID form", async () => {
    const [first, second] = [await srpStart(hiding, "mallory"), await srpStart(hiding, "mallory")];
    expect(first.ChallengeName).toBe("PASSWORD_VERIFIER");
    expect(second.ChallengeParameters!["SALT"]).toBe(first.ChallengeParameters!["SALT"]);
    expect(second.ChallengeParameters!["USER_ID_FOR_SRP"]).toBe(first.ChallengeParameters!["USER_ID_FOR_SRP"]);
    expect(first.ChallengeParameters!["USER_ID_FOR_SRP"]).toMatch(UUID);
    expect(first.ChallengeParameters!["SALT"]).toMatch(/^[0-9a-f]{32}$/);
    // As a real user's salt is stable, and two names do not share one.
    const [once, twice] = [await srpStart(hiding, "alice"), await srpStart(hiding, "alice")];
    expect(twice.ChallengeParameters!["SALT"]).toBe(once.ChallengeParameters!["SALT"]);
    expect((await srpStart(hiding, "trent")).ChallengeParameters!["SALT"]).not.toBe(first.ChallengeParameters!["SALT"]);
  });

  test("a LEGACY client still says the user does not exist", async () => {
    expect(await failure(passwordAuth(legacy, "mallory", PASSWORD))).toEqual({ name: "UserNotFoundException", message: "User does not exist." });
  });
});

describe("password reset and confirmation look like success for nobody", () => {
  const deliveryOf = async (clientId: string, Username: string) => (await anonymous.send(new ForgotPasswordCommand({ ClientId: clientId, Username }))).CodeDeliveryDetails;
  const mailTo = async (to: string) => (await fetch(`${stack.endpoint}/_local/mailbox/latest?to=${encodeURIComponent(to)}`)).status;

  test("ForgotPassword for an unknown user: a plausible delivery, the same each time, and no mail", async () => {
    const real = await deliveryOf(hiding, "alice");
    expect(real).toEqual({ Destination: "a***@e***", DeliveryMedium: "EMAIL", AttributeName: "email" });
    const unknown = await deliveryOf(hiding, "mallory");
    expect(unknown).toMatchObject({ DeliveryMedium: "EMAIL", AttributeName: "email" });
    expect(unknown!.Destination).toMatch(/^m\*\*\*@[a-z]\*\*\*$/);
    expect(await deliveryOf(hiding, "mallory")).toEqual(unknown);
    // A name that is an address is masked as one.
    expect(await deliveryOf(hiding, "mallory@evil.test")).toEqual({ Destination: "m***@e***", DeliveryMedium: "EMAIL", AttributeName: "email" });
    expect(await mailTo("mallory@evil.test")).not.toBe(200);
  });

  test("ForgotPassword for a user with nowhere to send a code, or a disabled one: a simulated delivery too", async () => {
    expect((await deliveryOf(hiding, "dora"))?.DeliveryMedium).toBe("EMAIL");
    expect((await deliveryOf(hiding, "ed"))?.DeliveryMedium).toBe("EMAIL");
    expect(await mailTo("ed@example.com")).not.toBe(200);
    // LEGACY tells them apart.
    expect((await failure(deliveryOf(legacy, "dora"))).name).toBe("InvalidParameterException");
    expect((await failure(deliveryOf(legacy, "mallory"))).name).toBe("UserNotFoundException");
  });

  test("ResendConfirmationCode for an unknown user: a simulated delivery", async () => {
    const answer = await anonymous.send(new ResendConfirmationCodeCommand({ ClientId: hiding, Username: "mallory" }));
    expect(answer.CodeDeliveryDetails?.Destination).toMatch(/^m\*\*\*@[a-z]\*\*\*$/);
    expect((await failure(anonymous.send(new ResendConfirmationCodeCommand({ ClientId: legacy, Username: "mallory" })))).name).toBe("UserNotFoundException");
  });

  test("ConfirmForgotPassword: CodeMismatchException for an unknown or disabled user, as for a wrong code", async () => {
    const confirm = (Username: string) => failure(anonymous.send(new ConfirmForgotPasswordCommand({ ClientId: hiding, Username, ConfirmationCode: "123456", Password: PASSWORD })));
    await anonymous.send(new ForgotPasswordCommand({ ClientId: hiding, Username: "alice" }));
    const wrong = await confirm("alice");
    expect(wrong.name).toBe("CodeMismatchException");
    expect(await confirm("mallory")).toEqual(wrong);
    expect(await confirm("ed")).toEqual(wrong);
  });

  test("ConfirmSignUp for an unknown user: ExpiredCodeException", async () => {
    await anonymous.send(new SignUpCommand({ ClientId: hiding, Username: "fresh", Password: PASSWORD, UserAttributes: [{ Name: "email", Value: "fresh@example.com" }] }));
    const unknown = await failure(anonymous.send(new ConfirmSignUpCommand({ ClientId: hiding, Username: "mallory", ConfirmationCode: "123456" })));
    expect(unknown.name).toBe("ExpiredCodeException");
    expect((await failure(anonymous.send(new ConfirmSignUpCommand({ ClientId: legacy, Username: "mallory", ConfirmationCode: "123456" })))).name).toBe("UserNotFoundException");
  });
});
