export { createPlayerGateway } from "./gateway.ts";
export { PlayerGatewayError, type GatewayPlayer, type LeaveReason, type PlayerGateway, type PlayerGatewayOptions } from "./types.ts";
export type { GatewaySdk } from "./admission.ts";
export type { CognitoIdentityOptions, PlayerIdentityOption } from "./identity.ts";
export { createPingRoute, startPingServer, type PingRoute, type PingRouteOptions, type PingServer, type PingServerOptions } from "./ping.ts";
