/**
 * The game's server, built for plain Node by Vite in watch mode: the local fleet runs the output, and each
 * rebuild (an edit to the server or anything it imports) restarts the fleet's processes. TypeScript works
 * without a runner; packages stay in node_modules, as they would on a GameLift fleet.
 */
import { basename, extname, resolve } from "node:path";
import { build, type Alias, type AliasOptions, type InlineConfig, type Rolldown } from "vite";

export interface GameServerBuild {
  /** The built entry, for `node <file>`. */
  file: string;
  close(): Promise<void>;
}

export interface GameServerBuildOptions {
  root: string;
  entry: string;
  outDir: string;
  /** The game's own aliases (a monorepo's packages, for instance), so the server resolves as the game does. */
  alias?: AliasOptions;
  /** After the first build, and after every rebuild. */
  onBuilt(file: string, first: boolean): void;
  onError(error: Error): void;
}

function serverBuildConfig(options: Omit<GameServerBuildOptions, "onBuilt" | "onError">, watch: boolean): InlineConfig {
  return {
    configFile: false,
    root: options.root,
    mode: watch ? "development" : "production",
    logLevel: "warn",
    clearScreen: false,
    resolve: { alias: (options.alias ?? []) as Alias[] },
    build: {
      ssr: resolve(options.root, options.entry),
      outDir: options.outDir,
      emptyOutDir: true,
      target: "node20",
      sourcemap: true,
      minify: false,
      copyPublicDir: false,
      ...(watch ? { watch: {} } : {}),
      rolldownOptions: { output: { entryFileNames: "[name].mjs" } },
    },
  };
}

/** The built entry's path: `<outDir>/<entry name>.mjs`. */
export function builtServerFile(options: Pick<GameServerBuildOptions, "root" | "entry" | "outDir">): string {
  const entry = resolve(options.root, options.entry);
  return resolve(options.outDir, `${basename(entry, extname(entry))}.mjs`);
}

/** One production build of the game server (`vite build`), for `node <outDir>/<name>.mjs` on a fleet. */
export async function buildGameServer(options: Omit<GameServerBuildOptions, "onBuilt" | "onError">): Promise<string> {
  await build(serverBuildConfig(options, false));
  return builtServerFile(options);
}

/** Builds once, resolves with the output, then keeps rebuilding on change until close(). */
export async function watchGameServer(options: GameServerBuildOptions): Promise<GameServerBuild> {
  const file = builtServerFile(options);
  const watcher = (await build(serverBuildConfig(options, true))) as Rolldown.RolldownWatcher;

  let first = true;
  const built = new Promise<void>((resolveBuilt, rejectBuilt) => {
    watcher.on("event", (event) => {
      if (event.code === "BUNDLE_END") {
        void event.result.close();
        const wasFirst = first;
        first = false;
        if (wasFirst) resolveBuilt();
        options.onBuilt(file, wasFirst);
      } else if (event.code === "ERROR") {
        void event.result?.close();
        const error = event.error instanceof Error ? event.error : new Error(String(event.error));
        if (first) rejectBuilt(error);
        else options.onError(error);
      }
    });
  });
  try {
    await built;
  } catch (error) {
    await watcher.close();
    throw error;
  }
  return { file, close: () => watcher.close() };
}
