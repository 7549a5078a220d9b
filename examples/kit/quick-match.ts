import { createGameLiftKit, type GameLiftKitOptions, type GameLiftPublicConfig } from "phaser-gamelift/core";

/**
 * Quick match without Phaser: sign in, ask FlexMatch for a match, accept it when one is proposed, and land on the
 * game server it was placed on (the kit travels with the seat GameLift reserved in the match). In a Phaser game the
 * LobbyScene's Quick match does this, with the player pressing Accept.
 */
export async function quickMatch(config: GameLiftPublicConfig, username: string, password: string, options: GameLiftKitOptions = {}) {
  const kit = createGameLiftKit(config, options); // config.gamelift.matchmakingConfigurationName names the matchmaker
  try {
    await kit.auth.passwordGrantSignIn(username, password);
    const matched = new Promise<{ map: string; team: string | undefined }>((resolve, reject) => {
      // The tracker reports each change of the ticket once, however often it polls.
      kit.matchmaking.bus.connect({
        onTicketStatus: (ticket) => console.log(`${username}: ${ticket.status}`),
        onMatchAcceptance: () => kit.matchmaking.acceptMatchAsync({ accept: true }),
        onMatchComplete: (ticket, travel) => resolve({ map: travel.map, team: ticket.players[0]?.team }),
        onMatchFailure: (ticket) => reject(new Error(`no match: ${ticket.status} ${ticket.statusReason ?? ""}`)),
        onMatchError: (error) => reject(error),
      });
    });
    // The player is its identity id, which the game server verifies; attributes are the rule set's.
    await kit.matchmaking.startMatchmaking({ attributes: { skill: 30 } });
    const match = await matched;
    await kit.sessions.leaveSession();
    return match;
  } finally {
    kit.destroy(); // a ticket still searching would have been stopped with kit.matchmaking.stopMatchmaking()
  }
}
