// Shared by the GameLift API benchmarks: a local Anywhere fleet whose server processes are SDK instances in
// this process (thousands of real WebSocket connections; a child process each would not fit the machine).
import { CreateGameSessionCommand, GameLiftClient } from "@aws-sdk/client-gamelift";
import { launchFleet, type LaunchedFleet } from "../local/fleet/launcher.ts";
import { GameLiftServerSdk } from "../server/index.ts";

export interface BenchFleet {
  client: GameLiftClient;
  fleet: LaunchedFleet;
  sdks: GameLiftServerSdk[];
  location: string;
  /** Game sessions the SDK instances have activated so far. */
  activated(): number;
  stop(): Promise<void>;
}

const quiet = { info() {}, warn() {}, error() {}, debug() {} };

export async function startBenchFleet(
  target: { endpoint: string; region: string; credentials: { accessKeyId: string; secretAccessKey: string } },
  processes: number,
): Promise<BenchFleet> {
  const client = new GameLiftClient({ region: target.region, endpoint: target.endpoint, credentials: target.credentials, maxAttempts: 1 });
  const location = "custom-bench";
  const fleet = await launchFleet({
    endpoint: target.endpoint,
    region: target.region,
    credentials: target.credentials,
    fleetName: "bench",
    location,
    processes: 0,
    command: process.execPath,
    basePort: 20000,
    ipAddress: "127.0.0.1",
    log: () => {},
  });
  const authToken = await fleet.authToken();
  const sdks: GameLiftServerSdk[] = [];
  let activated = 0;
  await inBatches(processes, 200, async (i) => {
    const sdk = new GameLiftServerSdk({ logger: quiet, exit: () => {} });
    await sdk.initSDK({ webSocketUrl: fleet.webSocketUrl, processId: `bench-${i}`, hostId: fleet.computeName, fleetId: fleet.fleetId, authToken });
    await sdk.processReady({ port: 20000 + i, onStartGameSession: () => void sdk.activateGameSession().then(() => activated++), onHealthCheck: () => true });
    sdks.push(sdk);
  });
  return {
    client,
    fleet,
    sdks,
    location,
    activated: () => activated,
    async stop() {
      await Promise.all(sdks.map((s) => s.destroy()));
      await fleet.stop();
      client.destroy();
    },
  };
}

/** Creates game sessions and waits until every one is ACTIVE. */
export async function createSessions(
  bench: BenchFleet,
  count: number,
  shape: (i: number) => { MaximumPlayerSessionCount: number; Name?: string; GameProperties?: { Key: string; Value: string }[] },
): Promise<string[]> {
  const ids: string[] = new Array(count);
  const wanted = bench.activated() + count;
  await inBatches(count, 50, async (i) => {
    const out = await bench.client.send(new CreateGameSessionCommand({ FleetId: bench.fleet.fleetId, Location: bench.location, ...shape(i) }));
    ids[i] = out.GameSession!.GameSessionId!;
  });
  const deadline = Date.now() + 120_000;
  while (bench.activated() < wanted && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  if (bench.activated() < wanted) throw new Error(`only ${bench.activated() - wanted + count} of ${count} game sessions became ACTIVE`);
  return ids;
}

export async function inBatches(count: number, concurrency: number, work: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < count) await work(next++);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
}
