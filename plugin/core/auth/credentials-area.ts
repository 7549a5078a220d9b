import type { CognitoIdentityClient } from "@aws-sdk/client-cognito-identity";
import { endpointFor, type GameLiftKitConfig } from "../config.ts";
import { GameLiftKitError } from "../errors.ts";
import { tagFailuresWithEndpoint } from "../service-endpoint.ts";
import type { AWSCredentials, ProviderName } from "./auth-types.ts";
import { createAuthorizationBus, type AuthorizationBus } from "../events/auth-events.ts";
import { detach, notified } from "../request.ts";
import type * as IdentitySdkModule from "./identity-sdk.ts";
import { isTransient, renewalDelay, stillFresh } from "./renewal.ts";
import type { Timers } from "../timers.ts";
import type { TokenKeeper } from "./token-keeper.ts";
import { cleanPlayerName, fallbackPlayerName } from "../../../protocol/player-data.ts";
import { jwtClaims, loginToken } from "./tokens.ts";
import type { UserPool } from "./user-pool.ts";

/** What the AWS SDK clients take as `credentials`: called whenever they need (fresh) credentials. */
export type AwsCredentialProvider = ((options?: { forceRefresh?: boolean }) => Promise<{ accessKeyId: string; secretAccessKey: string; sessionToken: string; expiration: Date }>) & {
  memoized: true;
};

const FIXED_LOGIN_KEYS: Record<Exclude<ProviderName, "cognito">, string> = { loginWithAmazon: "www.amazon.com", google: "accounts.google.com" };

export interface CredentialsAreaDeps {
  config: GameLiftKitConfig;
  pool: UserPool;
  keeper: TokenKeeper;
  /** The auth part's scope of the kit's timers; its clock is the one expiry is reckoned on. */
  timers: Timers;
  signal: AbortSignal;
}

interface Held {
  credentials: AWSCredentials;
  issuedAt: number;
}

/** A token is used until this long before it expires: a game server must still find it good on arrival. */
const OPEN_ID_TOKEN_MARGIN_MS = 2 * 60_000;

/**
 * kit.credentials — the gem's AWSCognitoAuthorizationRequestBus: temporary AWS credentials from the identity
 * pool for whoever is signed in (every signed-in provider's login), or a guest identity when nobody is. The
 * credentials renew themselves before they expire, and are dropped when a provider signs in or out.
 */
export class CredentialsArea {
  readonly bus: AuthorizationBus = createAuthorizationBus();
  /**
   * For `new GameLiftClient({ credentials: kit.credentials.provider })`: the held credentials while they are
   * good, new ones (one request for any number of callers) when not. It says it is `memoized`, the AWS SDK's
   * marker for a provider that caches by itself: the SDK then asks it before every request instead of keeping
   * what it got until near expiry, so a sign-in or sign-out takes effect on the next call.
   */
  readonly provider: AwsCredentialProvider = Object.assign(
    async (options?: { forceRefresh?: boolean }) => {
      const held = this.held;
      const good =
        !options?.forceRefresh &&
        held !== undefined &&
        stillFresh(held.credentials.expiration.getTime(), held.credentials.expiration.getTime() - held.issuedAt, this.deps.timers.now());
      const { accessKeyId, secretAccessKey, sessionToken, expiration } = good ? held.credentials : await this.requestAWSCredentials();
      return { accessKeyId, secretAccessKey, sessionToken, expiration };
    },
    { memoized: true as const },
  );

  private held: Held | undefined;
  private identity: { id: string; logins: string } | undefined;
  private inFlight: Promise<AWSCredentials> | undefined;
  private openId: { token: string; identityId: string; goodUntil: number; generation: number } | undefined;
  private openIdInFlight: Promise<string> | undefined;
  private cancelRenewal: (() => void) | undefined;
  /** Bumped whenever who is signed in changes: credentials requested for the old set are not kept. */
  private generation = 0;
  private readonly stopListening: () => void;
  private sdk: Promise<{ client: CognitoIdentityClient; commands: typeof IdentitySdkModule.COMMANDS }> | undefined;
  private destroyed = false;

  private readonly deps: CredentialsAreaDeps;
  constructor(deps: CredentialsAreaDeps) {
    this.deps = deps;
    this.stopListening = deps.keeper.onChange((change) => {
      // A refreshed ID token names the same identity; only a sign-in or sign-out changes whose credentials these are.
      if (change.kind !== "refreshed") this.clear();
    });
  }

  /** GetId + GetCredentialsForIdentity; fires onRequestAWSCredentialsSuccess / Fail. */
  requestAWSCredentials(): Promise<AWSCredentials> {
    this.inFlight ??= notified(() => this.fetchCredentials(), (creds) => this.bus.emit("onRequestAWSCredentialsSuccess", creds), (error) => this.bus.emit("onRequestAWSCredentialsFail", error));
    const current = this.inFlight;
    const done = () => {
      if (this.inFlight === current) this.inFlight = undefined;
    };
    current.then(done, done);
    return current;
  }

  /** requestAWSCredentials without a promise: the answer is its notification. */
  requestAWSCredentialsAsync(): void {
    detach(this.requestAWSCredentials());
  }

  /** The identity id the last request used, if any. */
  getIdentityId(): string | undefined {
    return this.identity?.id;
  }

  /**
   * The identity id of whoever plays now (the guest's, until someone signs in), asking the identity pool for
   * it first if the kit has none yet. The kit reserves seats with it as the PlayerId.
   */
  async playerIdentityId(): Promise<string> {
    if (this.identity) return this.identity.id;
    return (await this.requestAWSCredentials()).identityId;
  }

  /**
   * An OpenID token from the identity pool (GetOpenIdToken) for the current identity: what proves to a game
   * server that this player is the identity its player session names. Kept until shortly before it expires
   * (Cognito's last ten minutes); one request for any number of callers.
   */
  getOpenIdToken(): Promise<string> {
    const held = this.openId;
    if (held && held.generation === this.generation && held.identityId === this.identity?.id && this.deps.timers.now() < held.goodUntil) {
      return Promise.resolve(held.token);
    }
    this.openIdInFlight ??= this.fetchOpenIdToken().finally(() => {
      this.openIdInFlight = undefined;
    });
    return this.openIdInFlight;
  }

  /**
   * The name other players see for whoever plays now: the signed-in Cognito user's preferred_username or
   * username, the Google account's name; "Guest-…" (the end of the identity id) for a guest, "Player-…" for a
   * sign-in that names nobody (Login with Amazon gives no name without a profile call).
   */
  async playerDisplayName(): Promise<string> {
    const { keeper } = this.deps;
    const tokens = keeper.isSignedIn() ? keeper.get(keeper.resolve()) : undefined;
    if (tokens) {
      const claims = tokens.idToken ? jwtClaims(tokens.idToken) : undefined;
      const named =
        tokens.provider === "cognito"
          ? (claims?.["preferred_username"] ?? claims?.["cognito:username"] ?? tokens.username)
          : tokens.provider === "google"
            ? (claims?.["given_name"] ?? claims?.["name"])
            : undefined;
      const name = cleanPlayerName(named);
      if (name) return name;
    }
    const identityId = this.deps.config.cognito?.identityPoolId ? await this.playerIdentityId().catch(() => undefined) : undefined;
    return fallbackPlayerName(identityId ?? "", tokens ? "Player" : "Guest");
  }

  /** The credentials held now, if any (they may be about to renew). */
  getCredentials(): AWSCredentials | undefined {
    return this.held?.credentials;
  }

  /** Forgets the identity and the credentials, and stops renewing them (sign-in, sign-out). */
  clear(): void {
    this.generation++;
    this.held = undefined;
    this.identity = undefined;
    this.inFlight = undefined;
    this.openId = undefined;
    this.openIdInFlight = undefined;
    this.cancelRenewal?.();
    this.cancelRenewal = undefined;
  }

  /** Fetches the Cognito Identity SDK ahead of the first request (the kit's prefetch calls it). */
  prefetch(): Promise<void> {
    return this.identitySdk().then(() => undefined);
  }

  /** Stops renewing, forgets the credentials, drops the bus's handlers and the Cognito Identity client. */
  destroy(): void {
    this.destroyed = true;
    this.clear();
    this.stopListening();
    this.bus.clear();
    this.sdk?.then(({ client }) => client.destroy(), () => undefined);
  }

  /** The SDK chunk and this area's client, made once; a failed fetch (offline) is tried again next time. */
  private identitySdk(): Promise<{ client: CognitoIdentityClient; commands: typeof IdentitySdkModule.COMMANDS }> {
    this.sdk ??= import("./identity-sdk.ts").then(
      ({ CognitoIdentityClient, COMMANDS }) => {
        const endpoint = endpointFor(this.deps.config, "cognitoIdentity");
        const client = new CognitoIdentityClient({ region: this.deps.config.region, ...(endpoint ? { endpoint } : {}) });
        tagFailuresWithEndpoint(client);
        return { client, commands: COMMANDS };
      },
      (error: unknown) => {
        this.sdk = undefined;
        throw new GameLiftKitError("NetworkError", `Could not load the Cognito Identity client: ${(error as Error)?.message ?? String(error)}`);
      },
    );
    return this.sdk;
  }

  private async fetchCredentials(): Promise<AWSCredentials> {
    const identityPoolId = this.deps.config.cognito?.identityPoolId;
    if (!identityPoolId) throw new GameLiftKitError("NotConfigured", "No Cognito identity pool is configured (cognito.identityPoolId).");
    const generation = this.generation;
    const logins = await this.logins();
    const loginsKey = Object.keys(logins).sort().join(" ");
    const signal = this.deps.signal;
    const { client, commands } = await this.identitySdk();
    if (this.destroyed) throw new GameLiftKitError("Cancelled", "The kit was destroyed.");
    let identityId = this.identity?.logins === loginsKey ? this.identity.id : undefined;
    if (!identityId) {
      const got = await client.send(new commands.GetId({ IdentityPoolId: identityPoolId, Logins: logins }), { abortSignal: signal });
      if (!got.IdentityId) throw new GameLiftKitError("ProtocolError", "GetId answered without an IdentityId.");
      identityId = got.IdentityId;
    }
    const answer = await client.send(new commands.GetCredentialsForIdentity({ IdentityId: identityId, Logins: logins }), { abortSignal: signal });
    const c = answer.Credentials;
    if (!c?.AccessKeyId || !c.SecretKey || !c.SessionToken || !c.Expiration) {
      throw new GameLiftKitError("ProtocolError", "GetCredentialsForIdentity answered without complete credentials.");
    }
    const credentials: AWSCredentials = {
      accessKeyId: c.AccessKeyId,
      secretAccessKey: c.SecretKey,
      sessionToken: c.SessionToken,
      expiration: c.Expiration,
      identityId: answer.IdentityId ?? identityId,
      authenticated: loginsKey !== "",
    };
    if (this.generation === generation) {
      this.identity = { id: credentials.identityId, logins: loginsKey };
      this.held = { credentials, issuedAt: this.deps.timers.now() };
      this.scheduleRenewal(generation);
    }
    return credentials;
  }

  private async fetchOpenIdToken(): Promise<string> {
    const generation = this.generation;
    const identityId = await this.playerIdentityId();
    const logins = await this.logins();
    const { client, commands } = await this.identitySdk();
    const answer = await client.send(new commands.GetOpenIdToken({ IdentityId: identityId, Logins: logins }), { abortSignal: this.deps.signal });
    if (!answer.Token) throw new GameLiftKitError("ProtocolError", "GetOpenIdToken answered without a Token.");
    const expiresAt = Number(jwtClaims(answer.Token)?.["exp"]) * 1000;
    const now = this.deps.timers.now();
    // Without a readable expiry, assume Cognito's ten minutes.
    const goodUntil = (Number.isFinite(expiresAt) ? expiresAt : now + 10 * 60_000) - OPEN_ID_TOKEN_MARGIN_MS;
    if (this.generation === generation) this.openId = { token: answer.Token, identityId: answer.IdentityId ?? identityId, goodUntil, generation };
    return answer.Token;
  }

  /** Every signed-in provider's login, each token refreshed first if it is about to expire. */
  private async logins(): Promise<Record<string, string>> {
    const logins: Record<string, string> = {};
    for (const { provider } of this.deps.keeper.all()) {
      const tokens = await this.deps.keeper.fresh(provider);
      const token = loginToken(tokens);
      if (!token) throw new GameLiftKitError("NotSignedIn", `The ${provider} sign-in has no token the identity pool takes.`);
      logins[provider === "cognito" ? this.deps.pool.loginsKey : FIXED_LOGIN_KEYS[provider]] = token;
    }
    return logins;
  }

  private scheduleRenewal(generation: number): void {
    this.cancelRenewal?.();
    const held = this.held!;
    const expiresAt = held.credentials.expiration.getTime();
    const delay = renewalDelay(expiresAt, expiresAt - held.issuedAt, this.deps.timers.now());
    this.cancelRenewal = this.deps.timers.after(delay, () => {
      this.cancelRenewal = undefined;
      this.requestAWSCredentials().catch((error: GameLiftKitError) => {
        // The Fail notification has told the game; a passing outage is worth another try while the old ones last.
        if (this.generation !== generation || this.cancelRenewal || !isTransient(error) || !this.held) return;
        const retryIn = Math.min(30_000, Math.max(1_000, (this.held.credentials.expiration.getTime() - this.deps.timers.now()) / 2));
        this.cancelRenewal = this.deps.timers.after(retryIn, () => this.scheduleRenewal(generation));
      });
    });
  }
}
