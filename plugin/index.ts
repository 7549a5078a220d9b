// phaser-gamelift — the Phaser plugin, its ready-made scenes, and (re-exported) the engine-agnostic kit.
import "./phaser/scene-augmentation.ts";

export { GameLiftPlugin, type GameLiftPluginConfig } from "./phaser/plugin.ts";
export type { Connectable } from "./phaser/scene-connections.ts";
export type { TravelScenesConfig, MapSceneData, LobbyReturnData } from "./phaser/travel-scenes.ts";
export { LoginScene, type LoginSceneOptions, type LoginSceneData, type LoginResult } from "./phaser/scenes/login-scene.ts";
export { LobbyScene, type LobbySceneOptions } from "./phaser/scenes/lobby-scene.ts";
export { DEFAULT_THEME, type UiTheme } from "./phaser/widgets/theme.ts";
export * from "./core/index.ts";
