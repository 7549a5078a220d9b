// A game session whose map is named like one of Object's members: a real gateway names it in its accept (the
// map came from the session's game properties, which players may set), and the plugin's scene lookup treats
// it as the missing map it is.
import { afterAll, beforeAll, expect, test } from "vitest";
import WebSocket from "ws";
import { sceneForMap } from "../../../../plugin/phaser/scene-for-map.ts";
import { createTravel, type Travel } from "../../../../plugin/core/travel/connection.ts";
import { startGatewayStack, type GatewayStack } from "../../server/gateway/fixtures/hosted-session.ts";

let env: GatewayStack;
const travels: Travel[] = [];

beforeAll(async () => {
  env = await startGatewayStack();
}, 60_000);

afterAll(async () => {
  for (const t of travels) t.destroy();
  await env?.stop();
}, 30_000);

const maps = { arena: "ArenaScene" };

test.each(["constructor", "toString", "__proto__", "nowhere"])("a session on map %s: the accept names it, the lobby's fallback plays it", async (map) => {
  const session = await env.host({ map });
  const me = await env.pool.guest();
  const travel = createTravel({ WebSocket, endpoint: () => session.url, identityToken: () => me.token() });
  travels.push(travel);
  const joined = await travel.travel.join({ playerSessionId: await session.reserve(me.id), port: 1 });
  expect(joined.map).toBe(map);
  expect(sceneForMap(maps, joined.map, "FallbackScene")).toBe("FallbackScene");
  expect(sceneForMap(maps, joined.map)).toBeUndefined();
  await travel.travel.leave();
  await session.gateway.endSession("test over");
}, 30_000);
