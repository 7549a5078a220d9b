import * as Phaser from "phaser";
import type { BusConnection } from "../core/events/bus.ts";

/** Anything with a Lua-style connect(handlers): every kit bus, and a game's own. */
export interface Connectable<Handlers> {
  /** Subscribes the handlers; the connection disconnects them. */
  connect(handlers: Handlers): BusConnection;
}

/**
 * Connects handlers for as long as the scene runs: they disconnect themselves when it shuts down or is
 * destroyed, so a scene that is started again does not receive every notification twice.
 */
export function connectForScene<Handlers>(scene: Phaser.Scene, bus: Connectable<Handlers>, handlers: Handlers): BusConnection {
  const connection = bus.connect(handlers);
  const end = () => disconnect();
  const disconnect = () => {
    connection.disconnect();
    scene.events.off(Phaser.Scenes.Events.SHUTDOWN, end);
    scene.events.off(Phaser.Scenes.Events.DESTROY, end);
  };
  scene.events.once(Phaser.Scenes.Events.SHUTDOWN, end);
  scene.events.once(Phaser.Scenes.Events.DESTROY, end);
  return { disconnect };
}
