// The package as a game gets it: both workspaces packed (their prepack builds them), installed with npm from an
// offline registry on loopback into a copy of examples/game (laid out as create-vite's vanilla-ts template, its
// tsconfig untouched), then the game's own commands: tsc with TypeScript 7 and 5.9, vite build, the game server
// on plain node, npm ls of what the game ships, the local stack's bin, and vite dev with a player in Chromium.
import assert from "node:assert/strict";
import { execFile, spawn } from "node:child_process";
import { appendFileSync, cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify, stripVTControlCharacters } from "node:util";
import { DescribePlayerSessionsCommand, GameLiftClient, SearchGameSessionsCommand } from "@aws-sdk/client-gamelift";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, test } from "vitest";
import { startOfflineRegistry, type OfflineRegistry } from "../../fixtures/offline-registry.ts";
import { chromiumMissing, launchChromium, recordPageErrors, snap } from "../../helpers/browser.ts";
import { eventually } from "../../helpers/eventually.ts";

const run = promisify(execFile);
const repo = fileURLToPath(new URL("../../../", import.meta.url));
const skip = chromiumMissing();

/** What a game must not ship: a TypeScript runner, a bundler, the emulator and its libraries. */
const DEV_ONLY = ["tsx", "esbuild", "otpauth", "@phaser-gamelift/local"];

/** What `cdk deploy --outputs-file gamelift.outputs.json` writes for a deployed game (ids made up). */
const DEPLOY_OUTPUTS = {
  MyGameStack: {
    PhaserGameLiftConfig: JSON.stringify({
      region: "us-west-2",
      cognito: { userPoolId: "us-west-2_AbCdEfGhI", appClientId: "1example23456789abcdefghij", identityPoolId: "us-west-2:11111111-2222-3333-4444-555555555555" },
      gamelift: { aliasId: "alias-11111111-2222-3333-4444-555555555555", location: "us-west-2" },
    }),
  },
};

async function sh(cwd: string, command: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ stdout: string; stderr: string; code: number }> {
  try {
    const { stdout, stderr } = await run(command, args, { cwd, env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024 });
    return { stdout, stderr, code: 0 };
  } catch (error) {
    const failed = error as { stdout?: string; stderr?: string; code?: number };
    return { stdout: failed.stdout ?? "", stderr: failed.stderr ?? "", code: typeof failed.code === "number" ? failed.code : 1 };
  }
}

interface DevServer {
  url: string;
  log(): string;
  /** Game servers that said they were ready, so far. */
  ready(): number;
  stop(): Promise<void>;
}

/** `vite` in the game, as `npm run dev` runs it; resolves once its page and two game servers are up. */
async function startDev(game: string, stackPort: number): Promise<DevServer> {
  const child = spawn(process.execPath, ["node_modules/vite/bin/vite.js", "--host", "127.0.0.1", "--port", "0"], {
    cwd: game,
    env: { ...process.env, PHASER_GAMELIFT_LOCAL_PORT: String(stackPort), AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const log = () => stripVTControlCharacters(output);
  const ready = () => output.match(/game server ready on port/g)?.length ?? 0;
  const stop = async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    await exited;
  };
  try {
    const url = await eventually(() => /Local:\s+(http:\/\/127\.0\.0\.1:\d+\/)/.exec(log())?.[1], "vite dev's URL", 90_000, log);
    await eventually(() => ready() >= 2, "two game servers ready", 60_000, log);
    return { url, log, ready, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** `vite preview` of the game's dist/. */
async function startPreview(game: string): Promise<{ url: string; stop(): Promise<void> }> {
  const child = spawn(process.execPath, ["node_modules/vite/bin/vite.js", "preview", "--host", "127.0.0.1", "--port", String(await freePort()), "--strictPort"], {
    cwd: game,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const stop = async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    await exited;
  };
  const url = await eventually(() => /Local:\s+(http:\/\/127\.0\.0\.1:\d+\/)/.exec(stripVTControlCharacters(output))?.[1], "vite preview's URL", 30_000, () => output);
  return { url, stop };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/** A player signs in on the LoginScene, creates a session in the LobbyScene and travels into it. */
async function signInCreateAndTravel(
  browser: Browser,
  url: string,
  username: string,
  password: string,
  sessionName: string,
  screenshot: string,
  devLog: () => string,
): Promise<void> {
  const page: Page = await browser.newPage({ viewport: { width: 800, height: 600 } });
  page.setDefaultTimeout(30_000);
  const errors = recordPageErrors(page);
  try {
    await page.goto(url);
    await page.waitForSelector('[data-view="sign-in"] input[name="username"]');
    await page.keyboard.type(username);
    await page.keyboard.press("Tab");
    await page.keyboard.type(password);
    await page.keyboard.press("Enter");
    await page.waitForSelector('[data-panel="lobby"]');
    await page.fill('input[name="name"]', sessionName);
    await page.click('[data-action="create"]');
    // Traveled: the lobby's panel has gone with its scene. A toast instead fails at once, with its words.
    const toast = page.locator('.pgl-toast[data-kind="error"]:not(.pgl-hidden)');
    const outcome = await Promise.race([
      page.waitForSelector('[data-panel="lobby"]', { state: "detached" }).then(
        () => "traveled",
        (error: Error) => `no travel: ${error.message}`,
      ),
      // The loser of the race fails when the page closes; that is no error of the test.
      toast.waitFor({ timeout: 60_000 }).then(
        async () => `an error toast: ${(await toast.innerText()).replace(/\s+/g, " ")}`,
        () => new Promise<string>(() => {}),
      ),
    ]);
    if (outcome !== "traveled") await snap(page, `${screenshot}-failed`);
    assert.equal(outcome, "traveled", `the join did not travel; the dev server's last lines:\n${devLog().split("\n").slice(-40).join("\n")}`);
    await snap(page, screenshot);
    assert.deepEqual(errors.filter((e) => !/Failed to load resource/.test(e)), [], "the page logged no errors");
  } finally {
    await page.close();
  }
}

/** ACTIVE player sessions in the game session named `name`, asked of the game's local stack with its developer keys. */
/** The game's local stack, from its .local/stack.json, as the developer's GameLift client and the fleet's alias. */
function stackClient(game: string): { client: GameLiftClient; aliasId: string } {
  const state = JSON.parse(readFileSync(join(game, ".local/stack.json"), "utf8")) as {
    endpoint: string;
    region: string;
    developerCredentials: { accessKeyId: string; secretAccessKey: string };
    fleet: { aliasId: string };
  };
  return { client: new GameLiftClient({ region: state.region, endpoint: state.endpoint, credentials: state.developerCredentials }), aliasId: state.fleet.aliasId };
}

async function seatedPlayers(game: string, name: string): Promise<number> {
  const { client, aliasId } = stackClient(game);
  try {
    return await eventually(
      async () => {
        const { GameSessions = [] } = await client.send(new SearchGameSessionsCommand({ AliasId: aliasId, FilterExpression: `gameSessionName = '${name}'` }));
        const session = GameSessions[0];
        if (!session?.GameSessionId) return undefined;
        const { PlayerSessions = [] } = await client.send(new DescribePlayerSessionsCommand({ GameSessionId: session.GameSessionId }));
        const active = PlayerSessions.filter((p) => p.Status === "ACTIVE").length;
        return active > 0 ? active : undefined;
      },
      `an ACTIVE player session in '${name}'`,
      15_000,
    );
  } finally {
    client.destroy();
  }
}

/** Waits until no ACTIVE game session of that name is listed (a search lists ACTIVE sessions only). */
async function noLongerListed(game: string, name: string): Promise<void> {
  const { client, aliasId } = stackClient(game);
  try {
    await eventually(
      async () => {
        const { GameSessions = [] } = await client.send(new SearchGameSessionsCommand({ AliasId: aliasId, FilterExpression: `gameSessionName = '${name}'` }));
        return GameSessions.length === 0;
      },
      `'${name}' to be no longer listed`,
      15_000,
    );
  } finally {
    client.destroy();
  }
}

describe.skipIf(skip)("the packed package installed into a new game", () => {
  let work: string;
  let game: string;
  let registry: OfflineRegistry;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), "pgl-package-"));
    const packed = join(work, "packed");
    mkdirSync(packed);
    for (const args of [[], ["-w", "@phaser-gamelift/local"]]) {
      const pack = await sh(repo, "npm", ["pack", ...args, "--pack-destination", packed]);
      assert.equal(pack.code, 0, `npm pack ${args.join(" ")}: ${pack.stdout}${pack.stderr}`);
    }
    const tarballs = readdirSync(packed).map((name) => join(packed, name));
    assert.equal(tarballs.length, 2, `two tarballs: ${tarballs.join(", ")}`);
    registry = await startOfflineRegistry({ lockfile: join(repo, "package-lock.json"), tarballs });

    game = join(work, "my-gamelift-game");
    cpSync(join(repo, "examples/game"), game, { recursive: true });
    const install = await sh(game, "npm", ["install", "--registry", registry.url, "--cache", join(work, "npm-cache"), "--no-audit", "--no-fund"]);
    assert.equal(install.code, 0, `npm install: ${install.stderr}`);
    const missing = registry.misses.filter((miss) => miss.includes(".tgz"));
    assert.deepEqual(missing, [], "every tarball came from the offline registry");
  }, 240_000);

  afterAll(async () => {
    await registry?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  test("the tarball ships built JavaScript, declarations, source maps and the LICENSE; no TypeScript source", async () => {
    const files = (await sh(game, "find", ["node_modules/phaser-gamelift", "-type", "f"])).stdout.split("\n").filter(Boolean);
    const rel = files.map((f) => f.replace("node_modules/phaser-gamelift/", ""));
    assert.ok(rel.includes("LICENSE"), "LICENSE");
    for (const entry of ["index", "core", "config", "server", "vite"]) {
      assert.ok(rel.includes(`dist/${entry}.js`), `dist/${entry}.js`);
    }
    assert.ok(rel.some((f) => f.endsWith(".d.ts")) && rel.some((f) => f.endsWith(".js.map")), "declarations and source maps");
    assert.deepEqual(
      rel.filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts")),
      [],
      "no .ts on a game's runtime path",
    );
  });

  test("tsc --noEmit: 0 errors with TypeScript 7 and with TypeScript 5.9, the template's tsconfig untouched", async () => {
    const ts7 = await sh(game, process.execPath, ["node_modules/typescript/bin/tsc", "--version"]);
    assert.match(ts7.stdout, /Version 7\./);
    for (const tsc of [join(game, "node_modules/typescript/bin/tsc"), join(repo, "node_modules/typescript/bin/tsc")]) {
      const version = (await sh(game, process.execPath, [tsc, "--version"])).stdout.trim();
      for (const project of [".", "server"]) {
        const check = await sh(game, process.execPath, [tsc, "--noEmit", "-p", project]);
        assert.equal(check.code, 0, `${version} -p ${project}:\n${check.stdout}${check.stderr}`);
      }
    }
  });

  test("vite build takes the deploy's outputs; the game server it builds runs on plain node and asks for its GameLift settings", async () => {
    writeFileSync(join(game, "gamelift.outputs.json"), JSON.stringify(DEPLOY_OUTPUTS, null, 2));
    try {
      const build = await sh(game, process.execPath, ["node_modules/vite/bin/vite.js", "build"]);
      assert.equal(build.code, 0, `vite build:\n${build.stdout}${build.stderr}`);
      const bundle = (await sh(game, "sh", ["-c", "cat dist/assets/*.js"])).stdout;
      assert.ok(bundle.includes("us-west-2_AbCdEfGhI"), "the deploy's user pool is in the bundle");
      assert.ok(!/AKIA[A-Z0-9]{16}|developerCredentials/.test(bundle), "no developer keys in the bundle");

      const server = await sh(game, process.execPath, ["dist-server/main.mjs"], { GAMELIFT_SDK_WEBSOCKET_URL: "", PORT: "0" });
      assert.notEqual(server.code, 0, "without GameLift settings the server stops");
      assert.match(server.stderr, /GAMELIFT_SDK_WEBSOCKET_URL/, "and names the setting it needs");
      assert.doesNotMatch(server.stderr, /ERR_UNKNOWN_FILE_EXTENSION|Cannot find module/, "plain node loads the package");
    } finally {
      rmSync(join(game, "gamelift.outputs.json"), { force: true });
    }
  });

  test("npm ls --omit=dev: no TypeScript runner, bundler or emulator among what the game ships", async () => {
    const ls = await sh(game, "npm", ["ls", "--omit=dev", "--all", "--parseable"]);
    const shipped = new Set(ls.stdout.split("\n").filter((l) => l.includes("node_modules/")).map((l) => l.slice(l.lastIndexOf("node_modules/") + 13)));
    assert.ok(shipped.has("phaser-gamelift") && shipped.has("phaser"), "the game ships the plugin and Phaser");
    assert.deepEqual(DEV_ONLY.filter((name) => shipped.has(name)), []);
  });

  test("the local stack's bin runs from the install", async () => {
    const help = await sh(game, "npx", ["--no-install", "phaser-gamelift-local", "--help"]);
    assert.equal(help.code, 0, help.stderr);
    assert.match(help.stdout, /usage: phaser-gamelift-local start/);
  });

  describe("vite dev, and a build against the local stack", () => {
    // One stack port for every start, as a developer's 8080 would be: the built game keeps pointing at it.
    let stackPort = 0;
    let dev: DevServer | undefined;
    let browser: Browser;

    beforeAll(async () => {
      stackPort = await freePort();
      browser = await launchChromium();
    });

    afterAll(async () => {
      await browser?.close();
      await dev?.stop();
    });

    test("brings up the stack and the fleet; a player signs in, creates a session and travels; an edit to the server restarts its processes", async () => {
      dev = await startDev(game, stackPort);
      assert.match(dev.log(), /phaser-gamelift local stack is up/);
      const players = (/demo players\s+(\S+) \/ (\S+),/.exec(dev.log()) ?? []) as string[];
      assert.ok(players[1] && players[2], "the terminal names a demo player and password");
      await signInCreateAndTravel(browser, dev.url, players[1]!, players[2]!, "packaging test", "package-installed-game-arena", () => dev!.log());
      assert.equal(await seatedPlayers(game, "packaging test"), 1, "the player's session is ACTIVE on the game server");

      const readyBefore = dev.ready();
      appendFileSync(join(game, "server/main.ts"), "\n// edited by the packaging test\n");
      await eventually(() => /the game server changed: restarting its processes/.test(dev!.log()), "a restart", 30_000, dev.log);
      await eventually(() => dev!.ready() >= readyBefore + 2, "the restarted game servers ready", 60_000, dev.log);
      // The README's server ends itself on the restart's SIGTERM: its session ends with it, not listed as a dead one.
      await noLongerListed(game, "packaging test");
    }, 240_000);

    test("a game built against the local stack still signs in and joins after the stack restarted twice", async () => {
      assert.ok(dev, "the dev server of the test before runs");
      const players = (/demo players\s+(\S+) \/ (\S+),/.exec(dev.log()) ?? []) as string[];
      const build = await sh(game, process.execPath, ["node_modules/vite/bin/vite.js", "build"], { PHASER_GAMELIFT_LOCAL_PORT: String(stackPort) });
      assert.equal(build.code, 0, `vite build:\n${build.stdout}${build.stderr}`);
      assert.match(build.stdout + build.stderr, /building against the local stack/);
      for (let restart = 1; restart <= 2; restart++) {
        await dev.stop();
        dev = await startDev(game, stackPort);
      }
      const preview = await startPreview(game);
      try {
        await signInCreateAndTravel(browser, preview.url, players[1]!, players[2]!, "built game", "package-built-game-arena", () => dev!.log());
        assert.equal(await seatedPlayers(game, "built game"), 1, "the built game's player is seated after two restarts");
      } finally {
        await preview.stop();
      }
    }, 240_000);
  });
});
