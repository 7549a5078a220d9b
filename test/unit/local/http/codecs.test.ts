// The AWS wire codecs of the local stack's HTTP front: awsJson1_1 and Smithy RPC v2 CBOR.
import assert from "node:assert/strict";
import { test } from "vitest";
import { cbor } from "@smithy/core/cbor";
import { awsJson, rpcV2Cbor } from "../../../../local/http/codecs.ts";
import { ServiceError } from "../../../../local/http/service-error.ts";

test("awsJson writes dates as epoch seconds and drops undefined members", () => {
  const text = Buffer.from(awsJson.encode({ CreationTime: new Date(1700000000500), Name: "__date_x:1", Gone: undefined, List: [new Date(0)] })).toString();
  assert.deepEqual(JSON.parse(text), { CreationTime: 1700000000.5, Name: "__date_x:1", List: [0] });
});

test("awsJson reads {} from an empty body and refuses non-structures", () => {
  assert.deepEqual(awsJson.decode(new Uint8Array()), {});
  for (const bad of ["[1]", "42", "null", "{", "\u0000"]) {
    assert.throws(() => awsJson.decode(Buffer.from(bad)), (e: unknown) => e instanceof ServiceError && e.name === "SerializationException");
  }
});

test("rpcV2Cbor round-trips structures with timestamps as tag 1", () => {
  const bytes = rpcV2Cbor.encode({ CreationTime: new Date(1700000000000), N: 3 });
  const back = rpcV2Cbor.decode(bytes);
  assert.ok(back["CreationTime"] instanceof Date);
  assert.equal((back["CreationTime"] as Date).getTime(), 1700000000000);
  assert.equal(back["N"], 3);
});

test("rpcV2Cbor names the full shape id in error __type", () => {
  const body = cbor.deserialize(rpcV2Cbor.encodeError(new ServiceError("NotFoundException", "nope"), "com.amazonaws.gamelift", "Message"));
  assert.deepEqual(body, { __type: "com.amazonaws.gamelift#NotFoundException", Message: "nope" });
});

test("rpcV2Cbor refuses junk bytes with SerializationException", () => {
  for (const bad of [Buffer.from([0xff, 0xff]), Buffer.from([0x1f]), Buffer.from([0x83, 0x01])]) {
    assert.throws(() => rpcV2Cbor.decode(bad), (e: unknown) => e instanceof ServiceError && e.name === "SerializationException");
  }
});
