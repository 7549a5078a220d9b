// phaser-gamelift — the Phaser plugin, its ready-made scenes, and (re-exported) the engine-agnostic core.
import "./phaser/scene-augmentation.ts";

export { GameLiftPlugin, gameliftOf, DEFAULT_MAPPING, DEFAULT_PLUGIN_KEY, type GameLiftPluginConfig } from "./phaser/plugin.ts";
export { connectForScene, type Connectable } from "./phaser/scene-connections.ts";
export { TravelScenes, type TravelScenesConfig, type MapSceneData, type LobbyReturnData } from "./phaser/travel-scenes.ts";
export { LoginScene, type LoginSceneOptions, type LoginSceneData, type LoginResult } from "./phaser/scenes/login-scene.ts";
export { LobbyScene, type LobbySceneOptions } from "./phaser/scenes/lobby-scene.ts";
export { DEFAULT_THEME, type UiTheme } from "./phaser/widgets/theme.ts";
export type { JsonValue } from "../protocol/wire.ts";
export type { TravelSession } from "./core/travel/types.ts";
export * from "./core/index.ts";
