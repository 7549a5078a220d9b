/**
 * The placement follower on a fake clock: its back-off schedule, its bound, which describe errors it rides
 * out, and aborting. Then the sessions area's createSessionOnQueue on the same clock with a fake client.
 */
import { test } from "vitest";
import assert from "node:assert/strict";
import { GameLiftClient, type GameSessionPlacement } from "@aws-sdk/client-gamelift";
import { GameLiftKitError } from "../../../../../plugin/core/errors.ts";
import {
  DEFAULT_PLACEMENT_POLLING,
  type PlacementPolling,
  followPlacement,
  pollDelays,
} from "../../../../../plugin/core/gamelift/placement-follower.ts";
import { createSessions } from "../../../../../plugin/core/gamelift/index.ts";
import { FakeClock } from "../../../../helpers/fake-clock.ts";

/** Sleeping moves time forward at once; with autoAdvance off, a sleep waits for advance() (to test aborts). */
const fakeClock = () => new FakeClock({ start: 1_000_000, autoAdvance: true });

const pending: GameSessionPlacement = { PlacementId: "p-1", Status: "PENDING" };

function describer(answers: (GameSessionPlacement | Error)[]) {
  const calls: number[] = [];
  const describe = async () => {
    calls.push(calls.length);
    const next = answers.length > 1 ? answers.shift() : answers[0];
    if (next instanceof Error) throw next;
    return next as GameSessionPlacement;
  };
  return { describe, calls };
}

function awsError(name: string): Error {
  return Object.assign(new Error(`${name} happened`), { name, $metadata: { httpStatusCode: 400 } });
}

test("polls back off geometrically from the initial delay up to the cap", () => {
  const delays = pollDelays({ ...DEFAULT_PLACEMENT_POLLING, initialDelayMs: 100, multiplier: 2, maxDelayMs: 1000 });
  assert.deepEqual(Array.from({ length: 7 }, () => delays.next().value), [100, 200, 400, 800, 1000, 1000, 1000]);
});

test("follows until the placement leaves PENDING, waiting longer each time", async () => {
  const clock = fakeClock();
  const { describe, calls } = describer([pending, pending, pending, pending, { PlacementId: "p-1", Status: "FULFILLED", Port: 7000 }]);
  const done = await followPlacement("p-1", describe, clock.timers(), new AbortController().signal);
  assert.equal(done.Status, "FULFILLED");
  assert.equal(calls.length, 5);
  assert.deepEqual(clock.delays, [500, 750, 1125, 1687.5, 2531.25]);
});

test("the wait is bounded: the last sleep lands on the deadline, then Timeout", async () => {
  const clock = fakeClock();
  const start = clock.time;
  const { describe, calls } = describer([pending]);
  const polling: PlacementPolling = { ...DEFAULT_PLACEMENT_POLLING, initialDelayMs: 1000, multiplier: 2, maxDelayMs: 4000, maxWaitMs: 10_000 };
  await assert.rejects(followPlacement("p-1", describe, clock.timers(), new AbortController().signal, polling), (e: GameLiftKitError) => {
    assert.equal(e.code, "Timeout");
    assert.match(e.message, /p-1 was still PENDING after 10000 ms/);
    return true;
  });
  assert.deepEqual(clock.delays, [1000, 2000, 4000, 3000]);
  assert.equal(clock.time - start, 10_000);
  assert.equal(calls.length, 4);
});

test("transient describe errors are ridden out up to the limit; others end the follow at once", async () => {
  const clock = fakeClock();
  const throttled = awsError("ThrottlingException");
  const ok = describer([throttled, throttled, throttled, { PlacementId: "p-1", Status: "TIMED_OUT" }]);
  assert.equal((await followPlacement("p-1", ok.describe, clock.timers(), new AbortController().signal)).Status, "TIMED_OUT");

  const tooMany = describer([throttled]);
  await assert.rejects(followPlacement("p-1", tooMany.describe, clock.timers(), new AbortController().signal), { code: "ThrottlingException" });
  assert.equal(tooMany.calls.length, DEFAULT_PLACEMENT_POLLING.maxConsecutiveErrors + 1);

  const missing = describer([awsError("NotFoundException")]);
  await assert.rejects(followPlacement("p-1", missing.describe, clock.timers(), new AbortController().signal), { code: "NotFoundException" });
  assert.equal(missing.calls.length, 1);
});

test("aborting rejects with the signal's reason, even mid-sleep", async () => {
  const clock = fakeClock();
  clock.autoAdvance = false;
  const controller = new AbortController();
  const { describe, calls } = describer([pending]);
  const following = followPlacement("p-1", describe, clock.timers(), controller.signal);
  const reason = new GameLiftKitError("Cancelled", "stop");
  controller.abort(reason);
  await assert.rejects(following, (e) => e === reason);
  clock.advance(1_000);
  assert.equal(calls.length, 0);
});

/** A real GameLiftClient whose send is answered here, so nothing leaves the process. */
function fakeClient(answer: (operation: string, input: Record<string, unknown>) => unknown) {
  const client = new GameLiftClient({ region: "us-west-2", credentials: { accessKeyId: "AKID", secretAccessKey: "secret" } });
  const sent: { operation: string; input: Record<string, unknown> }[] = [];
  client.send = (async (command: { constructor: { name: string }; input: Record<string, unknown> }) => {
    const operation = command.constructor.name.replace(/Command$/, "");
    sent.push({ operation, input: command.input });
    const out = answer(operation, command.input);
    if (out instanceof Error) throw out;
    return out;
  }) as unknown as GameLiftClient["send"];
  return { client, sent };
}

test("createSessionOnQueue starts, follows with back-off and resolves FULFILLED with connection info", async () => {
  const clock = fakeClock();
  let describes = 0;
  const { client, sent } = fakeClient((op, input) => {
    if (op === "StartGameSessionPlacement") return { GameSessionPlacement: { PlacementId: input.PlacementId, Status: "PENDING" } };
    describes++;
    if (describes < 3) return { GameSessionPlacement: { PlacementId: input.PlacementId, Status: "PENDING" } };
    return {
      GameSessionPlacement: {
        PlacementId: input.PlacementId,
        Status: "FULFILLED",
        GameSessionArn: "arn:aws:gamelift:us-west-2::gamesession/fleet-1/x",
        IpAddress: "127.0.0.1",
        DnsName: "host.example",
        Port: 7001,
        PlacedPlayerSessions: [{ PlayerId: "alice", PlayerSessionId: "psess-1" }],
      },
    };
  });
  const kit = createSessions({ region: "us-west-2", gamelift: { queueName: "q" } }, { timers: clock.timers() });
  kit.sessions.configureGameLiftClient({ client });
  const notified = kit.sessions.bus.once("onCreateSessionAsyncComplete");
  const placed = await kit.sessions.createSessionOnQueue({ maxPlayers: 4, desiredPlayers: [{ playerId: "alice" }] });
  assert.equal(placed.via, "queue");
  assert.equal(placed.gameSessionId, "arn:aws:gamelift:us-west-2::gamesession/fleet-1/x");
  assert.equal(placed.placement.dnsName, "host.example");
  assert.deepEqual(placed.placement.placedPlayerSessions, [{ playerId: "alice", playerSessionId: "psess-1" }]);
  assert.deepEqual(clock.delays, [500, 750, 1125]);
  assert.deepEqual(sent.map((s) => s.operation), ["StartGameSessionPlacement", ...Array(3).fill("DescribeGameSessionPlacement")]);
  assert.match(String(sent[0]?.input.PlacementId), /^[0-9a-f-]{36}$/);
  assert.equal(sent[0]?.input.GameSessionQueueName, "q");
  const [result, error] = await notified;
  assert.equal(result, placed);
  assert.equal(error, undefined);
  kit.destroy();
});

test("destroy stops a follower: no describe after it, the awaited form rejects Cancelled", async () => {
  const clock = fakeClock();
  clock.autoAdvance = false;
  const { client, sent } = fakeClient((_op, input) => ({ GameSessionPlacement: { PlacementId: input.PlacementId, Status: "PENDING" } }));
  const kit = createSessions({ region: "us-west-2" }, { timers: clock.timers() });
  kit.sessions.configureGameLiftClient({ client });
  const placing = kit.sessions.createSessionOnQueue({ queueName: "q", maxPlayers: 2, placementId: "keep-1" });
  await new Promise((r) => setTimeout(r, 10));
  assert.deepEqual(clock.delays, [500]);
  kit.destroy();
  await assert.rejects(placing, (e: GameLiftKitError) => e.code === "Cancelled" && /destroyed while following placement keep-1/.test(e.message));
  clock.advance(1_000);
  await new Promise((r) => setTimeout(r, 10));
  assert.deepEqual(sent.map((s) => s.operation), ["StartGameSessionPlacement"]);
  await assert.rejects(kit.sessions.searchSessions({ fleetId: "fleet-1" }), { code: "NotConfigured" });
});
