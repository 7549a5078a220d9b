/**
 * The server SDK's WebSocket endpoint, as a hostile game server process would use it: mutated connection
 * parameters, then frames (valid requests mutated member by member, random JSON, byte-mutated text, binary,
 * oversized). A refused handshake must be a 4xx; every frame must get an answer with a StatusCode below 500
 * (never a model that hangs or throws), or the socket a policy close.
 */
import fc from "fast-check";
import WebSocket from "ws";
import type { FuzzEnvironment } from "../environment.ts";
import { byteMutations, jsonValue, mutateBytes, mutatedObject, type ByteMutation } from "../inputs.ts";
import type { Target } from "../target.ts";

const VALID_FRAMES: Record<string, unknown>[] = [
  { Action: "ActivateServerProcess", SdkVersion: "5.6.0", SdkLanguage: "NodeJS", Port: 7777, LogPaths: ["/tmp/x.log"] },
  { Action: "HeartbeatServerProcess", HealthStatus: true },
  { Action: "ActivateGameSession", GameSessionId: "arn:aws:gamelift:custom-x::gamesession/fleet-1/gsess-1" },
  { Action: "AcceptPlayerSession", GameSessionId: "arn:aws:gamelift:custom-x::gamesession/fleet-1/gsess-1", PlayerSessionId: "psess-1" },
  { Action: "RemovePlayerSession", GameSessionId: "gs", PlayerSessionId: "psess-1" },
  { Action: "UpdatePlayerSessionCreationPolicy", GameSessionId: "gs", PlayerSessionPolicy: "DENY_ALL" },
  { Action: "DescribePlayerSessions", PlayerSessionId: "psess-1", Limit: 10, NextToken: "x" },
  { Action: "GetComputeCertificate" },
  { Action: "GetFleetRoleCredentials", RoleArn: "arn:aws:iam::123456789012:role/x", RoleSessionName: "s" },
  { Action: "TerminateServerProcess" },
];

type Frame =
  | { kind: "mutated"; template: number; value: Record<string, unknown> }
  | { kind: "any"; value: unknown }
  | { kind: "bytes"; template: number; mutations: ByteMutation[] }
  | { kind: "binary"; bytes: Uint8Array }
  | { kind: "oversized"; size: number };

export interface ProcessCase {
  /** Connection parameters replaced or dropped (none: a valid connection). */
  params: [string, string | null][];
  frames: Frame[];
}

const PARAMS = ["pID", "sdkVersion", "sdkLanguage", "ComputeId", "FleetId", "IdempotencyToken", "Authorization", "hostId"];

const frame: fc.Arbitrary<Frame> = fc.oneof(
  { weight: 5, arbitrary: fc.integer({ min: 0, max: VALID_FRAMES.length - 1 }).chain((template) => mutatedObject(VALID_FRAMES[template]!).map((value): Frame => ({ kind: "mutated", template, value }))) },
  { weight: 2, arbitrary: fc.integer({ min: 0, max: VALID_FRAMES.length - 1 }).map((template): Frame => ({ kind: "mutated", template, value: { ...VALID_FRAMES[template]! } })) },
  { weight: 2, arbitrary: jsonValue.map((value): Frame => ({ kind: "any", value })) },
  { weight: 2, arbitrary: fc.record({ template: fc.integer({ min: 0, max: VALID_FRAMES.length - 1 }), mutations: byteMutations }).map((b): Frame => ({ kind: "bytes", ...b })) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 64 }).map((bytes): Frame => ({ kind: "binary", bytes })) },
  { weight: 1, arbitrary: fc.integer({ min: 60 * 1024, max: 80 * 1024 }).map((size): Frame => ({ kind: "oversized", size })) },
);

const arbitrary: fc.Arbitrary<ProcessCase> = fc.record({
  params: fc.oneof(
    { weight: 4, arbitrary: fc.constant<[string, string | null][]>([]) },
    { weight: 1, arbitrary: fc.array(fc.tuple(fc.constantFrom(...PARAMS), fc.option(fc.string({ maxLength: 80 }), { nil: null })), { minLength: 1, maxLength: 3 }) },
  ),
  frames: fc.array(frame, { minLength: 1, maxLength: 4 }),
});

/** What a frame of the endpoint's may close a socket with: normal, protocol, data, policy, size. */
const POLICY_CLOSES = new Set([1000, 1002, 1003, 1007, 1008, 1009]);

export function serverProcessTarget(env: FuzzEnvironment): Target<ProcessCase> {
  let n = 0;
  return {
    name: "server-process",
    arbitrary,
    async run(c) {
      const fleet = env.processFleet;
      const url = new URL(fleet.webSocketUrl);
      const query: Record<string, string> = {
        pID: `process-fuzz-${process.pid}-${++n}`,
        sdkVersion: "5.6.0",
        sdkLanguage: "NodeJS",
        ComputeId: fleet.computeName,
        FleetId: fleet.fleetId,
        IdempotencyToken: `t-${n}`,
        Authorization: await fleet.authToken(),
      };
      for (const [name, value] of c.params) {
        if (value === null) delete query[name];
        else query[name] = value;
      }
      for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
      return play(url.toString(), c.frames.map(encode));
    },
  };
}

function encode(f: Frame): string | Uint8Array {
  switch (f.kind) {
    case "mutated":
      return JSON.stringify({ RequestId: `r-${Math.random().toString(36).slice(2)}`, ...f.value });
    case "any":
      return JSON.stringify(f.value) ?? "null";
    case "bytes":
      return Buffer.from(mutateBytes(Buffer.from(JSON.stringify({ RequestId: "r", ...VALID_FRAMES[f.template]! })), f.mutations)).toString("utf8");
    case "binary":
      return f.bytes;
    case "oversized":
      return JSON.stringify({ Action: "HeartbeatServerProcess", RequestId: "big", Pad: "x".repeat(f.size) });
  }
}

function play(url: string, frames: (string | Uint8Array)[]): Promise<string | undefined> {
  return new Promise((resolve) => {
    let socket: WebSocket;
    try {
      socket = new WebSocket(url, { handshakeTimeout: 5_000 });
    } catch {
      return resolve(undefined); // not a URL the client can even send
    }
    let answers = 0;
    let done = false;
    const finish = (problem: string | undefined) => {
      if (done) return;
      done = true;
      resolve(problem);
      if (socket.readyState === WebSocket.OPEN) socket.close(1000);
      else socket.terminate();
    };
    socket.on("unexpected-response", (req, res) => {
      req.destroy();
      const status = res.statusCode ?? 0;
      finish(status >= 400 && status < 500 ? undefined : `the handshake was answered ${status}`);
    });
    socket.on("error", () => finish(undefined));
    socket.on("close", (code) => finish(POLICY_CLOSES.has(code) ? undefined : `the endpoint closed with ${code}`));
    socket.on("message", (data) => {
      let answer: { StatusCode?: unknown; ErrorMessage?: unknown; Action?: unknown };
      try {
        answer = JSON.parse(String(data)) as typeof answer;
      } catch {
        return finish(`an answer that is not JSON: ${String(data).slice(0, 200)}`);
      }
      // Pushes (no StatusCode) are the service talking, not answers.
      if (answer.StatusCode === undefined) return;
      if (typeof answer.StatusCode !== "number" || answer.StatusCode >= 500) return finish(`an answer with StatusCode ${String(answer.StatusCode)}: ${String(answer.ErrorMessage)}`);
      if (answer.StatusCode !== 200 && typeof answer.ErrorMessage !== "string") return finish(`a ${answer.StatusCode} without an ErrorMessage`);
      if (++answers === frames.length) finish(undefined);
    });
    socket.on("open", () => {
      for (const f of frames) socket.send(f, { binary: typeof f !== "string" });
    });
  });
}
