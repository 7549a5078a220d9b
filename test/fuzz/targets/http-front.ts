/**
 * The stack's HTTP front: AWS JSON 1.1 and Smithy RPC v2 CBOR requests for GameLift and Cognito, valid ones
 * mutated member by member, random documents, deep nesting, byte-mutated and hostile CBOR bodies, odd and
 * missing headers, signed with the developer keys (to reach the decoders and the operations) or not; and raw
 * HTTP bytes. Every answer must come, be below 500, and an error must name its type.
 */
import { request as httpRequest, Agent } from "node:http";
import { connect } from "node:net";
import { Sha256 } from "@aws-crypto/sha256-js";
import { cbor } from "@smithy/core/cbor";
import { HttpRequest } from "@smithy/protocol-http";
import { SignatureV4 } from "@smithy/signature-v4";
import fc from "fast-check";
import type { FuzzEnvironment } from "../environment.ts";
import { byteMutations, deepNesting, hostileCbor, jsonValue, mutateBytes, mutatedObject, type ByteMutation } from "../inputs.ts";
import type { Target } from "../target.ts";

interface Service {
  prefix: string;
  signingName: string;
  cbor: boolean;
}
const GAMELIFT: Service = { prefix: "GameLift", signingName: "gamelift", cbor: true };
const USER_POOLS: Service = { prefix: "AWSCognitoIdentityProviderService", signingName: "cognito-idp", cbor: false };
const IDENTITY: Service = { prefix: "AWSCognitoIdentityService", signingName: "cognito-identity", cbor: false };

/** Valid-looking inputs, one or more per operation, that mutations start from. */
function templates(env: FuzzEnvironment): [Service, string, Record<string, unknown>][] {
  const { fleetId, location } = env.httpFleet;
  const gs = `arn:aws:gamelift:${location}::gamesession/${fleetId}/gsess-00000000-0000-4000-8000-000000000000`;
  return [
    [GAMELIFT, "CreateGameSession", { FleetId: fleetId, Location: location, MaximumPlayerSessionCount: 4, Name: "x", GameProperties: [{ Key: "map", Value: "arena" }], IdempotencyToken: "t" }],
    [GAMELIFT, "SearchGameSessions", { FleetId: fleetId, FilterExpression: "hasAvailablePlayerSessions = true AND gameSessionProperties.map = 'arena'", SortExpression: "creationTimeMillis DESC", Limit: 10 }],
    [GAMELIFT, "DescribeGameSessions", { FleetId: fleetId, StatusFilter: "ACTIVE", Limit: 5 }],
    [GAMELIFT, "DescribeGameSessionDetails", { GameSessionId: gs }],
    [GAMELIFT, "CreatePlayerSession", { GameSessionId: gs, PlayerId: "p", PlayerData: "d" }],
    [GAMELIFT, "CreatePlayerSessions", { GameSessionId: gs, PlayerIds: ["a", "b"], PlayerDataMap: { a: "x" } }],
    [GAMELIFT, "DescribePlayerSessions", { GameSessionId: gs, PlayerSessionStatusFilter: "ACTIVE", Limit: 3 }],
    [GAMELIFT, "UpdateGameSession", { GameSessionId: gs, MaximumPlayerSessionCount: 8, GameProperties: [{ Key: "k", Value: "v" }] }],
    [GAMELIFT, "TerminateGameSession", { GameSessionId: gs, TerminationMode: "TRIGGER_ON_PROCESS_TERMINATE" }],
    [GAMELIFT, "DescribeFleetAttributes", { FleetIds: [fleetId], Limit: 2 }],
    [GAMELIFT, "DescribeFleetUtilization", { FleetIds: [fleetId] }],
    [GAMELIFT, "DescribeFleetCapacity", { Limit: 1 }],
    [GAMELIFT, "CreateLocation", { LocationName: "custom-fuzzed" }],
    [GAMELIFT, "CreateFleet", { Name: "fuzzed", ComputeType: "ANYWHERE", Locations: [{ Location: location }], ResourceCreationLimitPolicy: { NewGameSessionsPerCreator: 1, PolicyPeriodInMinutes: 1 } }],
    [GAMELIFT, "RegisterCompute", { FleetId: fleetId, ComputeName: "fuzzed-compute", IpAddress: "127.0.0.1", Location: location, DnsName: "localhost" }],
    [GAMELIFT, "CreateAlias", { Name: "fuzzed", RoutingStrategy: { Type: "SIMPLE", FleetId: fleetId } }],
    [GAMELIFT, "ListAliases", { RoutingStrategyType: "SIMPLE", Limit: 2 }],
    [GAMELIFT, "CreateGameSessionQueue", { Name: "fuzzed-queue", TimeoutInSeconds: 10, Destinations: [{ DestinationArn: `arn:aws:gamelift:us-west-2::fleet/${fleetId}` }] }],
    [GAMELIFT, "StartGameSessionPlacement", { PlacementId: "p1", GameSessionQueueName: "fuzzed-queue", MaximumPlayerSessionCount: 2, DesiredPlayerSessions: [{ PlayerId: "a" }] }],
    [USER_POOLS, "InitiateAuth", { AuthFlow: "USER_PASSWORD_AUTH", ClientId: "client", AuthParameters: { USERNAME: "u", PASSWORD: "p" } }],
    [USER_POOLS, "SignUp", { ClientId: "client", Username: "u", Password: "Passw0rd!", UserAttributes: [{ Name: "email", Value: "a@b.c" }] }],
    [USER_POOLS, "RespondToAuthChallenge", { ChallengeName: "PASSWORD_VERIFIER", ClientId: "client", ChallengeResponses: { USERNAME: "u" }, Session: "s" }],
    [USER_POOLS, "CreateUserPool", { PoolName: "fuzzed", Policies: { PasswordPolicy: { MinimumLength: 8 } } }],
    [USER_POOLS, "ListUserPools", { MaxResults: 2 }],
    [IDENTITY, "GetId", { IdentityPoolId: "us-west-2:00000000-0000-0000-0000-000000000000", Logins: { "www.amazon.com": "token" } }],
    [IDENTITY, "GetOpenIdToken", { IdentityId: "us-west-2:00000000-0000-0000-0000-000000000000" }],
    [IDENTITY, "GetCredentialsForIdentity", { IdentityId: "us-west-2:00000000-0000-0000-0000-000000000000" }],
    [IDENTITY, "CreateIdentityPool", { IdentityPoolName: "fuzzed", AllowUnauthenticatedIdentities: true }],
  ];
}

type Body = { kind: "mutated"; value: Record<string, unknown> } | { kind: "any"; value: unknown } | { kind: "text"; text: string } | { kind: "bytes"; bytes: Uint8Array; mutations?: ByteMutation[] };

export interface HttpCase {
  template: number;
  cborWire: boolean;
  operation: { keep: true } | { keep: false; name: string };
  body: Body;
  sign: boolean;
  headers: [string, string][];
  /** Sent as raw bytes over TCP, byte-mutated, instead of through the HTTP client. */
  raw?: ByteMutation[];
}

const HEADER_NAMES = ["content-type", "x-amz-target", "smithy-protocol", "authorization", "x-amz-date", "x-amz-security-token", "x-amz-content-sha256", "accept", "content-encoding", "host", "x-amz-user-agent"];
/** Header values the HTTP client will send (printable ASCII); the raw cases carry any byte. */
const headerValue = fc.oneof(
  fc.constantFrom("", "application/json", "application/x-amz-json-1.1", "application/cbor", "rpc-v2-cbor", "GameLift.", "GameLift.CreateFleet", "AWS4-HMAC-SHA256", "gzip", "20260101T000000Z"),
  fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 200 }),
);

function caseArbitrary(count: number): fc.Arbitrary<HttpCase> {
  return fc.integer({ min: 0, max: count - 1 }).chain((template) =>
    fc.record({
      template: fc.constant(template),
      cborWire: fc.boolean(),
      operation: fc.oneof({ weight: 9, arbitrary: fc.constant({ keep: true as const }) }, { weight: 1, arbitrary: fc.string({ maxLength: 40 }).map((name) => ({ keep: false as const, name })) }),
      body: fc.oneof(
        { weight: 8, arbitrary: fc.constant(undefined) }, // filled in below from the template
        { weight: 2, arbitrary: jsonValue.map((value): Body => ({ kind: "any", value })) },
        { weight: 1, arbitrary: deepNesting.map((text): Body => ({ kind: "text", text })) },
        { weight: 2, arbitrary: fc.record({ bytes: fc.constant(new Uint8Array()), mutations: byteMutations }).map((b): Body => ({ kind: "bytes", ...b })) },
        { weight: 1, arbitrary: hostileCbor.map((bytes): Body => ({ kind: "bytes", bytes })) },
      ),
      sign: fc.oneof({ weight: 4, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
      headers: fc.array(fc.tuple(fc.constantFrom(...HEADER_NAMES), headerValue), { maxLength: 2 }),
      raw: fc.option(byteMutations, { freq: 12, nil: undefined }),
    }),
  ) as unknown as fc.Arbitrary<HttpCase>;
}

export function httpFrontTarget(env: FuzzEnvironment): Target<HttpCase> {
  const all = templates(env);
  const signers = new Map<string, SignatureV4>();
  const signer = (service: string) => {
    let s = signers.get(service);
    if (!s) signers.set(service, (s = new SignatureV4({ credentials: env.stack.developerCredentials, region: env.stack.region, service, sha256: Sha256 })));
    return s;
  };
  const endpoint = new URL(env.stack.endpoint);
  const agent = new Agent({ keepAlive: true, maxSockets: 4 });
  // The template's own mutations are drawn here, so they depend on the template the case picked.
  const arbitrary = caseArbitrary(all.length).chain((c) =>
    c.body === undefined ? mutatedObject(all[c.template]![2]).map((value) => ({ ...c, body: { kind: "mutated", value } as Body })) : fc.constant(c),
  );

  return {
    name: "http-front",
    arbitrary,
    async run(c) {
      const [service, templateOperation, valid] = all[c.template]!;
      const operation = c.operation.keep ? templateOperation : c.operation.name;
      const useCbor = c.cborWire && service.cbor;
      const serialize = (value: unknown): Uint8Array => (useCbor ? cbor.serialize(value as object) : Buffer.from(JSON.stringify(value) ?? "null"));
      let body: Uint8Array;
      const b = c.body;
      if (b.kind === "mutated" || b.kind === "any") body = serialize(b.value);
      else if (b.kind === "text") body = Buffer.from(b.text);
      else body = b.mutations ? mutateBytes(serialize(valid), b.mutations) : b.bytes;
      const path = useCbor ? `/service/GameLift/operation/${encodeURIComponent(operation)}` : "/";
      const headers: Record<string, string> = useCbor
        ? { host: endpoint.host, "content-type": "application/cbor", accept: "application/cbor", "smithy-protocol": "rpc-v2-cbor" }
        : { host: endpoint.host, "content-type": "application/x-amz-json-1.1", "x-amz-target": `${service.prefix}.${operation}` };
      let sent: Record<string, string> = headers;
      if (c.sign) {
        const signed = await signer(service.signingName).sign(new HttpRequest({ method: "POST", protocol: "http:", hostname: endpoint.hostname, port: Number(endpoint.port), path, headers, body }));
        sent = signed.headers as Record<string, string>;
      }
      for (const [name, value] of c.headers) sent = { ...sent, [name]: value };
      if (c.raw) return rawExchange(endpoint, mutateBytes(rawRequest(path, sent, body), c.raw));
      const answer = await exchange(endpoint, agent, path, sent, body);
      return judge(answer, useCbor);
    },
    close: () => agent.destroy(),
  };
}

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

function exchange(endpoint: URL, agent: Agent, path: string, headers: Record<string, string>, body: Uint8Array): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: endpoint.hostname, port: endpoint.port, method: "POST", path, headers: { ...headers, "content-length": String(body.byteLength) }, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(body);
  });
}

/** Why an answer is wrong, or undefined when it is a success or a typed refusal below 500. */
function judge(answer: Answer, useCbor: boolean): string | undefined {
  if (answer.status >= 500 || answer.status < 200) return `answered ${answer.status}: ${answer.body.toString("utf8", 0, 300)}`;
  if (answer.status < 400) return undefined;
  let type: unknown;
  try {
    const decoded = (useCbor && answer.headers["content-type"] === "application/cbor" ? cbor.deserialize(answer.body) : JSON.parse(answer.body.toString("utf8"))) as Record<string, unknown>;
    type = decoded.__type ?? decoded.error ?? (typeof decoded.message === "string" ? "message" : undefined);
  } catch {
    return `a ${answer.status} whose body is not ${useCbor ? "CBOR" : "JSON"}: ${answer.body.toString("utf8", 0, 200)}`;
  }
  if (typeof type !== "string" || type === "") return `a ${answer.status} that names no error type: ${answer.body.toString("utf8", 0, 200)}`;
  return undefined;
}

function rawRequest(path: string, headers: Record<string, string>, body: Uint8Array): Uint8Array {
  const head = [`POST ${path} HTTP/1.1`, ...Object.entries({ ...headers, "content-length": String(body.byteLength), connection: "close" }).map(([k, v]) => `${k}: ${v}`), "", ""].join("\r\n");
  return Uint8Array.from([...Buffer.from(head, "latin1"), ...body]);
}

/** Raw bytes: the server answers with a status below 500, or closes the connection; either way, in time. */
function rawExchange(endpoint: URL, bytes: Uint8Array): Promise<string | undefined> {
  return new Promise((resolve) => {
    const socket = connect({ host: endpoint.hostname, port: Number(endpoint.port) });
    const chunks: Buffer[] = [];
    socket.on("data", (chunk: Buffer) => chunks.push(chunk));
    socket.on("error", () => undefined);
    socket.on("close", () => {
      const text = Buffer.concat(chunks).toString("latin1");
      const status = /^HTTP\/1\.[01] (\d{3})/.exec(text)?.[1];
      if (status && Number(status) >= 500) resolve(`raw request answered ${status}: ${text.slice(0, 300)}`);
      else resolve(undefined);
    });
    socket.end(bytes);
  });
}
