/**
 * phaser-gamelift/server — the game-server kit: the GameLift server SDK (SDK 5 WebSocket protocol) and the
 * player gateway a game server puts in front of its players.
 *
 * Use the class for several SDK instances (tests, tools), or the module-level functions for the usual
 * one-per-process shape of the official SDKs.
 */
import { GameLiftServerSdk } from "./sdk/server-sdk.ts";
import type {
  DescribePlayerSessionsRequest,
  GetFleetRoleCredentialsRequest,
  PlayerSessionCreationPolicy,
  ProcessParameters,
  ServerParameters,
  StartMatchBackfillRequest,
  StopMatchBackfillRequest,
  ShutdownTask,
} from "./sdk/types.ts";

export { END_REASONS, GameLiftServerSdk, type GameLiftServerSdkOptions } from "./sdk/server-sdk.ts";
export { GameLiftServerError, type GameLiftErrorCode } from "./sdk/errors.ts";
export type { SdkLogger } from "./sdk/logger.ts";
export { parseMatchmakerData, backfillPlayers, attributeValueOf } from "./sdk/matchmaker-data.ts";
export type * from "./sdk/types.ts";
export * from "./gateway/index.ts";
export type { JsonValue, RejectCode } from "../protocol/wire.ts";

const sdk = new GameLiftServerSdk();

export const initSDK = (params?: ServerParameters): Promise<void> => sdk.initSDK(params);
export const processReady = (parameters: ProcessParameters): Promise<void> => sdk.processReady(parameters);
export const processEnding = (): Promise<void> => sdk.processEnding();
export const activateGameSession = (): Promise<void> => sdk.activateGameSession();
export const acceptPlayerSession = (playerSessionId: string): Promise<void> => sdk.acceptPlayerSession(playerSessionId);
export const removePlayerSession = (playerSessionId: string): Promise<void> => sdk.removePlayerSession(playerSessionId);
export const updatePlayerSessionCreationPolicy = (policy: PlayerSessionCreationPolicy): Promise<void> =>
  sdk.updatePlayerSessionCreationPolicy(policy);
export const describePlayerSessions = (request: DescribePlayerSessionsRequest) => sdk.describePlayerSessions(request);
export const getGameSessionId = (): string => sdk.getGameSessionId();
export const getTerminationTime = (): Date => sdk.getTerminationTime();
export const getComputeCertificate = () => sdk.getComputeCertificate();
export const getFleetRoleCredentials = (request: GetFleetRoleCredentialsRequest) => sdk.getFleetRoleCredentials(request);
export const startMatchBackfill = (request: StartMatchBackfillRequest) => sdk.startMatchBackfill(request);
export const stopMatchBackfill = (request: StopMatchBackfillRequest): Promise<void> => sdk.stopMatchBackfill(request);
export const getSdkVersion = (): string => sdk.getSdkVersion();
export const destroy = (): Promise<void> => sdk.destroy();
export const endProcess = (reason?: string, code?: number): Promise<void> => sdk.endProcess(reason, code);
export const beforeProcessEnds = (task: ShutdownTask): (() => void) => sdk.beforeProcessEnds(task);

/** The process-wide SDK behind the functions above. */
export default sdk;
