/**
 * What the roles an identity pool hands out may do. The local stack has no IAM: a role is an ARN mapped to
 * a list of allowed actions (`gamelift:SearchGameSessions`, `gamelift:Describe*`, `gamelift:*`, `*`). A role
 * ARN with no entry may do nothing, so calls signed with its credentials are refused with AccessDenied.
 */
import { PLAYER_GAMELIFT_ACTIONS } from "../../player-actions.ts";

export type RoleActions = Record<string, readonly string[]>;

export const DEFAULT_AUTHENTICATED_ROLE_NAME = "PhaserGameLiftAuthenticated";
export const DEFAULT_UNAUTHENTICATED_ROLE_NAME = "PhaserGameLiftUnauthenticated";

/** What a signed-in player's game client needs from GameLift: sessions, placement and matchmaking. */
export const AUTHENTICATED_PLAYER_ACTIONS: readonly string[] = PLAYER_GAMELIFT_ACTIONS.authenticated;

/** A guest may look at the lobby but not create or join anything. */
export const GUEST_ACTIONS: readonly string[] = PLAYER_GAMELIFT_ACTIONS.guest;

export function defaultRoleArns(accountId: string): { authenticated: string; unauthenticated: string } {
  return {
    authenticated: `arn:aws:iam::${accountId}:role/${DEFAULT_AUTHENTICATED_ROLE_NAME}`,
    unauthenticated: `arn:aws:iam::${accountId}:role/${DEFAULT_UNAUTHENTICATED_ROLE_NAME}`,
  };
}

export function defaultRoleActions(accountId: string): RoleActions {
  const arns = defaultRoleArns(accountId);
  return { [arns.authenticated]: AUTHENTICATED_PLAYER_ACTIONS, [arns.unauthenticated]: GUEST_ACTIONS };
}

/** The policy engine: compiled once per role, consulted on every signed call. */
export class RolePolicies {
  private readonly compiled = new Map<string, RegExp[]>();

  constructor(roles: RoleActions) {
    for (const [arn, actions] of Object.entries(roles)) this.compiled.set(arn, actions.map(actionPattern));
  }

  allows(roleArn: string, action: string): boolean {
    return this.compiled.get(roleArn)?.some((p) => p.test(action)) ?? false;
  }
}

/** IAM action matching: `*` any run of characters, `?` one character, case-insensitive. */
export function actionPattern(action: string): RegExp {
  const body = action.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
  return new RegExp(`^${body}$`, "i");
}

/** `arn:aws:iam::<acct>:role/path/Name` → `Name`, as STS names the assumed-role session's principal. */
export function roleName(roleArn: string): string {
  const resource = roleArn.split(":").slice(5).join(":");
  const name = resource.startsWith("role/") ? resource.split("/").pop() : undefined;
  return name || roleArn;
}

export function assumedRolePrincipal(accountId: string, roleArn: string): string {
  return `arn:aws:sts::${accountId}:assumed-role/${roleName(roleArn)}/CognitoIdentityCredentials`;
}
