/// <reference types="vitest/config" />
// The repository's Vite config: the demo game's dev server (`npm start`, through the phaser-gamelift Vite plugin,
// which runs the local stack and the demo's server fleet), the package's library build (`vite build --mode lib`)
// and the test runner (`vitest`, which loads this file in mode "test").
// PHASER=3 serves the demo on Phaser 3 (the `phaser3` alias package) instead of Phaser 4.
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { defineConfig, type Alias, type UserConfig } from "vite";
// A game imports this as "phaser-gamelift/vite"; the repository uses its source.
import { gamelift } from "./plugin/vite/index.ts";

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/** The package's entry points, each built to dist/<name>.js. */
export const LIBRARY_ENTRIES = {
  index: here("./plugin/index.ts"),
  core: here("./plugin/core/index.ts"),
  config: here("./plugin/config.ts"),
  server: here("./server/index.ts"),
  vite: here("./plugin/vite/index.ts"),
};

/**
 * The package's own entry points, as a game that installed it would import them, resolved to their sources, and
 * `phaser` pinned to one major's ES module build (Phaser 3 comes from the `phaser3` alias package; its
 * `browser` field is a UMD file).
 */
export function packageAliases(phaserMajor: 3 | 4 = 4): Alias[] {
  const require = createRequire(import.meta.url);
  const phaser = phaserMajor === 3 ? require.resolve("phaser3/dist/phaser.esm.js") : here("./node_modules/phaser/dist/phaser.esm.js");
  return [
    { find: /^phaser-gamelift$/, replacement: LIBRARY_ENTRIES.index },
    { find: /^phaser-gamelift\/core$/, replacement: LIBRARY_ENTRIES.core },
    { find: /^phaser-gamelift\/server$/, replacement: LIBRARY_ENTRIES.server },
    { find: /^phaser$/, replacement: phaser },
  ];
}

function demoConfig(phaserMajor: 3 | 4): UserConfig {
  return {
    root: here("./demo/client"),
    publicDir: here("./assets"),
    resolve: { alias: packageAliases(phaserMajor) },
    plugins: [
      gamelift({
        // The demo's shared config: what vite dev makes on the local stack, and npm run deploy on AWS.
        config: here("./demo/gamelift.config.json"),
        server: { entry: here("./demo/server/main.ts") },
        local: { stateFile: here("./.local/stack.json") },
      }),
    ],
    server: { host: "127.0.0.1", port: 5173, strictPort: true },
    preview: { host: "127.0.0.1", port: 4173 },
    build: { outDir: here("./dist/demo"), emptyOutDir: true, chunkSizeWarningLimit: 2048 },
  };
}

const isExternal = (id: string) => !id.startsWith(".") && !id.startsWith("/") && !id.startsWith("\0") && !/^[a-zA-Z]:[\\/]/.test(id);

/**
 * The installable package: ES modules for every entry, dependencies left to the game's bundler (or to Node, for
 * the server kit and the Vite plugin); declarations come from `tsc -p tsconfig.build.json`.
 */
function libraryConfig(): UserConfig {
  return {
    build: {
      outDir: here("./dist"),
      emptyOutDir: false,
      sourcemap: true,
      minify: false,
      target: "es2022",
      copyPublicDir: false,
      lib: { entry: LIBRARY_ENTRIES, formats: ["es"] },
      rolldownOptions: {
        external: isExternal,
        output: { entryFileNames: "[name].js", chunkFileNames: "chunks/[name]-[hash].js" },
      },
    },
  };
}

// ── tests (vitest) ───────────────────────────────────────────────────────────────────────────────────────

/**
 * Three projects: `unit` (pure logic, threads, not isolated), `integration` (the local stack and real processes on
 * loopback, in forks) and `browser` (Chromium driven through playwright-core against Vite-served pages, in forks).
 * The machine has 2 cores and each integration or browser file brings up processes of its own, so two files run at
 * a time, from one queue: browser files first (the packaging test is the longest by far and starts at once), then
 * integration, then unit, each longest first once vitest has timed them.
 */
function testConfig(): UserConfig {
  // Inside the repository the package's own entry points resolve to the TypeScript sources.
  // Vitest hands these to Node as --conditions too, so no "module" (packages' un-Node-able dist-es builds).
  return {
    ssr: { resolve: { conditions: ["phaser-gamelift-source", "node", "development|production"] } },
    test: {
      // The AWS SDK warns once per worker that its 2027 releases will need Node 22; the project is on Node 20.
      env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" },
      // What the stack and the game servers print shows up for the tests that fail.
      silent: "passed-only",
      // `npm test` runs with --coverage: the summary is printed, and each area must keep its measured level.
      coverage: {
        provider: "v8",
        // Absolute: vitest matches these against absolute paths anywhere in them ("local/**" would take in
        // test/unit/local/…, and an exclude of "test/**" every file of a checkout in …/vitest/).
        include: ["plugin", "server", "protocol", "local"].map((dir) => `${here(`./${dir}`)}/**/*.ts`),
        exclude: ["**/*.d.ts", `${here("./local/dist")}/**`],
        reporter: ["text-summary", "json-summary"],
        reportOnFailure: true,
        // The levels the whole suite measures, rounded down (2026-11-30, 978 tests). plugin/phaser runs only in
        // Chromium, where this Node coverage does not reach (plugin/core alone: 93% of lines), and the demo's game
        // servers run server/ in processes of their own, which it does not see either.
        thresholds: {
          "plugin/**": { lines: 69, statements: 66, functions: 66, branches: 59 },
          "server/**": { lines: 88, statements: 82, functions: 83, branches: 74 },
          "protocol/**": { lines: 100, statements: 100, functions: 100, branches: 96 },
        },
      },
      projects: [
        {
          extends: true,
          test: {
            name: "unit",
            include: ["test/unit/**/*.test.ts"],
            pool: "threads",
            isolate: false,
            maxWorkers: 2,
            // Property tests run thousands of cases: seconds on a machine busy with the other projects.
            testTimeout: 30_000,
            // Type tests (*.test-d.ts, expectTypeOf): what a game's compiler accepts and refuses.
            typecheck: { enabled: true, include: ["test/unit/**/*.test-d.ts"], tsconfig: "./test/tsconfig.type-tests.json" },
          },
        },
        {
          extends: true,
          test: {
            name: "integration",
            include: ["test/integration/**/*.test.ts"],
            pool: "forks",
            maxWorkers: 2,
            testTimeout: 60_000,
            hookTimeout: 60_000,
          },
        },
        {
          extends: true,
          test: {
            name: "browser",
            include: ["test/browser/**/*.test.ts"],
            pool: "forks",
            maxWorkers: 2,
            testTimeout: 180_000,
            hookTimeout: 120_000,
          },
        },
      ],
    },
  };
}

export default defineConfig(({ mode }) =>
  mode === "test" ? testConfig() : mode === "lib" ? libraryConfig() : demoConfig(process.env["PHASER"] === "3" ? 3 : 4),
);
