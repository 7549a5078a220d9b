// Type tests for `this.gamelift`: every Phaser scene of a game that imports phaser-gamelift reaches the plugin,
// its kit areas and its scene-scoped connect() with types and no casts. Checked by the compiler, never run.
import * as Phaser from "phaser";
import { describe, expectTypeOf, test } from "vitest";
import type {
  AuthArea,
  BusConnection,
    CredentialsArea,
  GameLiftKit,
  GameLiftPlugin,
  KitErrorCode,
  MatchmakingArea,
  SessionCreatedOnFleet,
  SessionsArea,
  TravelArea,
  UserManagementArea,
} from "../../../../plugin/index.ts";

describe("this.gamelift in a scene", () => {
  test("is the GameLiftPlugin on every Phaser.Scene", () => {
    expectTypeOf<Phaser.Scene["gamelift"]>().toEqualTypeOf<GameLiftPlugin>();
  });

  test("reaches the kit's areas, typed", () => {
    class Lobby extends Phaser.Scene {
      create(): void {
        expectTypeOf(this.gamelift.kit).toEqualTypeOf<GameLiftKit>();
        expectTypeOf(this.gamelift.auth).toEqualTypeOf<AuthArea>();
        expectTypeOf(this.gamelift.users).toEqualTypeOf<UserManagementArea>();
        expectTypeOf(this.gamelift.credentials).toEqualTypeOf<CredentialsArea>();
        expectTypeOf(this.gamelift.sessions).toEqualTypeOf<SessionsArea>();
        expectTypeOf(this.gamelift.travel).toEqualTypeOf<TravelArea>();
        expectTypeOf(this.gamelift.sessions.createSession({ maxPlayers: 4 })).resolves.toEqualTypeOf<SessionCreatedOnFleet>();
        // @ts-expect-error maxPlayers is a number
        void this.gamelift.sessions.createSession({ maxPlayers: "4" });
        expectTypeOf(this.gamelift.matchmaking).toEqualTypeOf<MatchmakingArea>();
        // @ts-expect-error the plugin has no area by that name
        void this.gamelift.lobby;
      }
    }
    expectTypeOf<Lobby>().toExtend<Phaser.Scene>();
  });

  test("connect(scene, bus, handlers) takes the bus's own handlers and gives a connection", () => {
    class Lobby extends Phaser.Scene {
      create(): void {
        const connection = this.gamelift.connect(this, this.gamelift.sessions.bus, {
          onJoinSessionAsyncComplete(_joined, error) {
            expectTypeOf(error?.code).toEqualTypeOf<KitErrorCode | undefined>();
          },
        });
        expectTypeOf(connection).toEqualTypeOf<BusConnection>();
        // @ts-expect-error onTravelComplete is on the travel bus, not the sessions bus
        this.gamelift.connect(this, this.gamelift.sessions.bus, { onTravelComplete() {} });
        // @ts-expect-error the sign-out notification carries the provider's name, a string
        this.gamelift.connect(this, this.gamelift.auth.bus, { onSignOut(provider: number) { void provider; } });
      }
    }
    void Lobby;
  });
});
