import { createGameLiftKit, sortBy, where, type GameLiftKitOptions, type GameLiftPublicConfig } from "phaser-gamelift/core";

/**
 * The kit without Phaser (a Node bot, another engine): sign in, find an open arena, join it, say hello, leave.
 * In a Phaser scene the same areas are `this.gamelift.auth`, `this.gamelift.sessions`, `this.gamelift.travel`.
 */
export async function playARound(config: GameLiftPublicConfig, username: string, password: string, options: GameLiftKitOptions = {}) {
  const kit = createGameLiftKit(config, options); // options: in Node, pass the `ws` package's WebSocket
  try {
    // Handlers mirror the O3DE gems' Lua handlers; each request is awaited here, and its notification fires too.
    kit.auth.bus.connect({
      onPasswordGrantSingleFactorSignInSuccess: (tokens) => console.log(`signed in as ${tokens.username}`),
      onPasswordGrantSingleFactorSignInFail: (error) => console.log(`sign-in failed: ${error.code} ${error.message}`),
    });
    const seen: string[] = [];
    kit.travel.bus.connect({ onMessage: (type, _data, from) => seen.push(`${type} from ${from}`) });

    await kit.auth.passwordGrantSignIn(username, password); // SRP: the password never leaves the player's machine
    let { sessions } = await kit.sessions.searchSessions({
      filter: where("hasAvailablePlayerSessions").eq(true).and(where("gameSessionProperties.map").eq("arena")),
      sort: sortBy("creationTimeMillis", "DESC"),
    });
    if (sessions.length === 0) {
      const created = await kit.sessions.createSession({ maxPlayers: 8, name: `${username}'s arena`, gameProperties: { map: "arena" } });
      sessions = [created.session];
    }
    // A seat under the player's identity id, proven to the game server's gateway; then travel to its map.
    const joined = await kit.sessions.joinSession({ gameSessionId: sessions[0]!.gameSessionId });
    kit.travel.send("move", { x: 100, y: 120 });
    await kit.sessions.leaveSession();
    return { map: joined.travel?.map, seen };
  } finally {
    kit.destroy();
  }
}
