// Cognito identities for tests that join game sessions: an identity pool on the local stack (guests allowed,
// the default roles), and guest identities with the OpenID tokens that prove them to a game server's gateway.
import {
  CognitoIdentityClient,
  CreateIdentityPoolCommand,
  GetCredentialsForIdentityCommand,
  GetIdCommand,
  GetOpenIdTokenCommand,
  SetIdentityPoolRolesCommand,
} from "@aws-sdk/client-cognito-identity";
import { defaultRoleArns } from "../../local/cognito/identity/index.ts";
import type { LocalStack } from "../../local/stack.ts";

export interface TestIdentity {
  /** The identity id: what a player session's PlayerId must be for this player. */
  id: string;
  /** A fresh OpenID token for the identity (GetOpenIdToken). */
  token(): Promise<string>;
  /** The identity's AWS credentials (the pool's guest role). */
  credentials(): Promise<{ accessKeyId: string; secretAccessKey: string; sessionToken: string }>;
}

export interface TestIdentityPool {
  identityPoolId: string;
  /** The issuer a gateway checks this pool's tokens against: the stack. */
  issuer: string;
  guest(): Promise<TestIdentity>;
  destroy(): void;
}

/** Needs a stack started with identityPoolsExtension(). */
export async function createTestIdentityPool(stack: LocalStack, name = "test players"): Promise<TestIdentityPool> {
  const client = new CognitoIdentityClient({ region: stack.region, endpoint: stack.endpoint, credentials: stack.developerCredentials, maxAttempts: 1 });
  const pool = await client.send(new CreateIdentityPoolCommand({ IdentityPoolName: name, AllowUnauthenticatedIdentities: true }));
  const identityPoolId = pool.IdentityPoolId!;
  await client.send(new SetIdentityPoolRolesCommand({ IdentityPoolId: identityPoolId, Roles: defaultRoleArns(stack.accountId) }));
  return {
    identityPoolId,
    issuer: stack.endpoint,
    async guest() {
      const id = (await client.send(new GetIdCommand({ IdentityPoolId: identityPoolId }))).IdentityId!;
      return {
        id,
        token: async () => (await client.send(new GetOpenIdTokenCommand({ IdentityId: id }))).Token!,
        async credentials() {
          const c = (await client.send(new GetCredentialsForIdentityCommand({ IdentityId: id }))).Credentials!;
          return { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretKey!, sessionToken: c.SessionToken! };
        },
      };
    },
    destroy: () => client.destroy(),
  };
}
