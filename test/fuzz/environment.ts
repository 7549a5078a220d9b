/**
 * What the fuzz targets hit: one local stack (GameLift, Cognito user pools and identity pools) and, on a fleet
 * of its own, a game session hosted in this process by the server SDK with a real player gateway in front,
 * seating players of a test identity pool. Whatever a target breaks shows up here, in this process: an
 * uncaught exception, an unhandled rejection, an answer that never comes.
 */
import { randomUUID } from "node:crypto";
import { CreateGameSessionCommand, CreatePlayerSessionCommand, DescribeGameSessionsCommand, GameLiftClient } from "@aws-sdk/client-gamelift";
import { identityPoolsExtension } from "../../local/cognito/identity/index.ts";
import { userPoolsExtension } from "../../local/cognito/userpool/index.ts";
import { launchFleet, type LaunchedFleet } from "../../local/fleet/launcher.ts";
import { startLocalStack, type LocalStack } from "../../local/stack.ts";
import { createPlayerGateway, GameLiftServerSdk, type PlayerGateway } from "../../server/index.ts";
import { createTestIdentityPool, type TestIdentity, type TestIdentityPool } from "../helpers/identities.ts";

export interface FuzzFleet {
  fleetId: string;
  computeName: string;
  location: string;
  webSocketUrl: string;
  authToken(): Promise<string>;
}

export interface FuzzEnvironment {
  stack: LocalStack;
  /** For the HTTP front: a fleet of its own, whatever the fuzzer does to it. */
  httpFleet: { fleetId: string; location: string };
  /** For the server-process endpoint: processes connect to its compute. */
  processFleet: FuzzFleet;
  gateway: PlayerGateway;
  gatewayUrl: string;
  /** A reserved player session in the gateway's game session, for a player of the pool. */
  reserve(identity: TestIdentity): Promise<string>;
  /** Guest identities of the gateway's pool, with a token each (fetched once, good for ten minutes). */
  players: { identity: TestIdentity; token: string }[];
  /** Lines the gateway and the SDK logged. */
  log: string[];
  /** Throws when the stack or the gateway no longer does its job. */
  checkAlive(): Promise<void>;
  stop(): Promise<void>;
}

const quiet = { info() {}, warn() {}, error() {}, debug() {} };

export async function startFuzzEnvironment(): Promise<FuzzEnvironment> {
  const internalErrors: string[] = [];
  const stack = await startLocalStack({
    port: 0,
    extensions: [userPoolsExtension(), identityPoolsExtension()],
    // An answer of 500 is a bug in the stack, even when the client is no longer there to read it.
    onServed: (served) => {
      if (served.status >= 500) internalErrors.push(`${served.service}.${served.operation} answered ${served.status} ${served.errorType ?? ""}`);
    },
  });
  const gamelift = new GameLiftClient({ region: stack.region, endpoint: stack.endpoint, credentials: stack.developerCredentials, maxAttempts: 1 });
  const log: string[] = [];
  const closers: (() => Promise<void> | void)[] = [() => gamelift.destroy()];
  const stop = async () => {
    for (const close of closers.reverse()) await close();
    await stack.stop();
  };
  try {
    const pool: TestIdentityPool = await createTestIdentityPool(stack, "fuzzed players");
    closers.push(() => pool.destroy());
    const fleets: LaunchedFleet[] = [];
    const fleetOf = async (name: string) => {
      const fleet = await launchFleet({
        endpoint: stack.endpoint,
        region: stack.region,
        credentials: stack.developerCredentials,
        fleetName: name,
        location: `custom-${name}`,
        processes: 0,
        command: process.execPath,
        basePort: 0,
        ipAddress: "127.0.0.1",
        watch: false,
        log: () => undefined,
      });
      fleets.push(fleet);
      closers.push(() => fleet.stop());
      return fleet;
    };
    const http = await fleetOf("fuzz-http");
    const processes = await fleetOf("fuzz-processes");
    const host = await fleetOf("fuzz-gateway");

    const sdk = new GameLiftServerSdk({ logger: quiet, exit: () => undefined });
    closers.push(() => sdk.destroy());
    let gatewayReady!: (gateway: PlayerGateway) => void;
    const hosted = new Promise<PlayerGateway>((resolve) => (gatewayReady = resolve));
    await sdk.initSDK({ webSocketUrl: host.webSocketUrl, processId: `process-${randomUUID()}`, hostId: host.computeName, fleetId: host.fleetId, authToken: await host.authToken() });
    await sdk.processReady({
      port: 20_000,
      onStartGameSession: async (gameSession) => {
        const gateway = await createPlayerGateway({
          sdk,
          gameSession,
          port: 0,
          host: "127.0.0.1",
          map: "arena",
          identity: { identityPoolId: pool.identityPoolId, issuer: pool.issuer },
          // The limits have their own tests; here every case must reach the parser and the admission path.
          maxPendingPerAddress: 1_000,
          maxPendingConnections: 1_000,
          maxAdmissionsPerSecond: 100_000,
          maxAdmissionsPerSecondPerAddress: 100_000,
          helloTimeoutMs: 2_000,
          graceMs: 200,
          onPlayerMessage: (player, type, data) => void gateway.broadcast(type.slice(0, 64) || "x", data, { from: player.playerId }),
          log: (line) => void log.push(line),
        });
        closers.push(() => gateway.endSession("fuzzing over"));
        await sdk.activateGameSession();
        gatewayReady(gateway);
      },
    });
    const created = await gamelift.send(new CreateGameSessionCommand({ FleetId: host.fleetId, Location: host.location, MaximumPlayerSessionCount: 200 }));
    const gameSessionId = created.GameSession!.GameSessionId!;
    const gateway = await hosted;
    for (let i = 0; i < 100; i++) {
      const s = (await gamelift.send(new DescribeGameSessionsCommand({ GameSessionId: gameSessionId }))).GameSessions?.[0];
      if (s?.Status === "ACTIVE") break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const players = [];
    for (let i = 0; i < 4; i++) {
      const identity = await pool.guest();
      players.push({ identity, token: await identity.token() });
    }
    const gatewayUrl = `ws://127.0.0.1:${gateway.port}`;
    const reserve = async (identity: TestIdentity) =>
      (await gamelift.send(new CreatePlayerSessionCommand({ GameSessionId: gameSessionId, PlayerId: identity.id }))).PlayerSession!.PlayerSessionId!;

    return {
      stack,
      httpFleet: { fleetId: http.fleetId, location: http.location },
      processFleet: { fleetId: processes.fleetId, computeName: processes.computeName, location: processes.location, webSocketUrl: processes.webSocketUrl, authToken: () => processes.authToken() },
      gateway,
      gatewayUrl,
      reserve,
      players,
      log,
      async checkAlive() {
        if (internalErrors.length) throw new Error(`the stack answered ${internalErrors.length} request(s) with 5xx: ${internalErrors.splice(0).slice(0, 5).join("; ")}`);
        const health = await fetch(`${stack.endpoint}/_local/health`, { signal: AbortSignal.timeout(5_000) });
        if (!health.ok) throw new Error(`the stack's health check answered ${health.status}`);
        // GameLift still answers, and the gateway's game session is still there.
        const s = (await gamelift.send(new DescribeGameSessionsCommand({ GameSessionId: gameSessionId }))).GameSessions?.[0];
        if (s?.Status !== "ACTIVE") throw new Error(`the gateway's game session is ${s?.Status}`);
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
