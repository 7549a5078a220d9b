/**
 * The AWS Client Auth gem for the kit: kit.auth (sign-in, tokens, sign-out), kit.users (sign-up, password
 * reset, MFA) and kit.credentials (identity-pool credentials and the AWS SDK credential provider).
 */
import type { GameLiftKitConfig } from "../config.ts";
import { GameLiftKitError } from "../errors.ts";
import { Timers } from "../timers.ts";
import { AuthArea } from "./auth-area.ts";
import { CredentialsArea } from "./credentials-area.ts";
import { DeviceSignIns } from "./device-sign-ins.ts";
import { createAuthenticationProviderBus } from "../events/auth-events.ts";
import { TokenKeeper } from "./token-keeper.ts";
import { resolveTokenStorage, TokenStore, tokenStorageKey } from "./token-store.ts";
import { UserManagementArea } from "./user-management-area.ts";
import { UserPool } from "./user-pool.ts";

export { AuthArea, type PasswordFlow, type SignOutOptions } from "./auth-area.ts";
export { CredentialsArea, type AwsCredentialProvider } from "./credentials-area.ts";
export { UserManagementArea, type EnableMFAOptions, type MFAKind } from "./user-management-area.ts";
export type * from "./auth-types.ts";
export type * from "../events/auth-events.ts";

export interface CreateAuthOptions {
  /** The Storage behind tokenStorage "session" / "local" (tests pass one; browsers default to the real ones). */
  storage?: Storage;
  /**
   * The kit's timers: the auth part takes a scope of them, so the kit's destroy stops these with the rest. Token
   * and credential expiry are reckoned on their clock.
   */
  timers?: Timers;
}

export interface Auth {
  auth: AuthArea;
  users: UserManagementArea;
  credentials: CredentialsArea;
  /** Stops every timer and device poll, aborts requests in flight, and disconnects every handler. */
  destroy(): void;
}

export function createAuth(config: GameLiftKitConfig, options: CreateAuthOptions = {}): Auth {
  const timers = (options.timers ?? new Timers()).scope();
  const now = () => timers.now();
  const lifetime = new AbortController();
  const signal = lifetime.signal;
  const pool = new UserPool(config);
  const store = new TokenStore(resolveTokenStorage(config.tokenStorage, options.storage), tokenStorageKey(config.cognito?.userPoolId, config.cognito?.appClientId));
  const bus = createAuthenticationProviderBus();
  const keeper = new TokenKeeper({ config, pool, store, bus, timers, signal });
  const devices = new DeviceSignIns({ config, bus, keeper, timers, signal });
  const auth = new AuthArea({ config, pool, keeper, devices, bus, now, signal });
  const users = new UserManagementArea({ pool, keeper, signal });
  const credentials = new CredentialsArea({ config, pool, keeper, timers, signal });
  keeper.restore();

  let destroyed = false;
  return {
    auth,
    users,
    credentials,
    destroy() {
      if (destroyed) return;
      destroyed = true;
      // Handlers go first: what the aborts below reject must not reach a game that is shutting down.
      keeper.destroy();
      bus.clear();
      users.destroy();
      credentials.destroy();
      timers.stop();
      devices.cancelAll("The kit was destroyed.");
      lifetime.abort(new GameLiftKitError("Cancelled", "The kit was destroyed."));
      pool.destroy();
    },
  };
}
