/**
 * GameLift's documented constraints on the kit's session requests, for RequestChecks (plugin/core/validation.ts):
 * what a lobby form's fields may hold before anything is sent.
 */
import type { TextRule } from "../validation.ts";

/** The constraints of the GameLift service model, with the words the messages use. */
export const RULES = {
  fleetId: {
    max: 512,
    pattern: /^[a-z]*fleet-[a-zA-Z0-9-]+$|^arn:.*:[a-z]*fleet\/[a-z]*fleet-[a-zA-Z0-9-]+$/,
    allowed: "a fleet id (fleet-…) or fleet ARN",
  },
  aliasId: { max: 512, pattern: /^alias-\S+$|^arn:.*:alias\/alias-\S+$/, allowed: "an alias id (alias-…) or alias ARN" },
  location: { max: 64, pattern: /^[A-Za-z0-9-]+$/, allowed: "a Region or location name: letters, digits and '-'" },
  name: { max: 1024 },
  creatorId: { max: 1024 },
  gameSessionData: { max: 262_144 },
  idempotencyToken: { max: 48, pattern: /^[a-zA-Z0-9-]+$/, allowed: "letters, digits and '-' only" },
  placementId: { max: 48, pattern: /^[a-zA-Z0-9-]+$/, allowed: "letters, digits and '-' only" },
  queueName: {
    max: 256,
    pattern: /^[a-zA-Z0-9-]{1,128}$|^arn:.*:gamesessionqueue\/[a-zA-Z0-9-]+$/,
    allowed: "a queue name (letters, digits and '-', ≤ 128) or queue ARN",
  },
  expression: { max: 1024 },
  nextToken: { max: 1024 },
  gameSessionId: {
    max: 512,
    pattern: /^[a-zA-Z0-9:/-]+$/,
    allowed: "a game session id (its ARN, as createSession and searchSessions return it)",
  },
  playerId: { max: 1024 },
  playerData: { max: 2048 },
  regionIdentifier: { max: 64 },
} satisfies Record<string, TextRule>;

/** GameLift's maximum player slots in one game session. */
export const MAX_PLAYERS = 200;
