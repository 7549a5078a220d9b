// A SigV4 signature must cover every header that picks what the request does. Captured from a real signed
// request, a signature that left X-Amz-Target out would serve any operation; the stack refuses it.
import { Sha256 } from "@aws-crypto/sha256-js";
import { HttpRequest } from "@smithy/protocol-http";
import { SignatureV4 } from "@smithy/signature-v4";
import { afterAll, beforeAll, expect, test } from "vitest";
import { startLocalStack, type LocalStack } from "../../../../local/stack.ts";

let stack: LocalStack;

beforeAll(async () => {
  stack = await startLocalStack({ port: 0 });
});

afterAll(async () => {
  await stack?.stop();
});

/** A ListFleets call, signed over the headers the signer is allowed to sign, sent with `override` applied. */
async function send(unsignable: string[], override: Record<string, string> = {}): Promise<{ status: number; type: string | null }> {
  const url = new URL(stack.endpoint);
  const body = "{}";
  const signer = new SignatureV4({ credentials: stack.developerCredentials, region: stack.region, service: "gamelift", sha256: Sha256 });
  const signed = await signer.sign(
    new HttpRequest({
      method: "POST",
      protocol: "http:",
      hostname: url.hostname,
      port: Number(url.port),
      path: "/",
      headers: { host: url.host, "content-type": "application/x-amz-json-1.1", "x-amz-target": "GameLift.ListFleets" },
      body,
    }),
    { unsignableHeaders: new Set(unsignable) },
  );
  const headers = { ...(signed.headers as Record<string, string>), ...override };
  delete headers["host"];
  const res = await fetch(stack.endpoint, { method: "POST", headers, body });
  await res.arrayBuffer();
  return { status: res.status, type: res.headers.get("x-amzn-errortype") };
}

test("a request signed over every header passes", async () => {
  expect(await send([])).toEqual({ status: 200, type: null });
});

test("an unsigned X-Amz-Target is refused, for the operation signed and for any other put in its place", async () => {
  expect(await send(["x-amz-target"])).toEqual({ status: 400, type: "InvalidSignatureException" });
  expect(await send(["x-amz-target"], { "x-amz-target": "GameLift.DeleteFleet" })).toEqual({ status: 400, type: "InvalidSignatureException" });
});

test("an unsigned Content-Type or other x-amz-* header is refused", async () => {
  expect(await send(["content-type"])).toEqual({ status: 400, type: "InvalidSignatureException" });
  expect(await send([], { "x-amz-extra": "smuggled" })).toEqual({ status: 400, type: "InvalidSignatureException" });
});
