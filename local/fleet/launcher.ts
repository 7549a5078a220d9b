/**
 * A local Anywhere fleet run like GameLift's runtime configuration: sets the fleet up through the GameLift
 * API (local stack or real AWS), then keeps N game server processes running on one registered compute.
 */
import { randomUUID } from "node:crypto";
import { GameLiftClient } from "@aws-sdk/client-gamelift";
import {
  ComputeAuthTokens,
  createAnywhereFleet,
  deregisterCompute,
  ensureCustomLocation,
  ensureFleetAlias,
  findAnywhereFleet,
  registerCompute,
  waitForFleetActive,
  type FleetIdentity,
} from "./setup.ts";
import { DEFAULT_WATCH, watchProcesses, type WatchPolicy } from "./process-watch.ts";
import { DEFAULT_RESTART, ProcessSupervisor, type FleetProcessInfo, type OutputSink, type RestartPolicy } from "./supervisor.ts";

export { createFleetAlias, ensureFleetAlias, findAnywhereFleet } from "./setup.ts";
export type { FleetProcessInfo, RestartPolicy } from "./supervisor.ts";
export type { WatchPolicy } from "./process-watch.ts";

export interface LaunchFleetOptions {
  /** The local stack's endpoint; leave it out for real AWS. */
  endpoint?: string;
  region: string;
  /** Developer keys; leave them out to use the AWS SDK's default credential chain. */
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  /** The fleet's name: an Anywhere fleet of this name is used again (the oldest if several), else one is made. */
  fleetName: string;
  /** A custom location (custom-…); created when missing. */
  location: string;
  /** Use this fleet instead of finding or creating one by name. */
  fleetId?: string;
  processes: number;
  command: string;
  /** `{port}` in an argument becomes the process's port. */
  args?: string[];
  env?: Record<string, string>;
  basePort: number;
  /** The address players reach the compute at. */
  ipAddress: string;
  /**
   * The compute's DNS name, registered with it: game sessions on the compute report it as their DnsName, which
   * clients connect to over TLS (the kit's default: wss://DnsName:Port). Give it with certificatePath.
   */
  dnsName?: string;
  computeName?: string;
  /** The compute's TLS certificate path, which GetComputeCertificate hands to its processes. */
  certificatePath?: string;
  /**
   * A SIMPLE alias for the fleet, found again by name (`<fleetName>-alias`, or the string given) or created;
   * an alias of that name routing elsewhere is pointed at this fleet.
   */
  createAlias?: boolean | string;
  restart?: Partial<RestartPolicy>;
  /**
   * How the launcher watches its processes through GameLift (the local stack's process status): a process the
   * service ended is stopped and replaced at once, one that never connects or stays disconnected after a grace
   * period. Only against the local stack (`endpoint`); false turns it off.
   */
  watch?: Partial<WatchPolicy> | false;
  /** SIGTERM → SIGKILL grace on stop (5 s). */
  stopGraceMs?: number;
  fleetActiveTimeoutMs?: number;
  /** Each line the processes print, prefixed with fleet, slot and pid. stdout/stderr by default. */
  output?: OutputSink;
  log?: (message: string) => void;
}

export interface LaunchedFleet {
  /** The same across restarts of a stack with durable state, as on AWS: the fleet is found again by name. */
  fleetId: string;
  fleetArn: string;
  aliasId?: string;
  aliasArn?: string;
  location: string;
  computeName: string;
  /** The server SDK WebSocket URL RegisterCompute handed out. */
  webSocketUrl: string;
  /** A valid compute auth token (what each launch gets), for tools and tests that run an SDK themselves. */
  authToken(): Promise<string>;
  processes(): FleetProcessInfo[];
  /** Replaces every process at once (new game server code); resolves when each has been relaunched. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

const COMPUTE_NAME = /^[a-zA-Z0-9-]+(\/[a-zA-Z0-9-]+)?$/;

export async function launchFleet(options: LaunchFleetOptions): Promise<LaunchedFleet> {
  validate(options);
  const log = options.log ?? ((message: string) => console.log(`[fleet ${options.fleetName}] ${message}`));
  const client = new GameLiftClient({
    region: options.region,
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    ...(options.credentials ? { credentials: options.credentials } : {}),
  });
  try {
    await ensureCustomLocation(client, options.location);
    let fleet: FleetIdentity | undefined = options.fleetId ? { fleetId: options.fleetId, fleetArn: "" } : await findAnywhereFleet(client, options.fleetName);
    if (fleet && !options.fleetId) log(`using fleet ${fleet.fleetId} (found by name)`);
    fleet ??= await createAnywhereFleet(client, options.fleetName, options.location);
    fleet = await waitForFleetActive(client, fleet.fleetId, options.fleetActiveTimeoutMs ?? 60_000);
    const computeName = options.computeName ?? `compute-${randomUUID().slice(0, 8)}`;
    const webSocketUrl = await registerCompute(client, {
      fleetId: fleet.fleetId,
      computeName,
      ipAddress: options.ipAddress,
      dnsName: options.dnsName,
      location: options.location,
      certificatePath: options.certificatePath,
    });
    const tokens = new ComputeAuthTokens(client, fleet.fleetId, computeName);
    await tokens.get();
    const alias = options.createAlias
      ? await ensureFleetAlias(client, {
          name: typeof options.createAlias === "string" ? options.createAlias : `${options.fleetName}-alias`,
          fleetId: fleet.fleetId,
        })
      : undefined;

    const supervisor = new ProcessSupervisor({
      count: options.processes,
      basePort: options.basePort,
      command: options.command,
      args: options.args ?? [],
      label: options.fleetName,
      restart: { ...DEFAULT_RESTART, ...options.restart },
      output: options.output ?? defaultOutput,
      log,
      async environmentFor(_slot, port) {
        // A process id is unique per launch: GameLift refuses a second connection under an ended one.
        const processId = `process-${randomUUID()}`;
        const env: Record<string, string> = {
          ...inheritedEnv(),
          ...options.env,
          GAMELIFT_SDK_WEBSOCKET_URL: webSocketUrl,
          GAMELIFT_SDK_PROCESS_ID: processId,
          GAMELIFT_SDK_HOST_ID: computeName,
          GAMELIFT_SDK_FLEET_ID: fleet.fleetId,
          GAMELIFT_SDK_AUTH_TOKEN: await tokens.get(),
          PORT: String(port),
        };
        return { env, processId };
      },
    });
    supervisor.start();
    const stopWatching =
      options.endpoint && options.watch !== false
        ? watchProcesses({
            endpoint: options.endpoint,
            fleetId: fleet.fleetId,
            computeName,
            supervisor,
            policy: { ...DEFAULT_WATCH, ...options.watch },
            stopGraceMs: options.stopGraceMs ?? 5_000,
            log,
          })
        : () => undefined;

    let stopped: Promise<void> | undefined;
    return {
      fleetId: fleet.fleetId,
      fleetArn: fleet.fleetArn,
      ...(alias ?? {}),
      location: options.location,
      computeName,
      webSocketUrl,
      authToken: () => tokens.get(),
      processes: () => supervisor.processes(),
      restart: () => supervisor.restart(options.stopGraceMs ?? 5_000),
      stop() {
        stopWatching();
        stopped ??= supervisor
          .stop(options.stopGraceMs ?? 5_000)
          // The fleet outlives this launch (the next one finds it by name); its compute does not, so it leaves
          // the fleet's capacity rather than lingering there with no process.
          .then(() => deregisterCompute(client, fleet.fleetId, computeName))
          .catch((error: unknown) => log(`could not deregister compute ${computeName}: ${(error as Error).message}`))
          .finally(() => client.destroy());
        return stopped;
      },
    };
  } catch (error) {
    client.destroy();
    throw error;
  }
}

function validate(options: LaunchFleetOptions): void {
  const fail = (message: string): never => {
    throw new TypeError(`launchFleet: ${message}`);
  };
  if (!Number.isInteger(options.processes) || options.processes < 0 || options.processes > 200) fail("processes must be an integer 0–200");
  if (!Number.isInteger(options.basePort) || options.basePort < 0 || options.basePort + options.processes - 1 > 60000) {
    fail("basePort must be 0 (free ports) or basePort .. basePort+processes-1 must lie within 1–60000 (the server SDKs' port range)");
  }
  if (!options.command) fail("command is required");
  if (!options.ipAddress) fail("ipAddress is required");
  if (!options.fleetName) fail("fleetName is required");
  if (options.computeName !== undefined && !COMPUTE_NAME.test(options.computeName)) fail(`computeName must match ${COMPUTE_NAME.source}`);
}

function inheritedEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    // A launcher running inside a game server must not hand its own GameLift identity down.
    if (value !== undefined && !key.startsWith("GAMELIFT_SDK_")) env[key] = value;
  }
  return env;
}

const defaultOutput: OutputSink = (line, stream) => {
  (stream === "stderr" ? process.stderr : process.stdout).write(`${line}\n`);
};
