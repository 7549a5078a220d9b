// Free ports for fleet processes launched with basePort 0: in the server SDKs' range, free to listen on, and
// never one another process of the fleet already has.
import { createServer } from "node:net";
import { expect, test } from "vitest";
import { freePort, MAX_SDK_PORT } from "../../../../local/fleet/free-ports.ts";

const listenOn = (port: number) =>
  new Promise<() => Promise<void>>((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(port, () => resolve(() => new Promise((done) => server.close(() => done()))));
  });

test("a port within 1–60000 that a server can listen on", async () => {
  for (let i = 0; i < 20; i++) {
    const port = await freePort();
    expect(port).toBeGreaterThan(0);
    expect(port).toBeLessThanOrEqual(MAX_SDK_PORT);
    const close = await listenOn(port);
    await close();
  }
});

test("never one of the ports already taken", async () => {
  const taken = new Set<number>();
  for (let i = 0; i < 20; i++) {
    const port = await freePort(taken);
    expect(taken.has(port)).toBe(false);
    taken.add(port);
  }
});
