import type { CredentialRecord, CredentialResolver } from "../../http/sigv4.ts";
import { newSecretKey, newSessionToken, newTemporaryAccessKeyId } from "./ids.ts";
import { assumedRolePrincipal, type RolePolicies } from "./roles.ts";
import type { CredentialRow, IdentityState } from "./state.ts";

/** The Credentials structure of GetCredentialsForIdentity (SecretKey, not SecretAccessKey). */
export interface WireCredentials {
  AccessKeyId: string;
  SecretKey: string;
  SessionToken: string;
  Expiration: Date;
}

/**
 * Issues temporary credentials for an identity's role and recognises them when they sign a call to any of
 * the stack's services: the resolver the stack's SigV4 check consults.
 */
export class IssuedCredentials implements CredentialResolver {
  private readonly state: IdentityState;
  private readonly policies: RolePolicies;
  private readonly accountId: string;
  private readonly ttlSeconds: number;
  private readonly now: () => number;
  constructor(
    state: IdentityState,
    policies: RolePolicies,
    accountId: string,
    ttlSeconds: number,
    now: () => number,
  ) {
    this.state = state;
    this.policies = policies;
    this.accountId = accountId;
    this.ttlSeconds = ttlSeconds;
    this.now = now;
  }

  issue(identityId: string, roleArn: string): WireCredentials {
    const row: CredentialRow = {
      accessKeyId: newTemporaryAccessKeyId(),
      secretAccessKey: newSecretKey(),
      sessionToken: newSessionToken(),
      expiration: this.now() + this.ttlSeconds * 1000,
      roleArn,
      identityId,
    };
    // Durable before the caller sees it: credentials must work after a restart until they expire.
    this.state.saveCredential(row);
    return { AccessKeyId: row.accessKeyId, SecretKey: row.secretAccessKey, SessionToken: row.sessionToken, Expiration: new Date(row.expiration) };
  }

  resolve(accessKeyId: string): CredentialRecord | undefined {
    const row = this.state.credential(accessKeyId);
    if (!row) return undefined;
    return {
      accessKeyId: row.accessKeyId,
      secretAccessKey: row.secretAccessKey,
      sessionToken: row.sessionToken,
      expiration: new Date(row.expiration),
      principalArn: assumedRolePrincipal(this.accountId, row.roleArn),
      allows: (action) => this.policies.allows(row.roleArn, action),
    };
  }
}
