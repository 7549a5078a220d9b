/**
 * Generated and mutated input for the fuzz targets: JSON values with the keys and values that break naive
 * code (prototype names, huge and odd numbers, lone surrogates, deep nesting), valid requests with their
 * members replaced, dropped or mistyped, and byte-level mutations of any serialized text or CBOR.
 */
import fc from "fast-check";

/** Keys that look up the prototype chain, or collide with what parsers and models use. */
export const NASTY_KEYS = ["__proto__", "constructor", "prototype", "toString", "valueOf", "hasOwnProperty", "__type", "", " ", "a.b", "$metadata"];

const nastyString = fc.oneof(
  fc.constantFrom("", " ", "\u0000", "\ud800", "\udfff", "\u202e", "%", "%zz", "../../etc/passwd", "null", "true", "NaN", "-0", "1e309", "arn:aws:gamelift:::", "fleet-", "psess-", "custom-"),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.integer({ min: 0, max: 5 }).map((n) => "x".repeat(10 ** n)),
);

const nastyNumber = fc.oneof(
  fc.constantFrom(0, -0, 1, -1, 0.5, 2 ** 31, 2 ** 31 - 1, -(2 ** 31), 2 ** 53, 2 ** 53 + 2, Number.MAX_VALUE, Number.MIN_VALUE, 1e308, -1e308),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);

/** Any JSON value, small, with nasty keys and leaves mixed in. */
export const jsonValue: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.constant(null),
    fc.boolean(),
    nastyNumber,
    nastyString,
    fc.array(tie("value"), { maxLength: 5 }),
    fc.dictionary(fc.oneof(fc.constantFrom(...NASTY_KEYS), fc.string({ maxLength: 12 })), tie("value"), { maxKeys: 5 }),
  ),
})).value;

/** A JSON document nested `depth` deep (arrays or objects), to find recursion that has no bound. */
export const deepNesting = fc.record({ depth: fc.integer({ min: 100, max: 20_000 }), object: fc.boolean() }).map(({ depth, object }) =>
  object ? `${'{"a":'.repeat(depth)}1${"}".repeat(depth)}` : `${"[".repeat(depth)}1${"]".repeat(depth)}`,
);

/** A valid object with one member replaced, dropped, retyped, or a nasty key added; applied 1–3 times. */
export function mutatedObject(valid: Record<string, unknown>): fc.Arbitrary<Record<string, unknown>> {
  const keys = Object.keys(valid);
  const one = fc.oneof(
    fc.record({ kind: fc.constant("replace" as const), key: keys.length ? fc.constantFrom(...keys) : fc.string(), value: jsonValue }),
    fc.record({ kind: fc.constant("drop" as const), key: keys.length ? fc.constantFrom(...keys) : fc.string(), value: fc.constant(null) }),
    fc.record({ kind: fc.constant("add" as const), key: fc.oneof(fc.constantFrom(...NASTY_KEYS), fc.string({ maxLength: 20 })), value: jsonValue }),
  );
  return fc.array(one, { minLength: 1, maxLength: 3 }).map((steps) => {
    const out: Record<string, unknown> = { ...valid };
    for (const step of steps) {
      if (step.kind === "drop") delete out[step.key];
      // defineProperty: "__proto__" becomes an own member, as a parser would make it, not a prototype change.
      else Object.defineProperty(out, step.key, { value: step.value, enumerable: true, configurable: true, writable: true });
    }
    return out;
  });
}

export type ByteMutation =
  | { kind: "flip"; at: number; bit: number }
  | { kind: "truncate"; at: number }
  | { kind: "insert"; at: number; bytes: Uint8Array }
  | { kind: "set"; at: number; byte: number };

export const byteMutations: fc.Arbitrary<ByteMutation[]> = fc.array(
  fc.oneof(
    fc.record({ kind: fc.constant("flip" as const), at: fc.nat(), bit: fc.integer({ min: 0, max: 7 }) }),
    fc.record({ kind: fc.constant("truncate" as const), at: fc.nat() }),
    fc.record({ kind: fc.constant("insert" as const), at: fc.nat(), bytes: fc.uint8Array({ minLength: 1, maxLength: 16 }) }),
    fc.record({ kind: fc.constant("set" as const), at: fc.nat(), byte: fc.constantFrom(0x00, 0x22, 0x5c, 0x7b, 0x7d, 0x5b, 0x5d, 0xff, 0xbf, 0x9f, 0xc0, 0xf7) }),
  ),
  { minLength: 1, maxLength: 4 },
);

export function mutateBytes(input: Uint8Array, steps: readonly ByteMutation[]): Uint8Array {
  let bytes = Uint8Array.from(input);
  for (const step of steps) {
    const at = bytes.length === 0 ? 0 : step.at % (bytes.length + (step.kind === "insert" ? 1 : 0));
    if (step.kind === "flip" && bytes.length) bytes[at] = bytes[at]! ^ (1 << step.bit);
    else if (step.kind === "set" && bytes.length) bytes[at] = step.byte;
    else if (step.kind === "truncate") bytes = bytes.slice(0, at);
    else if (step.kind === "insert") bytes = Uint8Array.from([...bytes.slice(0, at), ...step.bytes, ...bytes.slice(at)]);
  }
  return bytes;
}

/** CBOR that strains a decoder: deep nesting, lengths far beyond the data, indefinite items never closed, odd tags. */
export const hostileCbor = fc.oneof(
  fc.integer({ min: 100, max: 50_000 }).map((n) => Uint8Array.from([...new Array<number>(n).fill(0x81), 0x01])),
  fc.constant(Uint8Array.from([0xa1, 0x61, 0x61, 0x5b, 0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff])),
  fc.constant(Uint8Array.from([0x9b, 0x00, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff])),
  fc.constant(Uint8Array.from([0xbf, 0x61, 0x61, 0x01])),
  fc.constant(Uint8Array.from([0x5f, 0x41, 0x00])),
  fc.constant(Uint8Array.from([0xc1, 0xfb, 0x7f, 0xf0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00])),
  fc.constant(Uint8Array.from([0xa1, 0xf6, 0x01])),
  fc.constant(Uint8Array.from([0xa1, 0x69, ...Buffer.from("__proto__"), 0xa1, 0x61, 0x78, 0x01])),
  fc.constant(Uint8Array.from([0xd8, 0x1e, 0x82, 0x01, 0x00])),
  fc.uint8Array({ maxLength: 64 }),
);
