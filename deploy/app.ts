// The CDK app: `npm run synth` (templates in cdk.out/, no AWS account, no network) and `npm run deploy`
// (cdk deploy). The game's config: GAMELIFT_CONFIG, else the demo's (../demo/gamelift.config.json).
import { fileURLToPath } from "node:url";
import { resolve } from "node:path";
import { GameConfigError, loadGameConfig } from "@phaser-gamelift/local/game-config";
import { gameApp } from "./lib/synth.ts";

const configFile = process.env.GAMELIFT_CONFIG
  ? // Relative to where npm was run (npm runs the workspace's script in deploy/).
    resolve(process.env.INIT_CWD ?? process.cwd(), process.env.GAMELIFT_CONFIG)
  : fileURLToPath(new URL("../demo/gamelift.config.json", import.meta.url));
// The cdk CLI says where to write (CDK_OUTDIR); run directly, the templates go to the repository's cdk.out/.
const outdir = process.env.CDK_OUTDIR ?? fileURLToPath(new URL("../cdk.out", import.meta.url));

try {
  const { app, stack } = gameApp(loadGameConfig(configFile), { outdir });
  const assembly = app.synth();
  if (!process.env.CDK_OUTDIR) console.log(`synthesized ${stack.stackName} from ${configFile} into ${assembly.directory}`);
} catch (error) {
  if (!(error instanceof GameConfigError)) throw error;
  console.error(error.message);
  process.exitCode = 2;
}
