// What one address may cost the gateway: the key addresses are counted under, the pending-socket caps and the
// admission budgets.
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { addressKey, AddressLimits } from "../../../../server/gateway/address-limits.ts";

describe("addressKey", () => {
  test.each([
    ["127.0.0.1", "127.0.0.1"],
    ["::ffff:127.0.0.2", "127.0.0.2"],
    ["::FFFF:10.1.2.3", "10.1.2.3"],
    ["::1", "0:0:0:0::/64"],
    ["2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64"],
    ["2001:db8:1:2::9", "2001:db8:1:2::/64"],
    ["2001:0db8:0001:0002:ffff::1%eth0", "2001:db8:1:2::/64"],
    ["fe80::1%lo", "fe80:0:0:0::/64"],
    [undefined, "unknown"],
  ])("%s → %s", (remote, key) => {
    expect(addressKey(remote)).toBe(key);
  });

  test("every IPv6 address of one /64 counts as one; a different /64 as another", () => {
    const group = fc.integer({ min: 0, max: 0xffff }).map((n) => n.toString(16));
    fc.assert(
      fc.property(fc.array(group, { minLength: 8, maxLength: 8 }), fc.array(group, { minLength: 4, maxLength: 4 }), (a, tail) => {
        const other = [...a.slice(0, 4), ...tail];
        expect(addressKey(a.join(":"))).toBe(addressKey(other.join(":")));
        const elsewhere = [a[0], a[1], a[2], (Number.parseInt(a[3]!, 16) ^ 1).toString(16), ...a.slice(4)];
        expect(addressKey(elsewhere.join(":"))).not.toBe(addressKey(a.join(":")));
      }),
    );
  });
});

describe("AddressLimits", () => {
  const settings = { maxPendingPerAddress: 2, maxPending: 3, admissionsPerSecondPerAddress: 1, admissionsPerSecond: 2 };

  test("pending sockets are capped per address and in all; a settled slot is given back once", () => {
    const limits = new AddressLimits(settings);
    const a1 = limits.openPending("a")!;
    limits.openPending("a");
    expect(limits.openPending("a")).toBeUndefined();
    limits.openPending("b");
    expect(limits.openPending("c")).toBeUndefined();
    a1.settle();
    a1.settle();
    expect(limits.pendingOf("a")).toBe(1);
    expect(limits.openPending("c")).toBeDefined();
    expect(limits.openPending("c")).toBeUndefined();
  });

  test("admissions: bursts of twice the rate per address and in all, refilled over time; full buckets are forgotten", () => {
    let now = 0;
    const limits = new AddressLimits(settings, () => now);
    expect([limits.admit("a"), limits.admit("a"), limits.admit("a")]).toEqual(["ok", "ok", "address"]);
    expect([limits.admit("b"), limits.admit("b")]).toEqual(["ok", "ok"]);
    expect(limits.admit("c")).toBe("global");
    now += 1000;
    expect(limits.admit("a")).toBe("ok");
    expect(limits.trackedAddresses).toBe(3);
    now += 10_000;
    limits.sweep();
    expect(limits.trackedAddresses).toBe(0);
  });
});
