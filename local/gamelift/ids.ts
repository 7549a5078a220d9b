import { randomUUID } from "node:crypto";

/** Where the ids and ARNs of one local GameLift live. */
export interface Account {
  region: string;
  accountId: string;
}

/**
 * GameLift's resource ARNs carry no account id: the service model gives every one as
 * `arn:aws:gamelift:<region>::<type>/<id>` (Alias, FleetAttributes, GameSessionQueue, MatchmakingConfiguration,
 * MatchmakingRuleSet, GetComputeAuthToken, LocationModel). The IAM resource table agrees for aliases and shows
 * an account for the others; where the two disagree we follow the API model (local/README.md, "ARNs").
 */
const arnPrefix = (a: Account) => `arn:aws:gamelift:${a.region}:`;

export const newFleetId = (): string => `fleet-${randomUUID()}`;
export const newAliasId = (): string => `alias-${randomUUID()}`;
export const newPlayerSessionId = (): string => `psess-${randomUUID()}`;
export const newGameSessionSuffix = (): string => `gsess-${randomUUID()}`;
/** Auth tokens must match ^[a-zA-Z0-9\-]+$ and be ≤ 64 characters; a UUID is both and unguessable. */
export const newAuthToken = (): string => randomUUID();

export const fleetArn = (a: Account, fleetId: string): string => `${arnPrefix(a)}:fleet/${fleetId}`;
export const aliasArn = (a: Account, aliasId: string): string => `${arnPrefix(a)}:alias/${aliasId}`;
/** An Anywhere compute's ARN ends in its registered name, which the ComputeArn pattern allows (`compute/<name>`). */
export const computeArn = (a: Account, computeName: string): string => `${arnPrefix(a)}:compute/${computeName}`;
/**
 * A custom location's ARN ends in its name: the model's LocationArnModel pattern is `^arn:.*:location\/custom-\S+`
 * (its prose example shows a `location-<uuid>` id, which that pattern would refuse).
 */
export const locationArn = (a: Account, name: string): string => `${arnPrefix(a)}:location/${name}`;
export const queueArn = (a: Account, name: string): string => `${arnPrefix(a)}:gamesessionqueue/${name}`;
export const matchmakingConfigurationArn = (a: Account, name: string): string => `${arnPrefix(a)}:matchmakingconfiguration/${name}`;
export const matchmakingRuleSetArn = (a: Account, name: string): string => `${arnPrefix(a)}:matchmakingruleset/${name}`;

/**
 * `arn:aws:gamelift:<location>::gamesession/<fleet ID>/<ID string>`, as the service model gives GameSessionId:
 * the Region field holds the location the session runs in (a custom location for Anywhere fleets). The older
 * CreateGameSession page (reference/gamelift-api-create_game_session.txt) writes `<region>` there; the model wins.
 */
export function gameSessionArn(fleetId: string, location: string, suffix: string): string {
  return `arn:aws:gamelift:${location}::gamesession/${fleetId}/${suffix}`;
}

/** "fleet-…" or an ARN ending in ":fleet/fleet-…" → the fleet id. */
export function fleetIdOf(idOrArn: string): string {
  return idOrArn.startsWith("arn:") ? idOrArn.slice(idOrArn.lastIndexOf("/") + 1) : idOrArn;
}

export const aliasIdOf = fleetIdOf;

/** A queue name or its ARN → the name. */
export function queueNameOf(nameOrArn: string): string {
  return nameOrArn.startsWith("arn:") ? nameOrArn.slice(nameOrArn.lastIndexOf("/") + 1) : nameOrArn;
}

/** A matchmaking configuration or rule set name, or its ARN → the name. */
export const matchmakingNameOf = queueNameOf;

/** A compute name or its ARN (`…:compute/<name>` where the name may hold one "/") → the name. */
export function computeNameOf(nameOrArn: string): string {
  if (!nameOrArn.startsWith("arn:")) return nameOrArn;
  const at = nameOrArn.indexOf(":compute/");
  return at < 0 ? nameOrArn : nameOrArn.slice(at + ":compute/".length);
}

/** What a queue destination ARN points at. */
export type DestinationRef = { kind: "fleet"; fleetId: string } | { kind: "alias"; aliasId: string } | undefined;

export function destinationOf(arn: string): DestinationRef {
  const fleet = /:[a-z]*fleet\/([a-z]*fleet-[a-zA-Z0-9-]+)$/.exec(arn);
  if (fleet) return { kind: "fleet", fleetId: fleet[1]! };
  const alias = /:alias\/(alias-\S+)$/.exec(arn);
  if (alias) return { kind: "alias", aliasId: alias[1]! };
  return undefined;
}
