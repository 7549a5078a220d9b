// Local FlexMatch end to end: the stack, real demo game server processes from the fleet launcher (each opens
// the player gateway when its game session starts), the real @aws-sdk/client-gamelift (awsJson1_1) and CBOR
// requests, and — for the server SDK's backfill calls — SDK instances in this process on a second fleet.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import WebSocket from "ws";
import {
  AcceptMatchCommand,
  CreateGameSessionQueueCommand,
  CreateMatchmakingConfigurationCommand,
  CreateMatchmakingRuleSetCommand,
  DescribeGameSessionsCommand,
  DescribeMatchmakingCommand,
  type GameLiftClient,
  StartMatchBackfillCommand,
  StartMatchmakingCommand,
  StopMatchmakingCommand,
  ValidateMatchmakingRuleSetCommand,
  type CreateMatchmakingConfigurationCommandInput,
  type MatchmakingTicket,
} from "@aws-sdk/client-gamelift";
import type { LaunchedFleet } from "../../../../local/fleet/launcher.ts";
import type { LocalStack } from "../../../../local/stack.ts";
import { GameLiftServerSdk, backfillPlayers, type GameSession, type UpdateGameSession } from "../../../../server/index.ts";
import { startTestStack, type DemoFleet, type TestStack } from "../../../fixtures/local-stack.ts";
import { cborClient } from "../../../helpers/cbor-client.ts";
import { eventually } from "../../../helpers/eventually.ts";

const LOCATION = "custom-flexmatch";
/** Matchmaking durations in the rule sets and configurations below run 20 times faster. */
const TIME_SCALE = 0.05;

let local: TestStack;
let stack: LocalStack;
let client: GameLiftClient;
let cbor: ReturnType<typeof cborClient>;
let demo: DemoFleet;
let hosts: LaunchedFleet;
let output: string[];
const sdks: GameLiftServerSdk[] = [];
const sockets: WebSocket[] = [];

const skillRuleSet = (teams: { min: number; max: number }) => ({
  name: "fair-2v2",
  ruleLanguageVersion: "1.0",
  playerAttributes: [{ name: "skill", type: "number", default: 10 }],
  teams: [
    { name: "red", minPlayers: teams.min, maxPlayers: teams.max },
    { name: "blue", minPlayers: teams.min, maxPlayers: teams.max },
  ],
  rules: [
    {
      name: "FairTeamSkill",
      type: "distance",
      measurements: ["avg(teams[*].players.attributes[skill])"],
      referenceValue: "avg(flatten(teams[*].players.attributes[skill]))",
      maxDistance: 10,
    },
    { name: "CloseSkill", type: "batchDistance", batchAttribute: "skill", maxDistance: 25 },
  ],
  expansions: [{ target: "rules[CloseSkill].maxDistance", steps: [{ waitTimeSeconds: 30, value: 50 }] }],
});

beforeAll(async () => {
  local = await startTestStack({ gameliftTimings: { matchmakingTickMs: 100, matchmakingTimeScale: TIME_SCALE, placementPollMs: 50 } });
  ({ stack, gamelift: client, output } = local);
  cbor = cborClient(stack.endpoint, stack.region, stack.developerCredentials);
  demo = await local.launchDemoFleet("flexmatch-demo", {
    processes: 3,
    location: LOCATION,
    env: { DEMO_HELLO_TIMEOUT_MS: "2000" },
    restart: { initialDelayMs: 100, maxDelayMs: 1000, minUptimeMs: 1000 },
  });
  hosts = await local.sdkFleet("flexmatch-sdk-hosts", { location: LOCATION });

  await client.send(new CreateMatchmakingRuleSetCommand({ Name: "fair-2v2", RuleSetBody: JSON.stringify(skillRuleSet({ min: 2, max: 2 })) }));
  await client.send(new CreateMatchmakingRuleSetCommand({ Name: "fair-up-to-2v2", RuleSetBody: JSON.stringify(skillRuleSet({ min: 1, max: 2 })) }));
  await client.send(new CreateGameSessionQueueCommand({ Name: "demo-matches", TimeoutInSeconds: 60, Destinations: [{ DestinationArn: demo.fleetArn }] }));
  await client.send(new CreateGameSessionQueueCommand({ Name: "sdk-matches", TimeoutInSeconds: 60, Destinations: [{ DestinationArn: hosts.fleetArn }] }));
}, 120_000);

afterAll(async () => {
  // FLEXMATCH_TEST_LOG=1 shows what the demo servers printed.
  if (process.env.FLEXMATCH_TEST_LOG) console.log(output?.join("\n"));
  for (const s of sockets) s.terminate();
  await Promise.all(sdks.map((s) => s.destroy()));
  await local?.stop();
});

async function configuration(name: string, input: Partial<CreateMatchmakingConfigurationCommandInput> = {}) {
  const queue = input.GameSessionQueueArns ?? [`arn:aws:gamelift:${stack.region}:${stack.accountId}:gamesessionqueue/demo-matches`];
  const out = await client.send(
    new CreateMatchmakingConfigurationCommand({
      Name: name,
      RuleSetName: "fair-2v2",
      RequestTimeoutSeconds: 600,
      AcceptanceRequired: false,
      GameProperties: [{ Key: "map", Value: "arena" }],
      ...input,
      GameSessionQueueArns: queue,
    }),
  );
  return out.Configuration!;
}

const start = (configurationName: string, ticketId: string, playerId: string, skill: number) =>
  client.send(new StartMatchmakingCommand({ ConfigurationName: configurationName, TicketId: ticketId, Players: [{ PlayerId: playerId, PlayerAttributes: { skill: { N: skill } } }] }));

async function tickets(...ids: string[]): Promise<MatchmakingTicket[]> {
  return (await client.send(new DescribeMatchmakingCommand({ TicketIds: ids }))).TicketList ?? [];
}

async function statuses(...ids: string[]): Promise<string[]> {
  const list = await tickets(...ids);
  return ids.map((id) => list.find((t) => t.TicketId === id)?.Status ?? "missing");
}

const logTail = () => output.slice(-30).join("\n");

/** A player walks up to the gateway with the player session from their ticket; resolves with its first answer. */
async function join(ticket: MatchmakingTicket): Promise<{ t: string; [k: string]: unknown }> {
  const info = ticket.GameSessionConnectionInfo!;
  const seat = info.MatchedPlayerSessions!.find((m) => m.PlayerId === ticket.Players![0]!.PlayerId)!;
  const socket = new WebSocket(`ws://${info.IpAddress}:${info.Port}`);
  sockets.push(socket);
  const answer = new Promise<{ t: string }>((resolve, reject) => {
    socket.once("message", (data) => resolve(JSON.parse(String(data))));
    socket.once("error", reject);
  });
  socket.once("open", () => socket.send(JSON.stringify({ t: "hello", v: 1, playerSessionId: seat.PlayerSessionId })));
  return answer;
}

describe("local FlexMatch with real game servers", () => {
  test("four players in single tickets form one 2v2 match: all four get the same game session, and their player sessions work at the gateway", async () => {
    const config = await configuration("quick-2v2");
    const skills = { ana: 40, ben: 55, cai: 45, dee: 50 };
    await Promise.all(Object.entries(skills).slice(0, 3).map(([p, s]) => start("quick-2v2", `t-${p}`, p, s)));
    // The fourth ticket over CBOR: both protocols feed the same matchmaker.
    const viaCbor = await cbor("StartMatchmaking", { ConfigurationName: config.ConfigurationArn, TicketId: "t-dee", Players: [{ PlayerId: "dee", PlayerAttributes: { skill: { N: 50 } } }] });
    expect(viaCbor.status, JSON.stringify(viaCbor.body)).toBe(200);
    expect(viaCbor.body.MatchmakingTicket.Status).toBe("QUEUED");

    const ids = Object.keys(skills).map((p) => `t-${p}`);
    await eventually(async () => (await statuses(...ids)).every((s) => s === "COMPLETED"), "all four tickets COMPLETED", 20_000, logTail);
    const done = await tickets(...ids);
    const arns = new Set(done.map((t) => t.GameSessionConnectionInfo?.GameSessionArn));
    expect(arns.size).toBe(1);
    const [arn] = [...arns];
    for (const t of done) {
      expect(t.GameSessionConnectionInfo).toMatchObject({ IpAddress: "127.0.0.1", Port: done[0]!.GameSessionConnectionInfo!.Port });
      expect(t.GameSessionConnectionInfo!.MatchedPlayerSessions).toHaveLength(1);
      expect(["red", "blue"]).toContain(t.Players![0]!.Team);
    }
    const teams = (team: string) => done.filter((t) => t.Players![0]!.Team === team).map((t) => skills[t.Players![0]!.PlayerId as keyof typeof skills]);
    const avg = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(teams("red")).toHaveLength(2);
    expect(Math.abs(avg(teams("red")) - avg(teams("blue")))).toBeLessThanOrEqual(10);

    const session = (await client.send(new DescribeGameSessionsCommand({ GameSessionId: arn }))).GameSessions![0]!;
    const data = JSON.parse(session.MatchmakerData!);
    expect(data).toMatchObject({ matchmakingConfigurationArn: config.ConfigurationArn, autoBackfillMode: null });
    expect(data.teams.flatMap((t: { players: { playerId: string }[] }) => t.players.map((p) => p.playerId)).sort()).toEqual(["ana", "ben", "cai", "dee"]);
    expect(session.GameProperties).toEqual([{ Key: "map", Value: "arena" }]);
    // The real server process got the match data with its CreateGameSession.
    await eventually(() => output.some((l) => l.includes(`match ${data.matchId} teams`)), "the demo server to log the match data", 5000, logTail);

    const answers = await Promise.all(done.map(join));
    expect(answers.map((a) => a.t)).toEqual(["accepted", "accepted", "accepted", "accepted"]);
    expect(new Set(answers.map((a) => a.gameSessionId))).toEqual(new Set([arn]));
  });

  test("a rule the skills cannot meet never matches, and the tickets time out", async () => {
    await configuration("impossible", { RequestTimeoutSeconds: 40 }); // 2 s at the test's time scale
    await Promise.all([start("impossible", "far-1", "far-1", 0), start("impossible", "far-2", "far-2", 300), start("impossible", "far-3", "far-3", 600), start("impossible", "far-4", "far-4", 900)]);
    await eventually(async () => (await statuses("far-1", "far-2", "far-3", "far-4")).every((s) => s === "SEARCHING"), "SEARCHING");
    await eventually(async () => (await statuses("far-1", "far-2", "far-3", "far-4")).every((s) => s === "TIMED_OUT"), "TIMED_OUT", 10_000);
    const [t] = await tickets("far-1");
    expect(t).toMatchObject({ StatusReason: "TimedOut" });
    expect(t!.EndTime).toBeInstanceOf(Date);
    expect(t!.GameSessionConnectionInfo).toBeUndefined();
  });

  test("one decline cancels that ticket and sends the others back to searching", async () => {
    await configuration("with-acceptance", { AcceptanceRequired: true, AcceptanceTimeoutSeconds: 600 });
    const ids = ["acc-1", "acc-2", "acc-3", "acc-4"];
    await Promise.all(ids.map((id, i) => start("with-acceptance", id, id, 20 + i)));
    await eventually(async () => (await statuses(...ids)).every((s) => s === "REQUIRES_ACCEPTANCE"), "REQUIRES_ACCEPTANCE", 10_000);
    await client.send(new AcceptMatchCommand({ TicketId: "acc-1", PlayerIds: ["acc-1"], AcceptanceType: "ACCEPT" }));
    await client.send(new AcceptMatchCommand({ TicketId: "acc-2", PlayerIds: ["acc-2"], AcceptanceType: "REJECT" }));
    expect(await statuses(...ids)).toEqual(["SEARCHING", "CANCELLED", "SEARCHING", "SEARCHING"]);
    const [rejected] = await tickets("acc-2");
    expect(rejected).toMatchObject({ StatusReason: "Rejected" });
    await expect(client.send(new AcceptMatchCommand({ TicketId: "acc-2", PlayerIds: ["acc-2"], AcceptanceType: "ACCEPT" }))).rejects.toMatchObject({ name: "InvalidRequestException" });
    // Nobody else comes: the three stay searching (a 2v2 needs four) until they are stopped.
    await new Promise((r) => setTimeout(r, 500));
    expect(await statuses("acc-1", "acc-3", "acc-4")).toEqual(["SEARCHING", "SEARCHING", "SEARCHING"]);
    for (const id of ["acc-1", "acc-3", "acc-4"]) await client.send(new StopMatchmakingCommand({ TicketId: id }));
  });

  test("StopMatchmaking cancels a ticket, over either protocol", async () => {
    await configuration("stoppable");
    await start("stoppable", "stop-1", "stopper", 10);
    await client.send(new StopMatchmakingCommand({ TicketId: "stop-1" }));
    const [t] = await tickets("stop-1");
    expect(t).toMatchObject({ Status: "CANCELLED", StatusReason: "Cancelled" });
    await start("stoppable", "stop-2", "stopper", 10);
    const stopped = await cbor("StopMatchmaking", { TicketId: "stop-2" });
    expect(stopped.status).toBe(200);
    expect(await statuses("stop-2")).toEqual(["CANCELLED"]);
    const missing = await cbor("StopMatchmaking", { TicketId: "nope" });
    expect(missing.body.__type).toBe("com.amazonaws.gamelift#NotFoundException");
  });

  test("backfill adds a player to a running match, and the game server sees the new MatchmakerData", async () => {
    const config = await configuration("backfilled", { RuleSetName: "fair-up-to-2v2" });
    await eventually(() => demo.processes().filter((p) => p.state === "running").length === 3, "the demo fleet back at three processes", 30_000);
    const first = ["bf-a", "bf-b", "bf-c"];
    // Three players make a 2v1: teams hold one or two, so a slot stays open.
    await Promise.all(first.map((id, i) => start("backfilled", id, id, 30 + i)));
    await eventually(async () => (await statuses(...first)).every((s) => s === "COMPLETED"), "the first three COMPLETED", 20_000, logTail);
    const [a] = await tickets("bf-a");
    const arn = a!.GameSessionConnectionInfo!.GameSessionArn!;
    const session = (await client.send(new DescribeGameSessionsCommand({ GameSessionId: arn }))).GameSessions![0]!;
    const data = JSON.parse(session.MatchmakerData!) as { matchId: string; teams: { name: string; players: { playerId: string; attributes: { skill: { valueAttribute: number } } }[] }[] };
    expect(session.MaximumPlayerSessionCount).toBe(4);

    const backfill = await client.send(
      new StartMatchBackfillCommand({
        ConfigurationName: config.Name,
        GameSessionArn: arn,
        Players: data.teams.flatMap((t) => t.players.map((p) => ({ PlayerId: p.playerId, Team: t.name, PlayerAttributes: { skill: { N: p.attributes.skill.valueAttribute } } }))),
      }),
    );
    const backfillId = backfill.MatchmakingTicket!.TicketId!;
    await start("backfilled", "bf-late", "bf-late", 32);
    await eventually(async () => (await statuses("bf-late", backfillId)).every((s) => s === "COMPLETED"), "the backfill to COMPLETE", 20_000, logTail);
    const [late] = await tickets("bf-late");
    expect(late!.GameSessionConnectionInfo!.GameSessionArn).toBe(arn);

    const updated = JSON.parse((await client.send(new DescribeGameSessionsCommand({ GameSessionId: arn }))).GameSessions![0]!.MatchmakerData!);
    expect(updated.matchId).toBe(data.matchId);
    expect(updated.teams.flatMap((t: { players: { playerId: string }[] }) => t.players.map((p) => p.playerId)).sort()).toEqual(["bf-a", "bf-b", "bf-c", "bf-late"]);
    // The real server process heard UpdateGameSession with the new match data.
    await eventually(
      () => output.find((l) => l.includes(`game session updated: MATCHMAKING_DATA_UPDATED (backfill ${backfillId})`) && l.includes("bf-late")),
      "the demo server to log the backfill's match data",
      5000,
      logTail,
    );
    expect((await join(late!)).t).toBe("accepted");
  });

  test("the server SDK's StartMatchBackfill and StopMatchBackfill over the SDK WebSocket", async () => {
    await configuration("sdk-backfill", { RuleSetName: "fair-up-to-2v2", GameSessionQueueArns: [`arn:aws:gamelift:${stack.region}:${stack.accountId}:gamesessionqueue/sdk-matches`] });
    const token = await hosts.authToken();
    const sdk = new GameLiftServerSdk({ logger: { info() {}, warn() {}, debug() {} }, exit: () => undefined });
    sdks.push(sdk);
    const started: GameSession[] = [];
    const updates: UpdateGameSession[] = [];
    await sdk.initSDK({ webSocketUrl: hosts.webSocketUrl, processId: "sdk-host-1", hostId: hosts.computeName, fleetId: hosts.fleetId, authToken: token });
    await sdk.processReady({
      port: 7999,
      onStartGameSession: (s) => {
        started.push(s);
        void sdk.activateGameSession();
      },
      onUpdateGameSession: (u) => void updates.push(u),
    });
    await Promise.all(["sdk-a", "sdk-b", "sdk-c"].map((id, i) => start("sdk-backfill", id, id, 60 + i)));
    const session = await eventually(() => started[0], "the SDK host to get the match", 20_000);
    expect(session.matchmaker?.teams.flatMap((t) => t.players.map((p) => p.playerId)).sort()).toEqual(["sdk-a", "sdk-b", "sdk-c"]);
    await eventually(async () => (await statuses("sdk-a")).every((s) => s === "COMPLETED"), "the match to COMPLETE");

    const { ticketId } = await sdk.startMatchBackfill({ matchmakingConfigurationArn: session.matchmaker!.matchmakingConfigurationArn, players: backfillPlayers(session.matchmaker!) });
    expect(ticketId).toMatch(/^[0-9a-f-]{36}$/);
    await expect(sdk.startMatchBackfill({ matchmakingConfigurationArn: "sdk-backfill", players: backfillPlayers(session.matchmaker!) })).rejects.toMatchObject({
      code: "BAD_REQUEST_EXCEPTION",
      message: expect.stringMatching(/already has backfill ticket/),
    });
    await start("sdk-backfill", "sdk-late", "sdk-late", 61);
    const update = await eventually(() => updates.find((u) => u.updateReason === "MATCHMAKING_DATA_UPDATED"), "MATCHMAKING_DATA_UPDATED", 20_000);
    expect(update.backfillTicketId).toBe(ticketId);
    expect(update.gameSession.matchmaker?.teams.flatMap((t) => t.players.map((p) => p.playerId)).sort()).toEqual(["sdk-a", "sdk-b", "sdk-c", "sdk-late"]);
    expect(update.gameSession.matchmakerData).toBe((await client.send(new DescribeGameSessionsCommand({ GameSessionId: session.gameSessionId }))).GameSessions![0]!.MatchmakerData);

    // A second backfill for a slot nobody comes for, stopped by the server.
    const second = await sdk.startMatchBackfill({ matchmakingConfigurationArn: "sdk-backfill", players: backfillPlayers(update.gameSession.matchmaker!, (id) => id !== "sdk-late") });
    await sdk.stopMatchBackfill({ ticketId: second.ticketId, matchmakingConfigurationArn: "sdk-backfill" });
    await eventually(() => updates.find((u) => u.updateReason === "BACKFILL_CANCELLED" && u.backfillTicketId === second.ticketId), "BACKFILL_CANCELLED");
    expect(await statuses(second.ticketId)).toEqual(["CANCELLED"]);
  });

  test("an unsupported rule is refused with a message naming it, in both protocols", async () => {
    const body = JSON.stringify({
      ...skillRuleSet({ min: 2, max: 2 }),
      rules: [{ name: "MedianSkill", type: "distance", measurements: ["median(flatten(teams[*].players.attributes[skill]))"], referenceValue: 50, maxDistance: 10 }],
    });
    await expect(client.send(new ValidateMatchmakingRuleSetCommand({ RuleSetBody: body }))).rejects.toMatchObject({
      name: "InvalidRequestException",
      message: expect.stringMatching(/rules\[MedianSkill\]\.measurements\[0\]: .*unsupported function 'median'/),
    });
    await expect(client.send(new CreateMatchmakingRuleSetCommand({ Name: "median", RuleSetBody: body }))).rejects.toMatchObject({ name: "InvalidRequestException" });
    const viaCbor = await cbor("CreateMatchmakingRuleSet", { Name: "odd", RuleSetBody: JSON.stringify({ ...skillRuleSet({ min: 2, max: 2 }), rules: [{ name: "Vibes", type: "machineLearning" }] }) });
    expect(viaCbor.status).toBe(400);
    expect(viaCbor.body.__type).toBe("com.amazonaws.gamelift#InvalidRequestException");
    expect(viaCbor.body.Message).toMatch(/rules\[0\]\.type: 'machineLearning' is not supported/);
    expect((await client.send(new ValidateMatchmakingRuleSetCommand({ RuleSetBody: JSON.stringify(skillRuleSet({ min: 2, max: 2 })) }))).Valid).toBe(true);
  });
});
