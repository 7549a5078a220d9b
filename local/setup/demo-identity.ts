// The demo's sign-in set-up, made (or found again) over the wire with the AWS SDK clients, the way a set-up
// script would do it against AWS: a user pool with an app client for browsers, an identity pool that takes
// its users, Login with Amazon, Google and guests, and two demo players.
import {
  CognitoIdentityClient,
  CreateIdentityPoolCommand,
  ListIdentityPoolsCommand,
  SetIdentityPoolRolesCommand,
} from "@aws-sdk/client-cognito-identity";
import {
  AdminCreateUserCommand,
  AdminGetUserCommand,
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  ListUserPoolClientsCommand,
  ListUserPoolsCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { defaultRoleArns } from "../cognito/identity/index.ts";

export interface DemoIdentity {
  userPoolId: string;
  appClientId: string;
  identityPoolId: string;
  providers: { loginWithAmazon: { clientId: string }; google: { clientId: string } };
  users: { username: string; password: string; email: string }[];
}

const POOL_NAME = "phaser-gamelift-demo";
const CLIENT_NAME = "phaser-gamelift-demo-web";
const IDENTITY_POOL_NAME = "phaser_gamelift_demo";
export const DEMO_PROVIDERS = {
  loginWithAmazon: { clientId: "amzn1.application-oa2-client.phasergameliftdemo" },
  google: { clientId: "phaser-gamelift-demo.apps.googleusercontent.com" },
};
const DEMO_USERS = [
  { username: "alice", password: "Alice-plays-2026", email: "alice@example.com" },
  { username: "bob", password: "Bob-plays-2026", email: "bob@example.com" },
];

export async function ensureDemoIdentity(target: {
  endpoint: string;
  region: string;
  accountId: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
}): Promise<DemoIdentity> {
  const common = { region: target.region, endpoint: target.endpoint, credentials: target.credentials };
  const idp = new CognitoIdentityProviderClient(common);
  const identity = new CognitoIdentityClient(common);
  try {
    const pools = await idp.send(new ListUserPoolsCommand({ MaxResults: 60 }));
    const userPoolId =
      pools.UserPools?.find((p) => p.Name === POOL_NAME)?.Id ??
      (await idp.send(new CreateUserPoolCommand({ PoolName: POOL_NAME, AutoVerifiedAttributes: ["email"], MfaConfiguration: "OPTIONAL" }))).UserPool!.Id!;

    const clients = await idp.send(new ListUserPoolClientsCommand({ UserPoolId: userPoolId, MaxResults: 60 }));
    const appClientId =
      clients.UserPoolClients?.find((c) => c.ClientName === CLIENT_NAME)?.ClientId ??
      (
        await idp.send(
          new CreateUserPoolClientCommand({
            UserPoolId: userPoolId,
            ClientName: CLIENT_NAME,
            ExplicitAuthFlows: ["ALLOW_USER_SRP_AUTH", "ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
          }),
        )
      ).UserPoolClient!.ClientId!;

    for (const user of DEMO_USERS) {
      const exists = await idp.send(new AdminGetUserCommand({ UserPoolId: userPoolId, Username: user.username })).then(
        () => true,
        (e: Error) => (e.name === "UserNotFoundException" ? false : Promise.reject(e)),
      );
      if (exists) continue;
      await idp.send(
        new AdminCreateUserCommand({
          UserPoolId: userPoolId,
          Username: user.username,
          MessageAction: "SUPPRESS",
          UserAttributes: [
            { Name: "email", Value: user.email },
            { Name: "email_verified", Value: "true" },
          ],
        }),
      );
      await idp.send(new AdminSetUserPasswordCommand({ UserPoolId: userPoolId, Username: user.username, Password: user.password, Permanent: true }));
    }

    const identityPools = await identity.send(new ListIdentityPoolsCommand({ MaxResults: 60 }));
    let identityPoolId = identityPools.IdentityPools?.find((p) => p.IdentityPoolName === IDENTITY_POOL_NAME)?.IdentityPoolId;
    if (!identityPoolId) {
      identityPoolId = (
        await identity.send(
          new CreateIdentityPoolCommand({
            IdentityPoolName: IDENTITY_POOL_NAME,
            AllowUnauthenticatedIdentities: true,
            CognitoIdentityProviders: [{ ProviderName: `cognito-idp.${target.region}.amazonaws.com/${userPoolId}`, ClientId: appClientId, ServerSideTokenCheck: false }],
            SupportedLoginProviders: { "www.amazon.com": DEMO_PROVIDERS.loginWithAmazon.clientId, "accounts.google.com": DEMO_PROVIDERS.google.clientId },
          }),
        )
      ).IdentityPoolId!;
      await identity.send(new SetIdentityPoolRolesCommand({ IdentityPoolId: identityPoolId, Roles: defaultRoleArns(target.accountId) }));
    }
    return { userPoolId, appClientId, identityPoolId, providers: DEMO_PROVIDERS, users: DEMO_USERS };
  } finally {
    idp.destroy();
    identity.destroy();
  }
}
