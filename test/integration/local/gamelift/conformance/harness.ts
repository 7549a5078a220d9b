/**
 * The conformance suite's harness: one local stack per test file on a manual GameLift clock, the same test
 * body run through both of the service model's wire protocols (awsJson1_1 with the unmodified JavaScript SDK,
 * Smithy RPC v2 CBOR signed as boto3 and the other SDKs send it), and real game server processes' side of the
 * server SDK (the project's GameLiftServerSdk over the stack's WebSocket endpoint) to host game sessions.
 *
 * Every test is `rule(<the documented behaviour>, <where AWS documents it>, body)`: the name says the rule, the
 * citation is a reference file in /work/shared/reference/ or an AWS API reference page.
 */
import * as gamelift from "@aws-sdk/client-gamelift";
import { afterAll, beforeAll, describe, test } from "vitest";
import { startLocalStack, type LocalStack } from "../../../../../local/stack.ts";
import type { GameLiftTimings } from "../../../../../local/gamelift/index.ts";
import { GameLiftServerSdk, type GameSession } from "../../../../../server/index.ts";
import { cborClient } from "../../../../helpers/cbor-client.ts";
import { eventually } from "../../../../helpers/eventually.ts";
import { FakeClock } from "../../../../helpers/fake-clock.ts";

export const PROTOCOLS = ["awsJson1_1", "rpc-v2-cbor"] as const;
export type Protocol = (typeof PROTOCOLS)[number];

/** Where AWS documents a rule: a file of /work/shared/reference/, or a page of the GameLift API reference. */
export const REF = {
  createGameSession: "reference/gamelift-api-create_game_session.txt",
  createPlayerSession: "reference/gamelift-api-create_player_session.txt",
  api2019: "reference/gamelift-api-reference-2019-changes.txt",
  wireNotes: "reference/wire-notes.md",
  api: (page: string) => `https://docs.aws.amazon.com/gamelift/latest/apireference/API_${page}.html`,
} as const;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- answers are checked member by member in the tests
export type Out = Record<string, any>;

/** A GameLift error as either protocol reports it: the exception name, its message, the HTTP status. */
export class AwsError extends Error {
  readonly status: number;
  constructor(name: string, message: string, status: number) {
    super(message);
    this.name = name;
    this.status = status;
  }
}

export type Call = (operation: string, input?: Record<string, unknown>) => Promise<Out>;

/** Timestamps become epoch milliseconds whichever way they came (Date from the JS SDK, CBOR tag 1 seconds). */
function normalize(value: unknown): unknown {
  if (value instanceof Date) return value.getTime();
  if (Array.isArray(value)) return value.map(normalize);
  if (value && typeof value === "object") {
    const tagged = value as { tag?: unknown; value?: unknown };
    if (tagged.tag === 1 && typeof tagged.value === "number" && Object.keys(value).length === 2) return Math.round(tagged.value * 1000);
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (k !== "$metadata" && v !== undefined) out[k] = normalize(v);
    return out;
  }
  return value;
}

function jsonCall(stack: LocalStack): { call: Call; close(): void } {
  const client = new gamelift.GameLiftClient({ region: stack.region, endpoint: stack.endpoint, credentials: stack.developerCredentials, maxAttempts: 1 });
  // Every operation's command class, by name: the suite drives operations by name in both protocols.
  const commands = gamelift as unknown as Record<string, (new (input: object) => Parameters<gamelift.GameLiftClient["send"]>[0]) | undefined>;
  return {
    async call(operation, input = {}) {
      const Command = commands[`${operation}Command`];
      if (!Command) throw new Error(`the JavaScript SDK has no ${operation}Command`);
      try {
        return normalize(await client.send(new Command(structuredClone(input)))) as Out;
      } catch (e) {
        const err = e as { name: string; message: string; $metadata?: { httpStatusCode?: number } };
        if (err.$metadata?.httpStatusCode === undefined) throw e;
        throw new AwsError(err.name, err.message, err.$metadata.httpStatusCode);
      }
    },
    close: () => client.destroy(),
  };
}

function cborCall(stack: LocalStack): Call {
  const send = cborClient(stack.endpoint, stack.region, stack.developerCredentials);
  return async (operation, input = {}) => {
    const answer = await send(operation, input);
    if (answer.status === 200) return normalize(answer.body ?? {}) as Out;
    const type = String(answer.body?.__type ?? answer.headers.get("x-amzn-errortype") ?? "UnknownError");
    const name = type.slice(type.lastIndexOf("#") + 1).split(":")[0]!;
    throw new AwsError(name, String(answer.body?.Message ?? answer.body?.message ?? ""), answer.status);
  };
}

/** Resolves with the error the call failed with; fails the test when it succeeded or failed otherwise. */
export async function failure(promise: Promise<unknown>): Promise<AwsError> {
  try {
    await promise;
  } catch (e) {
    if (e instanceof AwsError) return e;
    throw e;
  }
  throw new Error("the call succeeded; it was expected to fail");
}

/** Timers the suite does not test are pushed out of the way: only the manual clock moves time. */
const QUIET_TIMINGS: Partial<GameLiftTimings> = {
  processHealthTimeoutMs: 24 * 3_600_000,
  processReadyTimeoutMs: 24 * 3_600_000,
  reconnectGraceMs: 24 * 3_600_000,
  computeAuthTokenTtlMs: 24 * 3_600_000,
  placementPollMs: 100,
};

export interface HostOptions {
  /** Call ActivateGameSession when a game session starts here (default true). */
  activate?: boolean;
  /** Answer TerminateProcess with ProcessEnding (default true). */
  endOnTerminate?: boolean;
}

/** A server process registered on its own compute, running the server SDK over the stack's WebSocket endpoint. */
export interface Host {
  sdk: GameLiftServerSdk;
  computeName: string;
  port: number;
  /** The game sessions GameLift started here. */
  sessions: GameSession[];
}

export interface Suite {
  stack: LocalStack;
  /** GameLift's clock: advance(ms) runs every GameLift timer due by then. */
  clock: FakeClock;
  call(protocol: Protocol): Call;
  /** A custom location and an Anywhere fleet in it (resources named after `tag` so runs do not collide). */
  fleet(protocol: Protocol, tag: string, extra?: Record<string, unknown>): Promise<{ fleetId: string; fleetArn: string; location: string }>;
  /** `count` ready server processes on the fleet, one compute each. */
  hosts(protocol: Protocol, fleet: { fleetId: string; location: string }, count: number, options?: HostOptions): Promise<Host[]>;
  /** A fleet with one ready host and an ACTIVE game session on it. */
  activeSession(protocol: Protocol, tag: string, input?: Record<string, unknown>): Promise<{ fleetId: string; location: string; host: Host; session: Out }>;
  /** Waits for the game session to reach `status` (the server answers in real time). */
  sessionStatus(protocol: Protocol, gameSessionId: string, status: string): Promise<Out>;
}

let unique = 0;
/** A name no other test in this process used. */
export const fresh = (tag: string): string => `${tag}-${(++unique).toString(36)}-${Math.random().toString(36).slice(2, 6)}`;

/**
 * Starts the stack for one test file and runs `body` once per protocol, each in a describe block named after
 * the protocol. Resources are made per test, so the two runs do not see each other's.
 */
export function conformance(area: string, body: (protocol: Protocol, suite: Suite) => void, timings: Partial<GameLiftTimings> = {}): void {
  let stack: LocalStack;
  const clock = new FakeClock({ start: Date.UTC(2026, 0, 1) });
  const clients = new Map<Protocol, Call>();
  const closers: (() => void | Promise<void>)[] = [];
  let nextPort = 20000;

  beforeAll(async () => {
    stack = await startLocalStack({
      port: 0,
      gameliftTimings: { ...QUIET_TIMINGS, ...timings },
      gameliftClock: { now: () => clock.now(), after: (ms, fn) => clock.setTimer(ms, fn) },
    });
    const json = jsonCall(stack);
    closers.push(json.close);
    clients.set("awsJson1_1", json.call);
    clients.set("rpc-v2-cbor", cborCall(stack));
  });

  afterAll(async () => {
    for (const close of closers.reverse()) await close();
    await stack?.stop();
  });

  const call = (protocol: Protocol): Call => (operation, input) => clients.get(protocol)!(operation, input);

  const suite: Suite = {
    get stack() {
      return stack;
    },
    clock,
    call,
    async fleet(protocol, tag, extra = {}) {
      const location = `custom-${fresh(tag)}`;
      await call(protocol)("CreateLocation", { LocationName: location });
      const { FleetAttributes } = await call(protocol)("CreateFleet", { Name: fresh(tag), ComputeType: "ANYWHERE", Locations: [{ Location: location }], ...extra });
      return { fleetId: FleetAttributes.FleetId, fleetArn: FleetAttributes.FleetArn, location };
    },
    async hosts(protocol, fleet, count, options = {}) {
      const made: Host[] = [];
      for (let i = 0; i < count; i++) {
        const computeName = fresh("compute");
        const port = nextPort++;
        const { Compute } = await call(protocol)("RegisterCompute", { FleetId: fleet.fleetId, ComputeName: computeName, IpAddress: "127.0.0.1", Location: fleet.location });
        const { AuthToken } = await call(protocol)("GetComputeAuthToken", { FleetId: fleet.fleetId, ComputeName: computeName });
        const sdk = new GameLiftServerSdk({ logger: { info() {}, warn() {}, debug() {} }, exit: () => undefined });
        closers.push(() => sdk.destroy());
        const host: Host = { sdk, computeName, port, sessions: [] };
        await sdk.initSDK({ webSocketUrl: Compute.GameLiftServiceSdkEndpoint, processId: fresh("process"), hostId: computeName, fleetId: fleet.fleetId, authToken: AuthToken });
        await sdk.processReady({
          port,
          onStartGameSession: async (session) => {
            host.sessions.push(session);
            if (options.activate ?? true) await sdk.activateGameSession();
          },
          onProcessTerminate: async () => {
            if (options.endOnTerminate ?? true) await sdk.processEnding();
          },
        });
        made.push(host);
      }
      return made;
    },
    async activeSession(protocol, tag, input = {}) {
      const fleet = await suite.fleet(protocol, tag);
      const [host] = await suite.hosts(protocol, fleet, 1);
      const { GameSession } = await call(protocol)("CreateGameSession", { FleetId: fleet.fleetId, Location: fleet.location, MaximumPlayerSessionCount: 4, ...input });
      const session = await suite.sessionStatus(protocol, GameSession.GameSessionId, "ACTIVE");
      return { ...fleet, host: host!, session };
    },
    async sessionStatus(protocol, gameSessionId, status) {
      return eventually(async () => {
        const { GameSessions } = await call(protocol)("DescribeGameSessions", { GameSessionId: gameSessionId });
        return GameSessions[0]?.Status === status ? (GameSessions[0] as Out) : undefined;
      }, `game session ${gameSessionId} to be ${status}`, 10_000);
    },
  };

  describe.each(PROTOCOLS)(`${area} over %s`, (protocol) => body(protocol, suite));
}

/** One documented behaviour: the test is named after the rule and cites where AWS documents it. */
export function rule(name: string, source: string, fn: () => Promise<void>): void {
  test(`${name}  [${source}]`, fn);
}
