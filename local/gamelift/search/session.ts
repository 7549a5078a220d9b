/**
 * What SearchGameSessions can see of a game session: the seven searchable attributes, already in the shape
 * the filter and sort read them. The service maps its own game session records onto this.
 */
export interface SearchableSession {
  gameSessionName?: string;
  /** The game session ARN: GameLift's GameSessionId and GameSessionArn are the same string. */
  gameSessionId: string;
  gameSessionProperties: Record<string, string>;
  /** MaximumPlayerSessionCount (the docs' operand name says "sessions", it means player slots). */
  maximumSessions: number;
  /** Unix time in milliseconds. */
  creationTimeMillis: number;
  playerSessionCount: number;
  hasAvailablePlayerSessions: boolean;
}
