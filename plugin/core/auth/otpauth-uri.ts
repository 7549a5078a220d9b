/**
 * The Key URI authenticator apps scan (Google Authenticator's format): otpauth://totp/<issuer>:<account>?secret=…&issuer=….
 * Cognito's software tokens are RFC 6238 defaults (SHA-1, 6 digits, 30 s), which is what apps assume when the
 * URI names no algorithm, digits or period.
 */
export function otpauthUri(secret: string, account: string, issuer: string): string {
  const label = `${encodeURIComponent(issuer)}:${encodeURIComponent(account)}`;
  return `otpauth://totp/${label}?secret=${encodeURIComponent(secret)}&issuer=${encodeURIComponent(issuer)}`;
}
