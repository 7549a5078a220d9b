// kit.matchmaking as a game uses it, in Node: signed-in players (Cognito user pool + identity pool) start tickets on
// the demo's matchmaking configuration (demo/gamelift.config.json, as npm start makes it: two teams of one or two,
// acceptance required, placed through a queue on the demo fleet's alias), the tracker follows them against the local stack, and a
// COMPLETED match travels to a real demo game server with the player's own seat from the ticket. Every
// notification is recorded, to check that each state change is reported once however many polls saw it.
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import WebSocket from "ws";
import { DescribeMatchmakingCommand, type GameLiftClient } from "@aws-sdk/client-gamelift";
import type { ServedRequest } from "../../../../../local/http/http-front.ts";
import type { LocalStack } from "../../../../../local/stack.ts";
import { MATCHMAKING_EVENT_NAMES, type MatchmakingEvents } from "../../../../../plugin/core/events/matchmaking-events.ts";
import { createGameLiftKit, plainByAddress, type GameLiftKit, type MatchmakingTicketInfo, type WebSocketConstructor } from "../../../../../plugin/core/index.ts";
import { startTestStack, type DemoFleet } from "../../../../fixtures/local-stack.ts";
import { eventually } from "../../../../helpers/eventually.ts";
import { quickMatch } from "../../../../../examples/kit/quick-match.ts";

const LOCATION = "custom-matchmaking";
const PASSWORD = "Quick-match-2026";
/** Faster than the defaults (which keep to AWS's guidance), so a test is not mostly waiting. */
const POLLING = { queuedMs: 100, searchingFirstMs: 100, searchingMaxMs: 400, acceptanceMs: 100, placingMs: 100 };

const startMatchmakingStack = () =>
  startTestStack({
    gameliftTimings: { matchmakingTickMs: 100, placementPollMs: 50 },
    onServed: (r) => void served.push(r),
    cognito: true,
    demoFleet: { processes: 2, location: LOCATION },
  });
let local: Awaited<ReturnType<typeof startMatchmakingStack>>;
let stack: LocalStack;
let fleet: DemoFleet;
let configurationName: string;
let admin: GameLiftClient;
let output: string[];
const kits: GameLiftKit[] = [];
const served: ServedRequest[] = [];

beforeAll(async () => {
  local = await startMatchmakingStack();
  ({ stack, demoFleet: fleet, gamelift: admin, output } = local);
  configurationName = local.publicConfig.gamelift.matchmakingConfigurationName!;
  for (const username of ["alice", "bob", "cara", "dan", "eve", "fay", "gus"]) await local.cognito.createUser(username, PASSWORD);
}, 120_000);

// A test that failed half-way leaves no ticket searching for the next one to match with.
afterEach(async () => {
  for (const kit of kits) await kit.matchmaking.stopPolling().catch(() => undefined);
});

afterAll(async () => {
  for (const kit of kits) kit.destroy();
  await local?.stop();
});

type Recorded = { [K in keyof MatchmakingEvents]: { name: K; args: MatchmakingEvents[K] } }[keyof MatchmakingEvents];

/** A kit for a player, and every matchmaking notification it gets, in order. */
async function player(username: string | "guest") {
  const kit = createGameLiftKit(
    {
      region: stack.region,
      endpoint: stack.endpoint,
      cognito: local.publicConfig.cognito,
      gamelift: { aliasId: fleet.aliasId, location: LOCATION, matchmakingConfigurationName: configurationName },
    },
    { WebSocket: WebSocket as unknown as WebSocketConstructor, travel: { endpoint: plainByAddress }, matchmakingPolling: POLLING },
  );
  kits.push(kit);
  if (username !== "guest") {
    await kit.auth.passwordGrantSignIn(username, PASSWORD);
  }
  const events: Recorded[] = [];
  const handlers = Object.fromEntries(MATCHMAKING_EVENT_NAMES.map((name) => [name, (...args: unknown[]) => events.push({ name, args } as Recorded)]));
  kit.matchmaking.bus.connect(handlers);
  const named = <K extends keyof MatchmakingEvents>(name: K) => events.filter((e): e is Extract<Recorded, { name: K }> => e.name === name);
  const statuses = () => named("onTicketStatus").map((e) => `${e.args[0].status}${e.args[0].statusReason ? `:${e.args[0].statusReason}` : ""}`);
  return { kit, events, named, statuses, id: await kit.credentials.playerIdentityId() };
}

async function adminStatus(ticketId: string): Promise<string | undefined> {
  const ticket = (await admin.send(new DescribeMatchmakingCommand({ TicketIds: [ticketId] }))).TicketList?.[0];
  return ticket && `${ticket.Status}${ticket.StatusReason ? `:${ticket.StatusReason}` : ""}`;
}

const LIFECYCLE = ["SEARCHING", "REQUIRES_ACCEPTANCE", "PLACING", "COMPLETED"];

/** Reported statuses of a ticket that matched at once: a strictly rising walk through the lifecycle. */
function inLifecycleOrder(statuses: string[]): boolean {
  const at = statuses.map((s) => LIFECYCLE.indexOf(s));
  return at.every((i, n) => i >= 0 && (n === 0 || i > at[n - 1]!));
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const logTail = () => output.slice(-30).join("\n");

describe("kit.matchmaking against the local stack and demo game servers", () => {
  test("two players quick-match, both accept, and travel with their own seats to the same game session; each state change is reported once", async () => {
    const alice = await player("alice");
    const bob = await player("bob");
    // Each takes a moment to press Accept: the tracker polls the waiting match several times meanwhile.
    for (const p of [alice, bob]) p.kit.matchmaking.bus.on("onMatchAcceptance", () => void sleep(800).then(() => p.kit.matchmaking.acceptMatchAsync({ accept: true })));
    const describesBefore = served.filter((r) => r.operation === "DescribeMatchmaking").length;
    const createPlayerSessionsBefore = served.filter((r) => r.operation === "CreatePlayerSession").length;

    const aliceTicket = await alice.kit.matchmaking.startMatchmaking({ attributes: { skill: 20 } });
    expect(aliceTicket).toMatchObject({ status: "QUEUED", configurationName, players: [{ playerId: alice.id }] });
    expect(alice.kit.matchmaking.tracking).toBe(true);
    // Bob through the Async form: its result arrives on the bus.
    bob.kit.matchmaking.startMatchmakingAsync({ attributes: { skill: 24 } });

    const [[aliceDone, aliceTravel], [bobDone, bobTravel]] = await Promise.all([alice.kit.matchmaking.bus.once("onMatchComplete"), bob.kit.matchmaking.bus.once("onMatchComplete")]);
    expect(aliceTravel.gameSessionId).toBe(bobTravel.gameSessionId);
    expect(aliceTravel.gameSessionId).toBe(aliceDone.connection?.gameSessionId);
    expect([aliceTravel.map, bobTravel.map]).toEqual(["arena", "arena"]);
    // The seats are the ones GameLift reserved for the match, under each player's identity id.
    expect(aliceTravel.playerSessionId).toBe(aliceDone.connection?.matchedPlayerSessions.find((s) => s.playerId === alice.id)?.playerSessionId);
    expect(bobTravel.playerSessionId).toBe(bobDone.connection?.matchedPlayerSessions.find((s) => s.playerId === bob.id)?.playerSessionId);
    expect([aliceTravel.playerId, bobTravel.playerId]).toEqual([alice.id, bob.id]);
    expect(served.filter((r) => r.operation === "CreatePlayerSession").length).toBe(createPlayerSessionsBefore);
    expect([alice.kit.travel.state, bob.kit.travel.state]).toEqual(["in-session", "in-session"]);
    expect(new Set([aliceDone.players[0]?.team, bobDone.players[0]?.team])).toEqual(new Set(["red", "blue"]));
    // The demo server read the match data: the state each player got with its seat has both teams.
    const teams = { [alice.id]: aliceDone.players[0]?.team, [bob.id]: bobDone.players[0]?.team };
    expect((aliceTravel.state as { teams?: unknown }).teams).toEqual(teams);
    expect((bobTravel.state as { teams?: unknown }).teams).toEqual(teams);

    const [started] = bob.named("onStartMatchmakingAsyncComplete");
    expect(started?.args[0]).toMatchObject({ status: "QUEUED", players: [{ playerId: bob.id }] });
    expect(started?.args[1]).toBeUndefined();
    for (const p of [alice, bob]) {
      // The lifecycle in order, each state once. SEARCHING and PLACING can pass between two polls (the two
      // tickets can match within the matchmaker's first pass); a match waiting for acceptance cannot.
      expect(inLifecycleOrder(p.statuses()), p.statuses().join(" → ")).toBe(true);
      expect(p.statuses()).toContain("REQUIRES_ACCEPTANCE");
      expect(p.statuses().at(-1)).toBe("COMPLETED");
      expect(p.named("onMatchAcceptance")).toHaveLength(1);
      expect(p.named("onAcceptMatchAsyncComplete").map((e) => e.args[0])).toEqual([undefined]);
      expect(p.named("onMatchComplete")).toHaveLength(1);
      expect([...p.named("onMatchFailure"), ...p.named("onMatchError")]).toEqual([]);
      expect(p.kit.matchmaking.tracking).toBe(false);
    }
    // More polls than reports: the reports follow changes, not polls (at 100 ms, some 8 polls each saw the
    // match waiting for acceptance, and onMatchAcceptance fired once).
    const describes = served.filter((r) => r.operation === "DescribeMatchmaking").length - describesBefore;
    const reports = alice.named("onTicketStatus").length + bob.named("onTicketStatus").length;
    expect(describes).toBeGreaterThanOrEqual(reports + 8);
    console.log(`two-player quick match: ${describes} DescribeMatchmaking calls, ${reports} onTicketStatus reports`);

    // They play in one arena: each sees the other arrive or already there.
    const ids = [alice.id, bob.id];
    for (const p of [alice, bob]) expect(ids).toContain(p.kit.travel.session?.playerId);
    await alice.kit.sessions.leaveSession();
    await bob.kit.sessions.leaveSession();
  });

  test("a decline cancels the decliner's ticket (onMatchFailure, Rejected) and sends the other back to searching; stopping it then cancels it", async () => {
    const cara = await player("cara");
    const dan = await player("dan");
    // Cara looks at the offer for a moment, then declines; Dan accepts at once.
    cara.kit.matchmaking.bus.on("onMatchAcceptance", () => void sleep(500).then(() => cara.kit.matchmaking.acceptMatchAsync({ accept: false })));
    dan.kit.matchmaking.bus.on("onMatchAcceptance", () => dan.kit.matchmaking.acceptMatchAsync({ accept: true }));
    await cara.kit.matchmaking.startMatchmaking();
    const danTicket = await dan.kit.matchmaking.startMatchmaking();

    const [failed] = await cara.kit.matchmaking.bus.once("onMatchFailure");
    expect(failed).toMatchObject({ status: "CANCELLED", statusReason: "Rejected" });
    expect(cara.kit.matchmaking.tracking).toBe(false);
    await eventually(() => dan.statuses().includes("SEARCHING:MatchRejected"), "dan back to searching", 10_000, logTail);
    expect(dan.statuses().filter((s) => s !== "SEARCHING")).toEqual(["REQUIRES_ACCEPTANCE", "SEARCHING:MatchRejected"]);
    expect(dan.named("onMatchFailure")).toEqual([]);

    const stopped = dan.kit.matchmaking.bus.once("onStopMatchmakingAsyncComplete");
    await dan.kit.matchmaking.stopMatchmaking();
    expect(await stopped).toEqual([undefined]);
    expect(await adminStatus(danTicket.ticketId)).toBe("CANCELLED:Cancelled");
    expect(dan.kit.matchmaking.tracking).toBe(false);
    // The player asked: no failure is reported for the stop, then or later.
    await sleep(500);
    expect([...dan.named("onMatchFailure"), ...dan.named("onMatchError")]).toEqual([]);
  });

  test("stopping the tracker stops the ticket, and the player can start again", async () => {
    const eve = await player("eve");
    const first = await eve.kit.matchmaking.startMatchmaking();
    await eventually(() => eve.statuses().includes("SEARCHING"), "eve searching", 15_000, () => `${eve.statuses().join(", ")} ${JSON.stringify(eve.events.map((e) => e.name))}`);
    await eve.kit.matchmaking.stopPolling();
    expect(await adminStatus(first.ticketId)).toBe("CANCELLED:Cancelled");
    expect(eve.kit.matchmaking.ticket).toBeUndefined();

    // One ticket at a time per player, and a stopped one no longer counts.
    const second = await eve.kit.matchmaking.startMatchmaking({ ticketId: "eve-second-try" });
    expect(second.ticketId).toBe("eve-second-try");
    await expect(eve.kit.matchmaking.startMatchmaking()).rejects.toMatchObject({ code: "InvalidParameter" });
    await eve.kit.matchmaking.stopMatchmaking("eve-second-try");
    expect(await adminStatus("eve-second-try")).toBe("CANCELLED:Cancelled");
    expect([...eve.named("onMatchFailure"), ...eve.named("onMatchError")]).toEqual([]);
  });

  test("the README's quick match example: two players matched, on the arena, one team each", async () => {
    const config = {
      region: stack.region,
      endpoint: stack.endpoint,
      cognito: local.publicConfig.cognito,
      gamelift: { aliasId: fleet.aliasId, location: LOCATION, matchmakingConfigurationName: configurationName },
    };
    const options = { WebSocket: WebSocket as unknown as WebSocketConstructor, travel: { endpoint: plainByAddress }, matchmakingPolling: POLLING };
    const [fay, gus] = await Promise.all([quickMatch(config, "fay", PASSWORD, options), quickMatch(config, "gus", PASSWORD, options)]);
    expect([fay.map, gus.map]).toEqual(["arena", "arena"]);
    expect(new Set([fay.team, gus.team])).toEqual(new Set(["red", "blue"]));
  });

  test("a ticket stopped by someone else ends the tracker with onMatchFailure; a guest may not matchmake", async () => {
    const alice = await player("alice");
    const ticket = await alice.kit.matchmaking.startMatchmaking();
    await eventually(() => alice.statuses().includes("SEARCHING"), "alice searching");
    const failure = alice.kit.matchmaking.bus.once("onMatchFailure");
    const { StopMatchmakingCommand } = await import("@aws-sdk/client-gamelift");
    await admin.send(new StopMatchmakingCommand({ TicketId: ticket.ticketId }));
    const [ended] = await failure;
    expect(ended).toMatchObject({ ticketId: ticket.ticketId, status: "CANCELLED" } satisfies Partial<MatchmakingTicketInfo>);

    const guest = await player("guest");
    const refused = guest.kit.matchmaking.bus.once("onStartMatchmakingAsyncComplete");
    await expect(guest.kit.matchmaking.startMatchmaking()).rejects.toMatchObject({ code: "AccessDeniedException" });
    const [nothing, error] = await refused;
    expect(nothing).toBeUndefined();
    expect(error?.code).toBe("AccessDeniedException");
    expect(guest.kit.matchmaking.tracking).toBe(false);
  });
});
