// What the plugin adds to a game's download: Vite production builds (minified, tree-shaken) of tiny entries
// that import the auth area alone, and the whole plugin, gzip-sized as a browser fetches them. The AWS SDK's
// share of the auth bundle is the difference to the same build with the SDK left out.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build, type Rolldown } from "vite";
import type { BenchRow } from "./types.ts";

const repo = fileURLToPath(new URL("../", import.meta.url));
const AWS_SDK = /^(@aws-sdk|@smithy|@aws-crypto)(\/|$)/;

interface Sized {
  raw: number;
  gzip: number;
}

/** Builds `entry` as a game's own bundle would (ES2022, minified) and returns the size of all its JS. */
async function bundleSize(entry: string, options: { external?: (id: string) => boolean } = {}): Promise<Sized> {
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
        rolldownOptions: { input: file, ...(options.external ? { external: options.external } : {}) },
      },
    })) as Rolldown.RolldownOutput | Rolldown.RolldownOutput[];
    const chunks = (Array.isArray(output) ? output : [output]).flatMap((o) => o.output).filter((o): o is Rolldown.OutputChunk => o.type === "chunk");
    const code = chunks.map((c) => c.code).join("\n");
    return { raw: Buffer.byteLength(code), gzip: gzipSync(code, { level: 9 }).length };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// Assigning to a global keeps the import alive through tree-shaking, as a game's use of it would.
const keep = (what: string, from: string) => `import { ${what} } from ${JSON.stringify(join(repo, from))};\n(globalThis as any).__keep = ${what};\n`;
const keepAll = (from: string) => `import * as all from ${JSON.stringify(join(repo, from))};\n(globalThis as any).__keep = all;\n`;

const kb = (bytes: number) => Math.round((bytes / 1024) * 10) / 10;

export async function benchBundleSize(): Promise<BenchRow[]> {
  const authEntry = keep("createAuth", "plugin/core/auth/index.ts");
  const auth = await bundleSize(authEntry);
  const authOwn = await bundleSize(authEntry, { external: (id) => AWS_SDK.test(id) });
  // A game bundles Phaser anyway: the plugin's cost is everything else.
  const plugin = await bundleSize(keepAll("plugin/index.ts"), { external: (id) => id === "phaser" });
  const pluginOwn = await bundleSize(keepAll("plugin/index.ts"), { external: (id) => id === "phaser" || AWS_SDK.test(id) });
  const row = (name: string, sized: Sized, target?: string): BenchRow[] => [
    { name, metric: "gzip", value: kb(sized.gzip), unit: "KiB", ...(target ? { target } : {}) },
    { name, metric: "minified", value: kb(sized.raw), unit: "KiB" },
  ];
  return [
    ...row("bundle: auth area + its AWS SDK clients", auth),
    ...row("bundle: auth area, own code only", authOwn),
    { name: "bundle: AWS SDK clients in the auth bundle", metric: "gzip", value: kb(auth.gzip - authOwn.gzip), unit: "KiB" },
    ...row("bundle: whole plugin (Phaser excluded)", plugin),
    ...row("bundle: whole plugin, own code only", pluginOwn),
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { formatTable } = await import("./table.ts");
  console.log(formatTable(await benchBundleSize()));
}
