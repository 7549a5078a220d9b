// @phaser-gamelift/local — the local AWS stack as a library (the CLI is `npx phaser-gamelift-local`).
export { startLocalStack, SDK_WEBSOCKET_PATH, HEALTH_PATH, type LocalStack, type LocalStackOptions } from "./stack.ts";
export { launchFleet, type LaunchedFleet } from "./fleet/launcher.ts";
export type { GameLiftTimings } from "./gamelift/index.ts";
export type { DeveloperCredentials } from "./credentials.ts";
export {
  startDevStack,
  publicConfigOf,
  runningStack,
  describeDevStack,
  type DevStack,
  type DevStackOptions,
  type GameServerFleetOptions,
  type PublicGameConfig,
  type StackState,
} from "./dev-stack.ts";
export { userPoolsExtension, type UserPoolOptions } from "./cognito/userpool/index.ts";
export { identityPoolsExtension, defaultRoleArns, type IdentityPoolsOptions } from "./cognito/identity/index.ts";
export { deviceCodeProvidersExtension, type DeviceCodeProvidersOptions } from "./oauth/index.ts";
export type { StackContext, StackExtension, StackPart } from "./stack.ts";
export { PLAYER_GAMELIFT_ACTIONS, type PlayerRole } from "./player-actions.ts";
export * from "./game-config/index.ts";
export { applyGameConfig, serverCommand, type AppliedGame, type ApplyOptions, type SetupTarget } from "./setup/apply-config.ts";
