import { randomBytes } from "node:crypto";
import { cbor, dateToTag } from "@smithy/core/cbor";
import { ServiceError } from "./service-error.ts";

/** The two wire protocols of AWS's JSON-RPC style services, behind one interface. */
export interface WireCodec {
  readonly contentType: string;
  decode(body: Uint8Array): Record<string, unknown>;
  encode(output: unknown): Uint8Array;
  encodeError(error: ServiceError, shapeNamespace: string, messageMember: string): Uint8Array;
}

const serializationError = (message: string): ServiceError => new ServiceError("SerializationException", message);

function asInputStructure(value: unknown): Record<string, unknown> {
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw serializationError("Start of structure or map found where not expected: the request body must be a structure.");
  }
  return value as Record<string, unknown>;
}

/** awsJson1_1: timestamps are epoch seconds (fractions allowed); an empty body reads as {}. */
export const awsJson: WireCodec = {
  contentType: "application/x-amz-json-1.1",
  decode(body) {
    const text = Buffer.from(body).toString("utf8").trim();
    if (text === "") return {};
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (e) {
      throw serializationError(`Malformed JSON in the request body: ${(e as Error).message}`);
    }
    return asInputStructure(parsed);
  },
  encode(output) {
    // JSON.stringify calls Date#toJSON before a replacer sees the value, so dates become marked strings
    // first and are unquoted after.
    const text = JSON.stringify(markDates(output ?? {}));
    return Buffer.from(text.replace(DATE_MARK_PATTERN, "$1"));
  },
  encodeError(error, _namespace, messageMember) {
    return Buffer.from(JSON.stringify({ __type: error.name, [messageMember]: error.message }));
  },
};

// A per-process random mark, so no string a client stored can pass for a date.
const DATE_MARK = `__date_${randomBytes(8).toString("hex")}:`;
const DATE_MARK_PATTERN = new RegExp(`"${DATE_MARK}(-?[\\d.e+-]+)"`, "g");

function markDates(value: unknown): unknown {
  if (value instanceof Date) return `${DATE_MARK}${value.getTime() / 1000}`;
  if (Array.isArray(value)) return value.map(markDates);
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = markDates(v);
    return out;
  }
  return value;
}

/** Smithy RPC v2 CBOR: timestamps are tag 1 epoch seconds; errors name the full shape id in __type. */
export const rpcV2Cbor: WireCodec = {
  contentType: "application/cbor",
  decode(body) {
    if (body.byteLength === 0) return {};
    let parsed: unknown;
    try {
      parsed = cbor.deserialize(body);
    } catch (e) {
      throw serializationError(`Malformed CBOR in the request body: ${(e as Error).message}`);
    }
    return asInputStructure(tagsToValues(parsed));
  },
  encode(output) {
    return cbor.serialize(datesToTags(output ?? {}));
  },
  encodeError(error, namespace, messageMember) {
    return cbor.serialize({ __type: `${namespace}#${error.name}`, [messageMember]: error.message });
  },
};

function datesToTags(value: unknown): unknown {
  if (value instanceof Date) return dateToTag(value);
  if (Array.isArray(value)) return value.map(datesToTags);
  if (value !== null && typeof value === "object" && !(value instanceof Uint8Array)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = datesToTags(v);
    return out;
  }
  return value;
}

/** Inputs with timestamps (tag 1) become Dates; the codec leaves tags as objects. */
function tagsToValues(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(tagsToValues);
  if (value !== null && typeof value === "object" && !(value instanceof Uint8Array)) {
    const tagged = value as { tag?: unknown; value?: unknown };
    if (tagged.tag === 1 && typeof tagged.value === "number") return new Date(tagged.value * 1000);
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = tagsToValues(v);
    return out;
  }
  return value;
}
