// The auth requests' checks: every problem of a request at once, in one InvalidParameterError naming each field,
// before anything is sent; the Fail notification carries the same error, and a password never shows in it.
import { describe, expect, test } from "vitest";
import { createAuth } from "../../../../../plugin/core/auth/index.ts";
import { InvalidParameterError } from "../../../../../plugin/core/validation.ts";

const config = { region: "us-west-2", cognito: { userPoolId: "us-west-2_test", appClientId: "client" } };

async function problems(promise: Promise<unknown>): Promise<InvalidParameterError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(InvalidParameterError);
  return error as InvalidParameterError;
}

describe("auth request checks", () => {
  test("sign-up: username, password and email, all at once; the Fail notification has the same error", async () => {
    const kit = createAuth(config);
    try {
      const failed = kit.users.bus.once("onEmailSignUpFail");
      const error = await problems(kit.users.emailSignUp("  ", " ".repeat(3), "not-an-email"));
      expect(error.code).toBe("InvalidParameter");
      expect(error.playerMessage).toBe("Something in that request is not valid.");
      expect(error.problems.map((p) => p.field)).toEqual(["username", "password", "email"]);
      expect(error.message).toMatch(/^emailSignUp: username .*; password is not valid: it is only spaces; email 'not-an-email' is not valid: it must be an email address$/);
      expect((await failed)[0]).toBe(error);
    } finally {
      kit.destroy();
    }
  });

  test("phone format, codes without spaces, the MFA kind and the provider are checked", async () => {
    const kit = createAuth(config);
    try {
      expect((await problems(kit.users.phoneSignUp("ann", "pw-1234567", "555-0100"))).problems.map((p) => p.field)).toEqual(["phone"]);
      const reset = await problems(kit.users.confirmForgotPassword("", "12 34", "x".repeat(257)));
      expect(reset.problems.map((p) => p.field)).toEqual(["username", "code", "newPassword"]);
      expect(reset.message).not.toContain("x".repeat(20));
      expect((await problems(kit.users.enableMFA("EMAIL" as never, { code: "1 2" }))).problems.map((p) => p.field)).toEqual(["kind", "code"]);
      expect((await problems(kit.auth.deviceCodeGrantSignIn("facebook" as never))).message).toMatch(/^deviceCodeGrantSignIn: provider must be one of "loginWithAmazon", "google"/);
      expect((await problems(kit.auth.refreshTokens("nobody" as never))).message).toMatch(/^refreshTokens: provider must be one of/);
      expect((await problems(kit.auth.passwordGrantMultiFactorConfirmSignIn("", ""))).problems.map((p) => p.field)).toEqual(["username", "code"]);
    } finally {
      kit.destroy();
    }
  });
});
