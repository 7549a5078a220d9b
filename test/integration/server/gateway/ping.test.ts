// The ping route the kit times for a location's latency: the standalone ping server and the gateway's own route,
// over real HTTP on loopback, with callers on several loopback addresses (all of 127.0.0.0/8 is loopback).
import { request, Agent } from "node:http";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startPingServer, type PingServer } from "../../../../server/index.ts";
import { startGatewayStack, type GatewayStack } from "./fixtures/hosted-session.ts";

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function call(url: string, options: { method?: string; from?: string; agent?: Agent } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: options.method ?? "GET", localAddress: options.from ?? "127.0.0.1", agent: options.agent ?? false }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (body += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

describe("the standalone ping server", () => {
  let ping: PingServer;
  beforeAll(async () => {
    ping = await startPingServer({ port: 0, host: "127.0.0.1", perAddressPerSecond: 5 });
  });
  afterAll(() => ping?.close());

  test("GET and HEAD /ping answer 204 with no body, for any page, never cached", async () => {
    for (const method of ["GET", "HEAD"]) {
      const answer = await call(`${ping.url}?t=1`, { method, from: "127.0.0.10" });
      expect(answer.status).toBe(204);
      expect(answer.body).toBe("");
      expect(answer.headers).toMatchObject({ "access-control-allow-origin": "*", "timing-allow-origin": "*", "cache-control": "no-store" });
    }
    expect((await call(ping.url, { method: "OPTIONS", from: "127.0.0.10" })).status).toBe(204);
    expect((await call(ping.url, { method: "POST", from: "127.0.0.10" })).status).toBe(405);
    expect((await call(ping.url.replace("/ping", "/other"), { from: "127.0.0.10" })).status).toBe(404);
  });

  test("one kept-alive connection serves a whole measurement", async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const sockets = new Set<unknown>();
    agent.on("free", (socket) => sockets.add(socket));
    for (let i = 0; i < 4; i++) expect((await call(ping.url, { from: "127.0.0.11", agent })).status).toBe(204);
    expect(sockets.size).toBe(1);
    agent.destroy();
  });

  test("an address over its budget gets 429 at once; other addresses are not affected", async () => {
    const answers = await Promise.all(Array.from({ length: 30 }, () => call(ping.url, { from: "127.0.0.12" })));
    const refused = answers.filter((a) => a.status === 429);
    // A burst of twice the rate (5/s): 10 answered, the rest refused.
    expect(answers.filter((a) => a.status === 204).length).toBeLessThanOrEqual(11);
    expect(refused.length).toBeGreaterThanOrEqual(19);
    expect(refused[0]!.headers["retry-after"]).toBe("1");
    expect((await call(ping.url, { from: "127.0.0.13" })).status).toBe(204);
  });

  test("connections from one address are capped; more are cut before any parsing", async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 20 });
    const outcomes = await Promise.all(Array.from({ length: 12 }, () => call(ping.url, { method: "OPTIONS", from: "127.0.0.14", agent }).then(() => "ok", () => "cut")));
    expect(outcomes.filter((o) => o === "cut").length).toBeGreaterThanOrEqual(4);
    agent.destroy();
    expect((await call(ping.url, { method: "OPTIONS", from: "127.0.0.15" })).status).toBe(204);
  });
});

describe("the gateway's own ping route", () => {
  let env: GatewayStack;
  beforeAll(async () => {
    env = await startGatewayStack();
  }, 60_000);
  afterAll(() => env?.stop(), 30_000);

  test("GET /ping on the game session's port answers 204; other plain HTTP still gets 426", async () => {
    const session = await env.host();
    const base = session.url.replace(/^ws:/, "http:");
    expect((await call(`${base}/ping`)).status).toBe(204);
    expect((await call(`${base}/`)).status).toBe(426);
  });

  test("ping: false turns the route off", async () => {
    const session = await env.host({ ping: false });
    expect((await call(`${session.url.replace(/^ws:/, "http:")}/ping`)).status).toBe(426);
  });
});
