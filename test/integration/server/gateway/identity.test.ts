// Seats bound to identities, attacked as an outsider would: the local stack (GameLift and an identity pool),
// a player gateway in this process in front of the real server SDK, the kit's travel client for the players and
// hand-driven sockets for the attacker.
import { generateKeyPair, SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import WebSocket from "ws";
import { createTravel, type Travel } from "../../../../plugin/core/travel/connection.ts";
import { GameLiftServerError } from "../../../../server/index.ts";
import { eventually } from "../../../helpers/eventually.ts";
import { createTestIdentityPool, type TestIdentity } from "../../../helpers/identities.ts";
import { startGatewayStack, type GatewayStack, type HostedSession } from "./fixtures/hosted-session.ts";
import { rawSocket } from "./fixtures/raw-socket.ts";

let env: GatewayStack;
const travels: Travel[] = [];

beforeAll(async () => {
  env = await startGatewayStack();
}, 60_000);

afterAll(async () => {
  for (const t of travels) t.destroy();
  await env?.stop();
}, 30_000);

/** The kit's travel client for a player, connecting to this session's gateway. */
function player(session: HostedSession, who: TestIdentity, sockets: WebSocket[] = []) {
  class Tracked extends WebSocket {
    constructor(url: string) {
      super(url);
      sockets.push(this);
    }
  }
  const travel = createTravel({
    WebSocket: Tracked,
    endpoint: () => session.url,
    identityToken: () => who.token(),
    reconnect: { attempts: 5, initialDelayMs: 100, maxDelayMs: 300 },
  });
  travels.push(travel);
  return { ...travel, sockets };
}

async function refusal(session: HostedSession, playerSessionId: string, token: string | undefined, extra: Record<string, unknown> = {}) {
  const attacker = rawSocket(session.url);
  await attacker.opened;
  attacker.hello(playerSessionId, token, extra);
  const closed = await attacker.closed;
  return { code: attacker.frames[0]?.code, closeCode: closed.code, accepted: attacker.frames.some((f) => f.t === "accepted") };
}

describe("a player session id alone seats nobody", () => {
  test("another identity's token, no token, a forged token or one of another pool: refused, and the reservation stays RESERVED", async () => {
    const session = await env.host();
    const [victim, thief] = [await env.pool.guest(), await env.pool.guest()];
    const stolen = await session.reserve(victim.id);

    expect(await refusal(session, stolen, await thief.token())).toEqual({ code: "IdentityMismatch", closeCode: 1008, accepted: false });
    expect(await refusal(session, stolen, undefined)).toMatchObject({ code: "IdentityNotProven", accepted: false });

    // The thief signs his own token naming the victim: no key of the issuer matches it.
    const { privateKey } = await generateKeyPair("RS256");
    const forged = await new SignJWT({ amr: ["unauthenticated"] })
      .setProtectedHeader({ alg: "RS256", kid: "forged" })
      .setIssuer(env.pool.issuer)
      .setAudience(env.pool.identityPoolId)
      .setSubject(victim.id)
      .setIssuedAt()
      .setExpirationTime("5m")
      .sign(privateKey);
    expect(await refusal(session, stolen, forged)).toMatchObject({ code: "IdentityNotProven", accepted: false });
    // A genuine token of the stack, but for another identity pool (its audience is wrong).
    const otherPool = await createTestIdentityPool(env.stack, "other game");
    try {
      const stranger = await otherPool.guest();
      expect(await refusal(session, stolen, await stranger.token())).toMatchObject({ code: "IdentityNotProven", accepted: false });
    } finally {
      otherPool.destroy();
    }

    // The id in the URL and no hello: only read, never accepted.
    const early = rawSocket(`${session.url}/?playerSessionId=${encodeURIComponent(stolen)}`);
    await early.opened;
    early.socket.terminate();

    expect(session.calls.acceptPlayerSession).toBe(0);
    expect(await session.status(stolen)).toBe("RESERVED");
    expect(session.gateway.players()).toEqual([]);

    // The victim still gets the seat.
    const kit = player(session, victim);
    const joined = await kit.travel.join({ playerSessionId: stolen, port: 1 });
    expect(joined.playerId).toBe(victim.id);
    expect(await session.status(stolen)).toBe("ACTIVE");
  }, 30_000);

  test("a seated or held player's session cannot be taken over by another identity's resume", async () => {
    const session = await env.host({ graceMs: 10_000 });
    const [victim, thief] = [await env.pool.guest(), await env.pool.guest()];
    const seat = await session.reserve(victim.id);
    const kit = player(session, victim);
    await kit.travel.join({ playerSessionId: seat, port: 1 });

    expect(await refusal(session, seat, await thief.token(), { resume: true })).toMatchObject({ code: "IdentityMismatch", accepted: false });
    expect(kit.travel.state).toBe("in-session");

    // The victim drops; while the seat is held, the thief's resume is refused and the victim's own succeeds.
    const reconnected = kit.travel.bus.once("onReconnected");
    kit.sockets.at(-1)!.terminate();
    expect(await refusal(session, seat, await thief.token(), { resume: true })).toMatchObject({ code: "IdentityMismatch", accepted: false });
    await reconnected;
    expect(kit.travel.state).toBe("in-session");
    expect(session.gateway.players().map((p) => p.playerId)).toEqual([victim.id]);
  }, 30_000);
});

test("one seat per player: a second player session for a seated or held player is refused and stays RESERVED", async () => {
  const session = await env.host({ graceMs: 10_000 });
  const me = await env.pool.guest();
  const first = await session.reserve(me.id);
  const second = await session.reserve(me.id);
  const kit = player(session, me);
  await kit.travel.join({ playerSessionId: first, port: 1 });

  expect(await refusal(session, second, await me.token())).toMatchObject({ code: "PlayerAlreadySeated", accepted: false });
  // Held for a resume after a drop: still this player's seat.
  kit.destroy();
  const otherKit = createTravel({ WebSocket, endpoint: () => session.url, identityToken: () => me.token(), reconnect: { attempts: 0 } });
  travels.push(otherKit);
  await eventually(() => session.gateway.players().some((p) => p.playerSessionId === first && !p.connected), "the first seat to be held");
  await expect(otherKit.travel.join({ playerSessionId: second, port: 1 })).rejects.toMatchObject({ rejectCode: "PlayerAlreadySeated" });
  expect(await session.status(second)).toBe("RESERVED");
  expect(session.calls.acceptPlayerSession).toBe(1);
}, 30_000);

test("when the player session's record cannot be read, admission refuses (TryAgainLater) and spends nothing", async () => {
  let failing = true;
  const session = await env.host({}, (sdk) => ({
    ...sdk,
    describePlayerSessions: (request) =>
      failing ? Promise.reject(new GameLiftServerError("SERVICE_CALL_FAILED", "GameLift did not answer in time")) : sdk.describePlayerSessions(request),
  }));
  const me = await env.pool.guest();
  const seat = await session.reserve(me.id);
  expect(await refusal(session, seat, await me.token())).toEqual({ code: "TryAgainLater", closeCode: 1013, accepted: false });
  expect(session.calls.acceptPlayerSession).toBe(0);
  expect(await session.status(seat)).toBe("RESERVED");
  expect(session.gateway.players()).toEqual([]);

  failing = false;
  const kit = player(session, me);
  expect((await kit.travel.join({ playerSessionId: seat, port: 1 })).playerId).toBe(me.id);
}, 30_000);
