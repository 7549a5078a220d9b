/**
 * The GameLift client the sessions area sends through: the gem's ConfigureGameLiftClient. Nothing is sent
 * before a client is configured, so a game that forgot gets "NotConfigured" rather than requests signed with
 * whatever credentials the environment happens to have. The SDK itself loads on the first request (or on
 * prefetch), so configuring is cheap and synchronous.
 */
import type { GameLiftClient, GameLiftClientConfig } from "@aws-sdk/client-gamelift";
import { endpointFor, type GameLiftKitConfig } from "../config.ts";
import { GameLiftKitError } from "../errors.ts";
import { tagFailuresWithEndpoint } from "../service-endpoint.ts";
import type * as GameLiftSdkModule from "./gamelift-sdk.ts";
import { RequestChecks } from "../validation.ts";

/**
 * The GameLift client the kit's sessions and matchmaking send through (`kit.configureGameLiftClient`):
 * Region, endpoint and credentials, or a client of the game's own. Anything left out comes from the kit's
 * config and `kit.credentials`.
 */
export interface GameLiftClientOptions {
  /** An AWS Region such as "us-west-2"; default the kit config's region. */
  region?: string;
  /** The local stack's URL; unset = real AWS (default the kit config's gamelift endpoint). */
  endpoint?: string;
  /** An AWS SDK credential provider, normally kit.credentials.provider; default the kit's. */
  credentials?: SdkCredentials;
  /** The SDK's attempts per request (it retries throttling and 5xx); default the SDK's. */
  maxAttempts?: number;
  /** A client the game made itself (custom retry strategy, request handler); the kit will not destroy it. */
  client?: GameLiftClient;
}

/** Static credentials or a provider, exactly what the AWS SDK clients take. */
export type SdkCredentials = NonNullable<GameLiftClientConfig["credentials"]>;

export type GameLiftSdk = typeof GameLiftSdkModule;

let sdkModule: Promise<GameLiftSdk> | undefined;

/** The GameLift SDK chunk, fetched once; a failed fetch (offline) is tried again on the next call. */
export function loadGameLiftSdk(): Promise<GameLiftSdk> {
  sdkModule ??= import("./gamelift-sdk.ts").catch((error: unknown) => {
    sdkModule = undefined;
    throw new GameLiftKitError("NetworkError", `Could not load the GameLift client: ${(error as Error)?.message ?? String(error)}`);
  });
  return sdkModule;
}

const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;

type Settings = { client: GameLiftClient; owned: false } | { options: Omit<GameLiftClientOptions, "client"> & { region: string }; client?: GameLiftClient; owned: true };

export class GameLiftClientHolder {
  private current?: Settings;

  /** Checks the options now (a bad region fails here, not on the first request); the client is made on first use. */
  configure(options: GameLiftClientOptions): void {
    if (options.client) {
      this.replace({ client: options.client, owned: false });
      return;
    }
    const checks = new RequestChecks("configureGameLiftClient");
    const region = checks.requiredText("region", options.region, {
      max: 64,
      pattern: REGION,
      allowed: "an AWS Region such as us-west-2 (see Amazon GameLift endpoints and quotas)",
    });
    checks.text("endpoint", options.endpoint, { max: 2048, pattern: /^https?:\/\/\S+$/, allowed: "an http(s) URL" });
    checks.done();
    this.replace({ options: { ...options, region }, owned: true });
  }

  get configured(): boolean {
    return this.current !== undefined;
  }

  /** The configured client with the SDK's commands, or NotConfigured naming the call that needed it. */
  async get(operation: string): Promise<{ client: GameLiftClient; sdk: GameLiftSdk }> {
    const settings = this.current;
    if (!settings) {
      throw new GameLiftKitError("NotConfigured", `${operation}: no GameLift client; call configureGameLiftClient({ region }) first`);
    }
    const sdk = await loadGameLiftSdk();
    // Configured anew while the SDK loaded: use the new settings, so no client is made for the old ones.
    if (this.current !== settings) return this.get(operation);
    if (settings.owned && !settings.client) {
      const { region, endpoint, credentials, maxAttempts } = settings.options;
      settings.client = new sdk.GameLiftClient({
        region,
        ...(endpoint ? { endpoint } : {}),
        ...(credentials ? { credentials } : {}),
        ...(maxAttempts ? { maxAttempts } : {}),
      });
      tagFailuresWithEndpoint(settings.client);
    }
    return { client: settings.client!, sdk };
  }

  /** Sends through the configured client; whatever the call throws comes back as a GameLiftKitError. */
  async send<T>(operation: string, call: (client: GameLiftClient, sdk: GameLiftSdk) => Promise<T>): Promise<T> {
    const { client, sdk } = await this.get(operation);
    try {
      return await call(client, sdk);
    } catch (error) {
      throw GameLiftKitError.from(error);
    }
  }

  destroy(): void {
    this.replace(undefined);
  }

  private replace(next: Settings | undefined): void {
    if (this.current?.owned && this.current.client && this.current.client !== next?.client) this.current.client.destroy();
    this.current = next;
  }
}

/**
 * ConfigureGameLiftClient with the kit's defaults: region, endpoint and credentials default to the kit config's
 * region, its gamelift endpoint (unset = real AWS) and the kit's credential provider.
 */
export function configureWithDefaults(
  clients: GameLiftClientHolder,
  defaults: { config: GameLiftKitConfig; credentials?: SdkCredentials },
  options: GameLiftClientOptions = {},
): void {
  clients.configure({
    ...options,
    region: options.region ?? defaults.config.region,
    endpoint: "endpoint" in options ? options.endpoint : endpointFor(defaults.config, "gamelift"),
    credentials: options.credentials ?? defaults.credentials,
  });
}
