// The kit's lazy matchmaking area: the object and its bus exist before the runtime chunk loads, a handler connected
// then hears the first call's notification, nothing is loaded to stop a tracker that cannot exist yet, and
// prefetch loads what the area needs so the first real call goes straight out.
import { describe, expect, test } from "vitest";
import { createGameLiftKit } from "../../../../plugin/core/kit.ts";
import type { GameLiftKitError } from "../../../../plugin/core/errors.ts";

describe("kit.matchmaking", () => {
  test("its bus and cheap members are there at once; its first call loads the runtime and reports on the bus", async () => {
    const kit = createGameLiftKit({ region: "us-west-2", gamelift: { matchmakingConfigurationName: "quick" } });
    try {
      expect(kit.matchmaking.tracking).toBe(false);
      expect(kit.matchmaking.ticket).toBeUndefined();
      await expect(kit.matchmaking.stopPolling()).resolves.toBeUndefined();
      const heard = kit.matchmaking.bus.once("onStartMatchmakingAsyncComplete");
      // No identity pool to take the player's id from, and none given: refused before anything is sent.
      kit.matchmaking.startMatchmakingAsync({});
      const [ticket, error] = (await heard) as [unknown, GameLiftKitError | undefined];
      expect(ticket).toBeUndefined();
      expect(error).toMatchObject({ code: "InvalidParameter" });
      expect(error?.message).toMatch(/playerId is required/);
    } finally {
      kit.destroy();
    }
  });

  test("prefetch loads the runtime, so a call after it fails only for its own reasons; destroy ends the area", async () => {
    const kit = createGameLiftKit({ region: "us-west-2" });
    await kit.prefetch().catch(() => undefined);
    // The runtime is loaded: the eager getters now read the implementation.
    await expect(kit.matchmaking.acceptMatch({ accept: true })).rejects.toMatchObject({ code: "InvalidParameter", message: expect.stringMatching(/no ticket is being tracked/) });
    kit.destroy();
    await expect(kit.matchmaking.startMatchmaking({ playerId: "p" })).rejects.toMatchObject({ code: expect.stringMatching(/NotConfigured|Cancelled/) });
  });
});
