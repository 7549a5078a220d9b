/**
 * The local stack as a game's development server wants it: started in this process (or found running in
 * another one, through its state file), the sign-in set-up made or found again, and the game's own server
 * fleet launched against it. The CLI's `start` and the Vite plugin both run on this.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { identityPoolsExtension } from "./cognito/identity/index.ts";
import { userPoolsExtension } from "./cognito/userpool/index.ts";
import { generateDeveloperCredentials, type DeveloperCredentials } from "./credentials.ts";
import { launchFleet, type LaunchedFleet } from "./fleet/launcher.ts";
import { ensureLocalCertificates } from "./tls/certificates.ts";
import type { OutputSink } from "./fleet/supervisor.ts";
import type { GameConfig } from "./game-config/index.ts";
import { deviceCodeProvidersExtension } from "./oauth/index.ts";
import { applyGameConfig, type AppliedGame } from "./setup/apply-config.ts";
import { ensureDemoIdentity, type DemoIdentity } from "./setup/demo-identity.ts";
import { HEALTH_PATH, startLocalStack, type LocalStack } from "./stack.ts";

/** What `.local/stack.json` holds: everything a tool needs to reach the stack, developer keys included. */
export interface StackState {
  endpoint: string;
  region: string;
  accountId: string;
  developerCredentials: DeveloperCredentials;
  gamelift: { endpoint: string; sdkEndpoint: string };
  fleet?: {
    fleetId: string;
    fleetArn: string;
    aliasId?: string;
    aliasArn?: string;
    location: string;
    computeName: string;
    processes: number;
    /** When the fleet has TLS: its computes' DnsName and certificate, and the CA a client trusts. */
    tls?: FleetTls;
  };
  /** The sign-in set-up: the game config's, or the demo's for a game without one. */
  cognito: { endpoint: string; mailbox: string; deviceVerificationPage: string; demo?: DemoIdentity };
  /** Present when a game config was applied. */
  game?: AppliedGameState;
  pid: number;
  startedAt: string;
}

/** What applying a gamelift.config.json made, as the state file keeps it. */
export interface AppliedGameState {
  configFile?: string;
  name: string;
  /** What the game's browser code may be given: ids and names, no keys, no passwords. */
  publicConfig: PublicGameConfig;
  queueArn: string;
  matchmaking?: { ruleSetName: string; configurationName: string; configurationArn: string };
  computes: { location: string; computeName: string; processes: number; basePort: number }[];
  /** Simulated round trip per local location (local.locations in the config). */
  simulatedLatencyMs: Record<string, number>;
  /** Each local location's ping endpoint (answers after the simulated round trip); alive while the stack is. */
  pingEndpoints?: Record<string, string>;
}

/**
 * What a game's browser code may know of the stack: endpoints and ids, the names of the demo players — never
 * the developer keys, never a password. The same shape the deploy's outputs give a game built for AWS.
 */
export interface PublicGameConfig {
  region: string;
  endpoint?: string;
  cognito: { userPoolId: string; appClientId: string; identityPoolId: string };
  providers?: { loginWithAmazon?: { clientId: string }; google?: { clientId: string } };
  gamelift: { aliasId?: string; fleetId?: string; location?: string; queueName?: string; matchmakingConfigurationName?: string };
  /**
   * Where kit.latency measures: the fleet's locations and, for those that are not AWS Regions, their ping
   * endpoints (the local stack's answer after each location's simulated latency).
   */
  latency?: { locations?: string[]; endpoints?: Record<string, string> };
  /** Only from the local stack: the dev mailbox (sign-up codes arrive there) and the demo players' names. */
  local?: { mailbox: string; players: string[] };
}

/** A fleet's TLS, as the state file records it. */
export interface FleetTls {
  /** The DnsName game sessions report (what the certificate names). */
  dnsName: string;
  /** The CertificatePath registered with the compute, which GetComputeCertificate hands the game servers. */
  certificatePath: string;
  /** The local CA to trust (generated certificates only). */
  caPath?: string;
  /** base64 SHA-256 of the certificate's public key, for Chromium's --ignore-certificate-errors-spki-list. */
  spkiSha256?: string;
}

export interface GameServerFleetOptions {
  /**
   * The game server's command, e.g. process.execPath, and its arguments (`{port}` becomes the port). With
   * `config`, left out runs the config's command (local.command, else node on its entry); without, no fleet.
   */
  command?: string;
  args?: string[];
  /** Game server processes on the fleet's one compute (default 2). */
  processes?: number;
  /** The first port, each process taking the next; 0 (the default) picks free ports. */
  basePort?: number;
  env?: Record<string, string>;
  /** Fleet name, found again by it on the next start (default "local-fleet"). */
  name?: string;
  /** The fleet's custom location (default "custom-local"). */
  location?: string;
  output?: OutputSink;
  /**
   * TLS for the game servers' player connections, as on a GameLift fleet with certificates: `true` makes a local
   * CA and a certificate for localhost / 127.0.0.1 / ::1 (kept in <state dir>/tls, trusted by trusting its
   * rootCertificate.pem); or the CertificatePath to register (a file or GameLift-style folder with the key) and
   * the DnsName it is valid for. The computes are registered with both, so game sessions report the DnsName
   * and the kit connects over wss://.
   */
  tls?: boolean | { certificatePath: string; dnsName: string };
}

export interface DevStackOptions {
  /** Where the state file is written (default .local/stack.json); durable state lives beside it, in state/. */
  stateFile?: string;
  host?: string;
  /** 8080 by default; 0 picks a free port. */
  port?: number;
  region?: string;
  /** Use a stack already running for this state file instead of starting one (default true). */
  attach?: boolean;
  /** The demo sign-in set-up: user pool, app client, identity pool, players (default true; ignored with `config`). */
  identity?: boolean;
  /**
   * A game's gamelift.config.json (loadGameConfig): its sign-in set-up, fleet, alias, queue and matchmaking are
   * made or found again, and its fleet gets the game server processes (the `fleet` option's command when given,
   * else the config's).
   */
  config?: GameConfig;
  /** Where `config` was read from, for the state file. */
  configFile?: string;
  /** The game's server fleet; none when left out (with `config`: its command and process count only). */
  fleet?: GameServerFleetOptions;
  log?: (message: string) => void;
}

export interface DevStack {
  state: StackState;
  publicConfig: PublicGameConfig;
  /** True when another process runs the stack and this one only added its fleet. */
  attached: boolean;
  fleet?: LaunchedFleet;
  /** Restarts every game server process now (new code), each replaced as soon as it has stopped. */
  restartGameServers(): Promise<void>;
  /** Stops the fleet, and the stack when this process started it (its state file goes with it). */
  stop(): Promise<void>;
}

export async function startDevStack(options: DevStackOptions = {}): Promise<DevStack> {
  const statePath = resolve(options.stateFile ?? ".local/stack.json");
  const stateDir = dirname(statePath);
  const log = options.log ?? ((message: string) => console.log(`[local] ${message}`));

  const running = options.attach === false ? undefined : await runningStack(statePath);
  let stack: LocalStack | undefined;
  let base: Omit<StackState, "fleet" | "pid" | "startedAt">;
  if (running) {
    log(`using the local stack already running at ${running.endpoint} (pid ${running.pid})`);
    base = running;
  } else {
    const port = options.port ?? 8080;
    stack = await startLocalStack({
      host: options.host,
      port,
      region: options.region,
      developerCredentials: loadOrCreateDeveloperKeys(stateDir),
      stateDir: resolve(stateDir, "state"),
      extensions: [userPoolsExtension(), identityPoolsExtension(), deviceCodeProvidersExtension()],
    }).catch((error: unknown) => {
      throw (error as NodeJS.ErrnoException)?.code === "EADDRINUSE" ? portTaken(port, error) : error;
    });
    base = {
      endpoint: stack.endpoint,
      region: stack.region,
      accountId: stack.accountId,
      // A copy: AWS SDK clients annotate the credential objects they are given.
      developerCredentials: { ...stack.developerCredentials },
      gamelift: { endpoint: stack.endpoint, sdkEndpoint: stack.sdkEndpoint },
      cognito: { endpoint: stack.endpoint, mailbox: `${stack.endpoint}/_local/mailbox.html`, deviceVerificationPage: `${stack.endpoint}/oauth/device` },
    };
  }

  let fleet: LaunchedFleet | undefined;
  let game: AppliedGame | undefined;
  let tls: FleetTls | undefined;
  try {
    const target = { endpoint: base.endpoint, region: base.region, accountId: base.accountId, credentials: base.developerCredentials };
    tls = fleetTls(options.fleet?.tls, stateDir);
    if (options.config) {
      const f = options.fleet;
      game = await applyGameConfig({ ...target, log }, options.config, {
        ...(tls ? { tls: { dnsName: tls.dnsName, certificatePath: tls.certificatePath } } : {}),
        ...(f?.command ? { command: [f.command, ...(f.args ?? [])] } : {}),
        ...(f ? { processes: f.processes, env: f.env, output: f.output } : {}),
        ...(f?.basePort !== undefined ? { basePort: f.basePort } : {}),
      });
    }
    const demo: DemoIdentity | undefined = game
      ? { ...game.identity, users: game.identity.players }
      : (running?.cognito.demo ?? (options.identity === false ? undefined : await ensureDemoIdentity(target)));
    if (!game && options.fleet?.command && (options.fleet.processes ?? 2) > 0) {
      const f = { ...options.fleet, command: options.fleet.command };
      fleet = await launchFleet({
        endpoint: base.endpoint,
        region: base.region,
        credentials: base.developerCredentials,
        fleetName: f.name ?? "local-fleet",
        location: f.location ?? "custom-local",
        processes: f.processes ?? 2,
        command: f.command,
        args: f.args ?? [],
        // The game servers learn whose players to seat: the demo identity pool, its tokens issued by this stack.
        env: { ...(demo ? { PHASER_GAMELIFT_IDENTITY_POOL_ID: demo.identityPoolId, PHASER_GAMELIFT_IDENTITY_ISSUER: base.endpoint } : {}), ...f.env },
        basePort: f.basePort ?? 0,
        ipAddress: "127.0.0.1",
        ...(tls ? { dnsName: tls.dnsName, certificatePath: tls.certificatePath } : {}),
        createAlias: true,
        output: f.output,
        log,
      });
    }
    const state: StackState = {
      ...base,
      cognito: { ...base.cognito, demo },
      ...(game ? { game: appliedGameState(game, options) } : {}),
      fleet: game ? gameFleetState(game, tls) : fleet && {
        fleetId: fleet.fleetId,
        fleetArn: fleet.fleetArn,
        aliasId: fleet.aliasId,
        aliasArn: fleet.aliasArn,
        location: fleet.location,
        computeName: fleet.computeName,
        processes: fleet.processes().length,
        ...(tls ? { tls } : {}),
      },
      pid: running?.pid ?? process.pid,
      startedAt: running?.startedAt ?? new Date().toISOString(),
    };
    // The state file belongs to the process that runs the stack; an attached dev server leaves it alone.
    if (!running) {
      mkdirSync(stateDir, { recursive: true });
      writeFileSync(statePath, JSON.stringify(state, null, 2) + "\n", { mode: 0o600 });
    }

    let stopped: Promise<void> | undefined;
    return {
      state,
      publicConfig: publicConfigOf(state),
      attached: running !== undefined,
      fleet,
      restartGameServers: () => (game ? game.restart() : (fleet?.restart() ?? Promise.resolve())),
      stop() {
        stopped ??= (async () => {
          await fleet?.stop();
          await game?.stop();
          if (stack) {
            await stack.stop();
            rmSync(statePath, { force: true });
          }
        })();
        return stopped;
      },
    };
  } catch (error) {
    await fleet?.stop();
    await game?.stop();
    await stack?.stop();
    throw error;
  }
}

function appliedGameState(game: AppliedGame, options: DevStackOptions): AppliedGameState {
  return {
    ...(options.configFile ? { configFile: resolve(options.configFile) } : {}),
    name: options.config!.game,
    publicConfig: game.publicConfig,
    queueArn: game.gamelift.queueArn,
    ...(game.gamelift.matchmaking ? { matchmaking: game.gamelift.matchmaking } : {}),
    computes: game.computes,
    simulatedLatencyMs: game.simulatedLatencyMs,
    pingEndpoints: game.pingEndpoints,
  };
}

/** The config's fleet, in the shape readers of `fleet` know (its first location's compute). */
function gameFleetState(game: AppliedGame, tls: FleetTls | undefined): StackState["fleet"] {
  return {
    fleetId: game.gamelift.fleetId,
    fleetArn: game.gamelift.fleetArn,
    aliasId: game.gamelift.aliasId,
    aliasArn: game.gamelift.aliasArn,
    location: game.computes[0]?.location ?? game.gamelift.locations[0]!,
    computeName: game.computes[0]?.computeName ?? "",
    processes: game.computes.reduce((n, c) => n + c.processes, 0),
    ...(tls ? { tls } : {}),
  };
}

function fleetTls(given: GameServerFleetOptions["tls"], stateDir: string): FleetTls | undefined {
  if (!given) return undefined;
  if (given !== true) return { dnsName: given.dnsName, certificatePath: resolve(given.certificatePath) };
  const made = ensureLocalCertificates(resolve(stateDir, "tls"));
  return { dnsName: "localhost", certificatePath: made.certificatePath, caPath: made.caPath, spkiSha256: made.spkiSha256 };

}

/** The browser's share of a stack's state: picked field by field, because the same state holds the keys. */
export function publicConfigOf(state: StackState): PublicGameConfig {
  const demo = state.cognito.demo;
  const fleet = state.fleet;
  const local = { mailbox: state.cognito.mailbox, players: demo?.users.map((u) => u.username) ?? [] };
  if (state.game) return { ...state.game.publicConfig, local };
  return {
    region: state.region,
    endpoint: state.endpoint,
    cognito: { userPoolId: demo?.userPoolId ?? "", appClientId: demo?.appClientId ?? "", identityPoolId: demo?.identityPoolId ?? "" },
    ...(demo && Object.keys(demo.providers).length ? { providers: providersOf(demo.providers) } : {}),
    // An alias is what a real game points at, so a fleet can be replaced without a client update.
    gamelift: fleet ? { ...(fleet.aliasId ? { aliasId: fleet.aliasId } : { fleetId: fleet.fleetId }), location: fleet.location } : {},
    local,
  };
}

/** Client ids only, picked field by field. */
function providersOf(providers: DemoIdentity["providers"]): NonNullable<PublicGameConfig["providers"]> {
  return {
    ...(providers.loginWithAmazon ? { loginWithAmazon: { clientId: providers.loginWithAmazon.clientId } } : {}),
    ...(providers.google ? { google: { clientId: providers.google.clientId } } : {}),
  };
}

/** The stack named by a state file, when its process is alive and its endpoint answers as that process. */
export async function runningStack(statePath: string): Promise<StackState | undefined> {
  let state: StackState;
  try {
    state = JSON.parse(readFileSync(statePath, "utf8")) as StackState;
  } catch {
    return undefined;
  }
  if (typeof state?.endpoint !== "string" || typeof state.pid !== "number") return undefined;
  try {
    const answer = await fetch(new URL(HEALTH_PATH, state.endpoint), { signal: AbortSignal.timeout(2_000) });
    const health = (await answer.json()) as { pid?: unknown };
    return health.pid === state.pid ? state : undefined;
  } catch {
    // Gone (a stale file from a stack that was killed): start a new one.
    return undefined;
  }
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

/** The stack's port is held by something else: say what, and the ways to another port. */
function portTaken(port: number, cause: unknown): Error {
  return new Error(
    `port ${port} is already in use (another local stack, perhaps another game's, or another program), so the local stack cannot start. ` +
      `Stop that, or give this stack another port: PHASER_GAMELIFT_LOCAL_PORT=${port + 1} npm run dev, gamelift({ local: { port: ${port + 1} } }) in vite.config.ts, ` +
      `or phaser-gamelift-local --port ${port + 1}.`,
    { cause },
  );
}

/** What a developer reads in the terminal: every URL and id, the demo players and their passwords. */
export function describeDevStack(stack: Pick<DevStack, "state" | "attached">, statePath = ".local/stack.json"): string {
  const { state } = stack;
  const demo = state.cognito.demo;
  const lines = [
    `phaser-gamelift local stack ${stack.attached ? "(attached)" : "is up"} (region ${state.region})`,
    `  GameLift client API       ${state.endpoint}   (awsJson1_1 and rpc-v2-cbor)`,
    `  GameLift server SDK       ${state.gamelift.sdkEndpoint}`,
    `  Cognito user + identity   ${state.endpoint}`,
    `  dev mailbox               ${state.cognito.mailbox}`,
    `  device sign-in page       ${state.cognito.deviceVerificationPage}`,
    `  developer credentials     ${state.developerCredentials.accessKeyId} (secret in ${statePath})`,
  ];
  if (state.fleet) {
    const where = state.game ? state.game.computes.map((c) => c.location).join(", ") || state.fleet.location : state.fleet.location;
    lines.push(`  fleet                     ${state.fleet.fleetId} in ${where}, ${state.fleet.processes} game server processes`);
    lines.push(`  alias                     ${state.fleet.aliasId ?? "-"}`);
    const tls = state.fleet.tls;
    if (tls) {
      lines.push(`  fleet TLS                 wss://${tls.dnsName}:<port> with ${tls.certificatePath}`);
      if (tls.caPath) lines.push(`  local CA (trust it)       ${tls.caPath}   (Chromium: --ignore-certificate-errors-spki-list=${tls.spkiSha256})`);
    }
  }
  if (state.game) {
    for (const [location, url] of Object.entries(state.game.pingEndpoints ?? {})) {
      lines.push(`  ping ${location.padEnd(21)}${url}   (+${state.game.simulatedLatencyMs[location] ?? 0} ms)`);
    }
    lines.push(`  queue                     ${state.game.publicConfig.gamelift.queueName ?? "-"}`);
    if (state.game.matchmaking) lines.push(`  matchmaking               ${state.game.matchmaking.configurationName}`);
  }
  if (demo) {
    lines.push(`  demo user pool            ${demo.userPoolId} (app client ${demo.appClientId})`);
    lines.push(`  demo identity pool        ${demo.identityPoolId}`);
    lines.push(`  demo players              ${demo.users.map((u) => `${u.username} / ${u.password}`).join(",  ")}`);
  }
  lines.push(`  state file                ${statePath}`);
  return lines.join("\n");
}
