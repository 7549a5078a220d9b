// Acknowledged means on disk: a SignUp answered by a stack that is then killed with SIGKILL is still there, with
// its pool, client, unconfirmed state and confirmation code, when the stack starts again on the same state dir.
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { test, afterAll } from "vitest";
import {
  AdminGetUserCommand,
  CognitoIdentityProviderClient,
  ConfirmSignUpCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  DescribeUserPoolClientCommand,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
  SignUpCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { createSrpSession, signSrpSession, wrapAuthChallenge, wrapInitiateAuth } from "cognito-srp-helper";

interface Started {
  child: ChildProcess;
  endpoint: string;
  admin: CognitoIdentityProviderClient;
  user: CognitoIdentityProviderClient;
}

const FIXTURE = join(import.meta.dirname, "../../../../fixtures/cognito-stack.ts");
const stateDir = mkdtempSync(join(tmpdir(), "cognito-durable-"));
const children = new Set<ChildProcess>();

afterAll(() => {
  for (const child of children) child.kill("SIGKILL");
  rmSync(stateDir, { recursive: true, force: true });
});

async function start(): Promise<Started> {
  const child = spawn(process.execPath, ["-C", "phaser-gamelift-source", "--import", "tsx", FIXTURE, stateDir], { stdio: ["ignore", "pipe", "inherit"] });
  children.add(child);
  child.once("exit", () => children.delete(child));
  const line = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("the stack did not start within 20 s")), 20_000);
    child.once("exit", (code) => reject(new Error(`the stack exited (${code}) before it listened`)));
    createInterface({ input: child.stdout! }).once("line", (l) => {
      clearTimeout(timer);
      resolve(l);
    });
  });
  const { endpoint, region, credentials } = JSON.parse(line) as { endpoint: string; region: string; credentials: { accessKeyId: string; secretAccessKey: string } };
  const common = { region, endpoint, maxAttempts: 1 };
  return {
    child,
    endpoint,
    admin: new CognitoIdentityProviderClient({ ...common, credentials }),
    user: new CognitoIdentityProviderClient({ ...common, credentials: { accessKeyId: "AKIDANONYMOUS0000000", secretAccessKey: "x" } }),
  };
}

const exited = (child: ChildProcess) => child.exitCode !== null || child.signalCode !== null;

function killNow(s: Started): Promise<void> {
  s.admin.destroy();
  s.user.destroy();
  if (exited(s.child)) return Promise.resolve();
  return new Promise((resolve) => {
    s.child.once("exit", () => resolve());
    s.child.kill("SIGKILL");
  });
}

test("a SignUp acknowledged just before kill -9 survives the restart, and the user can confirm and sign in", async () => {
  const first = await start();
  const { UserPool } = await first.admin.send(new CreateUserPoolCommand({ PoolName: "durable", AutoVerifiedAttributes: ["email"] }));
  const poolId = UserPool!.Id!;
  const { UserPoolClient } = await first.admin.send(
    new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: "game", ExplicitAuthFlows: ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"] }),
  );
  const clientId = UserPoolClient!.ClientId!;
  const password = "Durable-passw0rd!";
  const signUp = await first.user.send(
    new SignUpCommand({ ClientId: clientId, Username: "rosa", Password: password, UserAttributes: [{ Name: "email", Value: "rosa@example.com" }] }),
  );
  await killNow(first);

  const second = await start();
  try {
    const { UserPoolClient: described } = await second.admin.send(new DescribeUserPoolClientCommand({ UserPoolId: poolId, ClientId: clientId }));
    assert.equal(described!.ClientName, "game");
    const user = await second.admin.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: "rosa" }));
    assert.equal(user.UserStatus, "UNCONFIRMED");
    assert.ok(user.UserAttributes!.some((a) => a.Name === "sub" && a.Value === signUp.UserSub));

    const mail = (await (await fetch(`${second.endpoint}/_local/mailbox/latest?to=rosa@example.com`)).json()) as { code: string };
    await second.user.send(new ConfirmSignUpCommand({ ClientId: clientId, Username: "rosa", ConfirmationCode: mail.code }));
    const signedIn = await second.user.send(
      new InitiateAuthCommand({ ClientId: clientId, AuthFlow: "USER_PASSWORD_AUTH", AuthParameters: { USERNAME: "rosa", PASSWORD: password } }),
    );
    assert.ok(signedIn.AuthenticationResult?.RefreshToken);

    const session = createSrpSession("rosa", password, poolId, false);
    const initiated = await second.user.send(
      new InitiateAuthCommand(wrapInitiateAuth(session, { ClientId: clientId, AuthFlow: "USER_SRP_AUTH", AuthParameters: { USERNAME: "rosa" } })),
    );
    const srp = await second.user.send(
      new RespondToAuthChallengeCommand(
        wrapAuthChallenge(signSrpSession(session, initiated), { ClientId: clientId, ChallengeName: "PASSWORD_VERIFIER", ChallengeResponses: { USERNAME: "rosa" } }),
      ),
    );
    assert.ok(srp.AuthenticationResult?.AccessToken);

    // Refresh tokens and the signing key outlive a crash too.
    await killNow(second);
    const third = await start();
    try {
      const refreshed = await third.user.send(
        new InitiateAuthCommand({ ClientId: clientId, AuthFlow: "REFRESH_TOKEN_AUTH", AuthParameters: { REFRESH_TOKEN: signedIn.AuthenticationResult!.RefreshToken! } }),
      );
      assert.ok(refreshed.AuthenticationResult?.AccessToken);
    } finally {
      await killNow(third);
    }
  } finally {
    await killNow(second);
  }
});
