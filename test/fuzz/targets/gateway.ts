/**
 * The player gateway, as players and attackers reach it: a hello that is valid (a reserved player session and
 * its player's identity token), mutated, junk or missing; then game messages, pings, leaves, random JSON,
 * byte-mutated frames, binary and oversized ones; the player session id in the URL; and raw bytes after the
 * WebSocket handshake. Every frame the gateway sends must be one of the protocol's, a refusal must carry a
 * known code, and a close must be a normal or policy close.
 */
import { connect } from "node:net";
import fc from "fast-check";
import WebSocket from "ws";
import { REJECT_CODES } from "../../../protocol/wire.ts";
import type { FuzzEnvironment } from "../environment.ts";
import { byteMutations, jsonValue, mutateBytes, mutatedObject, type ByteMutation } from "../inputs.ts";
import type { Target } from "../target.ts";

type Hello =
  | { kind: "valid"; player: number; resume: boolean }
  | { kind: "mutated"; player: number; value: Record<string, unknown> }
  | { kind: "junkToken"; token: string }
  | { kind: "none" };

type Frame =
  | { kind: "msg"; type: string; data: unknown }
  | { kind: "mutated"; value: Record<string, unknown> }
  | { kind: "any"; value: unknown }
  | { kind: "bytes"; mutations: ByteMutation[] }
  | { kind: "binary"; bytes: Uint8Array }
  | { kind: "oversized"; size: number }
  | { kind: "control"; t: "ping" | "leave" | "hello" };

export type GatewayCase =
  | { kind: "frames"; urlTicket: string | undefined; hello: Hello; frames: Frame[] }
  | { kind: "raw"; mutations: ByteMutation[] };

const VALID_MSG = { t: "msg", v: 1, type: "move", data: { x: 1, y: 2 } };
const VALID_HELLO = { t: "hello", v: 1, playerSessionId: "psess-00000000-0000-4000-8000-000000000000", identityToken: "x", resume: false };

const frame: fc.Arbitrary<Frame> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ type: fc.oneof(fc.constant("move"), fc.string({ maxLength: 70 })), data: jsonValue }).map((m): Frame => ({ kind: "msg", ...m })) },
  { weight: 3, arbitrary: mutatedObject(VALID_MSG).map((value): Frame => ({ kind: "mutated", value })) },
  { weight: 1, arbitrary: jsonValue.map((value): Frame => ({ kind: "any", value })) },
  { weight: 2, arbitrary: byteMutations.map((mutations): Frame => ({ kind: "bytes", mutations })) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 32 }).map((bytes): Frame => ({ kind: "binary", bytes })) },
  { weight: 1, arbitrary: fc.integer({ min: 16 * 1024, max: 20 * 1024 }).map((size): Frame => ({ kind: "oversized", size })) },
  { weight: 2, arbitrary: fc.constantFrom("ping", "leave", "hello").map((t): Frame => ({ kind: "control", t: t as "ping" | "leave" | "hello" })) },
);

function arbitrary(players: number): fc.Arbitrary<GatewayCase> {
  const player = fc.integer({ min: 0, max: players - 1 });
  const hello: fc.Arbitrary<Hello> = fc.oneof(
    { weight: 4, arbitrary: fc.record({ player, resume: fc.boolean() }).map((h): Hello => ({ kind: "valid", ...h })) },
    { weight: 3, arbitrary: fc.record({ player, value: mutatedObject(VALID_HELLO) }).map((h): Hello => ({ kind: "mutated", ...h })) },
    { weight: 1, arbitrary: fc.oneof(fc.string({ maxLength: 300 }), fc.constantFrom("a.b.c", "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.", "x".repeat(5000))).map((token): Hello => ({ kind: "junkToken", token })) },
    { weight: 1, arbitrary: fc.constant<Hello>({ kind: "none" }) },
  );
  return fc.oneof(
    {
      weight: 9,
      arbitrary: fc.record({
        kind: fc.constant("frames" as const),
        urlTicket: fc.option(fc.oneof(fc.constant("valid"), fc.string({ maxLength: 300 })), { freq: 4, nil: undefined }),
        hello,
        frames: fc.array(frame, { maxLength: 5 }),
      }),
    },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant("raw" as const), mutations: byteMutations }) },
  );
}

const FRAME_KINDS = new Set(["accepted", "rejected", "joined", "left", "ended", "msg", "pong"]);
const CLOSES = new Set([1000, 1002, 1003, 1007, 1008, 1009, 1013, 4001]);

export function gatewayTarget(env: FuzzEnvironment): Target<GatewayCase> {
  return {
    name: "gateway",
    arbitrary: arbitrary(env.players.length),
    async run(c) {
      if (c.kind === "raw") return raw(env, c.mutations);
      let ticket: string | undefined;
      let token: string | undefined;
      if (c.hello.kind === "valid" || c.hello.kind === "mutated") {
        const player = env.players[c.hello.player]!;
        // A session full of reservations from earlier cases refuses more; a made-up ticket does as well here.
        ticket = await env.reserve(player.identity).catch(() => "psess-00000000-0000-4000-8000-00000000ffff");
        token = player.token;
      }
      const hello =
        c.hello.kind === "valid"
          ? JSON.stringify({ t: "hello", v: 1, playerSessionId: ticket, identityToken: token, resume: c.hello.resume })
          : c.hello.kind === "mutated"
            ? JSON.stringify({ ...c.hello.value, playerSessionId: c.hello.value.playerSessionId === VALID_HELLO.playerSessionId ? ticket : c.hello.value.playerSessionId, identityToken: c.hello.value.identityToken === "x" ? token : c.hello.value.identityToken })
            : c.hello.kind === "junkToken"
              ? JSON.stringify({ t: "hello", v: 1, playerSessionId: "psess-00000000-0000-4000-8000-000000000001", identityToken: c.hello.token })
              : undefined;
      const urlTicket = c.urlTicket === "valid" ? ticket : c.urlTicket;
      const url = urlTicket === undefined ? env.gatewayUrl : `${env.gatewayUrl}/?playerSessionId=${encodeURIComponent(urlTicket)}`;
      return play(url, hello, c.hello.kind === "valid", c.frames.map(encode));
    },
  };
}

function encode(f: Frame): string | Uint8Array {
  switch (f.kind) {
    case "msg":
      return JSON.stringify({ t: "msg", v: 1, type: f.type, data: f.data });
    case "mutated":
    case "any":
      return JSON.stringify(f.value) ?? "null";
    case "bytes":
      return Buffer.from(mutateBytes(Buffer.from(JSON.stringify(VALID_MSG)), f.mutations)).toString("utf8");
    case "binary":
      return f.bytes;
    case "oversized":
      return JSON.stringify({ t: "msg", v: 1, type: "big", data: "x".repeat(f.size) });
    case "control":
      return f.t === "hello" ? JSON.stringify({ t: "hello", v: 1, playerSessionId: "psess-again" }) : JSON.stringify({ t: f.t, v: 1 });
  }
}

/**
 * Says hello (waits for its answer when it should be seated), sends the frames, then a ping: the pong (every
 * frame before it was handled) or a close ends the case.
 */
function play(url: string, hello: string | undefined, expectSeat: boolean, frames: (string | Uint8Array)[]): Promise<string | undefined> {
  return new Promise((resolve) => {
    const socket = new WebSocket(url);
    let done = false;
    let pinged = false;
    const finish = (problem: string | undefined) => {
      if (done) return;
      done = true;
      resolve(problem);
      if (socket.readyState === WebSocket.OPEN) socket.close(1000);
      else if (socket.readyState !== WebSocket.CLOSED) socket.terminate();
    };
    const rest = () => {
      for (const f of frames) socket.send(f, { binary: typeof f !== "string" });
      pinged = true;
      socket.send(JSON.stringify({ t: "ping", v: 1 }));
    };
    socket.on("error", () => undefined);
    socket.on("unexpected-response", (_req, res) => finish(`the upgrade was answered ${res.statusCode}`));
    socket.on("close", (code) => finish(CLOSES.has(code) ? undefined : `the gateway closed with ${code}`));
    socket.on("message", (data, isBinary) => {
      if (isBinary) return finish("a binary frame from the gateway");
      let f: { t?: unknown; code?: unknown };
      try {
        f = JSON.parse(String(data)) as typeof f;
      } catch {
        return finish(`a frame that is not JSON: ${String(data).slice(0, 200)}`);
      }
      if (typeof f.t !== "string" || !FRAME_KINDS.has(f.t)) return finish(`an unknown frame: ${String(data).slice(0, 200)}`);
      if (f.t === "rejected" && !REJECT_CODES.includes(f.code as never)) return finish(`a refusal with an unknown code: ${String(data).slice(0, 200)}`);
      if (expectSeat && !pinged && (f.t === "accepted" || f.t === "rejected")) return rest();
      if (f.t === "pong" && pinged) finish(undefined);
    });
    socket.on("open", () => {
      if (hello !== undefined) socket.send(hello);
      if (!expectSeat) rest();
    });
  });
}

/** A good handshake, then mutated bytes of a masked frame, then the end of the stream: the gateway must just close. */
function raw(env: FuzzEnvironment, mutations: ByteMutation[]): Promise<string | undefined> {
  const url = new URL(env.gatewayUrl);
  return new Promise((resolve) => {
    const socket = connect({ host: url.hostname, port: Number(url.port) });
    let upgraded = false;
    socket.on("error", () => undefined);
    socket.on("close", () => resolve(undefined));
    socket.on("data", (chunk: Buffer) => {
      if (upgraded) return;
      if (!chunk.toString("latin1").startsWith("HTTP/1.1 101")) return resolve(`the handshake was answered ${chunk.toString("latin1").split("\r\n")[0]}`);
      upgraded = true;
      const payload = Buffer.from(JSON.stringify({ t: "ping", v: 1 }));
      const mask = [1, 2, 3, 4];
      const frameBytes = Uint8Array.from([0x81, 0x80 | payload.length, ...mask, ...payload.map((b, i) => b ^ mask[i % 4]!)]);
      socket.end(mutateBytes(frameBytes, mutations));
    });
    socket.write(
      `GET / HTTP/1.1\r\nHost: ${url.host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n`,
    );
  });
}
