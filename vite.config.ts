// The demo's dev server (`vite`, root demo/client) and the library build of plugin/ (`vite build --mode lib`).
// PHASER=3 serves the demo on Phaser 3 (the `phaser3` alias package) instead of Phaser 4.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { defineConfig, type Alias, type Plugin, type UserConfig } from "vite";
import type { BrowserStackConfig } from "./demo/client/stack-config.ts";

export type { BrowserStackConfig };

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export const STACK_MODULE_ID = "virtual:phaser-gamelift/local-stack";
const RESOLVED_STACK_MODULE_ID = `\0${STACK_MODULE_ID}`;

/**
 * What the browser may learn of the local stack, picked field by field: the same file holds the developer
 * keys, which must never reach a page.
 */
export function browserStackConfig(state: Record<string, unknown>): BrowserStackConfig {
  const pick = <T extends object>(value: unknown, keys: (keyof T)[]): T | undefined =>
    value && typeof value === "object" ? (Object.fromEntries(keys.filter((k) => k in value).map((k) => [k, (value as T)[k]])) as T) : undefined;
  type Cognito = NonNullable<BrowserStackConfig["cognito"]>;
  type Fleet = NonNullable<BrowserStackConfig["fleet"]>;
  type Providers = NonNullable<BrowserStackConfig["providers"]>;
  // .local/stack.json (local/cli.ts StackState) keeps the demo's sign-in set-up under cognito.demo.
  const cognito = (state["cognito"] ?? {}) as Record<string, unknown>;
  const demo = cognito["demo"];
  const providers = pick<Providers>((demo as Record<string, unknown> | undefined)?.["providers"], ["loginWithAmazon", "google"]);
  const users = (demo as { users?: unknown } | undefined)?.users;
  return {
    endpoint: String(state["endpoint"]),
    region: String(state["region"]),
    fleet: pick<Fleet>(state["fleet"], ["fleetId", "aliasId", "location"]),
    cognito: demo
      ? {
          ...pick<Cognito>(demo, ["userPoolId", "appClientId", "identityPoolId"]),
          ...(Array.isArray(users) ? { users: users.map((u: { username?: unknown; password?: unknown }) => ({ username: String(u.username), password: String(u.password) })) } : {}),
        }
      : undefined,
    ...(providers
      ? { providers: Object.fromEntries(Object.entries(providers).map(([name, p]) => [name, { clientId: String((p as { clientId?: unknown }).clientId) }])) }
      : {}),
    ...(typeof cognito["mailbox"] === "string" ? { mailbox: cognito["mailbox"] } : {}),
  };
}

/**
 * Serves `virtual:phaser-gamelift/local-stack`: the stack's endpoints and ids, read from .local/stack.json on
 * every load (so a restarted stack is picked up by a page reload), or given directly (tests).
 */
export function localStackPlugin(source: { file?: string; state?: BrowserStackConfig } = {}): Plugin {
  const file = source.file ?? here("./.local/stack.json");
  return {
    name: "phaser-gamelift:local-stack",
    resolveId: (id) => (id === STACK_MODULE_ID ? RESOLVED_STACK_MODULE_ID : undefined),
    load(id) {
      if (id !== RESOLVED_STACK_MODULE_ID) return undefined;
      let state: BrowserStackConfig | null = source.state ?? null;
      if (!state) {
        try {
          this.addWatchFile(file);
          state = browserStackConfig(JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>);
        } catch {
          // No stack running: the demo says so on screen instead of failing to build.
          state = null;
        }
      }
      return `export default ${JSON.stringify(state)};`;
    },
  };
}

/**
 * The package's own entry points, as a game that installed it would import them, and `phaser` pinned to one
 * major's ES module build (Phaser 3 comes from the `phaser3` alias package; its `browser` field is a UMD file).
 */
export function packageAliases(phaserMajor: 3 | 4 = 4): Alias[] {
  const require = createRequire(import.meta.url);
  const phaser = phaserMajor === 3 ? require.resolve("phaser3/dist/phaser.esm.js") : here("./node_modules/phaser/dist/phaser.esm.js");
  return [
    { find: /^phaser-gamelift$/, replacement: here("./plugin/index.ts") },
    { find: /^phaser-gamelift\/core$/, replacement: here("./plugin/core/index.ts") },
    { find: /^phaser$/, replacement: phaser },
  ];
}

function demoConfig(phaserMajor: 3 | 4): UserConfig {
  return {
    root: here("./demo/client"),
    publicDir: here("./assets"),
    resolve: { alias: packageAliases(phaserMajor) },
    plugins: [localStackPlugin()],
    server: { host: "127.0.0.1", port: 5173, strictPort: true },
    preview: { host: "127.0.0.1", port: 4173 },
    build: { outDir: here("./dist/demo"), emptyOutDir: true, chunkSizeWarningLimit: 2048 },
  };
}

/** The installable library: ES modules, dependencies left to the game's bundler. */
function libraryConfig(): UserConfig {
  return {
    build: {
      outDir: here("./dist/lib"),
      emptyOutDir: true,
      sourcemap: true,
      lib: {
        entry: { index: here("./plugin/index.ts"), core: here("./plugin/core/index.ts") },
        formats: ["es"],
      },
      rolldownOptions: {
        external: (id: string) => id === "phaser" || /^(@aws-sdk|@smithy|@aws-crypto|mitt|jose|otpauth)(\/|$)/.test(id),
      },
    },
  };
}

export default defineConfig(({ mode }) => (mode === "lib" ? libraryConfig() : demoConfig(process.env["PHASER"] === "3" ? 3 : 4)));
