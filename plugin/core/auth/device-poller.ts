import { GameLiftKitError } from "../errors.ts";
import type { Timers } from "../timers.ts";
import type { DeviceTokenAnswer } from "./device-code.ts";

export interface DevicePollOptions {
  /** Seconds between polls, as the provider first asked. */
  intervalSeconds: number;
  /** When the device code stops being good, epoch ms on the timers' clock. */
  expiresAt: number;
  /** The clock, and the waits between polls. */
  timers: Pick<Timers, "now" | "sleep">;
  poll: (signal: AbortSignal) => Promise<DeviceTokenAnswer>;
  signal: AbortSignal;
  /** A provider answering interval 0 is still not polled in a tight loop. */
  minIntervalMs?: number;
}

/** Errors worth another poll: the network hiccuped, the code may still be approved. */
const TRANSIENT = new Set(["NetworkError", "Timeout", "ProtocolError"]);

/**
 * The device's side of RFC 8628 §3.4–3.5: wait the interval, poll; authorization_pending waits again,
 * slow_down adds 5 seconds to the interval for good, tokens end it. access_denied, expired_token (from the
 * provider or by the code's own expiry) and every other error end it with that error.
 */
export async function pollForDeviceTokens(options: DevicePollOptions): Promise<Record<string, unknown>> {
  let intervalMs = Math.max(options.intervalSeconds * 1000, options.minIntervalMs ?? 1000);
  for (;;) {
    await options.timers.sleep(intervalMs, options.signal);
    if (options.timers.now() >= options.expiresAt) throw new GameLiftKitError("expired_token", "The device code has expired; start a new device sign-in.");
    let answer: DeviceTokenAnswer;
    try {
      answer = await options.poll(options.signal);
    } catch (error) {
      const kitError = GameLiftKitError.from(error);
      if (options.signal.aborted) throw options.signal.reason ?? kitError;
      if (TRANSIENT.has(kitError.code) || (kitError.status !== undefined && kitError.status >= 500)) continue;
      throw kitError;
    }
    if (answer.kind === "tokens") return answer.body;
    if (answer.kind === "slow_down") intervalMs += 5000;
  }
}
