/**
 * The demo game server: registers with GameLift (local or real Anywhere fleet) from the GAMELIFT_SDK_*
 * variables a fleet launcher sets, and hosts whatever game session it is given. The player gateway and
 * game rules come later; for now it takes its port and logs what GameLift asks of it.
 */
import { GameLiftServerSdk, type GameSession } from "phaser-gamelift/server";

const port = Number(process.env.PORT ?? 7777);
const sdk = new GameLiftServerSdk({
  // Tests shorten the heartbeat; GameLift's own schedule otherwise.
  heartbeatIntervalMs: optionalNumber(process.env.DEMO_HEARTBEAT_MS),
  logger: { info: (m) => log(m) },
});

function log(message: string): void {
  console.log(`[demo-server :${port}] ${message}`);
}

function optionalNumber(value: string | undefined): number | undefined {
  const n = Number(value);
  return value && Number.isFinite(n) && n > 0 ? n : undefined;
}

let ready = false;
let ending = false;
async function endProcess(reason: string, code = 0): Promise<never> {
  if (!ending) {
    ending = true;
    log(`ending (${reason})`);
    try {
      if (ready) await sdk.processEnding();
    } catch (error) {
      log(`processEnding failed: ${(error as Error).message}`);
      code = code || 1;
    }
    await sdk.destroy();
  }
  process.exit(code);
}

async function main(): Promise<void> {
  await sdk.initSDK();
  await sdk.processReady({
    port,
    logPaths: [],
    async onStartGameSession(session: GameSession) {
      log(`starting game session ${session.gameSessionId} (${session.name ?? "unnamed"}, up to ${session.maximumPlayerSessionCount} players)`);
      await sdk.activateGameSession();
      log(`game session active: ${session.gameSessionId}`);
    },
    onUpdateGameSession(update) {
      log(`game session updated: ${update.updateReason}`);
    },
    async onProcessTerminate() {
      log("onProcessTerminate");
      await endProcess("GameLift asked the process to terminate");
    },
    onHealthCheck: () => true,
  });
  ready = true;
  log(`process ready on port ${port}`);
}

process.on("SIGTERM", () => void endProcess("SIGTERM"));
process.on("SIGINT", () => void endProcess("SIGINT"));

main().catch((error: unknown) => {
  console.error(`[demo-server :${port}] could not start: ${(error as Error).message}`);
  void sdk.destroy().finally(() => process.exit(1));
});
