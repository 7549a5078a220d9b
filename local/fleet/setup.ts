/**
 * The Anywhere fleet set-up a developer does by hand on AWS (CreateLocation, CreateFleet, RegisterCompute,
 * GetComputeAuthToken, CreateAlias), through the real GameLift client so it works on either side. Fleets and
 * aliases are found again by name before anything new is made, so a restart keeps the ids a game was built with.
 */
import {
  CreateAliasCommand,
  CreateFleetCommand,
  CreateLocationCommand,
  DeregisterComputeCommand,
  DescribeFleetAttributesCommand,
  GetComputeAuthTokenCommand,
  ListAliasesCommand,
  RegisterComputeCommand,
  UpdateAliasCommand,
  type Alias,
  type FleetAttributes,
  type GameLiftClient,
} from "@aws-sdk/client-gamelift";

/** Creating an existing location is a ConflictException, which here just means "already there". */
export async function ensureCustomLocation(client: GameLiftClient, location: string): Promise<void> {
  if (!location.startsWith("custom-")) throw new Error(`An Anywhere location must start with "custom-", got ${JSON.stringify(location)}`);
  try {
    await client.send(new CreateLocationCommand({ LocationName: location }));
  } catch (error) {
    if ((error as { name?: string }).name !== "ConflictException") throw error;
  }
}

export interface FleetIdentity {
  fleetId: string;
  fleetArn: string;
}

export async function createAnywhereFleet(client: GameLiftClient, name: string, location: string | readonly string[]): Promise<FleetIdentity> {
  const locations = typeof location === "string" ? [location] : location;
  const created = await client.send(
    new CreateFleetCommand({ Name: name, ComputeType: "ANYWHERE", Locations: locations.map((Location) => ({ Location })) }),
  );
  const attributes = created.FleetAttributes;
  if (!attributes?.FleetId || !attributes.FleetArn) throw new Error("CreateFleet answered without a FleetId");
  return { fleetId: attributes.FleetId, fleetArn: attributes.FleetArn };
}

/** Fleets that will never host again; a fleet found by name in one of these states is not reused. */
const GONE = new Set(["DELETING", "TERMINATED", "ERROR"]);

/**
 * The Anywhere fleet named `name`, if one exists (the oldest, should there be several: GameLift does not make
 * names unique). Pages through DescribeFleetAttributes, which lists every fleet when given no ids.
 */
export async function findAnywhereFleet(client: GameLiftClient, name: string): Promise<FleetIdentity | undefined> {
  const matches: FleetAttributes[] = [];
  let nextToken: string | undefined;
  for (let page = 0; page < 1000; page++) {
    const answer = await client.send(new DescribeFleetAttributesCommand({ Limit: 50, NextToken: nextToken }));
    for (const fleet of answer.FleetAttributes ?? []) {
      if (fleet.Name === name && fleet.ComputeType === "ANYWHERE" && fleet.FleetId && !GONE.has(fleet.Status ?? "")) matches.push(fleet);
    }
    nextToken = answer.NextToken;
    if (!nextToken) break;
  }
  const oldest = matches.sort((a, b) => (a.CreationTime?.getTime() ?? 0) - (b.CreationTime?.getTime() ?? 0))[0];
  return oldest && { fleetId: oldest.FleetId!, fleetArn: oldest.FleetArn ?? "" };
}

/** Anywhere fleets go ACTIVE within seconds; computes can only register once they are. */
export async function waitForFleetActive(client: GameLiftClient, fleetId: string, timeoutMs: number): Promise<FleetIdentity> {
  const deadline = Date.now() + timeoutMs;
  let delay = 50;
  for (;;) {
    const answer = await client.send(new DescribeFleetAttributesCommand({ FleetIds: [fleetId] }));
    const fleet = answer.FleetAttributes?.[0];
    if (!fleet?.FleetId) throw new Error(`Fleet ${fleetId} not found`);
    if (fleet.Status === "ACTIVE") return { fleetId: fleet.FleetId, fleetArn: fleet.FleetArn ?? "" };
    if (fleet.Status === "ERROR" || fleet.Status === "DELETING" || fleet.Status === "TERMINATED") {
      throw new Error(`Fleet ${fleetId} is ${fleet.Status}`);
    }
    if (Date.now() + delay > deadline) throw new Error(`Fleet ${fleetId} is still ${fleet.Status ?? "unknown"} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, delay));
    delay = Math.min(delay * 2, 1000);
  }
}

/** Returns the server SDK WebSocket URL GameLift hands the compute. */
export async function registerCompute(
  client: GameLiftClient,
  input: { fleetId: string; computeName: string; ipAddress: string; dnsName?: string; location: string; certificatePath?: string },
): Promise<string> {
  const answer = await client.send(
    new RegisterComputeCommand({
      FleetId: input.fleetId,
      ComputeName: input.computeName,
      IpAddress: input.ipAddress,
      DnsName: input.dnsName,
      Location: input.location,
      CertificatePath: input.certificatePath,
    }),
  );
  const endpoint = answer.Compute?.GameLiftServiceSdkEndpoint;
  if (!endpoint) throw new Error("RegisterCompute answered without a GameLiftServiceSdkEndpoint");
  return endpoint;
}

/** A compute gone already (its fleet deleted, or a stack restarted without state) needs no deregistering. */
export async function deregisterCompute(client: GameLiftClient, fleetId: string, computeName: string): Promise<void> {
  try {
    await client.send(new DeregisterComputeCommand({ FleetId: fleetId, ComputeName: computeName }));
  } catch (error) {
    if ((error as { name?: string }).name !== "NotFoundException") throw error;
  }
}

export interface AliasIdentity {
  aliasId: string;
  aliasArn: string;
}

export async function createFleetAlias(client: GameLiftClient, input: { name: string; fleetId: string; description?: string }): Promise<AliasIdentity> {
  const answer = await client.send(
    new CreateAliasCommand({ Name: input.name, Description: input.description, RoutingStrategy: { Type: "SIMPLE", FleetId: input.fleetId } }),
  );
  return aliasIdentity(answer.Alias, "CreateAlias");
}

/**
 * A SIMPLE alias named `name` that routes to the fleet: the one already routing there, else the oldest alias of
 * that name pointed at the fleet with UpdateAlias (its id, which games hold, stays), else a new one.
 */
export async function ensureFleetAlias(client: GameLiftClient, input: { name: string; fleetId: string }): Promise<AliasIdentity> {
  const named: Alias[] = [];
  let nextToken: string | undefined;
  for (let page = 0; page < 1000; page++) {
    const answer = await client.send(new ListAliasesCommand({ Name: input.name, Limit: 50, NextToken: nextToken }));
    named.push(...(answer.Aliases ?? []).filter((a) => a.Name === input.name && a.AliasId));
    nextToken = answer.NextToken;
    if (!nextToken) break;
  }
  const routing = named.find((a) => a.RoutingStrategy?.Type === "SIMPLE" && a.RoutingStrategy.FleetId === input.fleetId);
  if (routing) return aliasIdentity(routing, "ListAliases");
  const oldest = named.sort((a, b) => (a.CreationTime?.getTime() ?? 0) - (b.CreationTime?.getTime() ?? 0))[0];
  if (!oldest) return createFleetAlias(client, input);
  const updated = await client.send(new UpdateAliasCommand({ AliasId: oldest.AliasId, RoutingStrategy: { Type: "SIMPLE", FleetId: input.fleetId } }));
  return aliasIdentity(updated.Alias, "UpdateAlias");
}

function aliasIdentity(alias: Alias | undefined, operation: string): AliasIdentity {
  if (!alias?.AliasId) throw new Error(`${operation} answered without an AliasId`);
  return { aliasId: alias.AliasId, aliasArn: alias.AliasArn ?? "" };
}

/**
 * Compute auth tokens for new launches. A token is fetched again once less than half its life (at most a
 * minute) is left, so a process never starts with a token about to expire.
 */
export class ComputeAuthTokens {
  private cached: { token: string; fetchedAt: number; expiresAt: number } | undefined;
  private inFlight: Promise<string> | undefined;

  private readonly client: GameLiftClient;
  private readonly fleetId: string;
  private readonly computeName: string;
  private readonly now: () => number;
  constructor(
    client: GameLiftClient,
    fleetId: string,
    computeName: string,
    now: () => number = Date.now,
  ) {
    this.client = client;
    this.fleetId = fleetId;
    this.computeName = computeName;
    this.now = now;
  }

  get(): Promise<string> {
    const cached = this.cached;
    if (cached) {
      const margin = Math.min(60_000, (cached.expiresAt - cached.fetchedAt) / 2);
      if (cached.expiresAt - this.now() > margin) return Promise.resolve(cached.token);
    }
    this.inFlight ??= this.fetch().finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  private async fetch(): Promise<string> {
    const fetchedAt = this.now();
    const answer = await this.client.send(new GetComputeAuthTokenCommand({ FleetId: this.fleetId, ComputeName: this.computeName }));
    if (!answer.AuthToken) throw new Error("GetComputeAuthToken answered without an AuthToken");
    // AWS documents a 15-minute lifetime; assume it when the answer leaves the expiry out.
    const expiresAt = answer.ExpirationTimestamp?.getTime() ?? fetchedAt + 15 * 60_000;
    this.cached = { token: answer.AuthToken, fetchedAt, expiresAt };
    return answer.AuthToken;
  }
}
