// Self-verifying provider tokens: genuine ones verify, anything altered, expired or of another kind does not.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { test } from "vitest";
import fc from "fast-check";
import { TokenSigner } from "../../../../local/oauth/signed-tokens.ts";

const claims = { sub: "amzn1.account.X", clientId: "client", scope: "profile", userName: "ann" };

test("a token verifies with its own kind and key only", () => {
  const key = randomBytes(32);
  const signer = new TokenSigner(key);
  const token = signer.issue("Atza|", { ...claims, exp: 200 });
  assert.deepEqual(signer.verify("Atza|", token, 100), { ...claims, exp: 200 });
  assert.equal(signer.verify("Atza|", token, 200), undefined, "expired at exp");
  assert.equal(signer.verify("Atzr|", token.replace("Atza|", "Atzr|"), 100), undefined, "another kind");
  assert.equal(new TokenSigner(randomBytes(32)).verify("Atza|", token, 100), undefined, "another key");
});

test("no altered token verifies", () => {
  const signer = new TokenSigner(randomBytes(32));
  const token = signer.issue("ya29.", claims);
  fc.assert(
    fc.property(fc.nat({ max: token.length - 1 }), fc.string({ minLength: 1, maxLength: 1 }), (i, c) => {
      const altered = token.slice(0, i) + c + token.slice(i + 1);
      return altered === token || signer.verify("ya29.", altered, 0) === undefined;
    }),
  );
  for (const junk of ["", "ya29.", "ya29..", "ya29.abc", "ya29.e30.AAAA", "Atza|x.y"]) assert.equal(signer.verify("ya29.", junk, 0), undefined);
});
