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

/**
 * The process-wide {@link GameLiftServerSdk} behind this module's functions (initSDK, processReady, …), for
 * code that wants the instance itself, e.g. to hand to {@link createPlayerGateway} as its `sdk`.
 */
const sdk = new GameLiftServerSdk();

/** {@inheritDoc GameLiftServerSdk.initSDK} */
export const initSDK = (params?: ServerParameters): Promise<void> => sdk.initSDK(params);
/** {@inheritDoc GameLiftServerSdk.processReady} */
export const processReady = (parameters: ProcessParameters): Promise<void> => sdk.processReady(parameters);
/** {@inheritDoc GameLiftServerSdk.processEnding} */
export const processEnding = (): Promise<void> => sdk.processEnding();
/** {@inheritDoc GameLiftServerSdk.activateGameSession} */
export const activateGameSession = (): Promise<void> => sdk.activateGameSession();
/** {@inheritDoc GameLiftServerSdk.acceptPlayerSession} */
export const acceptPlayerSession = (playerSessionId: string): Promise<void> => sdk.acceptPlayerSession(playerSessionId);
/** {@inheritDoc GameLiftServerSdk.removePlayerSession} */
export const removePlayerSession = (playerSessionId: string): Promise<void> => sdk.removePlayerSession(playerSessionId);
/** {@inheritDoc GameLiftServerSdk.updatePlayerSessionCreationPolicy} */
export const updatePlayerSessionCreationPolicy = (policy: PlayerSessionCreationPolicy): Promise<void> =>
  sdk.updatePlayerSessionCreationPolicy(policy);
/** {@inheritDoc GameLiftServerSdk.describePlayerSessions} */
export const describePlayerSessions = (request: DescribePlayerSessionsRequest) => sdk.describePlayerSessions(request);
/** {@inheritDoc GameLiftServerSdk.getGameSessionId} */
export const getGameSessionId = (): string => sdk.getGameSessionId();
/** {@inheritDoc GameLiftServerSdk.getTerminationTime} */
export const getTerminationTime = (): Date => sdk.getTerminationTime();
/** {@inheritDoc GameLiftServerSdk.getComputeCertificate} */
export const getComputeCertificate = () => sdk.getComputeCertificate();
/** {@inheritDoc GameLiftServerSdk.getFleetRoleCredentials} */
export const getFleetRoleCredentials = (request: GetFleetRoleCredentialsRequest) => sdk.getFleetRoleCredentials(request);
/** {@inheritDoc GameLiftServerSdk.startMatchBackfill} */
export const startMatchBackfill = (request: StartMatchBackfillRequest) => sdk.startMatchBackfill(request);
/** {@inheritDoc GameLiftServerSdk.stopMatchBackfill} */
export const stopMatchBackfill = (request: StopMatchBackfillRequest): Promise<void> => sdk.stopMatchBackfill(request);
/** {@inheritDoc GameLiftServerSdk.getSdkVersion} */
export const getSdkVersion = (): string => sdk.getSdkVersion();
/** {@inheritDoc GameLiftServerSdk.destroy} */
export const destroy = (): Promise<void> => sdk.destroy();
/** {@inheritDoc GameLiftServerSdk.endProcess} */
export const endProcess = (reason?: string, code?: number): Promise<void> => sdk.endProcess(reason, code);
/** {@inheritDoc GameLiftServerSdk.beforeProcessEnds} */
export const beforeProcessEnds = (task: ShutdownTask): (() => void) => sdk.beforeProcessEnds(task);

// The process-wide SDK behind the functions above (documented where it is declared).
export default sdk;
