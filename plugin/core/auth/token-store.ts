import type { AuthenticationTokens, ProviderName } from "./auth-types.ts";
import { PROVIDER_NAMES } from "./tokens.ts";

export type TokenStorageKind = "memory" | "session" | "local";

const FORMAT_VERSION = 1;

/**
 * The signed-in providers' tokens. Memory is the truth; with a Storage (sessionStorage / localStorage when the
 * game opts in) every change is written through, and what the storage held is read back at construction.
 * The newest sign-in comes last, so "the signed-in provider" has a clear meaning when several are.
 */
export class TokenStore {
  private readonly tokens = new Map<ProviderName, AuthenticationTokens>();

  private readonly storage: Storage | undefined;
  private readonly key: string;
  constructor(
    storage: Storage | undefined,
    key: string,
  ) {
    this.storage = storage;
    this.key = key;
    for (const tokens of readStoredTokens(this.read())) this.tokens.set(tokens.provider, tokens);
  }

  get(provider: ProviderName): AuthenticationTokens | undefined {
    return this.tokens.get(provider);
  }

  all(): AuthenticationTokens[] {
    return [...this.tokens.values()];
  }

  /** The most recent sign-in. */
  latest(): AuthenticationTokens | undefined {
    return this.all().at(-1);
  }

  /** A new sign-in: becomes the latest. */
  signIn(tokens: AuthenticationTokens): void {
    this.tokens.delete(tokens.provider);
    this.tokens.set(tokens.provider, tokens);
    this.write();
  }

  /** Refreshed tokens: same place in the order. */
  replace(tokens: AuthenticationTokens): void {
    if (!this.tokens.has(tokens.provider)) return;
    this.tokens.set(tokens.provider, tokens);
    this.write();
  }

  delete(provider: ProviderName): boolean {
    const had = this.tokens.delete(provider);
    if (had) this.write();
    return had;
  }

  private read(): string | null {
    try {
      return this.storage?.getItem(this.key) ?? null;
    } catch {
      // Storage can throw (blocked cookies, private mode): the player just signs in again.
      return null;
    }
  }

  private write(): void {
    if (!this.storage) return;
    try {
      if (this.tokens.size === 0) this.storage.removeItem(this.key);
      else this.storage.setItem(this.key, JSON.stringify({ version: FORMAT_VERSION, tokens: this.all() }));
    } catch {
      // A full or blocked storage costs persistence, not the session in memory.
    }
  }
}

/** The storage key: one per pool and app client, so two games on one origin keep their players apart. */
export const tokenStorageKey = (userPoolId = "", appClientId = ""): string => `phaser-gamelift:auth:${userPoolId}:${appClientId}`;

/** The Storage a config asks for; undefined (memory) when it asks for none or the browser refuses access. */
export function resolveTokenStorage(kind: TokenStorageKind | undefined, injected: Storage | undefined): Storage | undefined {
  if (kind === undefined || kind === "memory") return undefined;
  if (injected) return injected;
  try {
    return (kind === "local" ? globalThis.localStorage : globalThis.sessionStorage) ?? undefined;
  } catch {
    return undefined;
  }
}

/** Whatever was stored, keeping only well-formed token sets; anything else reads as nothing. */
export function readStoredTokens(text: string | null): AuthenticationTokens[] {
  if (text === null) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return [];
  }
  if (!isRecord(parsed) || parsed["version"] !== FORMAT_VERSION || !Array.isArray(parsed["tokens"])) return [];
  const seen = new Set<ProviderName>();
  const out: AuthenticationTokens[] = [];
  for (const entry of parsed["tokens"]) {
    const tokens = asTokens(entry);
    if (tokens && !seen.has(tokens.provider)) {
      seen.add(tokens.provider);
      out.push(tokens);
    }
  }
  return out;
}

function asTokens(value: unknown): AuthenticationTokens | undefined {
  if (!isRecord(value)) return undefined;
  const { provider, accessToken, idToken, refreshToken, tokenType, expiresIn, expiresAt, username } = value;
  if (!PROVIDER_NAMES.includes(provider as ProviderName)) return undefined;
  if (!nonEmpty(accessToken) || !nonEmpty(tokenType)) return undefined;
  if (!finite(expiresIn) || !finite(expiresAt)) return undefined;
  if (!optionalText(idToken) || !optionalText(refreshToken) || !optionalText(username)) return undefined;
  return {
    provider: provider as ProviderName,
    accessToken,
    ...(idToken ? { idToken } : {}),
    ...(refreshToken ? { refreshToken } : {}),
    tokenType,
    expiresIn,
    expiresAt,
    ...(username ? { username } : {}),
  };
}

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);
const nonEmpty = (v: unknown): v is string => typeof v === "string" && v !== "";
const finite = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v);
const optionalText = (v: unknown): v is string | undefined => v === undefined || nonEmpty(v);
