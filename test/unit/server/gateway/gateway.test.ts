// The gateway turns away connections beyond its limits of sockets still waiting to say hello (in all and per
// address), so a flood of silent sockets cannot crowd out players. No hello is sent, so GameLift is never asked
// anything here; the attacks against a real stack are in test/integration/server/gateway/limits.test.ts.
import { once } from "node:events";
import { expect, test } from "vitest";
import WebSocket from "ws";
import { createPlayerGateway } from "../../../../server/gateway/index.ts";
import type { GatewaySdk } from "../../../../server/gateway/admission.ts";

// The player-session calls reject; the SDK's optional parts (shutdown hook, endProcess, certificate) are absent.
const PLAYER_SESSION_CALLS = new Set(["acceptPlayerSession", "removePlayerSession", "describePlayerSessions"]);
const untouchedSdk = new Proxy({} as GatewaySdk, {
  get: (_t, name) =>
    PLAYER_SESSION_CALLS.has(String(name)) ? () => Promise.reject(new Error(`the gateway must not call ${String(name)} before a hello`)) : undefined,
});

const gameSession = { gameSessionId: "arn:aws:gamelift:us-west-2::gamesession/fleet-1/custom-x/gs", maximumPlayerSessionCount: 4, port: 0, gameProperties: {} };

/** Resolves true when the socket opened, false when it was cut before. */
const opens = (ws: WebSocket) =>
  new Promise<boolean>((resolve) => {
    ws.once("open", () => resolve(true));
    ws.once("error", () => resolve(false));
  });

test("connections past maxPendingConnections are cut before their upgrade; the waiting ones stay open", async () => {
  const gateway = await createPlayerGateway({ sdk: untouchedSdk, gameSession, port: 0, host: "127.0.0.1", map: "arena", identity: "unverified", maxPendingConnections: 2, helloTimeoutMs: 10_000 });
  const sockets: WebSocket[] = [];
  try {
    for (let i = 0; i < 2; i++) {
      sockets.push(new WebSocket(`ws://127.0.0.1:${gateway.port}`, { localAddress: `127.0.1.${i + 1}` }));
      expect(await opens(sockets[i]!)).toBe(true);
    }
    const extra = new WebSocket(`ws://127.0.0.1:${gateway.port}`, { localAddress: "127.0.1.9" });
    sockets.push(extra);
    expect(await opens(extra)).toBe(false);
    expect(sockets[0]!.readyState).toBe(WebSocket.OPEN);
    expect(sockets[1]!.readyState).toBe(WebSocket.OPEN);
  } finally {
    for (const ws of sockets) ws.terminate();
    await gateway.endSession("test over");
  }
});

test("one address gets maxPendingPerAddress waiting sockets; a socket that says hello frees its slot", async () => {
  const gateway = await createPlayerGateway({ sdk: untouchedSdk, gameSession, port: 0, host: "127.0.0.1", map: "arena", identity: "unverified", maxPendingPerAddress: 2, helloTimeoutMs: 10_000 });
  const sockets: WebSocket[] = [];
  const from = (address: string) => {
    const ws = new WebSocket(`ws://127.0.0.1:${gateway.port}`, { localAddress: address });
    ws.on("error", () => undefined);
    sockets.push(ws);
    return ws;
  };
  try {
    expect(await Promise.all([opens(from("127.0.2.1")), opens(from("127.0.2.1"))])).toEqual([true, true]);
    expect(await opens(from("127.0.2.1"))).toBe(false);
    expect(await opens(from("127.0.2.2"))).toBe(true);
    // A hello (refused here: its player session is made up and the SDK refuses every call) settles the slot.
    sockets[0]!.send(JSON.stringify({ t: "hello", v: 1, playerSessionId: "psess-made-up" }));
    await once(sockets[0]!, "close");
    expect(await opens(from("127.0.2.1"))).toBe(true);
  } finally {
    for (const ws of sockets) ws.terminate();
    await gateway.endSession("test over");
  }
});

test("without identity settings or PHASER_GAMELIFT_IDENTITY_POOL_ID, the gateway refuses to start", async () => {
  const saved = process.env.PHASER_GAMELIFT_IDENTITY_POOL_ID;
  delete process.env.PHASER_GAMELIFT_IDENTITY_POOL_ID;
  try {
    await expect(createPlayerGateway({ sdk: untouchedSdk, gameSession, port: 0, host: "127.0.0.1", map: "arena" })).rejects.toMatchObject({
      code: "InvalidOptions",
      message: expect.stringMatching(/identity is required/),
    });
    await expect(createPlayerGateway({ sdk: untouchedSdk, gameSession, port: 0, map: "arena", identity: { identityPoolId: "not a pool" } })).rejects.toMatchObject({
      code: "InvalidOptions",
    });
  } finally {
    if (saved !== undefined) process.env.PHASER_GAMELIFT_IDENTITY_POOL_ID = saved;
  }
});
