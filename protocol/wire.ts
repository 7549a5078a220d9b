/**
 * The player ↔ game-server protocol: JSON text frames over one WebSocket, shared by the browser client
 * (plugin/core/travel) and the gateway (server/gateway). Every frame carries `t` (its kind) and `v` (the
 * protocol version) so either side can refuse a peer it does not understand instead of misreading it.
 */

import { depthWithin } from "./json-depth.ts";

export const WIRE_VERSION = 1;

/**
 * Any value JSON can carry: what game messages (`send(type, data)`, onMessage) and the game state a player
 * gets on joining are made of. No `undefined`, functions, Dates or class instances: send their JSON form.
 */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** Why the gateway refused a hello; a game may branch on these. */
export type RejectCode =
  | "InvalidPlayerSession" // not a player session GameLift knows (forged, malformed)
  | "WrongGameSession" // a real player session, but for another game session
  | "PlayerSessionTimedOut" // reserved but not used in time (TIMEDOUT)
  | "PlayerSessionCompleted" // already used and ended (COMPLETED)
  | "AlreadyConnected" // in use by another live connection
  | "UnsupportedVersion"
  | "SessionEnded" // the game session is shutting down
  | "AcceptFailed" // GameLift refused for another reason (see the reason text)
  | "IdentityNotProven" // the hello carries no identity token, or one that does not verify (signature, issuer, audience, expiry)
  | "IdentityMismatch" // the token proves another identity than the one the player session was reserved for
  | "PlayerAlreadySeated" // this player already holds another seat in the session (connected, or held for a resume)
  | "TryAgainLater"; // too many joins right now, or GameLift could not be asked: nothing was spent, try again

export const REJECT_CODES: readonly RejectCode[] = [
  "InvalidPlayerSession",
  "WrongGameSession",
  "PlayerSessionTimedOut",
  "PlayerSessionCompleted",
  "AlreadyConnected",
  "UnsupportedVersion",
  "SessionEnded",
  "AcceptFailed",
  "IdentityNotProven",
  "IdentityMismatch",
  "PlayerAlreadySeated",
  "TryAgainLater",
];

/**
 * The close the gateway gives a connection that stopped reading while the server still had things to send it
 * (its send buffer went over the cap). A policy close, but no verdict on the player: its seat is held as for
 * any drop, and the kit resumes as it does after one.
 */
export const SLOW_READER_CLOSE = { code: 1008, reason: "send buffer over its limit" } as const;

/**
 * The close a connection gets when a resume on another connection took its seat over (it stopped answering
 * pings). Not final: if it wakes up it may resume in turn, and gets the seat back only if the newer
 * connection has gone quiet too. (4000–4999: the application's own codes.)
 */
export const TAKEN_OVER_CLOSE = { code: 4001, reason: "replaced by a newer connection" } as const;

/**
 * The first frame on a connection. `identityToken` proves who the player is: an OpenID token from the identity
 * pool (Cognito GetOpenIdToken) whose subject must be the player session's PlayerId. Gateways that verify
 * identities refuse a hello without one; optional on the wire so games without Cognito can leave it out.
 */
export type HelloFrame = {
  t: "hello";
  v: number;
  playerSessionId: string;
  resume?: boolean;
  identityToken?: string;
  /**
   * With `resume`: the player is leaving and this connection only says so (its own dropped). The gateway frees
   * the held seat at once instead of after its grace, and closes (1000 "left") without seating. A gateway that
   * does not know the flag seats the player as for any resume; the client then leaves as from a live session.
   */
  leave?: boolean;
};
export type LeaveFrame = { t: "leave"; v: number };
export type PingFrame = { t: "ping"; v: number };
export type PongFrame = { t: "pong"; v: number };
export type MessageFrame = { t: "msg"; v: number; type: string; data: JsonValue; from?: string };

export type ClientFrame = HelloFrame | LeaveFrame | PingFrame | MessageFrame;

export type AcceptedFrame = {
  t: "accepted";
  v: number;
  map: string;
  playerId: string;
  playerSessionId: string;
  gameSessionId: string;
  state: JsonValue;
  /** True when a resume got its held seat back. */
  resumed: boolean;
};
export type RejectedFrame = { t: "rejected"; v: number; code: RejectCode; reason: string };
/** Another player took a seat; `name` is the name it reserved with (see player-data.ts), for display. */
export type JoinedFrame = { t: "joined"; v: number; playerId: string; name?: string };
export type LeftFrame = { t: "left"; v: number; playerId: string };
export type EndedFrame = { t: "ended"; v: number; reason: string };

export type ServerFrame = AcceptedFrame | RejectedFrame | JoinedFrame | LeftFrame | EndedFrame | MessageFrame | PongFrame;

export type WireErrorKind = "NotText" | "NotJson" | "BadShape" | "UnsupportedVersion";

export class WireError extends Error {
  override readonly name = "WireError";
  readonly kind: WireErrorKind;
  constructor(
    kind: WireErrorKind,
    message: string,
  ) {
    super(message);
    this.kind = kind;
  }
}

export type ParseResult<F> = { ok: true; frame: F } | { ok: false; error: WireError };

export const LIMITS = {
  idLength: 256,
  typeLength: 64,
  reasonLength: 1024,
  mapLength: 256,
  /** An identity pool's OpenID token is about 1–1.5 KB; this leaves room for longer claims and keys. */
  identityTokenLength: 4096,
  /** Game data nests no deeper than this; deeper input could exhaust the stack of a recursive consumer. */
  dataDepth: 64,
} as const;

type Field = "string" | "optionalString" | "optionalBoolean" | "boolean" | "json" | "rejectCode";
type Shape = Record<string, { kind: Field; max?: number }>;

const id = { kind: "string", max: LIMITS.idLength } as const;
const CLIENT_SHAPES: Record<ClientFrame["t"], Shape> = {
  hello: {
    playerSessionId: id,
    resume: { kind: "optionalBoolean" },
    identityToken: { kind: "optionalString", max: LIMITS.identityTokenLength },
    leave: { kind: "optionalBoolean" },
  },
  leave: {},
  ping: {},
  msg: { type: { kind: "string", max: LIMITS.typeLength }, data: { kind: "json" }, from: { kind: "optionalString", max: LIMITS.idLength } },
};
const SERVER_SHAPES: Record<ServerFrame["t"], Shape> = {
  accepted: {
    map: { kind: "string", max: LIMITS.mapLength },
    playerId: id,
    playerSessionId: id,
    gameSessionId: { kind: "string", max: 2048 },
    state: { kind: "json" },
    resumed: { kind: "boolean" },
  },
  rejected: { code: { kind: "rejectCode" }, reason: { kind: "string", max: LIMITS.reasonLength } },
  joined: { playerId: id, name: { kind: "optionalString", max: 128 } },
  left: { playerId: id },
  ended: { reason: { kind: "string", max: LIMITS.reasonLength } },
  msg: CLIENT_SHAPES.msg,
  pong: {},
};

/** What a player may send; the gateway runs every incoming frame through this. */
export function parseClientFrame(raw: unknown): ParseResult<ClientFrame> {
  return parseFrame(raw, CLIENT_SHAPES) as ParseResult<ClientFrame>;
}

/** What the game server may send; the client runs every incoming frame through this. */
export function parseServerFrame(raw: unknown): ParseResult<ServerFrame> {
  return parseFrame(raw, SERVER_SHAPES) as ParseResult<ServerFrame>;
}

export function encodeFrame(frame: ClientFrame | ServerFrame): string {
  return JSON.stringify(frame);
}

function parseFrame(raw: unknown, shapes: Record<string, Shape>): ParseResult<Record<string, unknown>> {
  if (typeof raw !== "string") return fail("NotText", "frames are JSON text; got binary or non-text data");
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return fail("NotJson", "frame is not valid JSON");
  }
  if (!isPlainObject(value)) return fail("BadShape", "frame is not a JSON object");
  const kind = value.t;
  if (typeof kind !== "string" || !Object.hasOwn(shapes, kind)) return fail("BadShape", `unknown frame kind ${describe(kind)}`);
  const version = value.v;
  if (typeof version !== "number" || !Number.isInteger(version) || version < 1) return fail("BadShape", "frame version `v` must be a positive integer");
  if (version !== WIRE_VERSION) return fail("UnsupportedVersion", `protocol version ${version} is not supported (this side speaks ${WIRE_VERSION})`);
  const shape = shapes[kind]!;
  // Only the known fields survive: extra ones from a newer peer are dropped, not passed on unchecked.
  const frame: Record<string, unknown> = { t: kind, v: version };
  for (const [name, rule] of Object.entries(shape)) {
    const field = Object.hasOwn(value, name) ? value[name] : undefined;
    const problem = checkField(field, rule.kind, rule.max);
    if (problem) return fail("BadShape", `${kind}.${name} ${problem}`);
    if (field !== undefined) frame[name] = field;
  }
  return { ok: true, frame };
}

function checkField(value: unknown, kind: Field, max = Infinity): string | undefined {
  switch (kind) {
    case "string":
      if (typeof value !== "string" || value.length === 0) return "must be a non-empty string";
      return value.length > max ? `is longer than ${max} characters` : undefined;
    case "optionalString":
      return value === undefined ? undefined : checkField(value, "string", max);
    case "boolean":
      return typeof value === "boolean" ? undefined : "must be a boolean";
    case "optionalBoolean":
      return value === undefined || typeof value === "boolean" ? undefined : "must be a boolean when present";
    case "json":
      if (value === undefined) return "is required (use null for no data)";
      return depthWithin(value, LIMITS.dataDepth) ? undefined : `nests deeper than ${LIMITS.dataDepth} levels`;
    case "rejectCode":
      return typeof value === "string" && (REJECT_CODES as readonly string[]).includes(value) ? undefined : "is not a known reject code";
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  return typeof value === "string" ? JSON.stringify(value.slice(0, 32)) : typeof value;
}

function fail(kind: WireErrorKind, message: string): { ok: false; error: WireError } {
  return { ok: false, error: new WireError(kind, message) };
}
