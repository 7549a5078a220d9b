// Every kit error carries three things for three readers: the code (the game's logic), AWS's or the kit's
// message (the developer), and short player-facing words (the screen) that never show an ARN or AWS jargon.
import { describe, expect, test } from "vitest";
import { GameLiftKitError } from "../../../../plugin/core/errors.ts";
import { GAMELIFT_PLAYER_MESSAGES } from "../../../../plugin/core/gamelift/player-messages.ts";
import { addPlayerMessages, GENERIC_PLAYER_MESSAGE, playerMessageFor } from "../../../../plugin/core/player-messages.ts";
import { failedEndpointOf, tagFailuresWithEndpoint } from "../../../../plugin/core/service-endpoint.ts";
import { ConnectionRejectedError } from "../../../../plugin/core/travel/rejected-error.ts";
import { REJECT_CODES } from "../../../../protocol/wire.ts";

/** An AWS service exception as the SDK throws it: its name, $fault and the answer's status. */
function awsError(name: string, message: string, status = 400): Error {
  return Object.assign(new Error(message), { name, $fault: "client", $metadata: { httpStatusCode: status } });
}

// What the kit does when its session runtime loads (the sign-in screen does without these words).
addPlayerMessages(GAMELIFT_PLAYER_MESSAGES);

describe("player-facing words", () => {
  test("GameLift's own message with an ARN stays with the developer", () => {
    const error = GameLiftKitError.from(
      awsError("GameSessionFullException", "Game session arn:aws:gamelift:us-west-2::gamesession/fleet-1/custom-local/gsess-1 has 0 open player slots of 1; 1 requested."),
    );
    expect(error.code).toBe("GameSessionFullException");
    expect(error.message).toMatch(/arn:aws:gamelift/);
    expect(error.playerMessage).toBe("This game is full.");
  });

  test("unknown user and wrong password read alike", () => {
    expect(GameLiftKitError.from(awsError("UserNotFoundException", "User does not exist.")).playerMessage).toBe("Incorrect username or password.");
    expect(GameLiftKitError.from(awsError("NotAuthorizedException", "Incorrect username or password.")).playerMessage).toBe("Incorrect username or password.");
  });

  test("cases one code covers are told apart by the service's message", () => {
    expect(playerMessageFor("NotAuthorizedException", "Password attempts exceeded")).toMatch(/Too many failed attempts/);
    expect(playerMessageFor("InvalidGameSessionStatusException", "Game session x is ACTIVATING")).toMatch(/still starting/);
    expect(playerMessageFor("InvalidGameSessionStatusException", "Game session x is TERMINATED")).toBe("This game session has ended.");
    expect(playerMessageFor("InvalidPasswordException", "Password did not conform with policy: Password not long enough")).toBe("Choose a stronger password: password not long enough.");
  });

  test("a code nobody listed gets the generic sentence, never the service's words; prototype names are no codes", () => {
    expect(GameLiftKitError.from(awsError("SomeNewException", "internal detail arn:aws:x")).playerMessage).toBe(GENERIC_PLAYER_MESSAGE);
    expect(playerMessageFor("constructor")).toBe(GENERIC_PLAYER_MESSAGE);
    expect(playerMessageFor("__proto__")).toBe(GENERIC_PLAYER_MESSAGE);
  });

  test("every refusal of the game server has its own words", () => {
    for (const code of REJECT_CODES) {
      const error = new ConnectionRejectedError(code, "detail for the developer");
      expect(error.playerMessage).not.toBe(playerMessageFor("ConnectionRejected"));
      expect(error.playerMessage).not.toMatch(/detail for the developer/);
    }
  });

  test("a game may give its own words", () => {
    expect(new GameLiftKitError("InvalidParameter", "maxPlayers 0", { playerMessage: "Pick 1 to 8 players." }).playerMessage).toBe("Pick 1 to 8 players.");
  });
});

describe("an unreachable service", () => {
  test("a failed fetch is a NetworkError even with the SDK's attempt counts on it (not 'TypeError')", () => {
    const failed = Object.assign(new TypeError("Failed to fetch"), { $metadata: { attempts: 3, totalRetryDelay: 300 } });
    const error = GameLiftKitError.from(failed);
    expect(error.code).toBe("NetworkError");
    expect(error.playerMessage).toBe("The game service cannot be reached. Check your connection and try again.");
  });

  test("the address goes to the developer: the middleware notes it on what the send throws", async () => {
    type Middleware = (next: (args: { request?: unknown }) => Promise<unknown>) => (args: { request?: unknown }) => Promise<unknown>;
    let added: Middleware | undefined;
    tagFailuresWithEndpoint({ middlewareStack: { add: (m: never) => void (added = m as unknown as Middleware) } });
    const handler = added!(() => Promise.reject(new TypeError("Failed to fetch")));
    const thrown = await handler({ request: { protocol: "http:", hostname: "127.0.0.1", port: 9, path: "/" } }).catch((e: unknown) => e);
    expect(failedEndpointOf(thrown)).toBe("http://127.0.0.1:9");
    const error = GameLiftKitError.from(thrown);
    expect(error.code).toBe("NetworkError");
    expect(error.url).toBe("http://127.0.0.1:9");
    expect(error.message).toMatch(/http:\/\/127\.0\.0\.1:9 could not be reached/);
    expect(error.playerMessage).not.toMatch(/127\.0\.0\.1/);
  });
});
