import { randomBytes } from "node:crypto";
import { Secret, TOTP } from "otpauth";

/** Authenticator-app codes as Cognito's software token MFA takes them: RFC 6238, SHA-1, 6 digits, 30 s steps. */
const totpFor = (secret: string) => new TOTP({ secret: Secret.fromBase32(secret), algorithm: "SHA1", digits: 6, period: 30 });

/** A new shared secret, base32 like Cognito's SecretCode (160 bits, 32 characters). */
export const newTotpSecret = (): string => new Secret({ buffer: randomBytes(20).buffer }).base32;

/** Accepts the current step and one either side, for clock drift between the app and the server. */
export function totpMatches(secret: string, code: string, now: number): boolean {
  if (!/^\d{6}$/.test(code)) return false;
  return totpFor(secret).validate({ token: code, timestamp: now, window: 1 }) !== null;
}
