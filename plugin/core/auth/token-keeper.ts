import { InitiateAuthCommand } from "@aws-sdk/client-cognito-identity-provider";
import type { GameLiftKitConfig } from "../config.ts";
import { GameLiftKitError } from "../errors.ts";
import type { AuthenticationTokens, ProviderName } from "./auth-types.ts";
import type { AuthenticationProviderBus } from "../events/auth-events.ts";
import { deviceProviderEndpoints, refreshWithProvider } from "./device-code.ts";
import { notified } from "../request.ts";
import { isTransient, renewalDelay, renewalMargin, stillFresh } from "./renewal.ts";
import type { Timers } from "../timers.ts";
import type { TokenStore } from "./token-store.ts";
import { PROVIDER_NAMES, tokensFromCognito, tokensFromOAuth } from "./tokens.ts";
import type { UserPool } from "./user-pool.ts";
import { RequestChecks } from "../validation.ts";

/** Refusals of the refresh token itself: Cognito's and the OAuth providers'. */
const SESSION_ENDED = new Set(["NotAuthorizedException", "invalid_grant"]);

export interface SessionChange {
  provider: ProviderName;
  kind: "signedIn" | "signedOut" | "refreshed";
}

export interface TokenKeeperDeps {
  config: GameLiftKitConfig;
  pool: UserPool;
  store: TokenStore;
  bus: AuthenticationProviderBus;
  /** The auth part's scope of the kit's timers; its clock is the one expiry is reckoned on. */
  timers: Timers;
  /** Aborted when the kit is destroyed. */
  signal: AbortSignal;
}

/**
 * The signed-in providers' tokens over time: sign-in, refresh (on demand and shortly before the access token
 * expires), sign-out, and who is told when that changes (the credentials area).
 */
export class TokenKeeper {
  private readonly refreshTimers = new Map<ProviderName, () => void>();
  private readonly refreshing = new Map<ProviderName, Promise<AuthenticationTokens>>();
  /** Bumped on every sign-in and sign-out, so a refresh that was overtaken by one is dropped. */
  private readonly generations = new Map<ProviderName, number>();
  private readonly listeners = new Set<(change: SessionChange) => void>();

  private readonly deps: TokenKeeperDeps;
  constructor(deps: TokenKeeperDeps) {
    this.deps = deps;
  }

  /** Tokens read back from storage: still-good ones get their refresh scheduled, expired ones are refreshed now. */
  restore(): void {
    for (const tokens of this.deps.store.all()) {
      const expired = this.deps.timers.now() >= tokens.expiresAt - renewalMargin(tokens.expiresIn * 1000);
      if (expired && !tokens.refreshToken) this.deps.store.delete(tokens.provider);
      else this.scheduleRefresh(tokens);
    }
  }

  get(provider: ProviderName): AuthenticationTokens | undefined {
    return this.deps.store.get(provider);
  }

  all(): AuthenticationTokens[] {
    return this.deps.store.all();
  }

  /** Signed in: tokens the kit can use now or refresh. */
  isSignedIn(provider?: ProviderName): boolean {
    const usable = (t: AuthenticationTokens) => t.refreshToken !== undefined || t.expiresAt > this.deps.timers.now();
    return provider ? this.deps.store.get(provider) !== undefined && usable(this.deps.store.get(provider)!) : this.all().some(usable);
  }

  /** The named provider after validation (for `operation`'s error), or the latest one signed in. */
  resolve(provider?: ProviderName, operation = "kit.auth"): ProviderName {
    if (provider !== undefined) {
      const checks = new RequestChecks(operation);
      const name = checks.oneOf("provider", provider, PROVIDER_NAMES);
      checks.done();
      return name!;
    }
    const latest = this.deps.store.latest();
    if (!latest) throw new GameLiftKitError("NotSignedIn", "Nobody is signed in.");
    return latest.provider;
  }

  accept(tokens: AuthenticationTokens): void {
    this.bump(tokens.provider);
    this.deps.store.signIn(tokens);
    this.scheduleRefresh(tokens);
    this.tell({ provider: tokens.provider, kind: "signedIn" });
  }

  forget(provider: ProviderName): boolean {
    this.bump(provider);
    this.refreshTimers.get(provider)?.();
    this.refreshTimers.delete(provider);
    const had = this.deps.store.delete(provider);
    if (had) this.tell({ provider, kind: "signedOut" });
    return had;
  }

  /** The provider's tokens, refreshed first when the access token is about to expire. */
  async fresh(provider: ProviderName): Promise<AuthenticationTokens> {
    const tokens = this.deps.store.get(provider);
    if (!tokens) throw new GameLiftKitError("NotSignedIn", `Not signed in with ${provider}.`);
    if (stillFresh(tokens.expiresAt, tokens.expiresIn * 1000, this.deps.timers.now())) return tokens;
    return this.refresh(provider);
  }

  /**
   * One refresh at a time per provider; callers arriving meanwhile share it, and its Success/Fail
   * notification fires once.
   */
  refresh(provider: ProviderName): Promise<AuthenticationTokens> {
    const running = this.refreshing.get(provider);
    if (running) return running;
    const bus = this.deps.bus;
    const next = notified(() => this.exchangeRefreshToken(provider), (tokens) => bus.emit("onRefreshTokensSuccess", tokens), (error) => bus.emit("onRefreshTokensFail", error));
    this.refreshing.set(provider, next);
    const generation = this.generations.get(provider);
    const done = () => {
      if (this.refreshing.get(provider) === next) this.refreshing.delete(provider);
    };
    next.then(done, (error: GameLiftKitError) => {
      done();
      // The provider refused the refresh token itself (revoked, expired, signed out everywhere): the session is
      // over, and keeping its tokens would leave the game believing the player is still signed in.
      if (SESSION_ENDED.has(error.code) && this.generations.get(provider) === generation && this.forget(provider)) {
        bus.emit("onSignOut", provider);
      }
    });
    return next;
  }

  onChange(listener: (change: SessionChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  destroy(): void {
    this.listeners.clear();
    for (const cancel of this.refreshTimers.values()) cancel();
    this.refreshTimers.clear();
  }

  private async exchangeRefreshToken(provider: ProviderName): Promise<AuthenticationTokens> {
    const tokens = this.deps.store.get(provider);
    if (!tokens) throw new GameLiftKitError("NotSignedIn", `Not signed in with ${provider}.`);
    if (!tokens.refreshToken) throw new GameLiftKitError("NotSignedIn", `There is no refresh token for ${provider}; sign in again.`);
    const generation = this.generations.get(provider);
    const refreshed = provider === "cognito" ? await this.refreshCognito(tokens, tokens.refreshToken) : await this.refreshDeviceProvider(tokens, tokens.refreshToken);
    if (this.generations.get(provider) !== generation) throw new GameLiftKitError("Cancelled", `${provider} signed out or in again while its tokens were being refreshed.`);
    this.deps.store.replace(refreshed);
    this.scheduleRefresh(refreshed);
    this.tell({ provider, kind: "refreshed" });
    return refreshed;
  }

  private async refreshCognito(tokens: AuthenticationTokens, refreshToken: string): Promise<AuthenticationTokens> {
    const { pool } = this.deps;
    const answer = await pool.client.send(
      new InitiateAuthCommand({
        ClientId: pool.appClientId,
        AuthFlow: "REFRESH_TOKEN_AUTH",
        // With a client secret, the hash is over the user's own username, which the access token names.
        AuthParameters: { REFRESH_TOKEN: refreshToken, ...(await pool.secretHashParameter(tokens.username ?? "")) },
      }),
      { abortSignal: this.deps.signal },
    );
    return tokensFromCognito(answer.AuthenticationResult, this.deps.timers.now(), tokens);
  }

  private async refreshDeviceProvider(tokens: AuthenticationTokens, refreshToken: string): Promise<AuthenticationTokens> {
    const provider = tokens.provider as Exclude<ProviderName, "cognito">;
    const body = await refreshWithProvider(deviceProviderEndpoints(this.deps.config, provider), refreshToken, this.deps.signal);
    return tokensFromOAuth(provider, body, this.deps.timers.now(), tokens);
  }

  private scheduleRefresh(tokens: AuthenticationTokens): void {
    const { provider } = tokens;
    this.refreshTimers.get(provider)?.();
    this.refreshTimers.delete(provider);
    if (!tokens.refreshToken) return;
    const delay = renewalDelay(tokens.expiresAt, tokens.expiresIn * 1000, this.deps.timers.now());
    this.refreshTimers.set(provider, this.deps.timers.after(delay, () => this.refreshOnSchedule(provider)));
  }

  private refreshOnSchedule(provider: ProviderName): void {
    this.refreshTimers.delete(provider);
    const generation = this.generations.get(provider);
    this.refresh(provider).catch((error: GameLiftKitError) => {
      // The Fail notification has told the game; a passing outage is worth another try before the token dies.
      const tokens = this.deps.store.get(provider);
      if (!tokens || this.generations.get(provider) !== generation || this.refreshTimers.has(provider) || !isTransient(error)) return;
      const retryIn = Math.min(30_000, Math.max(1_000, (tokens.expiresAt - this.deps.timers.now()) / 2));
      this.refreshTimers.set(provider, this.deps.timers.after(retryIn, () => this.refreshOnSchedule(provider)));
    });
  }

  private bump(provider: ProviderName): void {
    this.generations.set(provider, (this.generations.get(provider) ?? 0) + 1);
  }

  private tell(change: SessionChange): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(change);
      } catch (error) {
        console.error("[auth] a session listener threw:", error);
      }
    }
  }
}
