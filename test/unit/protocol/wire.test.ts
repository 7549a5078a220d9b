// The travel wire protocol shared by the browser kit and the game server's gateway: frames, limits, parsing.
import assert from "node:assert/strict";
import { test } from "vitest";
import fc from "fast-check";
import { encodeFrame, LIMITS, parseClientFrame, parseServerFrame, WIRE_VERSION, WireError, type ClientFrame, type JsonValue, type ServerFrame } from "../../../protocol/wire.ts";

const json = fc.jsonValue({ maxDepth: 6 }) as fc.Arbitrary<JsonValue>;
const id = fc.string({ minLength: 1, maxLength: 40 });
const clientFrame: fc.Arbitrary<ClientFrame> = fc.oneof(
  fc.record({ t: fc.constant("hello" as const), v: fc.constant(WIRE_VERSION), playerSessionId: id, resume: fc.boolean() }),
  fc.record({ t: fc.constant("leave" as const), v: fc.constant(WIRE_VERSION) }),
  fc.record({ t: fc.constant("ping" as const), v: fc.constant(WIRE_VERSION) }),
  fc.record({ t: fc.constant("msg" as const), v: fc.constant(WIRE_VERSION), type: fc.string({ minLength: 1, maxLength: 20 }), data: json }),
);
const serverFrame: fc.Arbitrary<ServerFrame> = fc.oneof(
  fc.record({ t: fc.constant("accepted" as const), v: fc.constant(WIRE_VERSION), map: id, playerId: id, playerSessionId: id, gameSessionId: id, state: json, resumed: fc.boolean() }),
  fc.record({ t: fc.constant("rejected" as const), v: fc.constant(WIRE_VERSION), code: fc.constantFrom("InvalidPlayerSession" as const, "AlreadyConnected" as const), reason: id }),
  fc.record({ t: fc.constantFrom("joined" as const, "left" as const), v: fc.constant(WIRE_VERSION), playerId: id }),
  fc.record({ t: fc.constant("ended" as const), v: fc.constant(WIRE_VERSION), reason: id }),
  fc.record({ t: fc.constant("pong" as const), v: fc.constant(WIRE_VERSION) }),
);

/** Anything at all: random text, JSON of any shape, near-miss frames, non-strings. */
const anyInput = fc.oneof(
  fc.string(),
  fc.string({ unit: "binary" }),
  fc.jsonValue().map((v) => JSON.stringify(v)),
  fc.record({ t: fc.oneof(fc.constantFrom("hello", "msg", "accepted", "rejected", "leave"), fc.jsonValue()), v: fc.jsonValue(), playerSessionId: fc.jsonValue(), type: fc.jsonValue(), data: fc.jsonValue(), code: fc.jsonValue() }, { requiredKeys: [] }).map((v) => JSON.stringify(v)),
  fc.anything(),
);

test("no input makes either parser throw; failures are typed WireErrors", () => {
  fc.assert(
    fc.property(anyInput, (input) => {
      for (const parse of [parseClientFrame, parseServerFrame]) {
        const result = parse(input);
        if (!result.ok) assert.ok(result.error instanceof WireError && ["NotText", "NotJson", "BadShape", "UnsupportedVersion"].includes(result.error.kind));
      }
    }),
    { numRuns: 3000 },
  );
});

test("every well-formed frame survives encode → parse unchanged", () => {
  // Compared with the frame as JSON sees it (-0 becomes 0; plain prototypes).
  const asJson = (frame: unknown) => JSON.parse(JSON.stringify(frame));
  fc.assert(fc.property(clientFrame, (frame) => assert.deepEqual(parseClientFrame(encodeFrame(frame)), { ok: true, frame: asJson(frame) })));
  fc.assert(fc.property(serverFrame, (frame) => assert.deepEqual(parseServerFrame(encodeFrame(frame)), { ok: true, frame: asJson(frame) })));
});

test("junk and near misses get the right error kind", () => {
  const kind = (raw: unknown) => {
    const r = parseClientFrame(raw);
    return r.ok ? "ok" : r.error.kind;
  };
  assert.equal(kind(Buffer.from("{}")), "NotText");
  assert.equal(kind("not json"), "NotJson");
  assert.equal(kind("[1,2]"), "BadShape");
  assert.equal(kind('{"t":"hello","v":1}'), "BadShape");
  assert.equal(kind('{"t":"hello","v":1,"playerSessionId":""}'), "BadShape");
  assert.equal(kind('{"t":"hello","v":1,"playerSessionId":"p","resume":"yes"}'), "BadShape");
  assert.equal(kind('{"t":"hello","v":2,"playerSessionId":"p"}'), "UnsupportedVersion");
  assert.equal(kind('{"t":"hello","v":1.5,"playerSessionId":"p"}'), "BadShape");
  assert.equal(kind('{"t":"accepted","v":1}'), "BadShape", "a server frame is not a client frame");
  assert.equal(kind('{"t":"msg","v":1,"type":"move"}'), "BadShape", "data is required");
  assert.equal(kind(`{"t":"hello","v":1,"playerSessionId":"${"p".repeat(LIMITS.idLength + 1)}"}`), "BadShape");
  assert.equal(kind('{"t":"toString","v":1}'), "BadShape", "inherited names are not frame kinds");
  assert.equal(kind('{"t":"__proto__","v":1}'), "BadShape");
});

test("hostile nesting is refused without recursion", () => {
  const deep = `{"t":"msg","v":1,"type":"x","data":${"[".repeat(100_000)}${"]".repeat(100_000)}}`;
  const r = parseClientFrame(deep);
  assert.equal(r.ok, false);
  const ok = `{"t":"msg","v":1,"type":"x","data":${"[".repeat(LIMITS.dataDepth)}${"]".repeat(LIMITS.dataDepth)}}`;
  assert.equal(parseClientFrame(ok).ok, true);
});

test("unknown extra fields are dropped, not passed on", () => {
  const r = parseClientFrame('{"t":"ping","v":1,"evil":{"x":1}}');
  assert.deepEqual(r, { ok: true, frame: { t: "ping", v: 1 } });
});
