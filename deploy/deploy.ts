// `npm run deploy`: cdk deploy for the game's config (GAMELIFT_CONFIG, else the demo's), with the stack's outputs
// written beside that config as gamelift.outputs.json, where the Vite plugin looks for them in `vite build`
// (a game keeps its gamelift.config.json in its root). Extra arguments go to cdk deploy.
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const configFile = process.env.GAMELIFT_CONFIG
  ? // Relative to where npm was run (npm runs the workspace's script in deploy/).
    resolve(process.env.INIT_CWD ?? process.cwd(), process.env.GAMELIFT_CONFIG)
  : fileURLToPath(new URL("../demo/gamelift.config.json", import.meta.url));
const outputsFile = join(dirname(configFile), "gamelift.outputs.json");
const cdk = createRequire(import.meta.url).resolve("aws-cdk/bin/cdk");

const child = spawn(process.execPath, [cdk, "deploy", "--outputs-file", outputsFile, ...process.argv.slice(2)], {
  cwd: fileURLToPath(new URL(".", import.meta.url)),
  env: { ...process.env, GAMELIFT_CONFIG: configFile },
  stdio: "inherit",
});
child.once("exit", (code, signal) => {
  if (code === 0) console.log(`\nthe game's public config is in ${outputsFile} (output PhaserGameLiftConfig): vite build reads it from the game's root`);
  process.exitCode = code ?? (signal ? 1 : 0);
});
