import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { parseArgs } from "node:util";
import type { DeveloperCredentials } from "./credentials.ts";
import { generateDeveloperCredentials } from "./credentials.ts";
import { identityPoolsExtension } from "./cognito/identity/index.ts";
import { userPoolsExtension } from "./cognito/userpool/index.ts";
import { launchFleet, type LaunchedFleet } from "./fleet/launcher.ts";
import { deviceCodeProvidersExtension } from "./oauth/index.ts";
import { ensureDemoIdentity, type DemoIdentity } from "./setup/demo-identity.ts";
import { startLocalStack } from "./stack.ts";

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
                         durable Cognito state lives beside it, in state/
  --demo                 also create (or find again) the demo user pool, identity pool and players
  -h, --help
`;

export interface StackState {
  endpoint: string;
  region: string;
  accountId: string;
  developerCredentials: DeveloperCredentials;
  gamelift: { endpoint: string; sdkEndpoint: string };
  fleet?: { fleetId: string; fleetArn: string; aliasId?: string; aliasArn?: string; location: string; computeName: string; processes: number };
  cognito: { endpoint: string; mailbox: string; deviceVerificationPage: string; demo?: DemoIdentity };
  pid: number;
  startedAt: string;
}

/** Developer keys stay the same across restarts so scripts written against one run keep working. */
function loadOrCreateDeveloperKeys(stateDir: string): DeveloperCredentials {
  const file = resolve(stateDir, "developer-credentials.json");
  try {
    const parsed = JSON.parse(readFileSync(file, "utf8")) as Partial<DeveloperCredentials>;
    if (typeof parsed.accessKeyId === "string" && typeof parsed.secretAccessKey === "string") {
      return { accessKeyId: parsed.accessKeyId, secretAccessKey: parsed.secretAccessKey };
    }
  } catch {
    // first run, or an unreadable file: make new keys
  }
  const keys = generateDeveloperCredentials();
  mkdirSync(stateDir, { recursive: true });
  writeFileSync(file, JSON.stringify(keys, null, 2), { mode: 0o600 });
  return keys;
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
  const stateDir = dirname(statePath);
  let port: number, processes: number, basePort: number;
  try {
    port = positiveInt("port", values.port, 8080);
    processes = positiveInt("processes", values.processes, 2);
    basePort = positiveInt("base-port", values["base-port"], 7770);
  } catch (e) {
    console.error((e as Error).message);
    return 2;
  }

  const stack = await startLocalStack({
    host: values.host,
    port,
    region: values.region,
    developerCredentials: loadOrCreateDeveloperKeys(stateDir),
    stateDir: resolve(stateDir, "state"),
    extensions: [userPoolsExtension(), identityPoolsExtension(), deviceCodeProvidersExtension()],
  });
  let fleet: LaunchedFleet | undefined;
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping the game servers and the local stack…`);
    await fleet?.stop();
    await stack.stop();
    rmSync(statePath, { force: true });
    console.log("stopped.");
    process.exit(0);
  };
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));

  const demo = values.demo
    ? await ensureDemoIdentity({ endpoint: stack.endpoint, region: stack.region, accountId: stack.accountId, credentials: stack.developerCredentials })
    : undefined;

  const fleetCommand = values["fleet-command"];
  if (fleetCommand && processes > 0) {
    const [command, ...commandArgs] = splitCommand(fleetCommand);
    fleet = await launchFleet({
      endpoint: stack.endpoint,
      region: stack.region,
      credentials: stack.developerCredentials,
      fleetName: values["fleet-name"] ?? "local-fleet",
      location: "custom-local",
      processes,
      command: command!,
      args: commandArgs,
      basePort,
      ipAddress: "127.0.0.1",
      createAlias: true,
    });
  }

  const state: StackState = {
    endpoint: stack.endpoint,
    region: stack.region,
    accountId: stack.accountId,
    // A copy: AWS SDK clients annotate the credential objects they are given.
    developerCredentials: { accessKeyId: stack.developerCredentials.accessKeyId, secretAccessKey: stack.developerCredentials.secretAccessKey },
    gamelift: { endpoint: stack.endpoint, sdkEndpoint: stack.sdkEndpoint },
    fleet: fleet && {
      fleetId: fleet.fleetId,
      fleetArn: fleet.fleetArn,
      aliasId: fleet.aliasId,
      aliasArn: fleet.aliasArn,
      location: fleet.location,
      computeName: fleet.computeName,
      processes,
    },
    cognito: {
      endpoint: stack.endpoint,
      mailbox: `${stack.endpoint}/_local/mailbox.html`,
      deviceVerificationPage: `${stack.endpoint}/oauth/device`,
      demo,
    },
    pid: process.pid,
    startedAt: new Date().toISOString(),
  };
  mkdirSync(stateDir, { recursive: true });
  writeFileSync(statePath, JSON.stringify(state, null, 2) + "\n", { mode: 0o600 });

  console.log(`
phaser-gamelift local stack is up (region ${stack.region})
  GameLift client API       ${stack.endpoint}   (awsJson1_1 and rpc-v2-cbor)
  GameLift server SDK       ${stack.sdkEndpoint}
  Cognito user + identity   ${stack.endpoint}
  dev mailbox               ${state.cognito.mailbox}
  device sign-in page       ${state.cognito.deviceVerificationPage}
  developer credentials     ${stack.developerCredentials.accessKeyId} (secret in ${statePath})${
    fleet
      ? `
  fleet                     ${fleet.fleetId} in ${fleet.location}, ${processes} game server processes from port ${basePort}
  alias                     ${fleet.aliasId ?? "-"}`
      : ""
  }
${
    demo
      ? `  demo user pool            ${demo.userPoolId} (app client ${demo.appClientId})
  demo identity pool        ${demo.identityPoolId}
  demo players              ${demo.users.map((u) => `${u.username} / ${u.password}`).join(",  ")}
`
      : ""
  }  state file                ${statePath}
Ctrl-C stops everything.
`);
  return new Promise<number>(() => {
    // runs until a signal stops it
  });
}
