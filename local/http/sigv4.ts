import { createHash, timingSafeEqual } from "node:crypto";
import { Sha256 } from "@aws-crypto/sha256-js";
import { HttpRequest } from "@smithy/protocol-http";
import { SignatureV4 } from "@smithy/signature-v4";
import { ServiceError } from "./service-error.ts";

/** Credentials the stack has issued or was configured with, and what they may do. */
export interface CredentialRecord {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date;
  /** The IAM-style identity named in AccessDenied messages. */
  principalArn: string;
  /** Whether this principal may call `<signingName>:<Operation>`. */
  allows(action: string): boolean;
}

/** The seam where the stack's credential issuers (developer keys, Cognito identity pools) plug in. */
export interface CredentialResolver {
  resolve(accessKeyId: string): CredentialRecord | undefined;
}

export interface Principal {
  accessKeyId: string;
  principalArn: string;
}

export interface SignedRequest {
  method: string;
  /** Path without the query string. */
  path: string;
  query: Record<string, string | string[]>;
  /** Lower-case header names. */
  headers: Record<string, string>;
  body: Uint8Array;
}

/** AWS refuses requests whose X-Amz-Date is more than five minutes off. */
const MAX_CLOCK_SKEW_MS = 5 * 60 * 1000;

const AUTH_PATTERN =
  /^AWS4-HMAC-SHA256 Credential=([^/,\s]+)\/(\d{8})\/([^/,\s]+)\/([^/,\s]+)\/aws4_request,\s*SignedHeaders=([a-z0-9;\-_.]+),\s*Signature=([0-9a-f]{64})$/;

const invalidSignature = (message: string): ServiceError => new ServiceError("InvalidSignatureException", message);

/**
 * Checks a request's SigV4 Authorization header the way AWS does: the signature is recomputed with the AWS
 * signer library over the headers the client signed, and compared in constant time. Returns the signer.
 */
export async function verifySigV4(
  req: SignedRequest,
  expected: { service: string; region: string },
  credentials: CredentialResolver,
  now: Date = new Date(),
): Promise<{ principal: Principal; record: CredentialRecord }> {
  const authorization = req.headers["authorization"];
  if (!authorization) throw new ServiceError("MissingAuthenticationTokenException", "Missing Authentication Token");
  const match = AUTH_PATTERN.exec(authorization.trim());
  if (!match) {
    throw new ServiceError(
      "IncompleteSignatureException",
      "Authorization header requires 'Credential', 'SignedHeaders' and 'Signature' parameters with AWS4-HMAC-SHA256.",
    );
  }
  const [, accessKeyId, scopeDate, region, service, signedHeaderList, signature] = match as unknown as string[];
  if (service !== expected.service) {
    throw invalidSignature(`Credential should be scoped to correct service: '${expected.service}'.`);
  }
  if (region !== expected.region) {
    throw invalidSignature(`Credential should be scoped to a valid region, not '${region}'.`);
  }
  const amzDate = req.headers["x-amz-date"];
  if (!amzDate || !/^\d{8}T\d{6}Z$/.test(amzDate)) {
    throw new ServiceError("IncompleteSignatureException", "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
  }
  if (!amzDate.startsWith(scopeDate!)) throw invalidSignature("Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP.");
  const signingDate = parseAmzDate(amzDate);
  const skew = signingDate.getTime() - now.getTime();
  if (Math.abs(skew) > MAX_CLOCK_SKEW_MS) {
    const bound = new Date(now.getTime() + Math.sign(skew) * MAX_CLOCK_SKEW_MS);
    throw invalidSignature(
      `Signature ${skew < 0 ? "expired" : "not yet current"}: ${amzDate} is now ${skew < 0 ? "earlier" : "later"} than ${formatAmzDate(bound)} (${formatAmzDate(now)} ${skew < 0 ? "-" : "+"} 5 min.)`,
    );
  }

  const record = credentials.resolve(accessKeyId!);
  if (!record) throw new ServiceError("UnrecognizedClientException", "The security token included in the request is invalid.");
  if (record.sessionToken !== undefined && req.headers["x-amz-security-token"] !== record.sessionToken) {
    throw new ServiceError("UnrecognizedClientException", "The security token included in the request is invalid.");
  }
  if (record.expiration && record.expiration.getTime() <= now.getTime()) {
    throw new ServiceError("ExpiredTokenException", "The security token included in the request is expired");
  }

  // The signer trusts a payload hash header as given, so it must match the body we actually received
  // (UNSIGNED-PAYLOAD is an S3 allowance; these services sign their bodies).
  const payloadHash = req.headers["x-amz-content-sha256"];
  if (payloadHash !== undefined && payloadHash !== createHash("sha256").update(req.body).digest("hex")) {
    throw invalidSignature("The provided 'x-amz-content-sha256' header does not match what was computed.");
  }

  const signedHeaders = signedHeaderList!.split(";");
  if (!signedHeaders.includes("host")) throw invalidSignature("'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
  // A header that chooses what the request does (X-Amz-Target names the operation, Content-Type the codec)
  // must be covered by the signature, or one captured signature would serve any operation. The AWS SDKs sign
  // every such header they send, so a request that leaves one out did not come from them as sent.
  const unsigned = Object.keys(req.headers).filter((name) => mustBeSigned(name) && !signedHeaders.includes(name));
  if (unsigned.length > 0) throw invalidSignature(`There were headers present in the request which were not signed: ${unsigned.sort().join(", ")}`);
  const headers: Record<string, string> = {};
  for (const name of signedHeaders) {
    const value = req.headers[name];
    if (value === undefined) throw invalidSignature(`The request signature we calculated does not match the signature you provided. Signed header '${name}' is missing.`);
    headers[name] = value;
  }
  const signer = new SignatureV4({
    credentials: { accessKeyId: record.accessKeyId, secretAccessKey: record.secretAccessKey, sessionToken: record.sessionToken },
    region: region!,
    service: service!,
    sha256: Sha256,
  });
  const [hostname, port] = splitHost(headers["host"]!);
  const recomputed = await signer.sign(
    new HttpRequest({ method: req.method, protocol: "http:", hostname, port, path: req.path, query: req.query, headers, body: req.body }),
    { signingDate, signableHeaders: new Set(signedHeaders), unsignableHeaders: unsignable(signedHeaders, headers) },
  );
  const theirs = Buffer.from(signature!, "hex");
  const ours = Buffer.from(/Signature=([0-9a-f]{64})/.exec(String(recomputed.headers["authorization"]))?.[1] ?? "", "hex");
  if (ours.length !== theirs.length || !timingSafeEqual(ours, theirs)) {
    throw invalidSignature(
      "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.",
    );
  }
  return { principal: { accessKeyId: record.accessKeyId, principalArn: record.principalArn }, record };
}

/** Headers the AWS SDKs always sign when they send them: every x-amz-* one, and Content-Type. */
function mustBeSigned(name: string): boolean {
  return name.startsWith("x-amz-") || name === "content-type";
}

/** The signer adds headers of its own (x-amz-date, the token); any it would add that the client did not sign must stay out. */
function unsignable(signed: string[], headers: Record<string, string>): Set<string> {
  const out = new Set<string>();
  for (const name of ["x-amz-security-token", "x-amz-content-sha256", "x-amz-date"]) {
    if (!signed.includes(name)) out.add(name);
  }
  for (const name of Object.keys(headers)) if (!signed.includes(name)) out.add(name);
  return out;
}

function splitHost(host: string): [string, number | undefined] {
  const m = /^(.*?)(?::(\d+))?$/.exec(host);
  return [m?.[1] ?? host, m?.[2] ? Number(m[2]) : undefined];
}

function parseAmzDate(s: string): Date {
  return new Date(`${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}T${s.slice(9, 11)}:${s.slice(11, 13)}:${s.slice(13, 15)}Z`);
}

function formatAmzDate(d: Date): string {
  return d.toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");
}
