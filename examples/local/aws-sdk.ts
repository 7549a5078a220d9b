import { readFileSync } from "node:fs";
import { GameLiftClient, SearchGameSessionsCommand } from "@aws-sdk/client-gamelift";

/** Any AWS SDK client works against the local stack: its endpoint, and the developer keys from its state file. */
export async function openArenas(stateFile = ".local/stack.json") {
  const stack = JSON.parse(readFileSync(stateFile, "utf8"));
  const gamelift = new GameLiftClient({ region: stack.region, endpoint: stack.endpoint, credentials: stack.developerCredentials });
  try {
    const { GameSessions = [] } = await gamelift.send(
      new SearchGameSessionsCommand({
        AliasId: stack.fleet.aliasId,
        FilterExpression: "hasAvailablePlayerSessions = true AND playerSessionCount < 8",
        SortExpression: "creationTimeMillis DESC",
      }),
    );
    return GameSessions.map((session) => session.Name ?? session.GameSessionId);
  } finally {
    gamelift.destroy();
  }
}
