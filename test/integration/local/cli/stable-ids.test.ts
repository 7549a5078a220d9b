// Issue 8's "the stack restarted twice: a game built after the first start still signs in and joins", on the
// path `npm start` takes (local/bin.ts start --demo with the demo game server as the fleet command): the stack
// is stopped (Ctrl-C, then SIGTERM) and started again in the same state dir, twice. The fleet, alias and queue
// keep their ids and ARNs; a game holding the first run's ids signs in, creates a game session on the alias,
// gets a player session and a real demo game server accepts it; the kept queue places a session too. The demo's
// queue, matchmaking rule set and configuration (npm start makes them) are the same ones after each restart,
// not made again, and the configuration takes tickets.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  CreateGameSessionQueueCommand,
  DescribeAliasCommand,
  DescribeFleetAttributesCommand,
  DescribeGameSessionPlacementCommand,
  DescribeGameSessionQueuesCommand,
  DescribeMatchmakingCommand,
  DescribeMatchmakingConfigurationsCommand,
  DescribeMatchmakingRuleSetsCommand,
  GameLiftClient,
  ListComputeCommand,
  StartGameSessionPlacementCommand,
  StartMatchmakingCommand,
  StopMatchmakingCommand,
} from "@aws-sdk/client-gamelift";
import WebSocket from "ws";
import { afterAll, expect, test } from "vitest";
import type { StackState } from "../../../../local/dev-stack.ts";
import { createGameLiftKit, plainByAddress, type GameLiftKit, type WebSocketConstructor } from "../../../../plugin/core/index.ts";
import { eventually } from "../../../helpers/eventually.ts";

const ROOT = join(import.meta.dirname, "../../../..");
const PROCESSES = 2;
const dir = mkdtempSync(join(tmpdir(), "pgl-stable-ids-"));
const statePath = join(dir, "stack.json");
const children = new Set<ChildProcess>();
const kits: GameLiftKit[] = [];

interface Run {
  child: ChildProcess;
  state: StackState;
  output: string[];
  admin: GameLiftClient;
}

async function start(): Promise<Run> {
  const fleetCommand = `${process.execPath} -C phaser-gamelift-source --import tsx demo/server/main.ts`;
  const args = ["-C", "phaser-gamelift-source", "--import", "tsx", "local/bin.ts", "start", "--demo", "--port", "0", "--state", statePath];
  args.push("--fleet-command", fleetCommand, "--processes", String(PROCESSES), "--base-port", "0");
  const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
  children.add(child);
  child.once("exit", () => children.delete(child));
  const output: string[] = [];
  for (const stream of [child.stdout!, child.stderr!]) stream.on("data", (chunk: Buffer) => output.push(...chunk.toString("utf8").split("\n")));
  const context = () => output.slice(-30).join("\n");
  const state = await eventually(
    () => {
      if (child.exitCode !== null) throw new Error(`the stack exited with ${child.exitCode}`);
      const parsed = JSON.parse(readFileSync(statePath, "utf8")) as StackState;
      return parsed.pid === child.pid ? parsed : undefined;
    },
    "the stack to write its state file",
    60_000,
    context,
  );
  await eventually(() => output.filter((l) => l.includes("process ready")).length >= PROCESSES, "the demo game servers to be ready", 60_000, context);
  const admin = new GameLiftClient({ region: state.region, endpoint: state.endpoint, credentials: state.developerCredentials, maxAttempts: 1 });
  return { child, state, output, admin };
}

async function stop(run: Run, signal: "SIGINT" | "SIGTERM"): Promise<void> {
  run.admin.destroy();
  if (run.child.exitCode !== null) return;
  const exited = new Promise<number | null>((resolve) => run.child.once("exit", (code) => resolve(code)));
  run.child.kill(signal);
  expect(await exited).toBe(0);
}

/** What must not change: the ids and ARNs a game or a set-up script holds. */
async function identities(run: Run) {
  const fleet = (await run.admin.send(new DescribeFleetAttributesCommand({ FleetIds: [run.state.fleet!.fleetId] }))).FleetAttributes?.[0];
  const alias = (await run.admin.send(new DescribeAliasCommand({ AliasId: run.state.fleet!.aliasId }))).Alias;
  const queue = (await run.admin.send(new DescribeGameSessionQueuesCommand({ Names: ["stable-queue"] }))).GameSessionQueues?.[0];
  const matchmaking = { ...run.state.game!.matchmaking!, queueName: run.state.game!.publicConfig.gamelift.queueName! };
  const configuration = (await run.admin.send(new DescribeMatchmakingConfigurationsCommand({ Names: [matchmaking.configurationName] }))).Configurations?.[0];
  const ruleSet = (await run.admin.send(new DescribeMatchmakingRuleSetsCommand({ Names: [matchmaking.ruleSetName] }))).RuleSets?.[0];
  const demoQueue = (await run.admin.send(new DescribeGameSessionQueuesCommand({ Names: [matchmaking.queueName] }))).GameSessionQueues?.[0];
  const printed = (label: string) => run.output.find((l) => l.trimStart().startsWith(label))?.trim().split(/\s+/)[1];
  return {
    fleetId: fleet?.FleetId,
    fleetArn: fleet?.FleetArn,
    aliasId: alias?.AliasId,
    aliasArn: alias?.AliasArn,
    queueArn: queue?.GameSessionQueueArn,
    stateFile: { fleetId: run.state.fleet?.fleetId, fleetArn: run.state.fleet?.fleetArn, aliasId: run.state.fleet?.aliasId, aliasArn: run.state.fleet?.aliasArn },
    printed: { fleet: printed("fleet "), alias: printed("alias "), matchmaking: printed("matchmaking ") },
    // Kept, not made again: a remade definition would have the same name-derived ARN but a new creation time.
    matchmaking: {
      stateFile: matchmaking,
      configurationArn: configuration?.ConfigurationArn,
      configurationCreated: configuration?.CreationTime?.getTime(),
      queues: configuration?.GameSessionQueueArns,
      ruleSetArn: ruleSet?.RuleSetArn,
      ruleSetCreated: ruleSet?.CreationTime?.getTime(),
      demoQueue: { arn: demoQueue?.GameSessionQueueArn, destinations: demoQueue?.Destinations?.map((d) => d.DestinationArn) },
    },
    cognito: { userPoolId: run.state.cognito.demo?.userPoolId, appClientId: run.state.cognito.demo?.appClientId, identityPoolId: run.state.cognito.demo?.identityPoolId },
  };
}

/** A game built against the first run: its ids are the first run's; only the endpoint is today's (port 0). */
async function playAsBuiltGame(built: StackState, run: Run, player: string): Promise<void> {
  const demo = built.cognito.demo!;
  const kit = createGameLiftKit(
    {
      region: built.region,
      endpoint: run.state.endpoint,
      cognito: { userPoolId: demo.userPoolId, appClientId: demo.appClientId, identityPoolId: demo.identityPoolId },
      gamelift: { aliasId: built.fleet!.aliasId, location: built.fleet!.location },
    },
    { WebSocket: WebSocket as unknown as WebSocketConstructor, travel: { endpoint: plainByAddress } },
  );
  kits.push(kit);
  await kit.auth.passwordGrantSignIn(demo.users[0]!.username, demo.users[0]!.password);
  const created = await kit.sessions.createSession({ maxPlayers: 4, name: `room of ${player}` });
  expect(created.gameSessionId).toContain(`::gamesession/${built.fleet!.fleetId}/`);
  // The seat is reserved under the player's identity id (which the demo server checks against the hello's token);
  // the join waits for the new session to turn ACTIVE.
  const joined = await kit.sessions.joinSession({ gameSessionId: created.gameSessionId });
  expect(joined.playerSession.playerSessionId).toMatch(/^psess-/);
  expect(joined.travel?.map).toBe("arena");
  expect(kit.travel.state).toBe("in-session");
  await kit.sessions.leaveSession();
  kit.destroy();
}

let first: Run | undefined;
let current: Run | undefined;

afterAll(async () => {
  for (const kit of kits) kit.destroy();
  for (const run of [first, current]) run?.admin.destroy();
  await Promise.all(
    [...children].map(
      (child) =>
        new Promise<void>((resolve) => {
          child.once("exit", () => resolve());
          child.kill("SIGTERM");
          setTimeout(() => child.kill("SIGKILL"), 10_000).unref();
        }),
    ),
  );
  rmSync(dir, { recursive: true, force: true });
});

test("fleet, alias, queues and the demo's matchmaking keep their ids and ARNs over two restarts, and a game built after the first start still signs in and joins", async () => {
  first = await start();
  const built = first.state;
  expect(built.fleet?.aliasId).toMatch(/^alias-/);
  await first.admin.send(new CreateGameSessionQueueCommand({ Name: "stable-queue", TimeoutInSeconds: 60, Destinations: [{ DestinationArn: built.fleet!.aliasArn }] }));
  const kept = await identities(first);
  expect(kept.printed).toEqual({ fleet: built.fleet!.fleetId, alias: built.fleet!.aliasId, matchmaking: "phaser-gamelift-demo-match" });
  expect(kept.matchmaking).toMatchObject({
    configurationArn: `arn:aws:gamelift:${built.region}::matchmakingconfiguration/phaser-gamelift-demo-match`,
    ruleSetArn: `arn:aws:gamelift:${built.region}::matchmakingruleset/phaser-gamelift-demo-rules`,
    queues: [`arn:aws:gamelift:${built.region}::gamesessionqueue/phaser-gamelift-demo-queue`],
    demoQueue: { destinations: [built.fleet!.aliasArn] },
  });
  await playAsBuiltGame(built, first, "first-run-player");

  let previous = first;
  for (const [round, signal] of [[1, "SIGINT"], [2, "SIGTERM"]] as const) {
    await stop(previous, signal);
    current = await start();
    expect(await identities(current), `after restart ${round}`).toEqual(kept);
    // The restarted fleet has only the computes the launcher registered anew (one per location of the demo).
    const computes = (await current.admin.send(new ListComputeCommand({ FleetId: kept.fleetId }))).ComputeList ?? [];
    expect(computes.map((c) => c.ComputeName).sort()).toEqual(current.state.game!.computes.map((c) => c.computeName).sort());
    expect(computes).toHaveLength(2);

    await playAsBuiltGame(built, current, `player-after-restart-${round}`);

    const placementId = `stable-placement-${round}`;
    await current.admin.send(new StartGameSessionPlacementCommand({ PlacementId: placementId, GameSessionQueueName: "stable-queue", MaximumPlayerSessionCount: 2 }));
    const admin = current.admin;
    const placed = await eventually(async () => {
      const p = (await admin.send(new DescribeGameSessionPlacementCommand({ PlacementId: placementId }))).GameSessionPlacement;
      return p?.Status === "FULFILLED" ? p : undefined;
    }, `placement ${placementId} on the kept queue`, 30_000);
    expect(placed.GameSessionArn).toContain(`/${kept.fleetId}/`);

    // The kept matchmaking configuration takes a ticket.
    const ticketId = `stable-ticket-${round}`;
    await admin.send(new StartMatchmakingCommand({ ConfigurationName: built.game!.matchmaking!.configurationName, TicketId: ticketId, Players: [{ PlayerId: `solo-${round}` }] }));
    await eventually(async () => (await admin.send(new DescribeMatchmakingCommand({ TicketIds: [ticketId] }))).TicketList?.[0]?.Status === "SEARCHING", `ticket ${ticketId} searching`);
    await admin.send(new StopMatchmakingCommand({ TicketId: ticketId }));
    previous = current;
  }
  await stop(previous, "SIGINT");
});
