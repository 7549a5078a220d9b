/**
 * Who plays: the Cognito user pool and its web app client, the identity pool (players, guests, Login with Amazon
 * and Google), and the two roles its identities get, allowed exactly the GameLift actions the kit calls.
 */
import { Duration, RemovalPolicy } from "aws-cdk-lib";
import { CfnIdentityPool, CfnIdentityPoolRoleAttachment, Mfa, UserPool, UserPoolClientIdentityProvider, type UserPoolClient } from "aws-cdk-lib/aws-cognito";
import { FederatedPrincipal, PolicyDocument, PolicyStatement, Role } from "aws-cdk-lib/aws-iam";
import { Construct } from "constructs";
import type { GameConfig } from "@phaser-gamelift/local/game-config";
import { GUEST_PLAYER_ACTIONS, PLAYER_ACTIONS, playerStatements, type GameResourceArns } from "./player-policy.ts";

const MFA = { off: Mfa.OFF, optional: Mfa.OPTIONAL, required: Mfa.REQUIRED } as const;

export class Players extends Construct {
  readonly userPool: UserPool;
  readonly appClient: UserPoolClient;
  readonly identityPool: CfnIdentityPool;
  readonly playerRole: Role;
  readonly guestRole?: Role;

  constructor(scope: Construct, id: string, config: GameConfig, arns: GameResourceArns) {
    super(scope, id);
    const { userPool: pool, appClient: client, identityPool: idPool, providers } = config.cognito;
    const policy = pool.passwordPolicy;

    this.userPool = new UserPool(this, "UserPool", {
      userPoolName: pool.name,
      selfSignUpEnabled: pool.selfSignUp,
      signInAliases: pool.signIn,
      signInCaseSensitive: pool.caseSensitive,
      autoVerify: pool.autoVerify,
      passwordPolicy: {
        minLength: policy.minLength,
        requireLowercase: policy.requireLowercase,
        requireUppercase: policy.requireUppercase,
        requireDigits: policy.requireDigits,
        requireSymbols: policy.requireSymbols,
        tempPasswordValidity: Duration.days(policy.temporaryPasswordValidityDays),
      },
      mfa: MFA[pool.mfa.mode],
      // SMS needs a role Cognito sends texts with; CDK makes it when sms is on.
      ...(pool.mfa.mode !== "off" ? { mfaSecondFactor: { otp: pool.mfa.totp, sms: pool.mfa.sms } } : {}),
      // The players are the game: the pool outlives the stack.
      removalPolicy: RemovalPolicy.RETAIN,
      deletionProtection: true,
    });

    const flows = new Set(client.authFlows);
    this.appClient = this.userPool.addClient("WebClient", {
      userPoolClientName: client.name,
      // A browser cannot keep a secret.
      generateSecret: false,
      // CDK always adds ALLOW_REFRESH_TOKEN_AUTH; the config requires it too.
      authFlows: { userSrp: flows.has("USER_SRP_AUTH"), userPassword: flows.has("USER_PASSWORD_AUTH"), custom: flows.has("CUSTOM_AUTH") },
      accessTokenValidity: Duration.minutes(client.tokenValidity.accessTokenMinutes),
      idTokenValidity: Duration.minutes(client.tokenValidity.idTokenMinutes),
      refreshTokenValidity: Duration.days(client.tokenValidity.refreshTokenDays),
      preventUserExistenceErrors: client.preventUserExistenceErrors,
      enableTokenRevocation: client.enableTokenRevocation,
      // The kit signs in through the API; no hosted UI, no OAuth redirects.
      disableOAuth: true,
      supportedIdentityProviders: [UserPoolClientIdentityProvider.COGNITO],
    });

    const logins: Record<string, string> = {};
    if (providers.loginWithAmazon) logins["www.amazon.com"] = providers.loginWithAmazon.clientId;
    if (providers.google) logins["accounts.google.com"] = providers.google.clientId;
    this.identityPool = new CfnIdentityPool(this, "IdentityPool", {
      identityPoolName: idPool.name,
      allowUnauthenticatedIdentities: idPool.allowGuests,
      // The basic (classic) flow hands out credentials for any role the caller names: off.
      allowClassicFlow: false,
      cognitoIdentityProviders: [
        { providerName: this.userPool.userPoolProviderName, clientId: this.appClient.userPoolClientId, serverSideTokenCheck: idPool.serverSideTokenCheck },
      ],
      ...(Object.keys(logins).length ? { supportedLoginProviders: logins } : {}),
    });

    this.playerRole = this.role("PlayerRole", "authenticated", PLAYER_ACTIONS, arns, "A signed-in player of " + config.game);
    if (idPool.allowGuests) this.guestRole = this.role("GuestRole", "unauthenticated", GUEST_PLAYER_ACTIONS, arns, "A guest of " + config.game);
    new CfnIdentityPoolRoleAttachment(this, "Roles", {
      identityPoolId: this.identityPool.ref,
      roles: { authenticated: this.playerRole.roleArn, ...(this.guestRole ? { unauthenticated: this.guestRole.roleArn } : {}) },
    });
  }

  /** A role only this identity pool's identities of one kind can assume, allowed these GameLift actions. */
  private role(id: string, amr: "authenticated" | "unauthenticated", actions: readonly string[], arns: GameResourceArns, description: string): Role {
    return new Role(this, id, {
      description,
      assumedBy: new FederatedPrincipal(
        "cognito-identity.amazonaws.com",
        {
          StringEquals: { "cognito-identity.amazonaws.com:aud": this.identityPool.ref },
          "ForAnyValue:StringLike": { "cognito-identity.amazonaws.com:amr": amr },
        },
        "sts:AssumeRoleWithWebIdentity",
      ),
      inlinePolicies: {
        GameLift: new PolicyDocument({ statements: playerStatements(actions, arns).map((s) => new PolicyStatement({ actions: s.actions, resources: s.resources })) }),
      },
      maxSessionDuration: Duration.hours(1),
    });
  }
}
