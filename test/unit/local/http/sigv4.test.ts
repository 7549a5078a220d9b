// SigV4 verification of requests signed by the AWS signer: keys, scopes, tampering, expiry, session tokens.
import assert from "node:assert/strict";
import { test } from "vitest";
import { Sha256 } from "@aws-crypto/sha256-js";
import { HttpRequest } from "@smithy/protocol-http";
import { SignatureV4 } from "@smithy/signature-v4";
import { verifySigV4, type CredentialRecord, type SignedRequest } from "../../../../local/http/sigv4.ts";
import { ServiceError } from "../../../../local/http/service-error.ts";

const record: CredentialRecord = {
  accessKeyId: "AKIAEXAMPLEEXAMPLE00",
  secretAccessKey: "secret/with+chars=",
  principalArn: "arn:aws:iam::123456789012:user/dev",
  allows: () => true,
};
const resolver = { resolve: (id: string) => (id === record.accessKeyId ? record : undefined) };
const expected = { service: "gamelift", region: "us-west-2" };

async function signed(opts: { secret?: string; service?: string; region?: string; date?: Date; body?: string; sessionToken?: string } = {}): Promise<SignedRequest> {
  const body = opts.body ?? '{"FleetId":"fleet-1"}';
  const signer = new SignatureV4({
    credentials: { accessKeyId: record.accessKeyId, secretAccessKey: opts.secret ?? record.secretAccessKey, sessionToken: opts.sessionToken },
    region: opts.region ?? "us-west-2",
    service: opts.service ?? "gamelift",
    sha256: Sha256,
  });
  const req = await signer.sign(
    new HttpRequest({
      method: "POST",
      protocol: "http:",
      hostname: "127.0.0.1",
      port: 8080,
      path: "/",
      headers: { host: "127.0.0.1:8080", "content-type": "application/x-amz-json-1.1", "x-amz-target": "GameLift.CreateGameSession" },
      body,
    }),
    { signingDate: opts.date ?? new Date() },
  );
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) headers[k.toLowerCase()] = String(v);
  return { method: "POST", path: "/", query: {}, headers, body: Buffer.from(body) };
}

async function rejection(req: SignedRequest, now?: Date): Promise<string> {
  try {
    await verifySigV4(req, expected, resolver, now);
  } catch (e) {
    assert.ok(e instanceof ServiceError);
    return e.name;
  }
  assert.fail("expected a rejection");
}

test("a request signed by the AWS signer with known credentials verifies", async () => {
  const { principal } = await verifySigV4(await signed(), expected, resolver);
  assert.equal(principal.accessKeyId, record.accessKeyId);
});

test("missing Authorization is MissingAuthenticationTokenException", async () => {
  const req = await signed();
  delete req.headers["authorization"];
  assert.equal(await rejection(req), "MissingAuthenticationTokenException");
});

test("a wrong secret, a tampered body or a tampered signed header fails the signature", async () => {
  assert.equal(await rejection(await signed({ secret: "wrong" })), "InvalidSignatureException");
  const body = await signed();
  body.body = Buffer.from('{"FleetId":"fleet-2"}');
  assert.equal(await rejection(body), "InvalidSignatureException");
  const target = await signed();
  target.headers["x-amz-target"] = "GameLift.TerminateGameSession";
  assert.equal(await rejection(target), "InvalidSignatureException");
});

test("wrong service or region scope, unknown key, garbage header", async () => {
  assert.equal(await rejection(await signed({ service: "s3" })), "InvalidSignatureException");
  assert.equal(await rejection(await signed({ region: "eu-west-1" })), "InvalidSignatureException");
  const unknown = await signed();
  unknown.headers["authorization"] = unknown.headers["authorization"]!.replace(record.accessKeyId, "AKIAUNKNOWNUNKNOWN00");
  assert.equal(await rejection(unknown), "UnrecognizedClientException");
  const junk = await signed();
  junk.headers["authorization"] = "AWS4-HMAC-SHA256 nonsense";
  assert.equal(await rejection(junk), "IncompleteSignatureException");
});

test("a signature older than five minutes has expired", async () => {
  const old = await signed({ date: new Date(Date.now() - 6 * 60 * 1000) });
  assert.equal(await rejection(old), "InvalidSignatureException");
});

test("temporary credentials need their session token and expire", async () => {
  const temp: CredentialRecord = { ...record, sessionToken: "token-1", expiration: new Date(Date.now() + 60_000) };
  const tempResolver = { resolve: () => temp };
  const good = await signed({ sessionToken: "token-1" });
  await verifySigV4(good, expected, tempResolver);
  const missing = await signed();
  await assert.rejects(verifySigV4(missing, expected, tempResolver), { name: "UnrecognizedClientException" });
  await assert.rejects(verifySigV4(good, expected, tempResolver, new Date(Date.now() + 120_000)), { name: "ExpiredTokenException" });
});
