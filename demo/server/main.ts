/**
 * The demo game server: registers with GameLift (local or real Anywhere fleet) from the GAMELIFT_SDK_*
 * variables a fleet launcher sets; when GameLift starts a game session here it opens the player gateway on
 * PORT and runs the arena: players, their positions, and every "move" broadcast to everyone.
 */
import { createPlayerGateway, END_REASONS, GameLiftServerSdk, type GameSession, type PlayerGateway } from "phaser-gamelift/server";
import { mapNamed, MAPS } from "../shared/maps.ts";
import { ArenaState, teamsOf } from "./arena-rules.ts";

const port = Number(process.env.PORT ?? 7777);
const sdk = new GameLiftServerSdk({
  // Tests shorten the heartbeat; GameLift's own schedule otherwise.
  heartbeatIntervalMs: optionalNumber(process.env.DEMO_HEARTBEAT_MS),
  logger: { info: (m) => log(m) },
});

function log(message: string): void {
  console.log(`[demo-server :${port}] ${message}`);
}

function optionalNumber(value: string | undefined): number | undefined {
  const n = Number(value);
  return value && Number.isFinite(n) && n > 0 ? n : undefined;
}

/** "red: a, b; blue: c" from a FlexMatch game session's match data; empty for other game sessions. */
function rosterOf(session: GameSession): string {
  return session.matchmaker?.teams.map((t) => `${t.name}: ${t.players.map((p) => p.playerId).join(", ")}`).join("; ") ?? "";
}

/** The map a game session asks for: its `map` or `level` game property (O3DE's name) when the demo has it, else the arena. */
function mapOf(session: GameSession): string {
  const asked = session.gameProperties.map || session.gameProperties.level;
  if (asked && !mapNamed(asked)) log(`no map '${asked}' here: the session plays the arena`);
  return mapNamed(asked ?? "")?.name ?? MAPS.arena.name;
}

let gateway: PlayerGateway | undefined;
let arena: ArenaState | undefined;

function unverified(): "unverified" {
  log("WARNING: no PHASER_GAMELIFT_IDENTITY_POOL_ID: players are not verified, anyone holding a player session id takes its seat");
  return "unverified";
}

async function hostGameSession(session: GameSession): Promise<void> {
  // A FlexMatch session knows its players' teams before any of them arrives.
  const state = new ArenaState(mapNamed(mapOf(session)) ?? MAPS.arena, teamsOf(session.matchmaker));
  arena = state;
  gateway = await createPlayerGateway({
    sdk,
    gameSession: session,
    port,
    host: process.env.DEMO_GATEWAY_HOST || undefined,
    // Whose players to seat: by default the identity pool the fleet names in PHASER_GAMELIFT_IDENTITY_POOL_ID
    // (the local dev stack sets it, with the stack as the tokens' issuer): a hello must prove the player
    // session's PlayerId. Fleets started without one (tests of GameLift alone) run the weaker, unverified mode.
    identity: process.env.PHASER_GAMELIFT_IDENTITY_POOL_ID ? undefined : unverified(),
    map: mapOf,
    state: () => state.snapshot(),
    graceMs: optionalNumber(process.env.DEMO_GRACE_MS),
    maxMessageBytes: optionalNumber(process.env.DEMO_MAX_MESSAGE_BYTES),
    maxMessagesPerSecond: optionalNumber(process.env.DEMO_MAX_MESSAGES_PER_SECOND),
    helloTimeoutMs: optionalNumber(process.env.DEMO_HELLO_TIMEOUT_MS),
    // An arena nobody is in for a minute ends, and this process with it: the fleet starts a fresh one, so empty
    // sessions never hold the fleet's capacity.
    endWhenEmptyMs: optionalNumber(process.env.DEMO_EMPTY_SESSION_MS) ?? 60_000,
    onPlayerJoin(player) {
      state.join(player.playerId, player.name);
      const team = state.teamOf(player.playerId);
      log(`player ${player.playerId} joined as ${player.name}${team ? ` team ${team}` : ""} (${state.size} in the arena)`);
    },
    onPlayerLeave(player, reason) {
      state.leave(player.playerId);
      log(`player ${player.playerId} left: ${reason} (${state.size} in the arena)`);
    },
    onPlayerDisconnect: (player) => log(`player ${player.playerId} dropped; holding the seat`),
    onPlayerReconnect: (player) => log(`player ${player.playerId} is back`),
    onPlayerMessage(player, type, data) {
      if (type !== "move") return;
      const position = state.move(player.playerId, data);
      // Everyone, the mover included: its own echo tells it where the server put it.
      if (position) gateway?.broadcast("move", { playerId: player.playerId, ...position }, { from: player.playerId });
    },
    log,
  });
  log(`player gateway on port ${gateway.port} (${gateway.secure ? "wss, the compute's certificate" : "ws"}), map ${gateway.map}`);
}

/** Players are told why (the gateway is one of the SDK's shutdown tasks), GameLift is told, the process exits. */
function endProcess(reason: string, code = 0): Promise<void> {
  log(`ending (${reason})`);
  return sdk.endProcess(reason, code);
}

async function main(): Promise<void> {
  await sdk.initSDK();
  await sdk.processReady({
    port,
    logPaths: [],
    async onStartGameSession(session: GameSession) {
      log(`starting game session ${session.gameSessionId} (${session.name ?? "unnamed"}, up to ${session.maximumPlayerSessionCount} players)`);
      if (session.matchmaker) log(`match ${session.matchmaker.matchId} teams ${rosterOf(session)}`);
      try {
        // Listening before activation: once GameLift hands out player sessions, they can connect.
        await hostGameSession(session);
      } catch (error) {
        await endProcess(`could not open the player gateway: ${(error as Error).message}`, 1);
      }
      await sdk.activateGameSession();
      log(`game session active: ${session.gameSessionId}`);
    },
    onUpdateGameSession(update) {
      const roster = rosterOf(update.gameSession);
      log(`game session updated: ${update.updateReason}${update.backfillTicketId ? ` (backfill ${update.backfillTicketId})` : ""}${roster ? ` teams ${roster}` : ""}`);
      // A backfill added players: everyone learns the new teams.
      if (update.gameSession.matchmaker && arena) {
        arena.setTeams(teamsOf(update.gameSession.matchmaker));
        gateway?.broadcast("teams", { teams: arena.teamsMessage() });
      }
    },
    async onProcessTerminate() {
      log("onProcessTerminate");
      await endProcess(END_REASONS.terminated);
    },
    onProcessReleased(release) {
      log(`GameLift let this process go (${release.cause}, ${release.code}): ${release.message}`);
      void endProcess(END_REASONS.released);
    },
    onHealthCheck: () => true,
  });
  log(`process ready on port ${port}`);
}

// The fleet's host stops a process with SIGTERM (a FORCE_TERMINATE, the launcher restarting or stopping).
process.on("SIGTERM", () => void endProcess(END_REASONS.terminated));
process.on("SIGINT", () => void endProcess(END_REASONS.terminated));

main().catch((error: unknown) => {
  console.error(`[demo-server :${port}] could not start: ${(error as Error).message}`);
  void sdk.destroy().finally(() => process.exit(1));
});
