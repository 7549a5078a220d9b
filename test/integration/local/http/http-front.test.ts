// The protocol layer over real HTTP, with the real AWS SDK client and hand-built CBOR requests signed by the
// AWS signer. The service here is a small test service; GameLift's own semantics are tested elsewhere.
import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { test, beforeAll, afterAll } from "vitest";
import { Sha256 } from "@aws-crypto/sha256-js";
import { GameLiftClient, ListFleetsCommand, DescribeGameSessionsCommand } from "@aws-sdk/client-gamelift";
import { cbor } from "@smithy/core/cbor";
import { HttpRequest } from "@smithy/protocol-http";
import { SignatureV4 } from "@smithy/signature-v4";
import { CredentialRegistry, generateDeveloperCredentials } from "../../../../local/credentials.ts";
import { createAwsFront, MAX_BODY_BYTES } from "../../../../local/http/http-front.ts";
import { ServiceError } from "../../../../local/http/service-error.ts";
import type { ServiceDefinition } from "../../../../local/http/service.ts";

const region = "us-west-2";
const developer = generateDeveloperCredentials();
const credentials = new CredentialRegistry("123456789012", developer);
const limited = { accessKeyId: "ASIALIMITEDLIMITED00", secretAccessKey: "limited-secret", sessionToken: "limited-token" };
credentials.addSource({
  resolve: (id) =>
    id === limited.accessKeyId
      ? { ...limited, principalArn: "arn:aws:sts::123456789012:assumed-role/Guest/x", allows: (a) => a === "gamelift:ListFleets" }
      : undefined,
});

const testService: ServiceDefinition = {
  targetPrefix: "GameLift",
  cborServiceName: "GameLift",
  shapeNamespace: "com.amazonaws.gamelift",
  signingName: "gamelift",
  errorMessageMember: "Message",
  operations: {
    ListFleets: (input) => ({ FleetIds: ["fleet-a", `limit-${String(input["Limit"] ?? "none")}`] }),
    DescribeGameSessions: (input) => {
      if (input["GameSessionId"] === "crash") throw new TypeError("a bug");
      throw new ServiceError("NotFoundException", `Game session ${String(input["GameSessionId"])} not found.`);
    },
    DescribeFleetAttributes: () => ({ FleetAttributes: [{ FleetId: "fleet-a", CreationTime: new Date(1_700_000_000_250) }] }),
  },
};

let server: Server;
let endpoint: string;

beforeAll(async () => {
  const front = createAwsFront({ region, credentials, services: [testService] });
  server = createServer((req, res) => {
    void front(req, res).then((handled) => {
      if (!handled) res.writeHead(404).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const client = (creds = developer) => new GameLiftClient({ region, endpoint, credentials: creds, maxAttempts: 1 });

test("the JavaScript SDK (awsJson1_1) gets outputs and modeled errors", async () => {
  const out = await client().send(new ListFleetsCommand({ Limit: 5 }));
  assert.deepEqual(out.FleetIds, ["fleet-a", "limit-5"]);
  assert.ok(out.$metadata.requestId);
  await assert.rejects(client().send(new DescribeGameSessionsCommand({ GameSessionId: "gsess-x" })), (e: Error & { $metadata: { httpStatusCode: number; requestId: string } }) => {
    assert.equal(e.name, "NotFoundException");
    assert.equal(e.message, "Game session gsess-x not found.");
    assert.equal(e.$metadata.httpStatusCode, 400);
    assert.ok(e.$metadata.requestId);
    return true;
  });
});

test("a bug in a handler is an InternalServiceException 500, not a dropped connection", async () => {
  await assert.rejects(client().send(new DescribeGameSessionsCommand({ GameSessionId: "crash" })), (e: Error & { $metadata: { httpStatusCode: number } }) => {
    assert.equal(e.name, "InternalServiceException");
    assert.equal(e.$metadata.httpStatusCode, 500);
    return true;
  });
});

test("a wrong secret, an unknown key and a forbidden action are refused as AWS refuses them", async () => {
  await assert.rejects(client({ ...developer, secretAccessKey: "wrong" }).send(new ListFleetsCommand({})), { name: "InvalidSignatureException" });
  await assert.rejects(client({ accessKeyId: "AKIANOBODYNOBODY0000", secretAccessKey: "x" }).send(new ListFleetsCommand({})), { name: "UnrecognizedClientException" });
  const guest = new GameLiftClient({ region, endpoint, credentials: limited, maxAttempts: 1 });
  await guest.send(new ListFleetsCommand({}));
  await assert.rejects(guest.send(new DescribeGameSessionsCommand({ GameSessionId: "x" })), (e: Error) => {
    assert.equal(e.name, "AccessDeniedException");
    assert.match(e.message, /not authorized to perform: gamelift:DescribeGameSessions/);
    return true;
  });
  await assert.rejects(
    new GameLiftClient({ region, endpoint, credentials: { ...limited, sessionToken: undefined }, maxAttempts: 1 }).send(new ListFleetsCommand({})),
    { name: "UnrecognizedClientException" },
  );
});

async function raw(path: string, headers: Record<string, string>, body: Uint8Array | string, sign = true) {
  let h = { host: new URL(endpoint).host, ...headers };
  if (sign) {
    const signer = new SignatureV4({ credentials: developer, region, service: "gamelift", sha256: Sha256 });
    const signed = await signer.sign(new HttpRequest({ method: "POST", protocol: "http:", hostname: "127.0.0.1", path, headers: h, body }));
    h = signed.headers as typeof h;
  }
  const res = await fetch(endpoint + path, { method: "POST", headers: h, body: typeof body === "string" ? body : Buffer.from(body) });
  return { status: res.status, headers: res.headers, body: new Uint8Array(await res.arrayBuffer()) };
}

const json = (b: Uint8Array) => JSON.parse(Buffer.from(b).toString()) as Record<string, unknown>;
const jsonHeaders = (op: string) => ({ "content-type": "application/x-amz-json-1.1", "x-amz-target": `GameLift.${op}` });
const cborHeaders = { "content-type": "application/cbor", accept: "application/cbor", "smithy-protocol": "rpc-v2-cbor" };

test("RPC v2 CBOR: outputs, timestamps as tag 1, errors with the full shape id", async () => {
  const ok = await raw("/service/GameLift/operation/ListFleets", cborHeaders, cbor.serialize({ Limit: 3 }));
  assert.equal(ok.status, 200);
  assert.equal(ok.headers.get("smithy-protocol"), "rpc-v2-cbor");
  assert.equal(ok.headers.get("content-type"), "application/cbor");
  assert.ok(ok.headers.get("x-amzn-requestid"));
  assert.deepEqual(cbor.deserialize(ok.body), { FleetIds: ["fleet-a", "limit-3"] });

  const attrs = cbor.deserialize((await raw("/service/GameLift/operation/DescribeFleetAttributes", cborHeaders, cbor.serialize({}))).body);
  const time = attrs.FleetAttributes[0].CreationTime;
  assert.equal(time.tag, 1);
  assert.equal(time.value, 1_700_000_000.25);

  const err = await raw("/service/GameLift/operation/DescribeGameSessions", cborHeaders, cbor.serialize({ GameSessionId: "g" }));
  assert.equal(err.status, 400);
  assert.deepEqual(cbor.deserialize(err.body), { __type: "com.amazonaws.gamelift#NotFoundException", Message: "Game session g not found." });
});

test("malformed bodies, unknown operations, unsigned and oversized requests are answered, never dropped", async () => {
  const badJson = await raw("/", jsonHeaders("ListFleets"), "{not json");
  assert.equal(badJson.status, 400);
  assert.equal(json(badJson.body)["__type"], "SerializationException");

  const unknown = await raw("/", jsonHeaders("MakeCoffee"), "{}");
  assert.equal(json(unknown.body)["__type"], "UnknownOperationException");
  const unknownService = await raw("/", { ...jsonHeaders("ListFleets"), "x-amz-target": "Kinesis_20131202.ListStreams" }, "{}");
  assert.equal(json(unknownService.body)["__type"], "UnknownOperationException");

  const unsigned = await raw("/", jsonHeaders("ListFleets"), "{}", false);
  assert.equal(unsigned.status, 400);
  assert.deepEqual(json(unsigned.body), { __type: "MissingAuthenticationTokenException", Message: "Missing Authentication Token" });

  const junkCbor = await raw("/service/GameLift/operation/ListFleets", cborHeaders, new Uint8Array([0xff, 0x00, 0x13]));
  assert.equal(junkCbor.status, 400);
  assert.equal(cbor.deserialize(junkCbor.body).__type, "com.amazonaws.gamelift#SerializationException");

  const noProtocolHeader = await raw("/service/GameLift/operation/ListFleets", { "content-type": "application/cbor" }, cbor.serialize({}));
  assert.equal(noProtocolHeader.status, 400);

  const big = await raw("/", jsonHeaders("ListFleets"), JSON.stringify({ pad: "x".repeat(MAX_BODY_BYTES + 10) }), false);
  assert.equal(big.status, 413);
});
