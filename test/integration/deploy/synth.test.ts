// `npm run synth` as CI runs it: the CDK app in its own process, with no AWS account, no credentials and (where
// the machine lets a test take it away) no network; the templates pass cfn-lint; the game server bundled into the
// container image's build context runs on plain Node against a local fleet.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { gameApp } from "../../../deploy/lib/synth.ts";
import { launchFleet } from "../../../local/fleet/launcher.ts";
import { parseGameConfig } from "../../../local/game-config/index.ts";
import { startLocalStack } from "../../../local/stack.ts";
import { eventually } from "../../helpers/eventually.ts";

const outdir = mkdtempSync(join(tmpdir(), "synth-"));
const home = mkdtempSync(join(tmpdir(), "synth-home-"));
afterAll(() => {
  rmSync(outdir, { recursive: true, force: true });
  rmSync(home, { recursive: true, force: true });
});

/** `unshare -n` puts the synth in a network namespace of its own, with no interface but a down loopback. */
const noNetwork = spawnSync("unshare", ["-n", "true"]).status === 0;
const cfnLint = spawnSync("cfn-lint", ["--version"], { encoding: "utf8" });
const hasCfnLint = cfnLint.status === 0;

let synth: { code: number | null; stderr: string; ms: number };

beforeAll(async () => {
  // Nothing of the developer's AWS set-up reaches the synth: no keys, no profile, no region, a fresh HOME.
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("AWS_") && !k.startsWith("CDK_")));
  const argv = [process.execPath, "-C", "phaser-gamelift-source", "--import", "tsx", "deploy/app.ts"];
  const [command, ...args] = noNetwork ? ["unshare", "-n", ...argv] : argv;
  const started = Date.now();
  const child = spawn(command!, args, { env: { ...env, HOME: home, CDK_OUTDIR: outdir }, stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  const code = await new Promise<number | null>((r) => child.once("exit", r));
  synth = { code, stderr, ms: Date.now() - started };
}, 180_000);

const template = () => join(outdir, "phaser-gamelift-demo.template.json");
const assetDir = () => {
  const dir = readdirSync(outdir).find((name) => name.startsWith("asset.") && existsSync(join(outdir, name, "Dockerfile")));
  if (!dir) throw new Error(`no container image asset in ${outdir}`);
  return join(outdir, dir);
};

describe("npm run synth", () => {
  test(`writes the templates with no account, no credentials${noNetwork ? " and no network" : ""}`, () => {
    expect(synth.code, synth.stderr).toBe(0);
    const json = JSON.parse(readFileSync(template(), "utf8")) as { Resources: Record<string, { Type: string }> };
    expect(Object.values(json.Resources).map((r) => r.Type)).toContain("AWS::GameLift::ContainerFleet");
    const manifest = JSON.parse(readFileSync(join(outdir, "phaser-gamelift-demo.assets.json"), "utf8")) as { dockerImages: Record<string, unknown> };
    expect(Object.keys(manifest.dockerImages)).toHaveLength(1);
    console.log(`synth took ${synth.ms} ms${noNetwork ? " (no network)" : ""}`);
  });

  test("the container image's build context holds the bundled server and a Dockerfile for Node 20", () => {
    const dockerfile = readFileSync(join(assetDir(), "Dockerfile"), "utf8");
    expect(dockerfile).toMatch(/^FROM public\.ecr\.aws\/docker\/library\/node:20-slim$/m);
    expect(dockerfile).toContain('CMD ["node", "server.mjs"]');
    expect(readdirSync(assetDir()).sort()).toEqual(["Dockerfile", "server.mjs"]);
  });

  test.skipIf(!hasCfnLint)(`cfn-lint finds nothing in the templates (${hasCfnLint ? cfnLint.stdout.trim() : "cfn-lint is not installed here"})`, () => {
    const lint = spawnSync("cfn-lint", [template()], { encoding: "utf8" });
    expect(lint.stdout + lint.stderr).toBe("");
    expect(lint.status).toBe(0);
  });

  test.skipIf(!hasCfnLint)("cfn-lint finds nothing in the other shape either: an Anywhere fleet, required SMS and TOTP MFA, email sign-in", () => {
    const config = parseGameConfig(
      {
        game: "anywhere-game",
        region: "eu-west-1",
        cognito: { userPool: { signIn: { username: false, email: true }, mfa: { mode: "required", totp: true, sms: true } }, identityPool: { allowGuests: false } },
        gamelift: {
          fleet: { type: "anywhere", locations: ["custom-home", "custom-office"], server: { folder: "demo/server", entry: "main.ts" } },
          queue: { playerLatencyPolicies: [{ maximumIndividualPlayerLatencyMs: 80, policyDurationSeconds: 30 }, { maximumIndividualPlayerLatencyMs: 150 }], priority: { order: ["LATENCY", "LOCATION"], locationOrder: ["custom-office", "custom-home"] }, filter: { allowedLocations: ["custom-home", "custom-office"] } },
          matchmaking: { ruleSet: { path: "demo/matchmaking/rules.json" }, configuration: { mode: "STANDALONE" } },
        },
      },
      { baseDir: process.cwd() },
    );
    const variantOut = join(outdir, "variant");
    gameApp(config, { outdir: variantOut }).app.synth();
    const lint = spawnSync("cfn-lint", [join(variantOut, "anywhere-game.template.json")], { encoding: "utf8" });
    expect(lint.stdout + lint.stderr).toBe("");
    expect(lint.status).toBe(0);
  }, 120_000);
});

test("the bundled game server runs on plain Node and registers with a fleet", async () => {

  const stack = await startLocalStack({ port: 0 });
  const lines: string[] = [];
  const fleet = await launchFleet({
    endpoint: stack.endpoint,
    region: stack.region,
    credentials: stack.developerCredentials,
    fleetName: "bundled",
    location: "custom-bundled",
    processes: 1,
    // No tsx, no source condition: what the container runs.
    command: process.execPath,
    args: [join(assetDir(), "server.mjs")],
    basePort: 0,
    ipAddress: "127.0.0.1",
    output: (line) => void lines.push(line),
    log: (line) => void lines.push(line),
  });
  try {
    await eventually(() => lines.some((l) => l.includes("process ready")), "ProcessReady from the bundled server", 30_000, () => lines.slice(-10).join("\n"));
  } finally {
    await fleet.stop();
    await stack.stop();
  }
});
