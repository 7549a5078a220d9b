import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { describeDevStack, startDevStack } from "./dev-stack.ts";

const HELP = `phaser-gamelift-local — the local AWS stack (GameLift client and server-process APIs)

usage: phaser-gamelift-local start [options]

  --host <addr>          listen address (default 127.0.0.1)
  --port <n>             HTTP port for every service (default 8080)
  --region <name>        region the services answer for (default us-west-2)
  --fleet-command <cmd>  game server command the fleet launcher runs (omit for no fleet)
  --processes <n>        game server processes on the fleet (default 2)
  --base-port <n>        first game server port (default 7770)
  --fleet-name <name>    (default local-fleet)
  --state <file>         where endpoints, ids and developer keys are written (default .local/stack.json);
                         durable GameLift and Cognito state lives beside it, in state/
  --demo                 also create (or find again) the demo user pool, identity pool and players
  -h, --help
`;

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
        state: { type: "string" },
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
  let port: number, processes: number, basePort: number;
  try {
    port = positiveInt("port", values.port, 8080);
    processes = positiveInt("processes", values.processes, 2);
    basePort = positiveInt("base-port", values["base-port"], 7770);
  } catch (e) {
    console.error((e as Error).message);
    return 2;
  }

  const fleetCommand = values["fleet-command"];
  const [command, ...commandArgs] = fleetCommand ? splitCommand(fleetCommand) : [];
  const stack = await startDevStack({
    stateFile: statePath,
    host: values.host,
    port,
    region: values.region,
    attach: false,
    identity: values.demo === true,
    ...(command && processes > 0
      ? { fleet: { command, args: commandArgs, processes, basePort, name: values["fleet-name"] ?? "local-fleet", location: "custom-local" } }
      : {}),
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
