// @phaser-gamelift/local — the local AWS stack as a library (the CLI is `npx phaser-gamelift-local`).
export { startLocalStack, SDK_WEBSOCKET_PATH, type LocalStack, type LocalStackOptions } from "./stack.ts";
export { launchFleet, type LaunchedFleet } from "./fleet/launcher.ts";
export type { GameLiftTimings } from "./gamelift/index.ts";
export type { DeveloperCredentials } from "./credentials.ts";
export type { StackState } from "./cli.ts";
export { userPoolsExtension, type UserPoolOptions } from "./cognito/userpool/index.ts";
export { identityPoolsExtension, defaultRoleArns, type IdentityPoolsOptions } from "./cognito/identity/index.ts";
export { deviceCodeProvidersExtension, type DeviceCodeProvidersOptions } from "./oauth/index.ts";
export type { StackContext, StackExtension, StackPart } from "./stack.ts";
