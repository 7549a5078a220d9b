import type { ProcessConnectParams } from "../gamelift/process-api.ts";

export type HandshakeResult = { ok: true; params: ProcessConnectParams } | { ok: false; message: string };

const MAX_PARAM_LENGTH = 2048;

/**
 * The connection URL's query, as the server SDKs send it (Go gamelift_manager.Connect, C# CreateUri):
 * pID, sdkVersion, sdkLanguage, ComputeId (hostId in older SDKs), FleetId, IdempotencyToken, Authorization.
 */
export function parseHandshake(query: URLSearchParams): HandshakeResult {
  const get = (...names: string[]): string | undefined => {
    for (const name of names) {
      const value = query.get(name) ?? findCaseInsensitive(query, name);
      if (value !== undefined && value !== null && value !== "") return value;
    }
    return undefined;
  };
  const values = {
    processId: get("pID"),
    sdkVersion: get("sdkVersion"),
    sdkLanguage: get("sdkLanguage"),
    computeId: get("ComputeId", "hostId"),
    fleetId: get("FleetId"),
    idempotencyToken: get("IdempotencyToken"),
    authToken: get("Authorization"),
  };
  const required: [keyof typeof values, string][] = [
    ["processId", "pID"],
    ["sdkVersion", "sdkVersion"],
    ["sdkLanguage", "sdkLanguage"],
    ["computeId", "ComputeId"],
    ["fleetId", "FleetId"],
  ];
  for (const [key, wireName] of required) {
    if (!values[key]) return { ok: false, message: `Missing query parameter ${wireName}` };
  }
  if (!values.authToken) {
    return query.has("X-Amz-Signature") || query.has("x-amz-signature")
      ? { ok: false, message: "SigV4-signed connections are not supported here; connect with an Authorization token (GetComputeAuthToken)" }
      : { ok: false, message: "Missing query parameter Authorization (a GetComputeAuthToken token)" };
  }
  for (const [key, value] of Object.entries(values)) {
    if (value !== undefined && value.length > MAX_PARAM_LENGTH) return { ok: false, message: `Query parameter ${key} is too long` };
  }
  const params: ProcessConnectParams = {
    processId: values.processId as string,
    sdkVersion: values.sdkVersion as string,
    sdkLanguage: values.sdkLanguage as string,
    computeId: values.computeId as string,
    fleetId: values.fleetId as string,
    authToken: values.authToken,
  };
  if (values.idempotencyToken) params.idempotencyToken = values.idempotencyToken;
  return { ok: true, params };
}

function findCaseInsensitive(query: URLSearchParams, name: string): string | undefined {
  const lower = name.toLowerCase();
  for (const [key, value] of query) if (key.toLowerCase() === lower) return value;
  return undefined;
}
