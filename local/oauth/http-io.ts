import type { IncomingMessage, ServerResponse } from "node:http";

/** An OAuth error answer (RFC 6749 §5.2): JSON {error, error_description} with its HTTP status. */
export class OAuthError extends Error {
  readonly error: string;
  readonly description: string;
  readonly status;
  constructor(
    error: string,
    description: string,
    status = error === "invalid_client" ? 401 : 400,
  ) {
    super(`${error}: ${description}`);
    this.error = error;
    this.description = description;
    this.status = status;
  }
}

/** Form posts here are a handful of short parameters. */
const MAX_FORM_BYTES = 64 * 1024;

/**
 * Reads an OAuth request body: application/x-www-form-urlencoded as the RFCs say, or a JSON object for
 * convenience. A parameter given twice is refused (RFC 6749 §3.2).
 */
export async function readParameters(req: IncomingMessage): Promise<Record<string, string>> {
  const text = await readText(req);
  const type = (req.headers["content-type"] ?? "").split(";")[0]!.trim().toLowerCase();
  if (type === "application/json") return jsonParameters(text);
  const params = new URLSearchParams(text);
  const out: Record<string, string> = {};
  for (const key of new Set(params.keys())) {
    const all = params.getAll(key);
    if (all.length > 1) throw new OAuthError("invalid_request", `The parameter ${key} was given more than once.`);
    out[key] = all[0]!;
  }
  return out;
}

/** A JSON body for the local test endpoints, which take booleans as well as strings. */
export async function readJsonObject(req: IncomingMessage): Promise<Record<string, unknown>> {
  return parseJsonObject(await readText(req));
}

function parseJsonObject(text: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new OAuthError("invalid_request", "The request body is not valid JSON.");
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new OAuthError("invalid_request", "The request body must be a JSON object.");
  }
  return value as Record<string, unknown>;
}

function jsonParameters(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(parseJsonObject(text))) {
    if (typeof v === "string") out[k] = v;
    else if (typeof v === "number" || typeof v === "boolean") out[k] = String(v);
    else throw new OAuthError("invalid_request", `The parameter ${k} must be a string.`);
  }
  return out;
}

function readText(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_FORM_BYTES) {
        tooLarge = true;
        // Far past the limit the sender is not a form; dropping the connection beats reading on.
        if (size > 16 * MAX_FORM_BYTES) req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => {
      if (tooLarge) reject(new OAuthError("invalid_request", `The request body exceeds ${MAX_FORM_BYTES} bytes.`, 413));
      else resolve(Buffer.concat(chunks).toString("utf8"));
    });
    req.on("error", reject);
  });
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(text),
    // RFC 6749 §5.1: token answers must not be cached.
    "cache-control": "no-store",
    pragma: "no-cache",
  });
  res.end(text);
}

export function sendOAuthError(res: ServerResponse, e: OAuthError): void {
  sendJson(res, e.status, { error: e.error, error_description: e.description });
}

export function sendHtml(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, { "content-type": "text/html; charset=utf-8", "content-length": Buffer.byteLength(html), "cache-control": "no-store" });
  res.end(html);
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A string parameter, present and non-empty, or the OAuth error naming it. */
export function required(params: Record<string, string>, name: string, error = "invalid_request"): string {
  const value = params[name];
  if (value === undefined || value.trim() === "") throw new OAuthError(error, `Missing required parameter: ${name}`);
  return value;
}
