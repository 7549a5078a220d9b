import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { describeDevStack, startDevStack } from "./dev-stack.ts";
import { GameConfigError, loadGameConfig, type GameConfig } from "./game-config/index.ts";

/** Relative to the working directory: the repository's root. */
const DEMO_CONFIG_FILE = "demo/gamelift.config.json";

const HELP = `phaser-gamelift-local — the local AWS stack (GameLift client and server-process APIs)

usage: phaser-gamelift-local start [options]

  --config <file>        apply a game's gamelift.config.json: its user pool, app client, identity pool and
                         players, its fleet (with game server processes), alias, queue and matchmaking; what
                         exists from an earlier start is found again by name and brought in line with the file
  --demo                 the demo game's config: --config ${DEMO_CONFIG_FILE}
  --host <addr>          listen address (default 127.0.0.1)
  --port <n>             HTTP port for every service (default 8080)
  --region <name>        region the services answer for (default: the config's, else us-west-2)
  --fleet-command <cmd>  game server command; with a config it replaces local.command; without one, a fleet
                         of this command with the demo's sign-in set-up (omit for no fleet)
  --processes <n>        game server processes (per location with a config; default: the config's, else 2)
  --base-port <n>        first game server port (default 0: free ports)
  --fleet-name <name>    without a config (default local-fleet)
  --tls                  give the fleet a certificate: a local CA and a certificate for localhost, 127.0.0.1 and
                         ::1 are made (kept in <state dir>/tls; trust its rootCertificate.pem); game sessions
                         report DnsName localhost and game servers serve wss://
  --tls-cert <path>      use this CertificatePath instead (a PEM file with its key, or a folder with
                         certificate.pem and privateKey.pem), valid for --tls-dns-name
  --tls-dns-name <name>  the DnsName the given certificate is for (default localhost)
  --state <file>         where endpoints, ids and developer keys are written (default .local/stack.json);
                         durable GameLift and Cognito state lives beside it, in state/
  -h, --help
`;

/** Reads the config named by --config / --demo; a bad file is reported field by field and stops the start. */
function readConfig(file: string): GameConfig | undefined {
  try {
    return loadGameConfig(file);
  } catch (error) {
    if (error instanceof GameConfigError) {
      console.error(error.message);
      return undefined;
    }
    throw error;
  }
}

function splitCommand(command: string): string[] {
  // Quotes group words; nothing fancier is needed for a launch command.
  return [...command.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2] ?? m[3]!);
}

function positiveInt(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`--${name} must be a whole number from 0 to 65535, not '${raw}'`);
  return n;
}

export async function main(argv: string[]): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        host: { type: "string" },
        port: { type: "string" },
        region: { type: "string" },
        "fleet-command": { type: "string" },
        processes: { type: "string" },
        "base-port": { type: "string" },
        "fleet-name": { type: "string" },
        tls: { type: "boolean" },
        "tls-cert": { type: "string" },
        "tls-dns-name": { type: "string" },
        state: { type: "string" },
        config: { type: "string" },
        demo: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (e) {
    console.error(`${(e as Error).message}\n\n${HELP}`);
    return 2;
  }
  const { values, positionals } = args;
  if (values.help || positionals[0] !== "start") {
    console.log(HELP);
    return values.help || positionals.length === 0 ? 0 : 2;
  }

  const statePath = resolve(values.state ?? ".local/stack.json");
  if (values.demo && values.config) {
    console.error(`--demo is --config ${DEMO_CONFIG_FILE}: give one of them`);
    return 2;
  }
  const configFile = values.config ?? (values.demo ? DEMO_CONFIG_FILE : undefined);
  const config = configFile === undefined ? undefined : readConfig(configFile);
  if (configFile !== undefined && !config) return 2;
  let port: number, processes: number | undefined, basePort: number;
  try {
    port = positiveInt("port", values.port, 8080);
    processes = values.processes === undefined ? undefined : positiveInt("processes", values.processes, 2);
    basePort = positiveInt("base-port", values["base-port"], 0);
  } catch (e) {
    console.error((e as Error).message);
    return 2;
  }

  const tlsCert = values["tls-cert"];
  const tls = tlsCert ? { certificatePath: tlsCert, dnsName: values["tls-dns-name"] ?? "localhost" } : values.tls === true;
  const fleetCommand = values["fleet-command"];
  const [command, ...commandArgs] = fleetCommand ? splitCommand(fleetCommand) : [];
  const stack = await startDevStack({
    stateFile: statePath,
    host: values.host,
    port,
    region: values.region ?? config?.region,
    attach: false,
    ...(config
      ? {
          config,
          configFile,
          // The config's command unless --fleet-command replaces it; its process count unless --processes does.
          fleet: { ...(command ? { command, args: commandArgs } : {}), processes, basePort, tls },
        }
      : {
          identity: fleetCommand !== undefined,
          ...(command && (processes ?? 2) > 0
            ? { fleet: { command, args: commandArgs, processes: processes ?? 2, basePort, name: values["fleet-name"] ?? "local-fleet", location: "custom-local", tls } }
            : {}),
        }),
  });
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping the game servers and the local stack…`);
    await stack.stop();
    console.log("stopped.");
    process.exit(0);
  };
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));

  console.log(`\n${describeDevStack(stack, statePath)}\nCtrl-C stops everything.\n`);
  return new Promise<number>(() => {
    // runs until a signal stops it
  });
}
