/**
 * The GameLift client the sessions area sends through: the gem's ConfigureGameLiftClient. Nothing is sent
 * before a client is configured, so a game that forgot gets "NotConfigured" rather than requests signed with
 * whatever credentials the environment happens to have.
 */
import { GameLiftClient, type GameLiftClientConfig } from "@aws-sdk/client-gamelift";
import { GameLiftKitError } from "../errors.ts";
import { RequestChecks } from "./validation.ts";

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

const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;

export class GameLiftClientHolder {
  private current?: { client: GameLiftClient; owned: boolean };

  configure(options: GameLiftClientOptions): GameLiftClient {
    if (options.client) {
      this.replace({ client: options.client, owned: false });
      return options.client;
    }
    const checks = new RequestChecks("configureGameLiftClient");
    const region = checks.requiredText("region", options.region, {
      max: 64,
      pattern: REGION,
      allowed: "an AWS Region such as us-west-2 (see Amazon GameLift endpoints and quotas)",
    });
    checks.text("endpoint", options.endpoint, { max: 2048, pattern: /^https?:\/\/\S+$/, allowed: "an http(s) URL" });
    checks.done();
    const client = new GameLiftClient({
      region,
      ...(options.endpoint ? { endpoint: options.endpoint } : {}),
      ...(options.credentials ? { credentials: options.credentials } : {}),
      ...(options.maxAttempts ? { maxAttempts: options.maxAttempts } : {}),
    });
    this.replace({ client, owned: true });
    return client;
  }

  get configured(): boolean {
    return this.current !== undefined;
  }

  /** The configured client, or NotConfigured naming the call that needed it. */
  get(operation: string): GameLiftClient {
    if (!this.current) {
      throw new GameLiftKitError("NotConfigured", `${operation}: no GameLift client; call configureGameLiftClient({ region }) first`);
    }
    return this.current.client;
  }

  destroy(): void {
    this.replace(undefined);
  }

  private replace(next: { client: GameLiftClient; owned: boolean } | undefined): void {
    if (this.current?.owned && this.current.client !== next?.client) this.current.client.destroy();
    this.current = next;
  }
}
