// The gateway turns away connections beyond its limit of sockets still waiting to say hello, so a flood of
// silent sockets cannot crowd out players. No hello is sent, so GameLift is never asked anything here.
import assert from "node:assert/strict";
import { once } from "node:events";
import { test } from "vitest";
import WebSocket from "ws";
import { createPlayerGateway } from "../../../../server/gateway/index.ts";
import type { GatewaySdk } from "../../../../server/gateway/admission.ts";

const untouchedSdk = new Proxy({} as GatewaySdk, {
  get: (_t, name) => () => Promise.reject(new Error(`the gateway must not call ${String(name)} before a hello`)),
});

test("connections past maxPendingConnections are closed with 1013; the waiting ones stay open", async () => {
  const gateway = await createPlayerGateway({
    sdk: untouchedSdk,
    gameSession: { gameSessionId: "arn:aws:gamelift:us-west-2::gamesession/fleet-1/custom-x/gs", maximumPlayerSessionCount: 4, port: 0, gameProperties: {} },
    port: 0,
    host: "127.0.0.1",
    map: "arena",
    maxPendingConnections: 2,
    helloTimeoutMs: 10_000,
  });
  const sockets: WebSocket[] = [];
  try {
    for (let i = 0; i < 2; i++) {
      const ws = new WebSocket(`ws://127.0.0.1:${gateway.port}`);
      sockets.push(ws);
      await once(ws, "open");
    }
    const extra = new WebSocket(`ws://127.0.0.1:${gateway.port}`);
    sockets.push(extra);
    const [code] = (await once(extra, "close")) as [number];
    assert.equal(code, 1013);
    assert.equal(sockets[0]!.readyState, WebSocket.OPEN);
    assert.equal(sockets[1]!.readyState, WebSocket.OPEN);
  } finally {
    for (const ws of sockets) ws.terminate();
    await gateway.endSession("test over");
  }
});
