import { invalidRequest } from "../../http/service-error.ts";
import type { Fleet } from "../model/fleets.ts";
import { MAX_PLAYERS_PER_GAME_SESSION } from "../model/game-sessions.ts";
import type { GameLiftModel } from "../model/gamelift-model.ts";
import type { InputReader, StringRule } from "../validation.ts";

/** A pattern written exactly as the service model spells it, so violation messages quote AWS's own text. */
const modelPattern = (source: string): RegExp => new RegExp(source);

/** Member constraints as the GameLift service model (botocore gamelift/2015-10-01) states them. */
export const RULES = {
  fleetIdOrArn: { min: 1, max: 512, pattern: modelPattern(String.raw`^[a-z]*fleet-[a-zA-Z0-9\-]+$|^arn:.*:[a-z]*fleet/[a-z]*fleet-[a-zA-Z0-9\-]+$`) },
  fleetId: { min: 1, max: 128, pattern: modelPattern(String.raw`^[a-z]*fleet-[a-zA-Z0-9\-]+$`) },
  aliasIdOrArn: { min: 1, max: 512, pattern: /^(alias-\S+|arn:.*:alias\/alias-\S+)$/ },
  nonZeroAndMax: { min: 1, max: 1024 },
  nonBlankName: { min: 1, max: 1024, pattern: /^.*\S.*$/ },
  idString: { min: 1, max: 48, pattern: /^[a-zA-Z0-9-]+$/ },
  arnString: { min: 1, max: 512, pattern: /^[a-zA-Z0-9:/-]+$/ },
  location: { min: 1, max: 64, pattern: modelPattern(String.raw`^[A-Za-z0-9\-]+$`) },
  customLocation: { min: 8, max: 64, pattern: modelPattern(String.raw`^custom-[A-Za-z0-9\-]+$`) },
  largeGameSessionData: { min: 1, max: 262144 },
  playerId: { min: 1, max: 1024 },
  playerData: { min: 1, max: 2048 },
  playerSessionId: { min: 1, max: 128, pattern: /^psess-\S+$/ },
  computeName: { min: 1, max: 128, pattern: modelPattern(String.raw`^[a-zA-Z0-9\-]+(/[a-zA-Z0-9\-]+)?$`) },
  computeNameOrArn: { max: 1024, pattern: modelPattern(String.raw`^([a-zA-Z0-9\-]+(/[a-zA-Z0-9\-]+)?|arn:.*:compute/[a-zA-Z0-9\-]+(/[a-zA-Z0-9\-]+)?)$`) },
  ipAddress: { min: 1, max: 128, pattern: modelPattern(String.raw`^[0-9A-Fa-f\:\.]+$`) },
  dnsName: { min: 1, max: 256, pattern: modelPattern(String.raw`^[0-9a-zA-Z_\-\.]+$`) },
  queueName: { min: 1, max: 128, pattern: /^[a-zA-Z0-9-]+$/ },
  queueNameOrArn: { min: 1, max: 256, pattern: /^([a-zA-Z0-9-]+|arn:.*:gamesessionqueue\/[a-zA-Z0-9-]+)$/ },
  buildIdOrArn: { min: 1, max: 512, pattern: /^(build-\S+|arn:.*:build\/build-\S+)$/ },
  scriptIdOrArn: { min: 1, max: 512, pattern: /^(script-\S+|arn:.*:script\/script-\S+)$/ },
  nextToken: { min: 1, max: 1024 },
} satisfies Record<string, StringRule>;

/** MaximumPlayerSessionCount: a WholeNumber in the model, and at most 200 as the service documents. */
export function readMaxPlayers(r: InputReader, member: string, required: true): number;
export function readMaxPlayers(r: InputReader, member: string, required: false): number | undefined;
export function readMaxPlayers(r: InputReader, member: string, required: boolean): number | undefined {
  const n = required ? r.requiredInteger(member, { min: 0 }) : r.integer(member, { min: 0 });
  if (n !== undefined && n > MAX_PLAYERS_PER_GAME_SESSION) r.violation(member, n, `Member must have value less than or equal to ${MAX_PLAYERS_PER_GAME_SESSION}`);
  return n;
}

/** GameProperties: up to 16 {Key ≤ 32, Value ≤ 96}. */
export function readGameProperties(r: InputReader, member = "GameProperties"): [string, string][] | undefined {
  return r.list(member, { max: 16 }, (element) => {
    const p = element.structure();
    return [p.requiredString("Key", { max: 32 }), p.requiredString("Value", { max: 96 })] as [string, string];
  });
}

export function readLimit(r: InputReader): number | undefined {
  return r.integer("Limit", { min: 1 });
}

/** The fleet a request targets through exactly one of FleetId and AliasId (ids or ARNs). */
export function targetFleet(model: GameLiftModel, fleetId: string | undefined, aliasId: string | undefined): Fleet {
  if (fleetId !== undefined && aliasId !== undefined) throw invalidRequest("Specify either FleetId or AliasId, not both.");
  if (fleetId !== undefined) return model.fleets.fleet(fleetId);
  if (aliasId !== undefined) return model.aliases.resolve(model.aliases.alias(aliasId));
  throw invalidRequest("Either FleetId or AliasId is required.");
}

/** Distinct values, or a violation naming the first repeat. */
export function checkDistinct(r: InputReader, member: string, values: readonly string[]): void {
  const seen = new Set<string>();
  for (const v of values) {
    if (seen.has(v)) {
      r.violation(member, values, `Member must not contain duplicates ('${v}' appears more than once)`);
      return;
    }
    seen.add(v);
  }
}

export type Output = Record<string, unknown>;
