// gamelift.config.json: one file per game, read by the local stack and by the CDK app (deploy/).
export type * from "./types.ts";
export { GAME_CONFIG_DEFAULTS, derivedNames, localLocationName } from "./defaults.ts";
export { GameConfigError, parseGameConfig, passwordViolation, type GameConfigIssue, type ParseGameConfigOptions } from "./parse.ts";
export { loadGameConfig } from "./load.ts";
export type { GameConfigInput } from "./schema.ts";
