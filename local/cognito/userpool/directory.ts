import type { StackContext } from "../../stack.ts";
import { notAuthorized } from "./errors.ts";

/** What identity pools need from user pools: is this ID token one of ours, and whose is it? */
export interface IdTokenVerifier {
  /**
   * providerName is the Logins key, "cognito-idp.<region>.amazonaws.com/<poolId>". Resolves with the token's
   * subject, all its claims and the app client it was issued to (its `aud`); rejects with
   * ServiceError("NotAuthorizedException", "Invalid login token. …") for anything else.
   */
  verifyIdToken(providerName: string, token: string): Promise<{ sub: string; claims: Record<string, unknown>; clientId: string }>;
}

export interface UserPoolDirectory extends IdTokenVerifier {
  hasUserPool(userPoolId: string): boolean;
  /** The `iss` of the pool's tokens (the stack's endpoint + "/" + pool id). */
  issuer(userPoolId: string): string;
}

/**
 * How another part of the same stack reaches the user pools in-process. Keyed by the StackContext's
 * `credentials` object, which is one per stack and handed to every extension, so it does not matter which
 * extension starts first: a part that asks before the user pools are up gets a handle that answers once they
 * are (and refuses every token while no user pools run in that stack).
 */
const directories = new WeakMap<object, DirectoryHandle>();

class DirectoryHandle implements UserPoolDirectory {
  implementation: UserPoolDirectory | undefined;

  async verifyIdToken(providerName: string, token: string) {
    if (!this.implementation) throw notAuthorized("Invalid login token. No Cognito user pools are served by this stack.");
    return this.implementation.verifyIdToken(providerName, token);
  }
  hasUserPool(userPoolId: string): boolean {
    return this.implementation?.hasUserPool(userPoolId) ?? false;
  }
  issuer(userPoolId: string): string {
    if (!this.implementation) throw new Error("no Cognito user pools are served by this stack");
    return this.implementation.issuer(userPoolId);
  }
}

function handleFor(ctx: StackContext): DirectoryHandle {
  let handle = directories.get(ctx.credentials);
  if (!handle) directories.set(ctx.credentials, (handle = new DirectoryHandle()));
  return handle;
}

export function getUserPoolDirectory(ctx: StackContext): UserPoolDirectory {
  return handleFor(ctx);
}

/** Called by the user pools extension when it starts (with its implementation) and when it closes (undefined). */
export function attachUserPoolDirectory(ctx: StackContext, implementation: UserPoolDirectory | undefined): void {
  handleFor(ctx).implementation = implementation;
}
