// The README's examples, run: examples/game/server/main.ts built the way the Vite plugin builds it and run as a
// local fleet by the dev stack (as `npm run dev` does), then the kit tour (examples/kit) plays a round on it, and
// the AWS SDK example (examples/local) reads the stack's sessions with the developer keys.
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, test } from "vitest";
import WebSocket from "ws";
import { playARound } from "../../../examples/kit/play-a-round.ts";
import { openArenas } from "../../../examples/local/aws-sdk.ts";
import { startDevStack, type DevStack } from "../../../local/dev-stack.ts";
import { plainByAddress, type WebSocketConstructor } from "../../../plugin/core/index.ts";
import { buildGameServer } from "../../../plugin/vite/game-server.ts";
import { eventually } from "../../helpers/eventually.ts";

const repo = fileURLToPath(new URL("../../../", import.meta.url));

describe("the README's examples against the local stack", () => {
  let work: string;
  let stack: DevStack;
  const output: string[] = [];

  beforeAll(async () => {
    // Inside the repository, so the built server finds its packages (ws, jose) in node_modules.
    mkdirSync(join(repo, ".local"), { recursive: true });
    work = mkdtempSync(join(repo, ".local", "examples-"));
    const server = await buildGameServer({
      root: join(repo, "examples/game"),
      entry: "server/main.ts",
      outDir: join(work, "server"),
      alias: [{ find: /^phaser-gamelift\/server$/, replacement: join(repo, "server/index.ts") }],
    });
    stack = await startDevStack({
      stateFile: join(work, "stack.json"),
      port: 0,
      attach: false,
      log: (line) => void output.push(line),
      fleet: { command: process.execPath, args: [server], processes: 2, name: "examples", output: (line) => void output.push(line) },
    });
    await eventually(() => output.filter((l) => l.includes("game server ready")).length >= 2, "two example game servers", 30_000, () => output.slice(-20).join("\n"));
  }, 90_000);

  afterAll(async () => {
    await stack?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  test("examples/kit: a player signs in, finds or creates an arena, travels to it, moves, and leaves", async () => {
    const player = stack.state.cognito.demo!.users[0]!;
    const round = await playARound(stack.publicConfig as Parameters<typeof playARound>[0], player.username, player.password, {
      WebSocket: WebSocket as unknown as WebSocketConstructor,
      travel: { endpoint: plainByAddress },
    });
    assert.equal(round.map, "arena", "the game server's map");
  });

  test("examples/local: the AWS SDK lists the arenas with the stack's developer keys", async () => {
    const arenas = await openArenas(join(work, "stack.json"));
    assert.ok(arenas.some((name) => name?.includes("arena")), `the round's arena is listed: ${JSON.stringify(arenas)}`);
  });
});
