import {
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
  type InitiateAuthCommandOutput,
  type RespondToAuthChallengeCommandOutput,
} from "@aws-sdk/client-cognito-identity-provider";
import { GameLiftKitError } from "../errors.ts";
import type { SignInChallenge } from "./auth-types.ts";
import { passwordClaimSignature, srpAHex, srpEphemeral, srpTimestamp } from "./srp.ts";
import type { UserPool } from "./user-pool.ts";

/** How a password sign-in proves the password: by SRP, never sending it (the default), or sending it over TLS as the gem does. */
export type PasswordFlow = "USER_SRP_AUTH" | "USER_PASSWORD_AUTH";

/** A challenge the pool is waiting on, with what answering it takes. */
export interface PendingChallenge {
  challenge: SignInChallenge;
  session: string | undefined;
  /** The name the answers must carry: Cognito's own username for the user (USER_ID_FOR_SRP). */
  challengeUsername: string;
  /** MFA_SETUP: an authenticator app secret was issued in this sign-in (AssociateSoftwareToken). */
  softwareTokenAssociated?: boolean;
}

export type CognitoStep = { kind: "tokens"; answer: AuthAnswer } | { kind: "challenge"; pending: PendingChallenge };
type AuthAnswer = InitiateAuthCommandOutput | RespondToAuthChallengeCommandOutput;

/** InitiateAuth with a password, through the SRP exchange when asked, up to tokens or the next challenge. */
export async function signInWithPassword(
  pool: UserPool,
  flow: PasswordFlow,
  username: string,
  password: string,
  now: () => number,
  signal?: AbortSignal,
): Promise<CognitoStep> {
  if (flow === "USER_PASSWORD_AUTH") {
    const answer = await pool.client.send(
      new InitiateAuthCommand({
        ClientId: pool.appClientId,
        AuthFlow: "USER_PASSWORD_AUTH",
        AuthParameters: { USERNAME: username, PASSWORD: password, ...(await pool.secretHashParameter(username)) },
      }),
      { abortSignal: signal },
    );
    return readStep(answer, username);
  }
  const ephemeral = srpEphemeral();
  const started = await pool.client.send(
    new InitiateAuthCommand({
      ClientId: pool.appClientId,
      AuthFlow: "USER_SRP_AUTH",
      AuthParameters: { USERNAME: username, SRP_A: srpAHex(ephemeral), ...(await pool.secretHashParameter(username)) },
    }),
    { abortSignal: signal },
  );
  if (started.ChallengeName !== "PASSWORD_VERIFIER") return readStep(started, username);
  const params = started.ChallengeParameters ?? {};
  const { SALT, SRP_B, SECRET_BLOCK } = params;
  const userIdForSrp = params["USER_ID_FOR_SRP"] ?? params["USERNAME"] ?? username;
  if (!SALT || !SRP_B || !SECRET_BLOCK) throw new GameLiftKitError("ProtocolError", "The PASSWORD_VERIFIER challenge lacks SALT, SRP_B or SECRET_BLOCK.");
  const timestamp = srpTimestamp(new Date(now()));
  const signature = await passwordClaimSignature(ephemeral, {
    userPoolId: pool.userPoolId,
    userIdForSrp,
    password,
    salt: SALT,
    srpB: SRP_B,
    secretBlock: SECRET_BLOCK,
    timestamp,
  });
  const answer = await pool.client.send(
    new RespondToAuthChallengeCommand({
      ClientId: pool.appClientId,
      ChallengeName: "PASSWORD_VERIFIER",
      ...(started.Session ? { Session: started.Session } : {}),
      ChallengeResponses: {
        USERNAME: userIdForSrp,
        PASSWORD_CLAIM_SECRET_BLOCK: SECRET_BLOCK,
        PASSWORD_CLAIM_SIGNATURE: signature,
        TIMESTAMP: timestamp,
        ...(await pool.secretHashParameter(userIdForSrp)),
      },
    }),
    { abortSignal: signal },
  );
  return readStep(answer, username);
}

/** Answers a pending challenge; `responses` holds the challenge's own fields (SMS_MFA_CODE, NEW_PASSWORD, …). */
export async function answerChallenge(pool: UserPool, pending: PendingChallenge, responses: Record<string, string>, signal?: AbortSignal): Promise<CognitoStep> {
  const answer = await pool.client.send(
    new RespondToAuthChallengeCommand({
      ClientId: pool.appClientId,
      ChallengeName: pending.challenge.name as RespondToAuthChallengeCommand["input"]["ChallengeName"],
      ...(pending.session ? { Session: pending.session } : {}),
      ChallengeResponses: { ...responses, USERNAME: pending.challengeUsername, ...(await pool.secretHashParameter(pending.challengeUsername)) },
    }),
    { abortSignal: signal },
  );
  return readStep(answer, pending.challenge.username);
}

function readStep(answer: AuthAnswer, username: string): CognitoStep {
  if (answer.AuthenticationResult) return { kind: "tokens", answer };
  if (!answer.ChallengeName) throw new GameLiftKitError("ProtocolError", "Cognito answered with neither tokens nor a challenge.");
  const params = answer.ChallengeParameters ?? {};
  const challenge: SignInChallenge = { name: answer.ChallengeName, username };
  if (params["CODE_DELIVERY_DESTINATION"]) challenge.codeDeliveryDestination = params["CODE_DELIVERY_DESTINATION"];
  if (params["CODE_DELIVERY_DELIVERY_MEDIUM"]) challenge.codeDeliveryMedium = params["CODE_DELIVERY_DELIVERY_MEDIUM"];
  const userAttributes = parseJson(params["userAttributes"]);
  if (userAttributes && typeof userAttributes === "object" && !Array.isArray(userAttributes)) {
    challenge.userAttributes = Object.fromEntries(Object.entries(userAttributes).filter((e): e is [string, string] => typeof e[1] === "string"));
  }
  const canSetUp = parseJson(params["MFAS_CAN_SETUP"]);
  if (Array.isArray(canSetUp)) challenge.mfasCanSetup = canSetUp.filter((m): m is string => typeof m === "string");
  const required = parseJson(params["requiredAttributes"]);
  if (Array.isArray(required)) challenge.requiredAttributes = required.filter((a): a is string => typeof a === "string").map((a) => a.replace(/^userAttributes\./, ""));
  return {
    kind: "challenge",
    pending: { challenge, session: answer.Session, challengeUsername: params["USER_ID_FOR_SRP"] ?? params["USERNAME"] ?? username },
  };
}

function parseJson(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
