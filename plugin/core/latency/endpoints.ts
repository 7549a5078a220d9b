/**
 * Which locations kit.latency measures and which URL it times for each.
 *
 * A browser can send neither ICMP nor GameLift's UDP ping beacons, so each location needs an HTTP(S) endpoint in
 * (or at) that location. For an AWS Region the default is its DynamoDB endpoint's health check,
 * `https://dynamodb.<region>.amazonaws.com/ping`: DynamoDB runs in every commercial Region (GameLift's remote
 * locations included, where GameLift itself has no endpoint), its regional endpoint is documented in the AWS
 * General Reference, and `/ping` answers a plain GET at once without credentials. It is requested in `no-cors`
 * mode, so whether it sends CORS headers does not matter: the page only times the answer, it never reads it.
 * What that costs in accuracy (see docs in latency-area.ts): the figure is one HTTP round trip on a warm
 * connection to the Region's front door, so it includes the endpoint's own answer time (about 1–3 ms) and the
 * path to the Region's edge rather than to the game server's availability zone; it is close to, and never
 * below, what the game's own traffic sees.
 *
 * Custom (Anywhere) locations have no such endpoint: the game's servers serve one (the server kit's ping route,
 * startPingServer), and the config names it per location.
 */
import type { LatencyConfig } from "../config.ts";

/** An AWS Region code: us-west-2, ap-southeast-1, us-gov-west-1, cn-north-1, eu-central-2, il-central-1, … */
const REGION = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;

export function isAwsRegion(location: string): boolean {
  return REGION.test(location);
}

/** The default ping URL of an AWS Region, or undefined for a location that is not one (custom-…). */
export function defaultPingEndpoint(location: string): string | undefined {
  if (!isAwsRegion(location)) return undefined;
  const suffix = location.startsWith("cn-") ? "amazonaws.com.cn" : "amazonaws.com";
  return `https://dynamodb.${location}.${suffix}/ping`;
}

/** One location to measure and where. */
export interface PingTarget {
  location: string;
  url: string;
}

/**
 * What to measure: `latency.locations` (else the endpoints' locations, else the game's default location or
 * Region), each with its configured endpoint or its Region's default. A location with neither is reported
 * back in `unreachable`, so the game learns it is not measured instead of the kit dropping it silently.
 */
export function pingTargets(latency: LatencyConfig | undefined, fallbackLocation: string): { targets: PingTarget[]; unreachable: string[] } {
  const endpoints = latency?.endpoints ?? {};
  const locations = latency?.locations ?? (Object.keys(endpoints).length > 0 ? Object.keys(endpoints) : [fallbackLocation]);
  const targets: PingTarget[] = [];
  const unreachable: string[] = [];
  for (const location of new Set(locations)) {
    const url = Object.prototype.hasOwnProperty.call(endpoints, location) ? endpoints[location] : defaultPingEndpoint(location);
    if (url) targets.push({ location, url });
    else unreachable.push(location);
  }
  return { targets, unreachable };
}
