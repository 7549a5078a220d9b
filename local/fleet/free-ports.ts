/**
 * A free port for a fleet process launched with basePort 0 (the dev stack, and tests that run side by side): the
 * kernel's pick for a socket bound on port 0, read and closed again for the game server to bind next.
 */
import { createServer, type Server } from "node:net";

/** The server SDKs accept ports 1–60000; Linux hands out ephemeral ports up to 60999. */
export const MAX_SDK_PORT = 60_000;

/** A port nothing listens on now, within the SDKs' range and not among `taken`. */
export async function freePort(taken: ReadonlySet<number> = new Set()): Promise<number> {
  // Every probe stays bound until the answer is found, so the kernel cannot hand a refused port out again.
  const held: Server[] = [];
  try {
    for (let attempt = 0; attempt < 50; attempt++) {
      const probe = createServer();
      held.push(probe);
      const port = await new Promise<number>((resolve, reject) => {
        probe.once("error", reject);
        probe.listen(0, () => resolve((probe.address() as { port: number }).port));
      });
      if (port <= MAX_SDK_PORT && !taken.has(port)) return port;
    }
    throw new Error(`no free port at or below ${MAX_SDK_PORT}`);
  } finally {
    await Promise.all(held.map((probe) => new Promise<void>((resolve) => probe.close(() => resolve()))));
  }
}
