// The plugin's life in a real game, reported to the test as window.__lifecycle: installed at run time through
// the PluginManager, mapped into a scene that was already running, handlers connected through a scene
// disconnected when it stops, and the kit destroyed with the game. The kit is real: createGameLiftKit.
import * as Phaser from "phaser";
import { createGameLiftKit, GameLiftPlugin } from "phaser-gamelift";

const report: Record<string, unknown> = {};
let baseline = 0;
(window as unknown as { __lifecycle: Record<string, unknown> }).__lifecycle = report;

class FirstScene extends Phaser.Scene {
  constructor() {
    super({ key: "FirstScene" });
  }
  create(): void {
    report["mappedBeforeInstall"] = this.gamelift !== undefined;
    this.game.events.emit("first-ready", this);
  }
}

class SecondScene extends Phaser.Scene {
  constructor() {
    super({ key: "SecondScene" });
  }
  create(): void {
    // Typed through the plugin's Scene augmentation: no cast.
    const plugin = this.gamelift;
    report["secondSceneMapped"] = plugin instanceof GameLiftPlugin;
    const before = plugin.travel.bus.listenerCount;
    baseline = before;
    plugin.connect(this, plugin.travel.bus, { onPlayerJoined: () => undefined });
    report["listenersAdded"] = plugin.travel.bus.listenerCount - before;
  }
}

const game = new Phaser.Game({ type: Phaser.CANVAS, parent: "game", width: 320, height: 200, scene: [FirstScene, SecondScene] });

game.events.once("first-ready", (first: Phaser.Scene) => {
  const kit = createGameLiftKit({ region: "us-west-2", endpoint: "http://127.0.0.1:9" });
  let destroyed = 0;
  const destroy = kit.destroy.bind(kit);
  kit.destroy = () => {
    destroyed++;
    destroy();
  };
  const plugin = GameLiftPlugin.install(game, { region: "us-west-2", kit });
  report["installed"] = plugin instanceof GameLiftPlugin;
  report["mappedIntoRunningScene"] = first.gamelift === plugin;
  report["sameKit"] = plugin.kit === kit;

  game.scene.start("SecondScene");
  setTimeout(() => {
    game.scene.stop("SecondScene");
    setTimeout(() => {
      report["listenersLeftAfterStop"] = plugin.travel.bus.listenerCount - baseline;
      // A kit handed in stays the game's to destroy; one the plugin made dies with the game.
      const owned = GameLiftPlugin.install(game, { region: "us-west-2" }, { key: "OwnKit", mapping: "ownKit" });
      const ownKit = owned.kit;
      let ownDestroyed = 0;
      const ownDestroy = ownKit.destroy.bind(ownKit);
      ownKit.destroy = () => {
        ownDestroyed++;
        ownDestroy();
      };
      game.destroy(false);
      // Game destruction runs on the next frame.
      setTimeout(() => {
        report["gameKitDestroyed"] = destroyed;
        report["ownKitDestroyed"] = ownDestroyed;
        report["done"] = true;
      }, 300);
    }, 100);
  }, 200);
});
