import { randomBytes, randomUUID } from "node:crypto";

/** Identity pool ids and identity ids are both `<region>:<uuid>` (service model pattern `[\w-]+:[0-9a-f-]+`). */
export const REGIONAL_ID_PATTERN = /^[\w-]+:[0-9a-f-]+$/;

export const newRegionalId = (region: string): string => `${region}:${randomUUID()}`;

const KEY_ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/** Temporary STS keys start with ASIA (long-term IAM user keys with AKIA), 20 characters in all. */
export function newTemporaryAccessKeyId(): string {
  return `ASIA${Array.from(randomBytes(16), (b) => KEY_ID_ALPHABET[b % KEY_ID_ALPHABET.length]).join("")}`;
}

export const newSecretKey = (): string => randomBytes(30).toString("base64");

/** Real session tokens are long opaque base64 strings; the length matters to clients that store them. */
export const newSessionToken = (): string => randomBytes(384).toString("base64");
