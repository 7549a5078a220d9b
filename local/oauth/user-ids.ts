import { createHmac } from "node:crypto";
import type { ProviderId } from "./device-authorizations.ts";

const BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/**
 * The provider's user id for the name a tester approved as: the same name always maps to the same id (so
 * the identity pool gives it the same IdentityId), and the id looks like the real provider's.
 */
export function stableUserId(key: Buffer, provider: ProviderId, userName: string): string {
  const digest = createHmac("sha256", key).update(`${provider}\0${userName}`).digest();
  if (provider === "amazon") {
    let bits = "";
    for (const byte of digest.subarray(0, 20)) bits += byte.toString(2).padStart(8, "0");
    let out = "";
    for (let i = 0; i + 5 <= bits.length; i += 5) out += BASE32[parseInt(bits.slice(i, i + 5), 2)];
    return `amzn1.account.${out.slice(0, 28)}`;
  }
  // Google subjects are 21-digit decimal numbers.
  const n = BigInt(`0x${digest.subarray(0, 16).toString("hex")}`) % 10n ** 20n;
  return `1${n.toString().padStart(20, "0")}`;
}
