// Which actions an identity pool role may call, and how STS would name its sessions.
import assert from "node:assert/strict";
import { test } from "vitest";
import {
  actionPattern,
  assumedRolePrincipal,
  AUTHENTICATED_PLAYER_ACTIONS,
  defaultRoleActions,
  defaultRoleArns,
  GUEST_ACTIONS,
  RolePolicies,
  roleName,
} from "../../../../../local/cognito/identity/roles.ts";

test("actions match exactly, by wildcard, and case-insensitively as IAM does", () => {
  assert.ok(actionPattern("gamelift:SearchGameSessions").test("gamelift:SearchGameSessions"));
  assert.ok(actionPattern("gamelift:searchgamesessions").test("gamelift:SearchGameSessions"));
  assert.ok(actionPattern("gamelift:*").test("gamelift:CreateGameSession"));
  assert.ok(actionPattern("gamelift:Describe*").test("gamelift:DescribeGameSessions"));
  assert.ok(actionPattern("*").test("cognito-identity:ListIdentityPools"));
  assert.ok(actionPattern("gamelift:Describe?ameSessions").test("gamelift:DescribeGameSessions"));
  assert.ok(!actionPattern("gamelift:Describe*").test("gamelift:CreateGameSession"));
  assert.ok(!actionPattern("gamelift:*").test("cognito-identity:GetId"));
  // Regex characters in an action are literal.
  assert.ok(!actionPattern("gamelift:A.B").test("gamelift:AxB"));
});

test("the default roles: players may create and join, guests may look and take a seat but create nothing", () => {
  const arns = defaultRoleArns("123456789012");
  const policies = new RolePolicies(defaultRoleActions("123456789012"));
  for (const action of AUTHENTICATED_PLAYER_ACTIONS) assert.ok(policies.allows(arns.authenticated, action), action);
  for (const action of GUEST_ACTIONS) assert.ok(policies.allows(arns.unauthenticated, action), action);
  assert.ok(!policies.allows(arns.unauthenticated, "gamelift:CreateGameSession"));
  assert.ok(policies.allows(arns.unauthenticated, "gamelift:CreatePlayerSession"));
  assert.ok(!policies.allows(arns.unauthenticated, "gamelift:StartGameSessionPlacement"));
  assert.ok(!policies.allows(arns.unauthenticated, "gamelift:StartMatchmaking"));
  assert.ok(!policies.allows(arns.authenticated, "gamelift:CreateFleet"));
  assert.ok(!policies.allows(arns.authenticated, "gamelift:DeleteFleet"));
});

test("an unknown role may do nothing", () => {
  const policies = new RolePolicies({ "arn:aws:iam::123456789012:role/Known": ["*"] });
  assert.ok(policies.allows("arn:aws:iam::123456789012:role/Known", "gamelift:ListFleets"));
  assert.ok(!policies.allows("arn:aws:iam::123456789012:role/Unknown", "gamelift:ListFleets"));
});

test("assumed-role principals name the role without its path", () => {
  assert.equal(roleName("arn:aws:iam::123456789012:role/game/players/Player"), "Player");
  assert.equal(
    assumedRolePrincipal("123456789012", "arn:aws:iam::123456789012:role/Player"),
    "arn:aws:sts::123456789012:assumed-role/Player/CognitoIdentityCredentials",
  );
});
