import { createPlayerGateway, GameLiftServerSdk, type PlayerGateway } from "phaser-gamelift/server";

const port = Number(process.env.PORT ?? 7777);
const sdk = new GameLiftServerSdk();
let gateway: PlayerGateway | undefined;

try {
  // GameLift (or the local fleet) hands every process its settings in GAMELIFT_SDK_* variables.
  await sdk.initSDK();
} catch (error) {
  console.error(`This is a GameLift game server: run it on a fleet (npm run dev runs a local one). ${(error as Error).message}`);
  process.exit(1);
}

await sdk.processReady({
  port,
  onStartGameSession: async (gameSession) => {
    gateway = await createPlayerGateway({
      sdk,
      gameSession,
      port,
      map: gameSession.gameProperties.map ?? "arena",
      // A session nobody is in for a minute ends, and this process with it (the fleet starts a fresh one).
      endWhenEmptyMs: 60_000,
      // Relay each move to everyone, the mover included, tagged with who moved.
      onPlayerMessage: (player, type, data) => {
        if (type === "move") gateway?.broadcast("move", data, { from: player.playerId });
      },
    });
    await sdk.activateGameSession();
  },
  // TerminateGameSession: every player is told why, then ProcessEnding, then exit.
  onProcessTerminate: () => sdk.endProcess("The server is shutting down."),
  onHealthCheck: () => true,
});
// The fleet's host stops a process with SIGTERM (npm run dev's restart after an edit does too): end it the same
// way, so its players are told why and GameLift ends its session at once instead of listing a dead one.
process.on("SIGTERM", () => void sdk.endProcess("The server is restarting."));
console.log(`game server ready on port ${port}`);
