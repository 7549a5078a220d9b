// Where travel connects: wss by DnsName, ws by address, or as the game configures.
import assert from "node:assert/strict";
import { test } from "vitest";
import { plainByAddress, tlsWhenDnsName } from "../../../../../plugin/core/travel/endpoint.ts";

const target = { playerSessionId: "psess-1", ipAddress: "127.0.0.1", port: 7777, gameSessionId: "gs-1" };

test("the endpoint policy: wss by DnsName when there is one, ws by address otherwise, or as configured", () => {
  assert.equal(tlsWhenDnsName({ ...target, dnsName: "game.example.com" }), "wss://game.example.com:7777");
  assert.equal(tlsWhenDnsName(target), "ws://127.0.0.1:7777");
  assert.equal(tlsWhenDnsName({ playerSessionId: "p", ipAddress: "::1", port: 1 }), "ws://[::1]:1");
  assert.equal(plainByAddress({ ...target, dnsName: "game.example.com" }), "ws://127.0.0.1:7777");
  assert.throws(() => tlsWhenDnsName({ playerSessionId: "p", port: 1 }), { code: "InvalidParameter" });
  assert.throws(() => tlsWhenDnsName({ playerSessionId: "p", ipAddress: "1.2.3.4" }), { code: "InvalidParameter" });
});
