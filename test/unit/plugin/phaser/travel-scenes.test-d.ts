// Type tests for what travel hands the scenes: a map scene's data and the lobby's data on the way back.
// Checked by the compiler, never run.
import * as Phaser from "phaser";
import { describe, expectTypeOf, test } from "vitest";
import type { JsonValue, LobbyReturnData, MapSceneData, TravelScenesConfig, TravelSession } from "../../../../plugin/index.ts";

describe("MapSceneData", () => {
  test("the server's map key, its game state and the session", () => {
    expectTypeOf<MapSceneData>().toEqualTypeOf<{ map: string; state: JsonValue; session: TravelSession }>();
    expectTypeOf<TravelSession>().toHaveProperty("playerId").toEqualTypeOf<string>();
  });

  test("a map scene reads it in create(data)", () => {
    class Arena extends Phaser.Scene {
      create(data: MapSceneData): void {
        expectTypeOf(data.state).toEqualTypeOf<JsonValue>();
        // @ts-expect-error the state is JSON from the server: narrow it before use
        const players: string[] = data.state.players;
        void players;
      }
    }
    void Arena;
  });
});

describe("LobbyReturnData and the travel config", () => {
  test("why the player is back in the lobby", () => {
    expectTypeOf<LobbyReturnData["cause"]>().toEqualTypeOf<"left" | "ended" | "unknown-map">();
    expectTypeOf<LobbyReturnData["reason"]>().toEqualTypeOf<string | undefined>();
  });

  test("maps name scenes by the server's map keys", () => {
    expectTypeOf<{ maps: { arena: string }; lobbyScene: string }>().toExtend<TravelScenesConfig>();
    // @ts-expect-error a lobby scene is required
    const missing: TravelScenesConfig = { maps: { arena: "ArenaScene" } };
    void missing;
  });
});
