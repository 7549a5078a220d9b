// A Vite dev server for the test page, made in process, on a free loopback port, with `phaser` resolving to
// Phaser 4 or (aliased) Phaser 3 for the run.
import { relative } from "node:path";
import { fileURLToPath } from "node:url";
import { createServer, type ViteDevServer } from "vite";
import type { GameLiftPublicConfig } from "../../plugin/core/config.ts";
import { gamelift } from "../../plugin/vite/index.ts";
import { packageAliases } from "../../vite.config.ts";

const testPage = fileURLToPath(new URL("../fixtures/page/", import.meta.url));
const repo = fileURLToPath(new URL("../../", import.meta.url));

export interface TestPageServer {
  url: string;
  close(): Promise<void>;
}

/** Serves test/fixtures/page (or another root, such as the demo client) with the stack config given. */
export async function startTestPageServer(
  stack: GameLiftPublicConfig,
  phaserMajor: 3 | 4,
  options: { root?: string; publicDir?: string } = {},
): Promise<TestPageServer> {
  const server: ViteDevServer = await createServer({
    configFile: false,
    root: options.root ?? testPage,
    publicDir: options.publicDir ?? false,
    logLevel: "warn",
    // Separate pre-bundle caches: a Phaser 3 run must not reuse the Phaser 4 bundle, and pages of another root
    // (the demo client, the test page) must not share one: the root is part of Vite's cache key, so servers of two
    // roots running at once in a fresh clone re-optimized the one folder under each other's pages (a lazy chunk's
    // dependency then failed to load, and a sign-in never reached the lobby).
    cacheDir: `${repo}node_modules/.vite-browser-${cacheName(options.root ?? testPage)}-phaser${phaserMajor}`,
    resolve: { alias: packageAliases(phaserMajor) },
    // The page gets the stack this test started, through the plugin, as a game gets its deploy's outputs.
    plugins: [gamelift({ local: false, aws: stack })],
    server: { host: "127.0.0.1", port: 0, strictPort: false, hmr: false, fs: { allow: [repo] } },
  });
  await server.listen();
  const address = server.httpServer?.address();
  if (!address || typeof address === "string") throw new Error("the test page server has no TCP address");
  return { url: `http://127.0.0.1:${address.port}/`, close: () => server.close() };
}

/** A folder name for a root: its path inside the repository, slashes as dashes ("demo-client", "test-fixtures-page"). */
function cacheName(root: string): string {
  return relative(repo, root).replace(/[\\/]+/g, "-").replace(/[^A-Za-z0-9_-]/g, "") || "root";
}
