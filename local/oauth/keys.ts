import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { exportJWK, generateKeyPair, importJWK, type JWK } from "jose";
import { DurableStore } from "../store/durable-store.ts";

/** What signs the providers' tokens: an HMAC key for opaque tokens and an RSA key for Google's id_tokens. */
export interface ProviderKeys {
  hmacKey: Buffer;
  google: { kid: string; privateKey: CryptoKey; publicJwk: JWK };
}

interface StoredKeys {
  hmacKey: string;
  googleKid: string;
  googlePrivateJwk: JWK;
}

const KEY_COLLECTION = "keys";
const KEY_NAME = "providers";

/**
 * Keys live as long as the stack's state: tokens handed out before a restart on the same state directory
 * (an LWA access token, a Google id_token) still verify after it.
 */
export async function loadProviderKeys(stateDir: string | undefined): Promise<ProviderKeys> {
  const store = stateDir ? DurableStore.open(join(stateDir, "oauth.jsonl")) : undefined;
  try {
    const stored = store?.get<StoredKeys>(KEY_COLLECTION, KEY_NAME) ?? (await createKeys());
    if (store && !store.has(KEY_COLLECTION, KEY_NAME)) store.put(KEY_COLLECTION, KEY_NAME, stored);
    const privateKey = (await importJWK(stored.googlePrivateJwk, "RS256")) as CryptoKey;
    const { kty, n, e } = stored.googlePrivateJwk;
    return {
      hmacKey: Buffer.from(stored.hmacKey, "base64"),
      google: { kid: stored.googleKid, privateKey, publicJwk: { kty, n, e, kid: stored.googleKid, alg: "RS256", use: "sig" } },
    };
  } finally {
    store?.close();
  }
}

async function createKeys(): Promise<StoredKeys> {
  const { privateKey } = await generateKeyPair("RS256", { extractable: true });
  return {
    hmacKey: randomBytes(32).toString("base64"),
    googleKid: randomBytes(20).toString("hex"),
    googlePrivateJwk: await exportJWK(privateKey),
  };
}
