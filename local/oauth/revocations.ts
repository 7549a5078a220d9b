/**
 * Revoked grants of the device-code providers. Their tokens carry their own claims (see signed-tokens.ts), so
 * revoking one cannot delete it: a grant — one user's consent to one client — is marked revoked at a time, and
 * every token of that grant issued up to then is refused from then on (refresh tokens at the token endpoint,
 * access tokens at the profile endpoint and in the identity pool's login check). A sign-in after the
 * revocation starts a new grant. Durable with the providers' keys, so a restart does not undo a revocation.
 */
import { join } from "node:path";
import { DurableStore } from "../store/durable-store.ts";
import type { ProviderId } from "./device-authorizations.ts";

const COLLECTION = "revoked-grants";

export interface Grant {
  provider: ProviderId;
  clientId: string;
  sub: string;
}

export class GrantRevocations {
  private readonly store: DurableStore;
  constructor(stateDir: string | undefined) {
    this.store = stateDir ? DurableStore.open(join(stateDir, "oauth-revocations.jsonl")) : DurableStore.inMemory();
  }

  /** Marks the grant revoked as of `atMs`: its tokens issued until then are refused. */
  revoke(grant: Grant, atMs: number): void {
    const key = keyOf(grant);
    const before = this.store.get<number>(COLLECTION, key) ?? 0;
    if (atMs > before) this.store.put(COLLECTION, key, atMs);
  }

  /** Whether a token of this grant issued at `issuedAtMs` (undefined: before tokens said when) is revoked. */
  isRevoked(grant: Grant, issuedAtMs: number | undefined): boolean {
    const revokedAt = this.store.get<number>(COLLECTION, keyOf(grant));
    return revokedAt !== undefined && (issuedAtMs ?? 0) <= revokedAt;
  }

  close(): void {
    this.store.close();
  }
}

function keyOf(grant: Grant): string {
  return `${grant.provider}\0${grant.clientId}\0${grant.sub}`;
}
