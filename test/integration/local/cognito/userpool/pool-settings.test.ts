// Changing a user pool and its app client after they exist (what re-applying a game config does), over the wire.
import {
  AssociateSoftwareTokenCommand,
  CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  DescribeUserPoolClientCommand,
  DescribeUserPoolCommand,
  GetUserPoolMfaConfigCommand,
  InitiateAuthCommand,
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  SetUserPoolMfaConfigCommand,
  SignUpCommand,
  UpdateUserPoolClientCommand,
  UpdateUserPoolCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { afterAll, beforeAll, expect, test } from "vitest";
import { userPoolsExtension } from "../../../../../local/cognito/userpool/index.ts";
import { startLocalStack, type LocalStack } from "../../../../../local/stack.ts";

let stack: LocalStack;
let idp: CognitoIdentityProviderClient;

beforeAll(async () => {
  stack = await startLocalStack({ port: 0, extensions: [userPoolsExtension()] });
  idp = new CognitoIdentityProviderClient({ region: stack.region, endpoint: stack.endpoint, credentials: stack.developerCredentials, maxAttempts: 1 });
});

afterAll(async () => {
  idp?.destroy();
  await stack?.stop();
});

async function pool(settings: Partial<ConstructorParameters<typeof CreateUserPoolCommand>[0]> = {}) {
  return (await idp.send(new CreateUserPoolCommand({ PoolName: `p-${Math.random().toString(36).slice(2)}`, ...settings }))).UserPool!.Id!;
}

test("UpdateUserPool sets the password policy, MFA and verification, and resets what it leaves out", async () => {
  const id = await pool({ AutoVerifiedAttributes: ["email"], Policies: { PasswordPolicy: { MinimumLength: 8, RequireSymbols: true } } });
  await idp.send(new UpdateUserPoolCommand({ UserPoolId: id, Policies: { PasswordPolicy: { MinimumLength: 12, RequireNumbers: true } }, MfaConfiguration: "OPTIONAL" }));
  const described = (await idp.send(new DescribeUserPoolCommand({ UserPoolId: id }))).UserPool!;
  expect(described.Policies?.PasswordPolicy).toMatchObject({ MinimumLength: 12, RequireNumbers: true, RequireSymbols: false });
  expect(described.MfaConfiguration).toBe("OPTIONAL");
  expect(described.AutoVerifiedAttributes).toEqual([]);
  await expect(idp.send(new UpdateUserPoolCommand({ UserPoolId: "us-west-2_nothere" }))).rejects.toMatchObject({ name: "ResourceNotFoundException" });
});

test("a pool made for administrators only refuses SignUp", async () => {
  const id = await pool({ AdminCreateUserConfig: { AllowAdminCreateUserOnly: true } });
  const client = (await idp.send(new CreateUserPoolClientCommand({ UserPoolId: id, ClientName: "web" }))).UserPoolClient!.ClientId!;
  expect((await idp.send(new DescribeUserPoolCommand({ UserPoolId: id }))).UserPool!.AdminCreateUserConfig?.AllowAdminCreateUserOnly).toBe(true);
  await expect(idp.send(new SignUpCommand({ ClientId: client, Username: "eve", Password: "Eve-plays-2026!" }))).rejects.toMatchObject({
    name: "NotAuthorizedException",
    message: "SignUp is not permitted for this user pool",
  });
  await idp.send(new UpdateUserPoolCommand({ UserPoolId: id, AdminCreateUserConfig: { AllowAdminCreateUserOnly: false } }));
  await idp.send(new SignUpCommand({ ClientId: client, Username: "eve", Password: "Eve-plays-2026!" }));
});

test("UpdateUserPoolClient changes the flows, token lifetimes and user-existence errors", async () => {
  const id = await pool();
  const clientId = (await idp.send(new CreateUserPoolClientCommand({ UserPoolId: id, ClientName: "web", ExplicitAuthFlows: ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"] })))
    .UserPoolClient!.ClientId!;
  await idp.send(new AdminCreateUserCommand({ UserPoolId: id, Username: "ann", MessageAction: "SUPPRESS" }));
  await idp.send(new AdminSetUserPasswordCommand({ UserPoolId: id, Username: "ann", Password: "Ann-plays-2026!", Permanent: true }));
  const signIn = () => idp.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: "USER_PASSWORD_AUTH", AuthParameters: { USERNAME: "ann", PASSWORD: "Ann-plays-2026!" } }));
  await signIn();

  const updated = await idp.send(
    new UpdateUserPoolClientCommand({
      UserPoolId: id,
      ClientId: clientId,
      ExplicitAuthFlows: ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
      AccessTokenValidity: 15,
      TokenValidityUnits: { AccessToken: "minutes" },
      PreventUserExistenceErrors: "ENABLED",
    }),
  );
  expect(updated.UserPoolClient).toMatchObject({ ClientName: "web", AccessTokenValidity: 15, PreventUserExistenceErrors: "ENABLED" });
  const described = (await idp.send(new DescribeUserPoolClientCommand({ UserPoolId: id, ClientId: clientId }))).UserPoolClient!;
  expect(described.ExplicitAuthFlows).toEqual(["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]);
  await expect(signIn()).rejects.toMatchObject({ name: "InvalidParameterException" });
  await expect(idp.send(new UpdateUserPoolClientCommand({ UserPoolId: id, ClientId: "nope" }))).rejects.toMatchObject({ name: "ResourceNotFoundException" });
});

test("SetUserPoolMfaConfig states which second factors the pool offers, and the pool keeps to it", async () => {
  const id = await pool({ MfaConfiguration: "OPTIONAL" });
  // A pool made without it offers both, as pools always did here.
  expect(await idp.send(new GetUserPoolMfaConfigCommand({ UserPoolId: id }))).toMatchObject({ MfaConfiguration: "OPTIONAL", SoftwareTokenMfaConfiguration: { Enabled: true } });

  const answer = await idp.send(new SetUserPoolMfaConfigCommand({ UserPoolId: id, MfaConfiguration: "OPTIONAL", SoftwareTokenMfaConfiguration: { Enabled: false }, SmsMfaConfiguration: {} }));
  expect(answer).toMatchObject({ MfaConfiguration: "OPTIONAL", SoftwareTokenMfaConfiguration: { Enabled: false } });
  expect(answer.SmsMfaConfiguration).toBeDefined();

  const clientId = (await idp.send(new CreateUserPoolClientCommand({ UserPoolId: id, ClientName: "web", ExplicitAuthFlows: ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"] })))
    .UserPoolClient!.ClientId!;
  await idp.send(new AdminCreateUserCommand({ UserPoolId: id, Username: "bo", MessageAction: "SUPPRESS" }));
  await idp.send(new AdminSetUserPasswordCommand({ UserPoolId: id, Username: "bo", Password: "Bo-plays-2026!", Permanent: true }));
  const tokens = await idp.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: "USER_PASSWORD_AUTH", AuthParameters: { USERNAME: "bo", PASSWORD: "Bo-plays-2026!" } }));
  await expect(idp.send(new AssociateSoftwareTokenCommand({ AccessToken: tokens.AuthenticationResult!.AccessToken! }))).rejects.toMatchObject({
    name: "InvalidParameterException",
    message: "Software token MFA is not enabled for this user pool.",
  });

  await expect(idp.send(new SetUserPoolMfaConfigCommand({ UserPoolId: id, MfaConfiguration: "ON", SoftwareTokenMfaConfiguration: { Enabled: false } }))).rejects.toMatchObject({
    name: "InvalidParameterException",
  });
});
