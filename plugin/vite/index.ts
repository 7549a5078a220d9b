/**
 * phaser-gamelift/vite — the Vite plugin for a phaser-gamelift game.
 *
 * In `vite dev` it brings up the local AWS stack (or attaches to one already running for the game), builds the
 * game's server with Vite and runs it as a local GameLift fleet, restarting its processes when the server code
 * changes. Both commands give the browser `phaser-gamelift/config`: the local stack's endpoint and ids in dev,
 * the deploy's outputs in a build. Never developer keys, never passwords.
 */
import { dirname, resolve } from "node:path";
import type * as LocalStackModule from "@phaser-gamelift/local";
import type { Plugin, ResolvedConfig, ViteDevServer } from "vite";
import type { GameLiftPublicConfig } from "../core/config.ts";
import { buildGameServer, watchGameServer, type GameServerBuild } from "./game-server.ts";
import { buildConfigFrom, checkPublicConfig, DEFAULT_OUTPUTS_FILE } from "./public-config.ts";

export { PublicConfigError, readPublicConfigFile, CONFIG_OUTPUT_KEY, DEFAULT_OUTPUTS_FILE } from "./public-config.ts";
export type { GameLiftPublicConfig };

/** The module id a game imports its config from. */
export const CONFIG_MODULE_ID = "phaser-gamelift/config";
const RESOLVED_CONFIG_ID = `\0${CONFIG_MODULE_ID}`;

/** The game's server and how the local fleet runs it (GameLiftViteOptions.server). */
export interface GameServerOptions {
  /** The game server's entry file (TypeScript or JavaScript), relative to the game's root. */
  entry: string;
  /** Game server processes on the local fleet (default 2). */
  processes?: number;
  /** Extra environment for every process. */
  env?: Record<string, string>;
  /** The fleet's name, which keeps its ids across restarts (default "local-fleet"; with `config`, the config's). */
  fleetName?: string;
  /** Where `vite build` writes the server for a fleet, `<outDir>/<entry name>.mjs` (default "dist-server"). */
  outDir?: string;
  /**
   * TLS for the local fleet, as on a GameLift fleet with certificates: true makes a local CA and a certificate
   * for localhost (trust the CA's rootCertificate.pem, printed at start), so players connect over wss://.
   */
  tls?: boolean;
}

/** Where the local AWS stack runs in `vite dev` (GameLiftViteOptions.local). */
export interface LocalStackOptions {
  /**
   * The stack's port: default the PHASER_GAMELIFT_LOCAL_PORT environment variable, else 8080 (0 picks a free
   * one). A stack already running for this game is used whatever its port.
   */
  port?: number;
  /** The state file (default .local/stack.json in the game's root). */
  stateFile?: string;
}

/** What {@link gamelift} takes; every field is optional. */
export interface GameLiftViteOptions {
  /**
   * The game's gamelift.config.json (relative to the game's root): in `vite dev` the local stack makes what it
   * describes (sign-in set-up, players, fleet, alias, queue, matchmaking), as the CDK app in deploy/ makes it on
   * AWS. Without it the stack gets the demo's sign-in set-up and a plain fleet.
   */
  config?: string;
  /** The game's server, run as a local fleet in `vite dev`; a path, or the entry with fleet settings. */
  server?: string | GameServerOptions;
  /** The local stack in `vite dev`; `false` serves the `aws` config in dev as well. */
  local?: LocalStackOptions | false;
  /**
   * The config for `vite build` (AWS): the config itself, or a JSON file holding it or the outputs of
   * `cdk deploy --outputs-file`. Default: gamelift.outputs.json in the game's root when it exists, else the
   * local stack that is running (a build to try locally).
   */
  aws?: GameLiftPublicConfig | string;
}

/**
 * The Vite plugin for a phaser-gamelift game. In `vite dev` it starts the local AWS stack (GameLift and Cognito
 * on loopback), runs the game's server as a local fleet (rebuilt and restarted when its code changes) and
 * serves `phaser-gamelift/config` with the local endpoint and ids. In `vite build` it fills
 * `phaser-gamelift/config` from the deploy's outputs (or `aws`) and builds the server for a fleet.
 *
 * @example
 * ```ts
 * // vite.config.ts
 * import { defineConfig } from "vite";
 * import { gamelift } from "phaser-gamelift/vite";
 *
 * export default defineConfig({
 *   plugins: [gamelift({ server: "server/main.ts", config: "gamelift.config.json" })],
 * });
 * ```
 * Builds throw (and stop) when there is no config to build with, or with a {@link PublicConfigError} for one
 * that is malformed.
 */
export function gamelift(options: GameLiftViteOptions = {}): Plugin {
  let config: ResolvedConfig;
  let publicConfig: GameLiftPublicConfig | undefined;
  let dev: DevSession | undefined;

  return {
    name: "phaser-gamelift",
    // Before Vite's own resolver, which would find the package's placeholder file for the config module.
    enforce: "pre",
    // The config module is this plugin's to answer: the dependency optimizer must not pre-bundle the package's
    // placeholder for it.
    config: () => ({ optimizeDeps: { exclude: [CONFIG_MODULE_ID] } }),
    configResolved(resolved) {
      config = resolved;
    },
    resolveId: (id) => (id === CONFIG_MODULE_ID ? RESOLVED_CONFIG_ID : undefined),
    load(id) {
      if (id !== RESOLVED_CONFIG_ID) return undefined;
      if (!publicConfig) throw new Error("phaser-gamelift: the game's config is not known yet (the local stack did not start)");
      return `export default ${JSON.stringify(publicConfig)};\n`;
    },
    async buildStart() {
      if (config.command !== "build") return;
      publicConfig = buildConfigFrom(options.aws, config.root) ?? (await localStackConfig(options, config.root, (m) => config.logger.warn(m)));
      if (!publicConfig) {
        throw new Error(
          `phaser-gamelift: no config for this build. Deploy (npm run deploy writes ${DEFAULT_OUTPUTS_FILE}), pass gamelift({ aws }) in vite.config.ts, or start the local stack (vite dev) to build against it.`,
        );
      }
    },
    async configureServer(server) {
      if (options.local === false) {
        publicConfig = buildConfigFrom(options.aws, config.root);
        if (!publicConfig) throw new Error("phaser-gamelift: gamelift({ local: false }) needs the `aws` config to serve in dev");
        return;
      }
      dev = await startDevSession(options, server);
      publicConfig = dev.publicConfig;
    },
    async closeBundle() {
      if (config.command === "serve") return dev?.stop();
      // After the client: the game server, built for Node, ready for a fleet (`node dist-server/main.mjs`).
      const server = serverOptionsOf(options);
      if (!server || config.build.ssr || this.environment?.name !== "client") return;
      const file = await buildGameServer({ root: config.root, entry: server.entry, outDir: resolve(config.root, server.outDir ?? "dist-server"), alias: config.resolve.alias });
      config.logger.info(`[gamelift] game server built: ${file}`);
    },
  };
}

interface DevSession {
  publicConfig: GameLiftPublicConfig;
  stop(): Promise<void>;
}

type LocalModule = typeof LocalStackModule;

/** A devDependency of the game; named through a variable so no bundler of the Vite config tries to resolve it. */
const LOCAL_STACK_PACKAGE = "@phaser-gamelift/local";

async function loadLocalStack(): Promise<LocalModule> {
  try {
    return (await import(/* @vite-ignore */ LOCAL_STACK_PACKAGE)) as LocalModule;
  } catch (error) {
    throw new Error(
      `phaser-gamelift: the local stack runs the game in vite dev; install it as a devDependency: npm i -D @phaser-gamelift/local (${(error as Error).message})`,
      { cause: error },
    );
  }
}

function portFromEnvironment(): number | undefined {
  const raw = process.env["PHASER_GAMELIFT_LOCAL_PORT"];
  if (raw === undefined || raw === "") return undefined;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`phaser-gamelift: PHASER_GAMELIFT_LOCAL_PORT must be a port number, not '${raw}'`);
  return port;
}

function serverOptionsOf(options: GameLiftViteOptions): GameServerOptions | undefined {
  return typeof options.server === "string" ? { entry: options.server } : options.server;
}

function stateFileOf(options: GameLiftViteOptions, root: string): string {
  return resolve(root, (options.local || undefined)?.stateFile ?? ".local/stack.json");
}

/** A build against the local stack that is running now: allowed, with a warning that it is not for AWS. */
async function localStackConfig(options: GameLiftViteOptions, root: string, warn: (message: string) => void): Promise<GameLiftPublicConfig | undefined> {
  if (options.local === false) return undefined;
  const local = await loadLocalStack().catch(() => undefined);
  const state = await local?.runningStack(stateFileOf(options, root));
  if (!local || !state) return undefined;
  warn(`phaser-gamelift: building against the local stack at ${state.endpoint}; this build will not reach AWS`);
  return checkPublicConfig(local.publicConfigOf(state), "the local stack");
}

async function startDevSession(options: GameLiftViteOptions, server: ViteDevServer): Promise<DevSession> {
  const { root, logger } = server.config;
  const local = await loadLocalStack();
  const serverOptions = serverOptionsOf(options);
  const log = (message: string) => logger.info(`[gamelift] ${message}`, { timestamp: true });

  let build: GameServerBuild | undefined;
  let stack: Awaited<ReturnType<LocalModule["startDevStack"]>> | undefined;
  let restarting: Promise<void> | undefined;
  try {
    if (serverOptions) {
      build = await watchGameServer({
        root,
        entry: serverOptions.entry,
        outDir: resolve(dirname(stateFileOf(options, root)), "game-server"),
        alias: server.config.resolve.alias,
        onBuilt(_file, first) {
          if (first || !stack) return;
          log("the game server changed: restarting its processes");
          restarting ??= stack.restartGameServers().finally(() => (restarting = undefined));
        },
        onError: (error) => logger.error(`[gamelift] the game server does not build: ${error.message}`, { timestamp: true }),
      });
    }
    const built = build;
    const configFile = options.config === undefined ? undefined : resolve(root, options.config);
    stack = await local.startDevStack({
      stateFile: stateFileOf(options, root),
      ...(configFile ? { config: local.loadGameConfig(configFile), configFile } : {}),
      port: (options.local || undefined)?.port ?? portFromEnvironment(),
      log,
      ...(serverOptions && built
        ? {
            fleet: {
              command: process.execPath,
              args: ["--enable-source-maps", built.file],
              // With a game config its processesPerCompute is the default.
              processes: serverOptions.processes ?? (configFile ? undefined : 2),
              env: serverOptions.env,
              name: serverOptions.fleetName ?? "local-fleet",
              tls: serverOptions.tls,
            },
          }
        : {}),
    });
    logger.info(`\n${local.describeDevStack(stack, stateFileOf(options, root))}\n`);
  } catch (error) {
    await build?.close();
    throw error;
  }
  const running = stack;
  const publicConfig = checkPublicConfig(local.publicConfigOf(running.state), "the local stack");
  let stopped: Promise<void> | undefined;
  return {
    publicConfig,
    stop() {
      stopped ??= Promise.all([build?.close(), running.stop()]).then(() => undefined);
      return stopped;
    },
  };
}
