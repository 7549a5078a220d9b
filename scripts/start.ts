// `npm start`: the local AWS stack with the demo fleet and sign-in set-up (local/cli.ts, a child process), then
// the demo web app on Vite once the stack has written .local/stack.json. Ctrl-C stops both, children included.
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { createServer, type ViteDevServer } from "vite";

const STATE_FILE = resolve(".local/stack.json");
const stackArgs = ["-C", "phaser-gamelift-source", "--import", "tsx", "local/bin.ts", "start", "--demo", "--fleet-command", "node -C phaser-gamelift-source --import tsx demo/server/main.ts", "--processes", "4", ...process.argv.slice(2)];
const stack = spawn(process.execPath, stackArgs, { stdio: "inherit" });
const web: { vite?: ViteDevServer } = {};
let stopping = false;

async function stop(code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    await web.vite?.close();
    if (stack.exitCode === null) {
      stack.kill("SIGTERM");
      await new Promise((r) => stack.once("exit", r));
    }
  }
  process.exit(code);
}

process.on("SIGINT", () => void stop(0));
process.on("SIGTERM", () => void stop(0));
stack.once("exit", (code) => void stop(code ?? 1));

/** The stack writes its state file last, with its own pid: that is the sign it is ready. */
async function stackReady(timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && stack.exitCode === null) {
    try {
      if ((JSON.parse(readFileSync(STATE_FILE, "utf8")) as { pid?: number }).pid === stack.pid) return true;
    } catch {
      // not written yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return false;
}

if (!(await stackReady(120_000))) {
  console.error("the local stack did not come up; see its output above");
  await stop(1);
}
const vite = await createServer({ configFile: resolve("vite.config.ts") });
web.vite = vite;
await vite.listen();
const url = vite.resolvedUrls?.local[0] ?? "http://127.0.0.1:5173/";
console.log(`\n  demo game                 ${url}   (PHASER=3 npm start serves it on Phaser 3)\n`);
