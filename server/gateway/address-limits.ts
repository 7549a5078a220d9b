/**
 * What one network address may cost the gateway. Sockets that have not said hello yet (from the TCP accept,
 * or from the upgrade when the gateway shares a game's HTTP server) are capped per address and overall, so
 * one address cannot crowd everyone else out; admissions (each costs GameLift calls) are rate limited per
 * address and overall, so no one can turn the gateway into a GameLift call amplifier.
 */
import { isIPv4, isIPv6 } from "node:net";
import { RateLimit } from "./rate-limit.ts";

export interface AddressLimitSettings {
  maxPendingPerAddress: number;
  maxPending: number;
  admissionsPerSecondPerAddress: number;
  admissionsPerSecond: number;
}

export type AdmissionVerdict = "ok" | "address" | "global";

/** A pending socket's slot; settle() gives it back, once. */
export interface PendingSlot {
  readonly address: string;
  settle(): void;
}

export class AddressLimits {
  private readonly pending = new Map<string, number>();
  private pendingTotal = 0;
  private readonly admissions = new Map<string, RateLimit>();
  private readonly globalAdmissions: RateLimit;

  private readonly settings: AddressLimitSettings;
  private readonly now: () => number;
  constructor(settings: AddressLimitSettings, now: () => number = Date.now) {
    this.settings = settings;
    this.now = now;
    // Bursts of twice the rate: a handful of players arriving together is normal, a stream of them is not.
    this.globalAdmissions = new RateLimit(settings.admissionsPerSecond, now, 2 * settings.admissionsPerSecond);
  }

  /** A slot for a socket that still has to say hello; undefined when its address or the gateway is at its cap. */
  openPending(address: string): PendingSlot | undefined {
    const mine = this.pending.get(address) ?? 0;
    if (mine >= this.settings.maxPendingPerAddress || this.pendingTotal >= this.settings.maxPending) return undefined;
    this.pending.set(address, mine + 1);
    this.pendingTotal++;
    let settled = false;
    return {
      address,
      settle: () => {
        if (settled) return;
        settled = true;
        this.pendingTotal--;
        const left = (this.pending.get(address) ?? 1) - 1;
        if (left > 0) this.pending.set(address, left);
        else this.pending.delete(address);
      },
    };
  }

  pendingOf(address: string): number {
    return this.pending.get(address) ?? 0;
  }

  /** One admission (GameLift will be asked about a player session) for this address, if the budgets allow. */
  admit(address: string): AdmissionVerdict {
    let bucket = this.admissions.get(address);
    if (!bucket) {
      bucket = new RateLimit(this.settings.admissionsPerSecondPerAddress, this.now, 2 * this.settings.admissionsPerSecondPerAddress);
      this.admissions.set(address, bucket);
    }
    if (!bucket.take()) return "address";
    // The address's token stays spent when the global budget says no: a flood pays for its own refusals.
    return this.globalAdmissions.take() ? "ok" : "global";
  }

  /** Forgets addresses whose budget has refilled: a full bucket remembers nothing. Keeps the map bounded. */
  sweep(): void {
    for (const [address, bucket] of this.admissions) if (bucket.full) this.admissions.delete(address);
  }

  get trackedAddresses(): number {
    return this.admissions.size;
  }
}

/**
 * The unit limits apply to: an IPv4 address (IPv4-mapped IPv6 included) as it is, an IPv6 address by its /64
 * (one subscriber commonly holds a whole /64, so counting single IPv6 addresses would limit nothing).
 */
export function addressKey(remote: string | undefined): string {
  if (!remote) return "unknown";
  let address = remote.trim().toLowerCase();
  const zone = address.indexOf("%");
  if (zone >= 0) address = address.slice(0, zone);
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(address);
  if (mapped && isIPv4(mapped[1]!)) return mapped[1]!;
  if (isIPv4(address)) return address;
  if (!isIPv6(address)) return address;
  const groups = expandIPv6(address);
  return groups ? `${groups.slice(0, 4).join(":")}::/64` : address;
}

/** "2001:db8::1" → ["2001","db8","0","0","0","0","0","1"] (an embedded IPv4 tail becomes two groups). */
function expandIPv6(address: string): string[] | undefined {
  let text = address;
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4) {
    const [a, b, c, d] = v4[1]!.split(".").map(Number) as [number, number, number, number];
    text = `${text.slice(0, v4.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.split("::") as [string, string | undefined];
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const missing = 8 - left.length - right.length;
  if (missing < 0 || (tail === undefined && missing !== 0)) return undefined;
  return [...left, ...Array<string>(missing).fill("0"), ...right].map((g) => (Number.parseInt(g, 16) || 0).toString(16));
}
