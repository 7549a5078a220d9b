export { createTravel, ConnectionRejectedError, DEFAULT_KEEPALIVE } from "./connection.ts";
export type { Travel, TravelArea, TravelOptions, KeepalivePolicy } from "./connection.ts";
export { tlsWhenDnsName, plainByAddress, type EndpointPolicy } from "./endpoint.ts";
export type { WebSocketLike, WebSocketConstructor } from "./link.ts";
export { DEFAULT_RECONNECT, reconnectDelayMs, type ReconnectPolicy } from "./reconnect.ts";
export { DEFAULT_TIMEOUTS, TravelMachine, nextState, type TravelState, type TravelTimeouts, type TravelInput } from "./state-machine.ts";
export type { PlayerSessionTarget, TravelTarget, TravelSession, TravelResult } from "./types.ts";
export * from "../../../protocol/wire.ts";
