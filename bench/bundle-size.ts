// What the plugin adds to a game's download, measured as a game's own Vite production build would make it
// (minified, tree-shaken, gzip level 9), Phaser left out since a game bundles it anyway:
// - the sign-in chunk: what the browser must fetch before the sign-in screen can show (the entry chunk and
//   everything it imports statically);
// - the whole plugin: that plus every chunk the plugin itself loads later (the GameLift and Cognito Identity
//   clients, sessions, travel, the lobby), but not chunks the AWS SDK splits off for features the kit never uses;
// - the peer: Amplify's signIn + fetchAuthSession (+ Amplify.configure) built the same way.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build, type Rolldown } from "vite";
import type { BenchRow } from "./types.ts";

const repo = fileURLToPath(new URL("../", import.meta.url));
const AWS_SDK = /^(@aws-sdk|@smithy|@aws-crypto)(\/|$)/;

interface Sizes {
  /** gzip bytes of the entry chunk and its static imports. */
  initial: number;
  /** gzip bytes of that plus the chunks the plugin loads later. */
  total: number;
}

/** Builds `entry` as a game's own bundle would and sizes its chunks. */
async function bundle(entry: string, options: { external?: (id: string) => boolean } = {}): Promise<Sizes> {
  const dir = mkdtempSync(join(tmpdir(), "pgl-bundle-"));
  try {
    const file = join(dir, "entry.ts");
    writeFileSync(file, entry);
    const output = (await build({
      configFile: false,
      root: dir,
      logLevel: "silent",
      build: {
        write: false,
        target: "es2022",
        minify: true,
        modulePreload: false,
        reportCompressedSize: false,
        rolldownOptions: { input: file, external: (id) => id === "phaser" || (options.external?.(id) ?? false) },
      },
    })) as Rolldown.RolldownOutput | Rolldown.RolldownOutput[];
    const chunks = (Array.isArray(output) ? output : [output]).flatMap((o) => o.output).filter((o): o is Rolldown.OutputChunk => o.type === "chunk");
    const byName = new Map(chunks.map((c) => [c.fileName, c]));
    const gz = new Map(chunks.map((c) => [c.fileName, gzipSync(c.code, { level: 9 }).length]));
    /** A chunk and every chunk it imports statically, once each. */
    const closure = (roots: Rolldown.OutputChunk[]): Set<string> => {
      const seen = new Set<string>();
      const visit = (chunk: Rolldown.OutputChunk) => {
        if (seen.has(chunk.fileName)) return;
        seen.add(chunk.fileName);
        for (const name of chunk.imports) {
          const next = byName.get(name);
          if (next) visit(next);
        }
      };
      roots.forEach(visit);
      return seen;
    };
    const sum = (names: Set<string>) => [...names].reduce((total, name) => total + (gz.get(name) ?? 0), 0);
    const initial = closure(chunks.filter((c) => c.isEntry));
    // The plugin's own lazy chunks start at one of its modules; the SDK's (event streams) do not.
    const lazy = chunks.filter((c) => c.isDynamicEntry && c.facadeModuleId?.startsWith(join(repo, "plugin")));
    return { initial: sum(initial), total: sum(closure([...chunks.filter((c) => c.isEntry), ...lazy])) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** An entry whose bare imports resolve from the repository's node_modules, as the game entry's do. */
async function bundleInRepo(entry: string): Promise<Sizes> {
  const dir = mkdtempSync(join(repo, "node_modules", ".pgl-bundle-"));
  try {
    writeFileSync(join(dir, "entry.ts"), entry);
    return await bundle(`import ${JSON.stringify(join(dir, "entry.ts"))};\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const kib = (bytes: number) => Math.round((bytes / 1024) * 10) / 10;

/** A game's entry: the plugin and its two ready-made scenes, kept alive as a game's use of them would. */
const GAME_ENTRY = `import { GameLiftPlugin, LoginScene, LobbyScene } from ${JSON.stringify(join(repo, "plugin/index.ts"))};
(globalThis as any).__keep = [GameLiftPlugin, new LoginScene({ next: "LobbyScene" }), new LobbyScene()];
`;

/** The least the SDK rule allows: the Cognito client with the two commands a password sign-in sends, nothing else. */
const SDK_FLOOR_ENTRY = `import { CognitoIdentityProviderClient, InitiateAuthCommand, RespondToAuthChallengeCommand } from "@aws-sdk/client-cognito-identity-provider";
(globalThis as any).__keep = [CognitoIdentityProviderClient, InitiateAuthCommand, RespondToAuthChallengeCommand];
`;

const AMPLIFY_ENTRY = `import { Amplify } from "aws-amplify";
import { signIn, fetchAuthSession } from "aws-amplify/auth";
(globalThis as any).__keep = [Amplify.configure, signIn, fetchAuthSession];
`;

export async function benchBundleSize(): Promise<BenchRow[]> {
  const game = await bundle(GAME_ENTRY);
  const own = await bundle(GAME_ENTRY, { external: (id) => AWS_SDK.test(id) });
  const amplify = await bundleInRepo(AMPLIFY_ENTRY);
  const sdkFloor = await bundleInRepo(SDK_FLOOR_ENTRY);
  const peer = { peer: "Amplify signIn + fetchAuthSession", peerValue: kib(amplify.total) };
  return [
    { id: "bundle.signin.gzKiB", name: "bundle: sign-in chunk (plugin, LoginScene, Cognito sign-in)", metric: "gzip", value: kib(game.initial), unit: "KiB", target: "≤ 42 KiB", ...peer },
    { id: "bundle.total.gzKiB", name: "bundle: whole plugin with its AWS SDK clients", metric: "gzip", value: kib(game.total), unit: "KiB", target: "≤ 75 KiB" },
    { id: "bundle.peer.amplify.gzKiB", name: "bundle: Amplify Auth (peer)", metric: "gzip", value: kib(amplify.total), unit: "KiB" },
    { id: "bundle.sdkFloor.gzKiB", name: "bundle: Cognito SDK client + InitiateAuth + RespondToAuthChallenge alone", metric: "gzip", value: kib(sdkFloor.total), unit: "KiB" },
    { id: "bundle.signin.own.gzKiB", name: "bundle: sign-in chunk, own code only", metric: "gzip", value: kib(own.initial), unit: "KiB" },
    { id: "bundle.total.own.gzKiB", name: "bundle: whole plugin, own code only", metric: "gzip", value: kib(own.total), unit: "KiB" },
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { formatTable } = await import("./table.ts");
  console.log(formatTable(await benchBundleSize()));
}
