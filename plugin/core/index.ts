// phaser-gamelift/core — the engine-agnostic core: no Phaser here, so it runs in Node tests and other engines.
export { createGameLiftKit, type GameLiftKit, type GameLiftKitOptions } from "./kit.ts";
export type { GameLiftKitConfig, DeviceCodeProviderConfig } from "./config.ts";
export { GameLiftKitError, type KitErrorCode } from "./errors.ts";
export { NotificationBus, type BusConnection, type EventMap, type HandlerObject } from "./events/bus.ts";
export { TimerSet } from "./timers.ts";
export * from "./auth/index.ts";
export * from "./gamelift/index.ts";
export * from "./travel/index.ts";
