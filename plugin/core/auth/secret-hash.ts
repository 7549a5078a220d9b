import { bytesToBase64, utf8 } from "./bytes.ts";

/** base64 HMAC-SHA256 keyed by the text `key`; Web Crypto, so it runs in the browser. */
export async function hmacSha256Base64(key: string | Uint8Array<ArrayBuffer>, message: Uint8Array<ArrayBuffer>): Promise<string> {
  return bytesToBase64(await hmacSha256(typeof key === "string" ? utf8(key) : key, message));
}

export async function hmacSha256(key: Uint8Array<ArrayBuffer>, message: Uint8Array<ArrayBuffer>): Promise<Uint8Array<ArrayBuffer>> {
  const cryptoKey = await globalThis.crypto.subtle.importKey("raw", key, { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  return new Uint8Array(await globalThis.crypto.subtle.sign("HMAC", cryptoKey, message));
}

/** Cognito's SECRET_HASH for app clients with a secret: base64 HMAC-SHA256(clientSecret, username + clientId). */
export function secretHash(clientSecret: string, username: string, clientId: string): Promise<string> {
  return hmacSha256Base64(clientSecret, utf8(username + clientId));
}
