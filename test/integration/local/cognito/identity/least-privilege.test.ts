// What a player's browser may ask GameLift, with the credentials the identity pool's default roles give it, and
// how a game server checks who a player is: the local stack over the wire, as the AWS SDK and jose see it.
import { CreatePlayerSessionCommand, DescribeGameSessionsCommand, DescribePlayerSessionsCommand, GameLiftClient, SearchGameSessionsCommand } from "@aws-sdk/client-gamelift";
import { createRemoteJWKSet, jwtVerify } from "jose";
import { afterAll, beforeAll, expect, test } from "vitest";
import { identityPoolsExtension } from "../../../../../local/cognito/identity/index.ts";
import { PLAYER_GAMELIFT_ACTIONS } from "../../../../../local/player-actions.ts";
import { startLocalStack, type LocalStack } from "../../../../../local/stack.ts";
import { createTestIdentityPool, type TestIdentityPool } from "../../../../helpers/identities.ts";

let stack: LocalStack;
let pool: TestIdentityPool;

beforeAll(async () => {
  stack = await startLocalStack({ port: 0, extensions: [identityPoolsExtension()] });
  pool = await createTestIdentityPool(stack);
});

afterAll(async () => {
  pool?.destroy();
  await stack?.stop();
});

test("the player roles never list DescribePlayerSessions, and the lists are what the stack enforces", () => {
  for (const role of ["authenticated", "guest"] as const) {
    expect(PLAYER_GAMELIFT_ACTIONS[role]).not.toContain("gamelift:DescribePlayerSessions");
    expect(PLAYER_GAMELIFT_ACTIONS[role]).toContain("gamelift:DescribeGameSessions");
  }
});

test("a guest cannot list a session's player sessions (AccessDeniedException), but may browse and take a seat", async () => {
  const guest = await pool.guest();
  const gamelift = new GameLiftClient({ region: stack.region, endpoint: stack.endpoint, credentials: await guest.credentials(), maxAttempts: 1 });
  try {
    const gameSessionId = "arn:aws:gamelift:us-west-2::gamesession/fleet-00000000-0000-4000-8000-000000000000/custom-x/gsess-1";
    await expect(gamelift.send(new DescribePlayerSessionsCommand({ GameSessionId: gameSessionId }))).rejects.toMatchObject({ name: "AccessDeniedException" });
    await expect(gamelift.send(new DescribePlayerSessionsCommand({ PlayerSessionId: "psess-00000000-0000-4000-8000-000000000000" }))).rejects.toMatchObject({
      name: "AccessDeniedException",
    });
    // What the lobby, a join and the kit's session checks use is allowed (these fail only on their input).
    await expect(gamelift.send(new CreatePlayerSessionCommand({ GameSessionId: gameSessionId, PlayerId: guest.id }))).rejects.not.toMatchObject({ name: "AccessDeniedException" });
    await expect(gamelift.send(new SearchGameSessionsCommand({ FleetId: "fleet-00000000-0000-4000-8000-000000000000" }))).rejects.not.toMatchObject({ name: "AccessDeniedException" });
    await expect(gamelift.send(new DescribeGameSessionsCommand({ GameSessionId: gameSessionId }))).rejects.not.toMatchObject({ name: "AccessDeniedException" });
  } finally {
    gamelift.destroy();
  }
});

test("identity tokens verify against the stack's discovery document and keys: issuer, audience, subject, amr", async () => {
  const guest = await pool.guest();
  const token = await guest.token();
  const discovery = (await (await fetch(`${stack.endpoint}/.well-known/openid-configuration`)).json()) as { issuer: string; jwks_uri: string };
  expect(discovery.issuer).toBe(stack.endpoint);
  expect(discovery.jwks_uri).toBe(`${stack.endpoint}/.well-known/jwks_uri`);
  const { payload, protectedHeader } = await jwtVerify(token, createRemoteJWKSet(new URL(discovery.jwks_uri)), { issuer: discovery.issuer, audience: pool.identityPoolId });
  expect(payload.sub).toBe(guest.id);
  expect(payload.amr).toEqual(["unauthenticated"]);
  expect(protectedHeader.alg).toBe("RS256");
  expect((await fetch(`${stack.endpoint}/.well-known/jwks_uri`, { method: "POST" })).status).toBe(405);
});
