/**
 * A game config's sign-in set-up, made (or found again by name and brought in line) over the wire with the AWS SDK
 * clients, as a set-up script would do it against Cognito: the user pool with its password policy, sign-in
 * attributes and MFA, the web app client, the players, and the identity pool with its roles and providers.
 */
import {
  CognitoIdentityClient,
  CreateIdentityPoolCommand,
  ListIdentityPoolsCommand,
  SetIdentityPoolRolesCommand,
  UpdateIdentityPoolCommand,
} from "@aws-sdk/client-cognito-identity";
import {
  AdminCreateUserCommand,
  AdminGetUserCommand,
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  DescribeUserPoolCommand,
  ListUserPoolClientsCommand,
  ListUserPoolsCommand,
  SetUserPoolMfaConfigCommand,
  UpdateUserPoolClientCommand,
  UpdateUserPoolCommand,
  type UserPoolType,
} from "@aws-sdk/client-cognito-identity-provider";
import { defaultRoleArns } from "../cognito/identity/index.ts";
import type { CognitoConfig, GameConfig } from "../game-config/index.ts";

export interface SetupTarget {
  endpoint: string;
  region: string;
  accountId: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  log?: (message: string) => void;
}

export interface AppliedIdentity {
  userPoolId: string;
  appClientId: string;
  identityPoolId: string;
  providers: CognitoConfig["providers"];
  /** The config's local players, as they can sign in now. */
  players: { username: string; password: string; email: string }[];
}

const MFA_MODE = { off: "OFF", optional: "OPTIONAL", required: "ON" } as const;

/** The user pool settings both CreateUserPool and UpdateUserPool take. */
function poolSettings(cognito: CognitoConfig) {
  const pool = cognito.userPool;
  const policy = pool.passwordPolicy;
  return {
    Policies: {
      PasswordPolicy: {
        MinimumLength: policy.minLength,
        RequireLowercase: policy.requireLowercase,
        RequireUppercase: policy.requireUppercase,
        RequireNumbers: policy.requireDigits,
        RequireSymbols: policy.requireSymbols,
        TemporaryPasswordValidityDays: policy.temporaryPasswordValidityDays,
      },
    },
    AutoVerifiedAttributes: [...(pool.autoVerify.email ? ["email" as const] : []), ...(pool.autoVerify.phone ? ["phone_number" as const] : [])],
    MfaConfiguration: MFA_MODE[pool.mfa.mode],
    AdminCreateUserConfig: { AllowAdminCreateUserOnly: !pool.selfSignUp },
  };
}

/** UsernameAttributes or AliasAttributes, as CDK's signInAliases maps them. */
function signInAttributes(cognito: CognitoConfig) {
  const s = cognito.userPool.signIn;
  const named = [...(s.email ? ["email" as const] : []), ...(s.phone ? ["phone_number" as const] : [])];
  if (!s.username) return { UsernameAttributes: named };
  const aliases = [...named, ...(s.preferredUsername ? ["preferred_username" as const] : [])];
  return aliases.length ? { AliasAttributes: aliases } : {};
}

function clientSettings(cognito: CognitoConfig) {
  const c = cognito.appClient;
  return {
    ClientName: c.name,
    ExplicitAuthFlows: c.authFlows.map((f) => `ALLOW_${f}` as const),
    AccessTokenValidity: c.tokenValidity.accessTokenMinutes,
    IdTokenValidity: c.tokenValidity.idTokenMinutes,
    RefreshTokenValidity: c.tokenValidity.refreshTokenDays,
    TokenValidityUnits: { AccessToken: "minutes" as const, IdToken: "minutes" as const, RefreshToken: "days" as const },
    PreventUserExistenceErrors: c.preventUserExistenceErrors ? ("ENABLED" as const) : ("LEGACY" as const),
    EnableTokenRevocation: c.enableTokenRevocation,
  };
}

export async function applyIdentity(target: SetupTarget, config: GameConfig): Promise<AppliedIdentity> {
  const log = target.log ?? (() => {});
  const common = { region: target.region, endpoint: target.endpoint, credentials: target.credentials };
  const idp = new CognitoIdentityProviderClient(common);
  const identity = new CognitoIdentityClient(common);
  const { cognito } = config;
  try {
    // The user pool: found by name, else made; its settings are the config's either way.
    let pool = await findUserPool(idp, cognito.userPool.name);
    if (!pool) {
      pool = (
        await idp.send(
          new CreateUserPoolCommand({
            PoolName: cognito.userPool.name,
            ...poolSettings(cognito),
            ...signInAttributes(cognito),
            UsernameConfiguration: { CaseSensitive: cognito.userPool.caseSensitive },
          }),
        )
      ).UserPool!;
      log(`created user pool ${cognito.userPool.name} (${pool.Id})`);
    } else {
      await idp.send(new UpdateUserPoolCommand({ UserPoolId: pool.Id, ...poolSettings(cognito) }));
      warnOnFixedSettings(pool, cognito, log);
    }
    const userPoolId = pool.Id!;
    const mfa = cognito.userPool.mfa;
    await idp.send(
      new SetUserPoolMfaConfigCommand({
        UserPoolId: userPoolId,
        MfaConfiguration: MFA_MODE[mfa.mode],
        SoftwareTokenMfaConfiguration: { Enabled: mfa.totp },
        ...(mfa.sms ? { SmsMfaConfiguration: { SmsAuthenticationMessage: "Your authentication code is {####}" } } : {}),
      }),
    );

    const clients = await idp.send(new ListUserPoolClientsCommand({ UserPoolId: userPoolId, MaxResults: 60 }));
    const existingClient = clients.UserPoolClients?.find((c) => c.ClientName === cognito.appClient.name)?.ClientId;
    let appClientId: string;
    if (existingClient) {
      await idp.send(new UpdateUserPoolClientCommand({ UserPoolId: userPoolId, ClientId: existingClient, ...clientSettings(cognito) }));
      appClientId = existingClient;
    } else {
      // A browser cannot keep a secret: the web client never has one.
      appClientId = (await idp.send(new CreateUserPoolClientCommand({ UserPoolId: userPoolId, GenerateSecret: false, ...clientSettings(cognito) }))).UserPoolClient!
        .ClientId!;
    }

    for (const player of config.local.players) await ensurePlayer(idp, userPoolId, player);

    const logins: Record<string, string> = {};
    if (cognito.providers.loginWithAmazon) logins["www.amazon.com"] = cognito.providers.loginWithAmazon.clientId;
    if (cognito.providers.google) logins["accounts.google.com"] = cognito.providers.google.clientId;
    const poolSettingsIn = {
      IdentityPoolName: cognito.identityPool.name,
      AllowUnauthenticatedIdentities: cognito.identityPool.allowGuests,
      CognitoIdentityProviders: [
        {
          ProviderName: `cognito-idp.${target.region}.amazonaws.com/${userPoolId}`,
          ClientId: appClientId,
          ServerSideTokenCheck: cognito.identityPool.serverSideTokenCheck,
        },
      ],
      SupportedLoginProviders: logins,
    };
    const existingIdentityPool = await findIdentityPool(identity, cognito.identityPool.name);
    const identityPoolId = existingIdentityPool
      ? (await identity.send(new UpdateIdentityPoolCommand({ IdentityPoolId: existingIdentityPool, ...poolSettingsIn }))).IdentityPoolId!
      : (await identity.send(new CreateIdentityPoolCommand(poolSettingsIn))).IdentityPoolId!;
    await identity.send(new SetIdentityPoolRolesCommand({ IdentityPoolId: identityPoolId, Roles: defaultRoleArns(target.accountId) }));

    return { userPoolId, appClientId, identityPoolId, providers: cognito.providers, players: config.local.players.map((p) => ({ ...p })) };
  } finally {
    idp.destroy();
    identity.destroy();
  }
}

async function findUserPool(idp: CognitoIdentityProviderClient, name: string): Promise<UserPoolType | undefined> {
  let NextToken: string | undefined;
  do {
    const page = await idp.send(new ListUserPoolsCommand({ MaxResults: 60, NextToken }));
    const found = page.UserPools?.find((p) => p.Name === name);
    if (found?.Id) return (await idp.send(new DescribeUserPoolCommand({ UserPoolId: found.Id }))).UserPool;
    NextToken = page.NextToken;
  } while (NextToken);
  return undefined;
}

async function findIdentityPool(identity: CognitoIdentityClient, name: string): Promise<string | undefined> {
  let NextToken: string | undefined;
  do {
    const page = await identity.send(new ListIdentityPoolsCommand({ MaxResults: 60, NextToken }));
    const found = page.IdentityPools?.find((p) => p.IdentityPoolName === name);
    if (found) return found.IdentityPoolId;
    NextToken = page.NextToken;
  } while (NextToken);
  return undefined;
}

/** Sign-in attributes and case sensitivity are fixed once a pool exists, on AWS as here: say so rather than pretend. */
function warnOnFixedSettings(pool: UserPoolType, cognito: CognitoConfig, log: (message: string) => void): void {
  const wanted = signInAttributes(cognito);
  const same = (a: readonly string[] | undefined, b: readonly string[] | undefined) => [...(a ?? [])].sort().join() === [...(b ?? [])].sort().join();
  const caseSensitive = pool.UsernameConfiguration?.CaseSensitive ?? true;
  if (!same(pool.UsernameAttributes, wanted.UsernameAttributes) || !same(pool.AliasAttributes, wanted.AliasAttributes) || caseSensitive !== cognito.userPool.caseSensitive) {
    log(
      `user pool ${cognito.userPool.name} keeps the sign-in attributes and case sensitivity it was made with; ` +
        "to change them, give the pool a new name (or delete the stack's state folder)",
    );
  }
}

/** A config player: made when missing, else given the config's password again, so the listed one always works. */
async function ensurePlayer(idp: CognitoIdentityProviderClient, userPoolId: string, player: { username: string; password: string; email: string }): Promise<void> {
  const exists = await idp.send(new AdminGetUserCommand({ UserPoolId: userPoolId, Username: player.username })).then(
    () => true,
    (e: Error) => (e.name === "UserNotFoundException" ? false : Promise.reject(e)),
  );
  if (!exists) {
    await idp.send(
      new AdminCreateUserCommand({
        UserPoolId: userPoolId,
        Username: player.username,
        MessageAction: "SUPPRESS",
        UserAttributes: [
          { Name: "email", Value: player.email },
          { Name: "email_verified", Value: "true" },
        ],
      }),
    );
  }
  await idp.send(new AdminSetUserPasswordCommand({ UserPoolId: userPoolId, Username: player.username, Password: player.password, Permanent: true }));
}
