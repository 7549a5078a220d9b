// The RFC 8628 state machine behind both device-code providers, on a hand-moved clock.
import assert from "node:assert/strict";
import { test } from "vitest";
import fc from "fast-check";
import { DeviceAuthorizations, displayUserCode, normalizeUserCode } from "../../../../local/oauth/device-authorizations.ts";

function machine(intervalSeconds = 5, expiresInSeconds = 600) {
  const clock = { t: 1_000_000 };
  const flows = new DeviceAuthorizations({ intervalSeconds, expiresInSeconds, now: () => clock.t });
  return { clock, flows };
}

test("pending until approved, then tokens once; the interval is respected", () => {
  const { clock, flows } = machine();
  const a = flows.start("amazon", "client-1", "profile");
  assert.equal(a.expiresAt - a.issuedAt, 600_000);
  assert.deepEqual(flows.poll("amazon", a.deviceCode, "client-1"), { kind: "authorization_pending" });
  clock.t += 5000;
  assert.deepEqual(flows.poll("amazon", a.deviceCode, undefined), { kind: "authorization_pending" });
  assert.equal(flows.decide(a.userCode, { approved: true, userName: "ann" }).kind, "recorded");
  clock.t += 5000;
  const done = flows.poll("amazon", a.deviceCode, "client-1");
  assert.equal(done.kind, "approved");
  assert.equal(done.kind === "approved" && done.userName, "ann");
  const again = flows.poll("amazon", a.deviceCode, "client-1");
  assert.equal(again.kind, "invalid_grant");
});

test("polling faster than the interval is slow_down, and the interval grows by 5 s each time", () => {
  const { clock, flows } = machine(5);
  const a = flows.start("google", "c", "openid");
  flows.poll("google", a.deviceCode, "c");
  clock.t += 1000;
  assert.deepEqual(flows.poll("google", a.deviceCode, "c"), { kind: "slow_down", intervalSeconds: 10 });
  clock.t += 6000;
  assert.deepEqual(flows.poll("google", a.deviceCode, "c"), { kind: "slow_down", intervalSeconds: 15 });
  clock.t += 15_000;
  assert.deepEqual(flows.poll("google", a.deviceCode, "c"), { kind: "authorization_pending" });
});

test("denied codes answer access_denied; expired codes answer expired_token and cannot be decided", () => {
  const { clock, flows } = machine(5, 60);
  const denied = flows.start("amazon", "c", "profile");
  assert.equal(flows.decide(denied.userCode, { approved: false }).kind, "recorded");
  assert.deepEqual(flows.poll("amazon", denied.deviceCode, "c"), { kind: "access_denied" });
  assert.deepEqual(flows.decide(denied.userCode, { approved: true, userName: "x" }), { kind: "already_decided", approved: false });

  const late = flows.start("amazon", "c", "profile");
  clock.t += 60_000;
  assert.deepEqual(flows.poll("amazon", late.deviceCode, "c"), { kind: "expired_token" });
  assert.deepEqual(flows.decide(late.userCode, { approved: true, userName: "x" }), { kind: "expired" });
});

test("a device code is bound to its provider and client", () => {
  const { flows } = machine();
  const a = flows.start("amazon", "client-1", "profile");
  assert.equal(flows.poll("google", a.deviceCode, "client-1").kind, "invalid_grant");
  assert.equal(flows.poll("amazon", a.deviceCode, "client-2").kind, "invalid_grant");
  assert.equal(flows.poll("amazon", "no-such-code", undefined).kind, "invalid_grant");
  assert.deepEqual(flows.decide("ZZZZ-ZZZZ", { approved: false }), { kind: "unknown_code" });
});

test("user codes are typed loosely: case, spaces and dashes do not matter", () => {
  const { flows } = machine();
  const a = flows.start("google", "c", "openid");
  const shown = displayUserCode(a.userCode);
  assert.match(shown, /^[B-Z]{4}-[B-Z]{4}$/);
  assert.equal(flows.find(` ${shown.toLowerCase()} `)?.deviceCode, a.deviceCode);
  fc.assert(
    fc.property(fc.string(), (s) => {
      const n = normalizeUserCode(s);
      return !/[\s-]/.test(n) && normalizeUserCode(n) === n;
    }),
  );
});

test("user codes avoid vowels and look-alike characters", () => {
  const { flows } = machine();
  for (let i = 0; i < 200; i++) assert.doesNotMatch(flows.start("amazon", "c", "profile").userCode, /[AEIOUY01]/);
});
