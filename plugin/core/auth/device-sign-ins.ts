import type { GameLiftKitConfig } from "../config.ts";
import { GameLiftKitError } from "../errors.ts";
import type { AuthenticationTokens, DeviceCodeProviderName, DeviceCodeSignIn } from "./auth-types.ts";
import type { AuthenticationProviderBus } from "../events/auth-events.ts";
import { deviceProviderEndpoints, pollDeviceToken, requestDeviceAuthorization, type DeviceAuthorization, type DeviceProviderEndpoints } from "./device-code.ts";
import { pollForDeviceTokens } from "./device-poller.ts";
import type { Timers } from "../timers.ts";
import type { TokenKeeper } from "./token-keeper.ts";
import { tokensFromOAuth } from "./tokens.ts";
import { detach, notified } from "../request.ts";

interface DeviceFlow {
  endpoints: DeviceProviderEndpoints;
  authorization: DeviceAuthorization;
  expiresAt: number;
  abort: AbortController;
  outcome?: Promise<AuthenticationTokens>;
}

export interface DeviceSignInsDeps {
  config: GameLiftKitConfig;
  bus: AuthenticationProviderBus;
  keeper: TokenKeeper;
  /** The auth part's scope of the kit's timers; its clock is the one expiry is reckoned on. */
  timers: Timers;
  signal: AbortSignal;
}

/** Device-code sign-ins in progress, at most one per provider. */
export class DeviceSignIns {
  private readonly flows = new Map<DeviceCodeProviderName, DeviceFlow>();

  private readonly deps: DeviceSignInsDeps;
  constructor(deps: DeviceSignInsDeps) {
    this.deps = deps;
  }

  /** Asks the provider for a code pair; a sign-in already waiting for the same provider is cancelled. */
  async start(provider: DeviceCodeProviderName): Promise<DeviceCodeSignIn> {
    const endpoints = deviceProviderEndpoints(this.deps.config, provider);
    const authorization = await requestDeviceAuthorization(endpoints, this.deps.signal);
    this.cancel(provider, "A new device sign-in replaced this one.");
    this.flows.set(provider, {
      endpoints,
      authorization,
      expiresAt: this.deps.timers.now() + authorization.expiresIn * 1000,
      abort: new AbortController(),
    });
    const { userCode, verificationUrl, expiresIn, interval } = authorization;
    return { provider, userCode, verificationUrl, expiresIn, interval };
  }

  has(provider: DeviceCodeProviderName): boolean {
    return this.flows.has(provider);
  }

  /**
   * Polls until the user decides or the code expires; one poll loop per sign-in however many callers wait on it,
   * and its Confirm notification fires once.
   */
  confirm(provider: DeviceCodeProviderName): Promise<AuthenticationTokens> {
    const flow = this.flows.get(provider);
    if (!flow) {
      return Promise.reject(new GameLiftKitError("InvalidParameter", `No ${provider} device sign-in is waiting; call deviceCodeGrantSignIn first.`));
    }
    flow.outcome ??= this.poll(provider, flow);
    return flow.outcome;
  }

  cancel(provider: DeviceCodeProviderName, why: string): void {
    const flow = this.flows.get(provider);
    if (!flow) return;
    this.flows.delete(provider);
    flow.abort.abort(new GameLiftKitError("Cancelled", why));
  }

  cancelAll(why: string): void {
    for (const provider of [...this.flows.keys()]) this.cancel(provider, why);
  }

  private poll(provider: DeviceCodeProviderName, flow: DeviceFlow): Promise<AuthenticationTokens> {
    const { bus, keeper, timers } = this.deps;
    const outcome = notified(
      async () => {
        let body: Record<string, unknown>;
        try {
          body = await pollForDeviceTokens({
            intervalSeconds: flow.authorization.interval,
            expiresAt: flow.expiresAt,
            timers,
            poll: (signal) => pollDeviceToken(flow.endpoints, flow.authorization, signal),
            signal: flow.abort.signal,
          });
        } finally {
          if (this.flows.get(provider) === flow) this.flows.delete(provider);
        }
        const tokens = tokensFromOAuth(provider, body, timers.now());
        keeper.accept(tokens);
        return tokens;
      },
      (tokens) => bus.emit("onDeviceCodeGrantConfirmSignInSuccess", tokens),
      (error) => bus.emit("onDeviceCodeGrantConfirmSignInFail", error),
    );
    // Started by deviceCodeGrantSignIn, nobody may be awaiting it: the notification is the answer then.
    detach(outcome);
    return outcome;
  }
}
