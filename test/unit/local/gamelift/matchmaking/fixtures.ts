/** Rule sets and players shared by the matchmaking unit tests. */
import type { MatchPlayer } from "../../../../../local/gamelift/matchmaking/index.ts";
import type { AttributeValue } from "../../../../../local/gamelift/matchmaking/rule-set.ts";

/** Two teams of two, even team skill, everyone within reach of everyone, relaxed over time. */
export const TWO_VS_TWO = {
  name: "two-vs-two",
  ruleLanguageVersion: "1.0",
  playerAttributes: [{ name: "skill", type: "number", default: 10 }],
  teams: [
    { name: "red", minPlayers: 2, maxPlayers: 2 },
    { name: "blue", minPlayers: 2, maxPlayers: 2 },
  ],
  rules: [
    {
      name: "FairTeamSkill",
      description: "The average skill of players in each team is within 10 points from the average skill of all players in the match",
      type: "distance",
      measurements: ["avg(teams[*].players.attributes[skill])"],
      referenceValue: "avg(flatten(teams[*].players.attributes[skill]))",
      maxDistance: 10,
    },
    { name: "CloseSkill", type: "batchDistance", batchAttribute: "skill", maxDistance: 20 },
  ],
  expansions: [{ target: "rules[CloseSkill].maxDistance", steps: [{ waitTimeSeconds: 5, value: 50 }, { waitTimeSeconds: 10, value: 200 }] }],
};

export const body = (ruleSet: unknown) => JSON.stringify(ruleSet);

export function player(playerId: string, attributes: Record<string, AttributeValue>, latencyInMs?: Record<string, number>): MatchPlayer {
  return { playerId, attributes: new Map(Object.entries(attributes)), ...(latencyInMs ? { latencyInMs } : {}) };
}
