import { getDeviceProviderLogins } from "../../oauth/index.ts";
import type { ServiceDefinition } from "../../http/service.ts";
import type { StackContext, StackExtension } from "../../stack.ts";
import { getUserPoolDirectory } from "../userpool/index.ts";
import { identityOperations } from "./identity-operations.ts";
import { IssuedCredentials } from "./issued-credentials.ts";
import type { LoginSources } from "./logins.ts";
import { openIdRoutes } from "./http-routes.ts";
import { OpenIdTokens } from "./open-id-tokens.ts";
import { poolOperations } from "./pool-operations.ts";
import { defaultRoleActions, RolePolicies, type RoleActions } from "./roles.ts";
import { IdentityState } from "./state.ts";

export {
  AUTHENTICATED_PLAYER_ACTIONS,
  GUEST_ACTIONS,
  defaultRoleArns,
  DEFAULT_AUTHENTICATED_ROLE_NAME,
  DEFAULT_UNAUTHENTICATED_ROLE_NAME,
  type RoleActions,
} from "./roles.ts";

export interface IdentityPoolsOptions {
  /** Lifetime of issued credentials; 3600 s by default, as Cognito's. */
  credentialsTtlSeconds?: number;
  /** Epoch milliseconds, for identity dates and credential expiry (the stack's SigV4 check reads the real clock). */
  now?: () => number;
  /**
   * Role ARN → allowed actions, merged over the defaults (see `defaultRoleArns`: the authenticated role may
   * call the GameLift operations a game client needs, the unauthenticated one only search and describe).
   * A role ARN found in neither may do nothing.
   */
  roles?: RoleActions;
}

/** Operations a game client calls before it has credentials (the SDK sends them with smithy.api#noAuth). */
const UNSIGNED = new Set(["GetId", "GetCredentialsForIdentity", "GetOpenIdToken"]);

/**
 * Cognito identity pools (awsJson1_1, `AWSCognitoIdentityService.<Op>`): identities for user-pool, Login with
 * Amazon and Google logins and for guests, and temporary credentials the rest of the stack accepts.
 */
export function identityPoolsExtension(options: IdentityPoolsOptions = {}): StackExtension {
  return async (ctx) => {
    const ttl = options.credentialsTtlSeconds ?? 3600;
    if (!(ttl > 0)) throw new TypeError(`credentialsTtlSeconds must be positive, not ${ttl}`);
    const now = options.now ?? Date.now;
    const state = new IdentityState(ctx.stateDir, now);
    const policies = new RolePolicies({ ...defaultRoleActions(ctx.accountId), ...options.roles });
    const credentials = new IssuedCredentials(state, policies, ctx.accountId, ttl, now);
    ctx.credentials.addSource(credentials);
    const openIdTokens = await OpenIdTokens.load(state);
    // Tokens name the stack as their issuer; its keys are where a verifier looks for them (see http-routes.ts).
    const issuer = () => ctx.endpoint();

    const service: ServiceDefinition = {
      targetPrefix: "AWSCognitoIdentityService",
      shapeNamespace: "com.amazonaws.cognitoidentity",
      signingName: "cognito-identity",
      errorMessageMember: "message",
      unsignedOperations: UNSIGNED,
      operations: {
        ...poolOperations({ region: ctx.region, state, now }),
        ...identityOperations({ region: ctx.region, state, credentials, openIdTokens, issuer, logins: loginSources(ctx), now }),
      },
    };
    return { services: [service], handle: openIdRoutes(openIdTokens, issuer), close: () => state.close() };
  };
}

function loginSources(ctx: StackContext): LoginSources {
  return {
    // Without user pools in the stack the directory refuses every token as an invalid login.
    userPools: () => getUserPoolDirectory(ctx),
    deviceProviders: () => getDeviceProviderLogins(ctx),
  };
}
