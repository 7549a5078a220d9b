/**
 * The Docker build context of the game server's container image, made at synth time without Docker: a folder
 * with its own Dockerfile is used as it is; otherwise the entry file is bundled with esbuild (TypeScript and the
 * game's dependencies, phaser-gamelift/server included) into one server.mjs beside a Dockerfile for Node 20.
 * `cdk deploy` builds and pushes the image (that step needs Docker); synth only hashes the folder.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildSync } from "esbuild";
import type { GameConfig } from "@phaser-gamelift/local/game-config";

/** ws loads these native speed-ups when present; the image runs without them. */
const OPTIONAL_NATIVE = ["bufferutil", "utf-8-validate"];

export interface ServerImageContext {
  directory: string;
  /** True when the game's folder brought its own Dockerfile. */
  ownDockerfile: boolean;
}

const contexts: string[] = [];
process.once("exit", () => {
  for (const dir of contexts) rmSync(dir, { recursive: true, force: true });
});

export function dockerfile(containerPort: number): string {
  return [
    "# Made by @phaser-gamelift/deploy: the game server bundled into one file, run on Node 20.",
    "FROM public.ecr.aws/docker/library/node:20-slim",
    "WORKDIR /game",
    "COPY server.mjs ./",
    `ENV NODE_ENV=production PORT=${containerPort}`,
    "USER node",
    'CMD ["node", "server.mjs"]',
    "",
  ].join("\n");
}

export function serverImageContext(config: GameConfig): ServerImageContext {
  const { folder, entry } = config.gamelift.fleet.server;
  if (existsSync(join(folder, "Dockerfile"))) return { directory: folder, ownDockerfile: true };
  const directory = mkdtempSync(join(tmpdir(), `${config.game}-server-`));
  contexts.push(directory);
  mkdirSync(directory, { recursive: true });
  try {
    buildSync({
      entryPoints: [join(folder, entry)],
      outfile: join(directory, "server.mjs"),
      bundle: true,
      platform: "node",
      target: "node20",
      format: "esm",
      // Inside this repository packages resolve to their sources; a game's installed packages to their builds.
      conditions: ["phaser-gamelift-source"],
      external: OPTIONAL_NATIVE,
      // CommonJS dependencies bundled into ESM still call require().
      banner: { js: 'import { createRequire as __createRequire } from "node:module"; const require = __createRequire(import.meta.url);' },
      legalComments: "none",
      logLevel: "silent",
    });
  } catch (error) {
    throw new Error(`bundling the game server ${join(folder, entry)} failed: ${(error as Error).message}`, { cause: error });
  }
  writeFileSync(join(directory, "Dockerfile"), dockerfile(config.gamelift.fleet.container.containerPort));
  return { directory, ownDockerfile: false };
}

/** For tests: the bundle's text. */
export function bundledServer(context: ServerImageContext): string {
  return readFileSync(join(context.directory, "server.mjs"), "utf8");
}
