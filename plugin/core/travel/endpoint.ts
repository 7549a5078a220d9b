/**
 * Which URL a player session is reached at. GameLift gives a DnsName only for fleets with TLS certificates,
 * where connecting by address would fail certificate checks; everywhere else (the local stack, fleets
 * without TLS) there is only an address and no TLS. A game with its own TLS terminator or proxy passes its
 * own policy.
 */
import { GameLiftKitError } from "../errors.ts";
import type { PlayerSessionTarget } from "./types.ts";

/**
 * Turns a player session's address into the WebSocket URL travel connects to (TravelOptions.endpoint). The
 * kit's are {@link tlsWhenDnsName} (the default) and {@link plainByAddress}; a game behind its own TLS
 * terminator or proxy writes one, e.g. `(s) => "wss://play.example.com/" + s.port`. It may throw a
 * GameLiftKitError InvalidParameter for a session it cannot reach.
 */
export type EndpointPolicy = (session: PlayerSessionTarget) => string;

/** The default: wss://DnsName:Port when GameLift gave a DnsName, else ws://IpAddress:Port. */
export const tlsWhenDnsName: EndpointPolicy = (session) => {
  const port = requirePort(session);
  if (session.dnsName) return `wss://${session.dnsName}:${port}`;
  return `ws://${hostOf(session)}:${port}`;
};

/** Always ws://IpAddress:Port: a local stack whose computes were registered with a DnsName but no TLS. */
export const plainByAddress: EndpointPolicy = (session) => `ws://${hostOf(session)}:${requirePort(session)}`;

function hostOf(session: PlayerSessionTarget): string {
  const address = session.ipAddress || session.dnsName;
  if (!address) throw new GameLiftKitError("InvalidParameter", `player session ${session.playerSessionId} has neither IpAddress nor DnsName`);
  return address.includes(":") && !address.startsWith("[") ? `[${address}]` : address;
}

function requirePort(session: PlayerSessionTarget): number {
  const port = session.port;
  if (typeof port !== "number" || !Number.isInteger(port) || port < 1 || port > 65535) {
    throw new GameLiftKitError("InvalidParameter", `player session ${session.playerSessionId} has no valid Port (got ${String(port)})`);
  }
  return port;
}
