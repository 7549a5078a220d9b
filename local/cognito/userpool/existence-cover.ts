/**
 * What an app client with PreventUserExistenceErrors ENABLED answers for a user that does not exist (or, for
 * code deliveries, one that is disabled or has nowhere to send a code), so a caller cannot tell it from a real
 * one. AWS's "Managing user existence error responses": USER_SRP_AUTH answers with "the same 'salt' and internal
 * user id in UUID format for the same user name and user pool combination" before failing as a wrong password
 * would; ForgotPassword and ResendConfirmationCode answer with a simulated delivery whose medium follows the
 * username's form and the pool's verification settings.
 *
 * Everything here is derived from the user pool's own signing key (durable, secret) and the name asked about,
 * so the stand-ins are the same on every call and across restarts, as a real user's salt and destination are,
 * and nobody without the key can compute them to tell them apart.
 */
import { createHash, createHmac, randomBytes } from "node:crypto";
import type { UserPoolEnv } from "./env.ts";
import { maskEmail, maskPhone } from "./masking.ts";
import type { PoolRecord } from "./records.ts";
import { standInVerifier, type SrpVerifier } from "./srp.ts";
import type { CodeDelivery } from "./users.ts";

const EMAIL = /^[^@\s]+@[^@\s]+$/;
const PHONE = /^\+[0-9]{4,15}$/;
/** First letters of the domains most addresses use, as a real masked destination would show them. */
const DOMAIN_INITIALS = "gghhoyyiamcp";

/** Used only if a pool has no signing key yet (it gets one at creation): stand-ins then last this process. */
const processKey = randomBytes(32);

export class ExistenceCover {
  private readonly env: UserPoolEnv;
  constructor(env: UserPoolEnv) {
    this.env = env;
  }

  /** The SRP stand-in for an unknown name: salt, verifier and a UUID-shaped USER_ID_FOR_SRP, fixed per name. */
  srp(pool: PoolRecord, name: string): { verifier: SrpVerifier; userIdForSrp: string } {
    const seed = this.derive(pool, "srp", name);
    const bytes = Buffer.from(this.derive(pool, "user-id", name).subarray(0, 16));
    bytes[6] = ((bytes[6] as number) & 0x0f) | 0x40;
    bytes[8] = ((bytes[8] as number) & 0x3f) | 0x80;
    const hex = bytes.toString("hex");
    return {
      verifier: { salt: seed.subarray(0, 16).toString("hex"), verifier: standInVerifier(seed) },
      userIdForSrp: `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`,
    };
  }

  /** A code "sent" for an unknown name: by the name's form (an email, a phone number), else the pool's settings. */
  delivery(pool: PoolRecord, name: string): CodeDelivery {
    if (EMAIL.test(name)) return { Destination: maskEmail(name), DeliveryMedium: "EMAIL", AttributeName: "email" };
    if (PHONE.test(name)) return { Destination: maskPhone(name), DeliveryMedium: "SMS", AttributeName: "phone_number" };
    const seed = this.derive(pool, "delivery", name);
    const bySms = pool.autoVerifiedAttributes.includes("phone_number") && !pool.autoVerifiedAttributes.includes("email");
    if (bySms) {
      const digits = Array.from(seed.subarray(0, 4), (b) => String(b % 10)).join("");
      return { Destination: maskPhone(`+1555000${digits}`), DeliveryMedium: "SMS", AttributeName: "phone_number" };
    }
    const first = /^[a-z0-9]/i.test(name) ? name[0]!.toLowerCase() : "u";
    const domain = DOMAIN_INITIALS[(seed[0] as number) % DOMAIN_INITIALS.length]!;
    return { Destination: `${first}***@${domain}***`, DeliveryMedium: "EMAIL", AttributeName: "email" };
  }

  private derive(pool: PoolRecord, purpose: string, name: string): Buffer {
    const spelled = pool.caseSensitive ? name : name.toLowerCase();
    return createHmac("sha256", this.key(pool)).update(`${purpose}\0${pool.id}\0${spelled}`).digest();
  }

  private key(pool: PoolRecord): Buffer {
    const d = (this.env.repo.signingKey(pool.id)?.privateJwk as { d?: unknown } | undefined)?.d;
    return typeof d === "string" ? createHash("sha256").update("user-existence-cover\0").update(d).digest() : processKey;
  }
}
