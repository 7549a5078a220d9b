import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { awsJson, rpcV2Cbor, type WireCodec } from "./codecs.ts";
import type { RequestContext, ServiceDefinition } from "./service.ts";
import { ServiceError } from "./service-error.ts";
import { verifySigV4, type CredentialResolver } from "./sigv4.ts";

/** AWS's JSON services refuse bodies over a few MiB; the local stack needs far less. */
export const MAX_BODY_BYTES = 1024 * 1024;

/** One answered request, for whoever watches the stack (metrics, benchmarks). */
export interface ServedRequest {
  service: string;
  operation: string;
  status: number;
  errorType?: string;
  /** From the whole body read to the answer written, in milliseconds. */
  durationMs: number;
}

export interface FrontOptions {
  region: string;
  credentials: CredentialResolver;
  services: ServiceDefinition[];
  onServed?: (request: ServedRequest) => void;
}

/** Where a request goes; `refusal` when it is an AWS-protocol request that cannot be served. */
interface Route {
  codec: WireCodec;
  service?: ServiceDefinition;
  operation?: string;
  refusal?: ServiceError;
}

const CBOR_PATH = /^\/service\/([^/]+)\/operation\/([^/]+)$/;

/**
 * Serves AWS JSON-RPC style services (awsJson1_1 by X-Amz-Target, Smithy RPC v2 CBOR by path) the way AWS
 * answers them. Resolves false for requests that belong to no AWS protocol so other handlers can take them.
 */
export function createAwsFront(options: FrontOptions) {
  const byPrefix = new Map(options.services.map((s) => [s.targetPrefix, s]));
  const byCborName = new Map(options.services.filter((s) => s.cborServiceName).map((s) => [s.cborServiceName!, s]));
  const unknown = (message: string) => new ServiceError("UnknownOperationException", message);

  function route(req: IncomingMessage, path: string): Route | undefined {
    if (req.method !== "POST") return undefined;
    const target = header(req, "x-amz-target");
    if (target !== undefined && path === "/") {
      const dot = target.lastIndexOf(".");
      const service = dot < 0 ? undefined : byPrefix.get(target.slice(0, dot));
      if (!service) return { codec: awsJson, refusal: unknown(`Unknown target: ${target}`) };
      return { codec: awsJson, service, operation: target.slice(dot + 1) };
    }
    const m = CBOR_PATH.exec(path);
    if (!m) return undefined;
    const service = byCborName.get(safeDecode(m[1]!));
    if (!service) return { codec: rpcV2Cbor, refusal: unknown(`Unknown service: ${m[1]}`) };
    if (header(req, "smithy-protocol") !== "rpc-v2-cbor") {
      return { codec: rpcV2Cbor, service, refusal: unknown("Missing or unsupported smithy-protocol header; expected rpc-v2-cbor") };
    }
    return { codec: rpcV2Cbor, service, operation: safeDecode(m[2]!) };
  }

  return async function handle(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    const url = new URL(req.url ?? "/", "http://local");
    const path = url.pathname;
    const routed = route(req, path);
    if (routed === undefined) return false;
    const requestId = randomUUID();
    const { codec, service } = routed;
    let started = 0;
    const served = (status: number, errorType?: string) =>
      options.onServed?.({
        service: service?.targetPrefix ?? "",
        operation: routed.operation ?? "",
        status,
        errorType,
        durationMs: started ? performance.now() - started : 0,
      });
    try {
      if (routed.refusal) throw routed.refusal;
      const body = await readBody(req);
      started = performance.now();
      const name = routed.operation!;
      const operation = Object.hasOwn(service!.operations, name) ? service!.operations[name] : undefined;
      if (!operation) throw unknown(`Unknown operation: ${name}`);
      const ctx: RequestContext = { requestId, operation: name, host: header(req, "host") ?? "" };
      if (!service!.unsignedOperations?.has(name)) {
        const { principal, record } = await verifySigV4(
          { method: "POST", path: decodePath(path), query: queryOf(url), headers: lowerHeaders(req), body },
          { service: service!.signingName, region: options.region },
          options.credentials,
        );
        const action = `${service!.signingName}:${name}`;
        if (!record.allows(action)) {
          throw new ServiceError("AccessDeniedException", `User: ${record.principalArn} is not authorized to perform: ${action}`);
        }
        ctx.principal = principal;
      }
      const input = codec.decode(body);
      const output = await operation(input, ctx);
      send(res, 200, codec, codec.encode(output ?? {}), requestId);
      served(200);
    } catch (e) {
      const error = e instanceof ServiceError ? e : internalError(e);
      const body = codec.encodeError(error, service?.shapeNamespace ?? "com.amazonaws", service?.errorMessageMember ?? "message");
      send(res, error.status, codec, body, requestId, error.name);
      served(error.status, error.name);
    }
    return true;
  };
}

function internalError(e: unknown): ServiceError {
  // A bug in the stack must still answer like AWS, and be visible to whoever runs it.
  console.error("[local] internal error:", e);
  return new ServiceError("InternalServiceException", "An internal error occurred in the local service.", 500);
}

function send(res: ServerResponse, status: number, codec: WireCodec, body: Uint8Array, requestId: string, errorType?: string): void {
  const headers: Record<string, string | number> = {
    "content-type": codec.contentType,
    "content-length": body.byteLength,
    "x-amzn-requestid": requestId,
  };
  if (codec === rpcV2Cbor) headers["smithy-protocol"] = "rpc-v2-cbor";
  if (errorType) headers["x-amzn-errortype"] = errorType;
  res.writeHead(status, headers);
  res.end(body);
}

function readBody(req: IncomingMessage): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      // Past the limit the rest is read and dropped, so the client still gets its 413 answer; a sender that
      // goes on far beyond it loses the connection instead.
      if (size > 16 * MAX_BODY_BYTES) req.destroy();
      if (size > MAX_BODY_BYTES) return;
      chunks.push(chunk);
    });
    req.on("end", () => {
      if (size > MAX_BODY_BYTES) reject(new ServiceError("SerializationException", `Request body exceeds ${MAX_BODY_BYTES} bytes`, 413));
      else resolve(Buffer.concat(chunks));
    });
    // The client went away (or broke the framing) before its body was complete: its request, not our fault.
    req.on("error", (error) => reject(new ServiceError("SerializationException", `The request body ended early: ${error.message}`, 400)));
  });
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v.join(",") : v;
}

function lowerHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) out[k.toLowerCase()] = Array.isArray(v) ? v.join(",") : v;
  return out;
}

function queryOf(url: URL): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const key of new Set(url.searchParams.keys())) {
    const all = url.searchParams.getAll(key);
    out[key] = all.length === 1 ? all[0]! : all;
  }
  return out;
}

function decodePath(path: string): string {
  return path.split("/").map(safeDecode).join("/");
}

/** A malformed percent-escape is kept as written rather than thrown: the request is answered, not crashed. */
function safeDecode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}
