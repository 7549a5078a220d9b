/**
 * Applies a game's gamelift.config.json to the local stack: the Cognito set-up, the GameLift definitions, and the
 * game server processes on the fleet (one compute per location). What it makes is found again by name on the next
 * start, so the ids a built game holds keep working as long as the stack's state does.
 */
import { extname, join } from "node:path";
import { GameLiftClient } from "@aws-sdk/client-gamelift";
import { launchFleet, type LaunchedFleet } from "../fleet/launcher.ts";
import type { OutputSink } from "../fleet/supervisor.ts";
import type { PublicGameConfig } from "../dev-stack.ts";
import type { GameConfig } from "../game-config/index.ts";
import { startLocationPings, type LocationPings } from "../network/location-pings.ts";
import { applyGameLift, type AppliedGameLift } from "./apply-gamelift.ts";
import { applyIdentity, type AppliedIdentity, type SetupTarget } from "./apply-identity.ts";

export type { SetupTarget } from "./apply-identity.ts";

export interface ApplyOptions {
  /** Game server processes per location; the config's processesPerCompute by default. 0 makes the fleet without processes. */
  processes?: number;
  /**
   * The command for one process: a command line (`{entry}` is the entry file) or an argv used as it is (a dev
   * server's own build of the entry, say). The config's local.command by default, else `node {entry}`.
   */
  command?: string | string[];
  /** The first port, each process taking the next; 0 (the default) picks free ports. */
  basePort?: number;
  /** The address players reach the processes at. */
  ipAddress?: string;
  env?: Record<string, string>;
  output?: OutputSink;
  /** Register the computes with this DnsName and CertificatePath: game servers serve wss:// (see DevStack's fleet.tls). */
  tls?: { dnsName: string; certificatePath: string };
}

export interface AppliedGame {
  identity: AppliedIdentity;
  gamelift: AppliedGameLift;
  /** One per location, in the config's order. */
  computes: { location: string; computeName: string; processes: number; basePort: number }[];
  /** What the game's browser code is given (the Vite plugin's module): no keys, no passwords. */
  publicConfig: PublicGameConfig;
  /** Simulated round trips by local location name (local.locations; 0 for a location it leaves out). */
  simulatedLatencyMs: Record<string, number>;
  /** Each local location's ping endpoint, answering after its simulated round trip (publicConfig.latency has them too). */
  pingEndpoints: Record<string, string>;
  /** The game server processes of every location (new code), each replaced as soon as it has stopped. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

/** `node {entry}` (through tsx for TypeScript), or the config's own command, as argv. */
export function serverCommand(config: GameConfig, override?: string): string[] {
  const entry = join(config.gamelift.fleet.server.folder, config.gamelift.fleet.server.entry);
  const template = override ?? config.local.command ?? (/\.[cm]?ts$/.test(extname(entry)) ? "node --import tsx {entry}" : "node {entry}");
  // Quotes group words; nothing fancier is needed for a launch command.
  const words = [...template.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)].map((m) => (m[1] ?? m[2] ?? m[3]!).replaceAll("{entry}", entry));
  // `node` is this Node, whatever PATH says.
  if (words[0] === "node") words[0] = process.execPath;
  return words;
}

export async function applyGameConfig(target: SetupTarget, config: GameConfig, options: ApplyOptions = {}): Promise<AppliedGame> {
  const log = target.log ?? ((message: string) => console.log(`[config ${config.game}] ${message}`));
  const identity = await applyIdentity({ ...target, log }, config);
  const client = new GameLiftClient({ region: target.region, endpoint: target.endpoint, credentials: target.credentials });
  let gamelift: AppliedGameLift;
  try {
    gamelift = await applyGameLift(client, config, log);
  } finally {
    client.destroy();
  }

  const fleetConfig = config.gamelift.fleet;
  const processes = options.processes ?? fleetConfig.processesPerCompute;
  const basePort = options.basePort ?? 0;
  const [command, ...args] = Array.isArray(options.command) ? options.command : serverCommand(config, options.command);
  const launched: LaunchedFleet[] = [];
  const computes: AppliedGame["computes"] = [];
  try {
    for (const [i, location] of gamelift.locations.entries()) {
      const firstPort = basePort === 0 ? 0 : basePort + i * processes;
      const fleet = await launchFleet({
        endpoint: target.endpoint,
        region: target.region,
        credentials: target.credentials,
        fleetName: fleetConfig.name,
        fleetId: gamelift.fleetId,
        location,
        processes,
        command: command!,
        args,
        // The game servers learn whose players to seat: the game's identity pool, its tokens issued by this stack.
        env: { PHASER_GAMELIFT_IDENTITY_POOL_ID: identity.identityPoolId, PHASER_GAMELIFT_IDENTITY_ISSUER: target.endpoint, ...options.env },
        basePort: firstPort,
        ipAddress: options.ipAddress ?? "127.0.0.1",
        ...(options.tls ? { dnsName: options.tls.dnsName, certificatePath: options.tls.certificatePath } : {}),
        output: options.output,
        log: (message) => log(`${location}: ${message}`),
      });
      launched.push(fleet);
      computes.push({ location, computeName: fleet.computeName, processes, basePort: firstPort });
    }
  } catch (error) {
    await Promise.all(launched.map((f) => f.stop()));
    throw error;
  }

  const simulatedLatencyMs = Object.fromEntries(
    fleetConfig.locations.map((location, i) => [gamelift.locations[i]!, config.local.locations[location]?.latencyMs ?? 0]),
  );
  let pings: LocationPings;
  try {
    pings = await startLocationPings(simulatedLatencyMs, options.ipAddress ?? "127.0.0.1");
  } catch (error) {
    await Promise.all(launched.map((f) => f.stop()));
    throw error;
  }
  log(`ping endpoints: ${gamelift.locations.map((l) => `${l} ${pings.endpoints[l]} (+${simulatedLatencyMs[l]} ms)`).join(", ")}`);
  return {
    identity,
    gamelift,
    computes,
    publicConfig: {
      region: target.region,
      endpoint: target.endpoint,
      cognito: { userPoolId: identity.userPoolId, appClientId: identity.appClientId, identityPoolId: identity.identityPoolId },
      ...(Object.keys(identity.providers).length ? { providers: identity.providers } : {}),
      // The alias alone, as the deploy's outputs give it: the kit takes a fleet or an alias, never both (and an
      // alias is what a game points at, so its fleet can be replaced without a client update).
      gamelift: {
        aliasId: gamelift.aliasId,
        location: gamelift.locations[0],
        queueName: gamelift.queueName,
        ...(gamelift.matchmaking ? { matchmakingConfigurationName: gamelift.matchmaking.configurationName } : {}),
      },
      latency: { locations: gamelift.locations, endpoints: pings.endpoints },
    },
    simulatedLatencyMs,
    pingEndpoints: pings.endpoints,
    async restart() {
      await Promise.all(launched.map((f) => f.restart()));
    },
    async stop() {
      await Promise.all(launched.map((f) => f.stop()));
      await pings.close();
    },
  };
}
