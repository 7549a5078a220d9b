// The dev stack on a port something else holds: the start fails with what is wrong and the ways to another
// port, not a bare EADDRINUSE.
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { startDevStack } from "../../../../local/dev-stack.ts";

let dir: string;
let holder: Server;
let port: number;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "dev-stack-port-"));
  holder = createServer();
  await new Promise<void>((resolve) => holder.listen(0, "127.0.0.1", resolve));
  port = (holder.address() as { port: number }).port;
});

afterAll(async () => {
  await new Promise<void>((resolve) => holder.close(() => resolve()));
  rmSync(dir, { recursive: true, force: true });
});

test("a taken port: the error names it and says how to pick another", async () => {
  const start = startDevStack({ stateFile: join(dir, "stack.json"), host: "127.0.0.1", port, attach: false, identity: false, log: () => undefined });
  await expect(start).rejects.toThrow(new RegExp(`port ${port} is already in use.*PHASER_GAMELIFT_LOCAL_PORT=${port + 1} npm run dev`));
  await expect(start).rejects.toHaveProperty("cause.code", "EADDRINUSE");
});
