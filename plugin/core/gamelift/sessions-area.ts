/**
 * kit.sessions: the AWS GameLift gem's session requests. Every request has an awaited form (resolves, or
 * rejects with a GameLiftKitError) and an …Async form (returns nothing); both fire the request's notification
 * on `bus`, with (result) on success and (undefined, error) on failure, validation failures included.
 */
import type { GameLiftClient, GameSessionPlacement } from "@aws-sdk/client-gamelift";
import type { GameLiftKitConfig } from "../config.ts";
import { GameLiftKitError } from "../errors.ts";
import { detach, notified } from "../request.ts";
import { type SessionBus, createSessionBus } from "../events/session-events.ts";
import type { LatencyArea } from "../latency/latency-area.ts";
import type { Timers } from "../timers.ts";
import { configureWithDefaults, type GameLiftClientOptions, GameLiftClientHolder, type GameLiftSdk, loadGameLiftSdk, type SdkCredentials } from "./client.ts";
import { toGameSessionInfo, toPlacementInfo, toPlayerSessionInfo } from "./from-aws.ts";
import { placementFailure } from "./placement-error.ts";
import { DEFAULT_PLACEMENT_POLLING, type PlacementPolling, followPlacement, isPending } from "./placement-follower.ts";
import { cleanPlayerName, playerDataWithName } from "../../../protocol/player-data.ts";
import { createPlayerId } from "./player-id.ts";
import { type SessionDefaults, createGameSessionInput, createPlayerSessionInput, searchInput, startPlacementInput } from "./requests.ts";
import type {
  CreatePlayerSessionRequest,
  CreateSessionOnQueueRequest,
  CreateSessionRequest,
  GameSessionInfo,
  JoinSessionRequest,
  JoinedSession,
  PlacementInfo,
  PlayerSessionInfo,
  SearchSessionsRequest,
  SearchSessionsResult,
  SessionCreatedOnFleet,
  SessionPlacedOnQueue,
} from "./session-types.ts";
import type { Traveler } from "./traveler.ts";
import { RequestChecks } from "../validation.ts";
import { RULES } from "./validation.ts";

/** What GameLift answers a seat request for a session that is not ACTIVE (yet, or any more). */
const NOT_ACTIVE_YET = "InvalidGameSessionStatusException";
/**
 * How long a join waits for a new session to become ACTIVE: its game server's onStartGameSession (loading a map,
 * say) runs first, which on a busy host takes seconds; GameLift's own activation limit is far longer. Past this
 * the player reads "still starting, try again".
 */
const ACTIVATION_WAIT_MS = 30_000;

/** A game server's address as a game session names it. */
type ServerAddress = { gameSessionId: string; ipAddress?: string; dnsName?: string; port: number };
const MAX_REMEMBERED_ADDRESSES = 500;

export interface SessionsAreaOptions {
  config: GameLiftKitConfig;
  /** The default for configureGameLiftClient: normally kit.credentials.provider. */
  credentials?: SdkCredentials;
  /** The area's scope of the kit's timers (stopped on destroy): placement polling and join retries wait on them. */
  timers: Timers;
  traveler?: Traveler;
  /** The player's identity id (kit.credentials), the PlayerId joinSession reserves with unless told another. */
  playerIdentityId?: () => Promise<string>;
  /** The player's name for others to see (kit.credentials), the PlayerData joinSession reserves with unless told another. */
  playerDisplayName?: () => Promise<string>;
  /** The bus to notify on; the kit makes it before this area's code has loaded. */
  bus?: SessionBus;
  /** The client settings; the kit keeps them, so configureGameLiftClient works before this area has loaded. */
  clients?: GameLiftClientHolder;
  placementPolling?: Partial<PlacementPolling>;
  /**
   * The player's latencies (kit.latency): searchSessions gives each session its location's figure and can sort by
   * them; with `feed`, createSessionOnQueue sends them as PlayerLatencies when the request names none.
   */
  latency?: { area: Pick<LatencyArea, "current" | "playerLatencies" | "latencyOf" | "sortByLatency">; feed: boolean };
}

/** Ends a follower early with the placement stopPlacement got back. */
class PlacementSettled {
  readonly placement: GameSessionPlacement;
  constructor(placement: GameSessionPlacement) {
    this.placement = placement;
  }
}

/** kit.sessions: the AWS GameLift gem's session requests, each awaited and …Async, with their notifications on `bus`. */
export class SessionsArea {
  readonly bus: SessionBus;
  private readonly clients: GameLiftClientHolder;
  private readonly followers = new Map<string, AbortController>();
  private readonly polling: PlacementPolling;
  private traveler?: Traveler;
  private destroyed = false;
  /** Aborted on destroy: ends the waits a request is in the middle of. */
  private readonly lifetime = new AbortController();
  /** Where game sessions seen in searches and creations are served, newest last, for prepareJoin and joinSession. */
  private readonly addresses = new Map<string, ServerAddress>();

  private readonly options: SessionsAreaOptions;
  constructor(options: SessionsAreaOptions) {
    this.options = options;
    this.bus = options.bus ?? createSessionBus();
    this.clients = options.clients ?? new GameLiftClientHolder();
    this.traveler = options.traveler;
    this.polling = { ...DEFAULT_PLACEMENT_POLLING, ...options.placementPolling };
  }

  /**
   * ConfigureGameLiftClient. Region, endpoint and credentials default to the kit config's region, its gamelift
   * endpoint (unset = real AWS) and the kit's credential provider. Configuring again replaces the client.
   */
  configureGameLiftClient(options: GameLiftClientOptions = {}): void {
    this.assertAlive("configureGameLiftClient");
    configureWithDefaults(this.clients, this.options, options);
  }

  /** The configured GameLift client, for calls the kit does not make (loads the SDK if it is not yet). */
  async getGameLiftClient(): Promise<GameLiftClient> {
    this.assertAlive("getGameLiftClient");
    return (await this.clients.get("getGameLiftClient")).client;
  }

  /** Fetches the GameLift SDK ahead of the first request (the kit's prefetch calls it). */
  prefetch(): Promise<void> {
    return loadGameLiftSdk().then(() => undefined);
  }

  get isConfigured(): boolean {
    return this.clients.configured;
  }

  /** Travel's implementation of join/leave; the kit sets it once travel exists. */
  setTraveler(traveler: Traveler | undefined): void {
    this.traveler = traveler;
  }

  /** CreateGameSession on a fleet or alias; resolves once GameLift created it (ACTIVATING, not yet ACTIVE). */
  createSession(request: CreateSessionRequest): Promise<SessionCreatedOnFleet> {
    return notified(
      async () => {
        const input = createGameSessionInput(request, this.defaults);
        const out = await this.send("createSession", (c, sdk) => c.send(new sdk.COMMANDS.CreateGameSession(input)));
        const session = toGameSessionInfo(out.GameSession ?? {});
        return { via: "fleet" as const, gameSessionId: session.gameSessionId, session };
      },
      (result) => this.bus.emit("onCreateSessionAsyncComplete", result, undefined),
      (error) => this.bus.emit("onCreateSessionAsyncComplete", undefined, error),
    );
  }

  /** createSession without a promise: the answer is onCreateSessionAsyncComplete. */
  createSessionAsync(request: CreateSessionRequest): void {
    detach(this.createSession(request));
  }

  /**
   * StartGameSessionPlacement on a queue, then follows the placement (unless waitForPlacement is false) until
   * FULFILLED, which resolves with its connection info. TIMED_OUT, CANCELLED and FAILED reject with a
   * PlacementError ("Timeout", "Cancelled", "PlacementFailed"). Aborting request.signal stops the placement;
   * one already FULFILLED cannot be stopped and resolves as usual.
   */
  createSessionOnQueue(request: CreateSessionOnQueueRequest): Promise<SessionPlacedOnQueue> {
    return notified(
      () => this.placeOnQueue(request),
      (result) => this.bus.emit("onCreateSessionAsyncComplete", result, undefined),
      (error) => this.bus.emit("onCreateSessionAsyncComplete", undefined, error),
    );
  }

  /** createSessionOnQueue without a promise: the answer is onCreateSessionAsyncComplete. */
  createSessionOnQueueAsync(request: CreateSessionOnQueueRequest): void {
    detach(this.createSessionOnQueue(request));
  }

  /** StopGameSessionPlacement; a createSessionOnQueue following it then rejects with "Cancelled". */
  async stopPlacement(placementId: string): Promise<PlacementInfo> {
    const checks = new RequestChecks("stopPlacement");
    const id = checks.requiredText("placementId", placementId, RULES.placementId);
    checks.done();
    const out = await this.send("stopPlacement", (c, sdk) => c.send(new sdk.COMMANDS.StopGameSessionPlacement({ PlacementId: id })));
    const placement = out.GameSessionPlacement ?? { PlacementId: id, Status: "CANCELLED" };
    if (!isPending(placement)) this.followers.get(id)?.abort(new PlacementSettled(placement));
    return toPlacementInfo(placement);
  }

  /**
   * SearchGameSessions: ACTIVE sessions only, one page (≤ 20) at a time. Each session carries the player's
   * latency to its location (`latencyMs`) when kit.latency has one; `sortByLatency` orders the page by it, in the
   * browser once the page has arrived (GameLift cannot sort by a figure only the player knows): it sorts that
   * page, not the whole result, and sessions in locations without a figure come last.
   */
  searchSessions(request: SearchSessionsRequest = {}): Promise<SearchSessionsResult> {
    return notified(
      async () => {
        const input = searchInput(request, this.defaults);
        const out = await this.send("searchSessions", (c, sdk) => c.send(new sdk.COMMANDS.SearchGameSessions(input)));
        const latency = this.options.latency?.area;
        let sessions = (out.GameSessions ?? []).map(toGameSessionInfo);
        if (latency) {
          for (const session of sessions) {
            const ms = latency.latencyOf(session.location);
            if (ms !== undefined) session.latencyMs = ms;
          }
          if (request?.sortByLatency) sessions = latency.sortByLatency(sessions);
        }
        for (const session of sessions) this.remember(session);
        const result: SearchSessionsResult = { sessions };
        if (out.NextToken) result.nextToken = out.NextToken;
        return result;
      },
      (result) => this.bus.emit("onSearchSessionsAsyncComplete", result, undefined),
      (error) => this.bus.emit("onSearchSessionsAsyncComplete", undefined, error),
    );
  }

  /** searchSessions without a promise: the answer is onSearchSessionsAsyncComplete. */
  searchSessionsAsync(request: SearchSessionsRequest = {}): void {
    detach(this.searchSessions(request));
  }

  /**
   * DescribeGameSessions for one game session: how it stands now (status, players, StatusReason once it
   * ended), or undefined when GameLift does not know it. Player roles may call it (DescribePlayerSessions they
   * may not: it lists seat tickets). Travel asks it while reconnecting, to learn whether the session is gone.
   */
  async describeSession(gameSessionId: string, options: { signal?: AbortSignal } = {}): Promise<GameSessionInfo | undefined> {
    const checks = new RequestChecks("describeSession");
    const id = checks.requiredText("gameSessionId", gameSessionId, RULES.gameSessionId);
    checks.done();
    try {
      const out = await this.send("describeSession", (c, sdk) =>
        c.send(new sdk.COMMANDS.DescribeGameSessions({ GameSessionId: id }), options.signal ? { abortSignal: options.signal } : {}),
      );
      const found = out.GameSessions?.[0];
      return found ? toGameSessionInfo(found) : undefined;
    } catch (error) {
      if (error instanceof GameLiftKitError && error.code === "NotFoundException") return undefined;
      throw error;
    }
  }

  /** A unique player id (a v4 UUID) for games without a signed-in player. */
  createPlayerId(): string {
    return createPlayerId();
  }

  /** CreatePlayerSession: reserves a slot; the game server must accept it within 60 s. No notification. */
  async createPlayerSession(request: CreatePlayerSessionRequest): Promise<PlayerSessionInfo> {
    return this.reservePlayerSession(request, "createPlayerSession");
  }

  /**
   * JoinSession: CreatePlayerSession, then the traveler connects to the game server and travels to its map.
   * Without a traveler it stops after the reservation and resolves with the player session alone
   * (`travel` unset): the game connects to playerSession.ipAddress / dnsName and port itself.
   */
  joinSession(request: JoinSessionRequest): Promise<JoinedSession> {
    return notified(
      async () => {
        // A server whose address is known (from a search) is connected to while the seat is being reserved.
        const known = typeof request?.gameSessionId === "string" ? this.addresses.get(request.gameSessionId) : undefined;
        if (known) this.traveler?.preconnect?.(known);
        const playerSession = await this.reserveOnceActive(await this.withPlayer(request));
        const traveler = this.traveler;
        if (!traveler) return { playerSession };
        return { playerSession, travel: await traveler.join(playerSession, request) };
      },
      (result) => this.bus.emit("onJoinSessionAsyncComplete", result, undefined),
      (error) => this.bus.emit("onJoinSessionAsyncComplete", undefined, error),
    );
  }

  /** joinSession without a promise: the answer is onJoinSessionAsyncComplete. */
  joinSessionAsync(request: JoinSessionRequest): void {
    detach(this.joinSession(request));
  }

  /**
   * The player is about to join this session (picked it in a lobby): travel opens the connection to its game
   * server now, so that joinSession then costs CreatePlayerSession and the server's accept only. Takes a game
   * session from a search (or its id, when the kit has seen it in one); a hint that never fails: for a session
   * that is not ACTIVE, without an address or without travel it does nothing, and a connection not used soon
   * closes by itself.
   */
  prepareJoin(session: string | GameSessionInfo): void {
    if (this.destroyed || !this.traveler?.preconnect || !session) return;
    if (typeof session !== "string") this.remember(session);
    const address = this.addresses.get(typeof session === "string" ? session : session.gameSessionId);
    if (address) this.traveler.preconnect(address);
  }

  /**
   * Keeps the address of a session that takes players now: an ACTIVE one. A session still ACTIVATING has no
   * server listening yet (a socket to it would only be refused), and one that is ending takes nobody.
   */
  private remember(session: GameSessionInfo): void {
    if (!session?.gameSessionId) return;
    if (session.status !== "ACTIVE" || typeof session.port !== "number" || !(session.ipAddress || session.dnsName)) {
      this.addresses.delete(session.gameSessionId);
      return;
    }
    const { gameSessionId, ipAddress, dnsName, port } = session;
    this.addresses.delete(gameSessionId);
    this.addresses.set(gameSessionId, { gameSessionId, port, ...(ipAddress ? { ipAddress } : {}), ...(dnsName ? { dnsName } : {}) });
    // A lobby's worth of sessions; the oldest go first.
    if (this.addresses.size > MAX_REMEMBERED_ADDRESSES) this.addresses.delete(this.addresses.keys().next().value!);
  }

  /** LeaveSession through the traveler; without one there is no connection to leave and it just resolves. */
  leaveSession(): Promise<void> {
    return notified(
      async () => {
        this.assertAlive("leaveSession");
        await this.traveler?.leave();
      },
      () => this.bus.emit("onLeaveSessionAsyncComplete", undefined),
      (error) => this.bus.emit("onLeaveSessionAsyncComplete", error),
    );
  }

  /** leaveSession without a promise: the answer is onLeaveSessionAsyncComplete. */
  leaveSessionAsync(): void {
    detach(this.leaveSession());
  }

  /** Stops every placement poller, drops the client and the bus's handlers. Later calls reject. */
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    for (const [id, follower] of this.followers) {
      follower.abort(new GameLiftKitError("Cancelled", `the sessions area was destroyed while following placement ${id}`));
    }
    this.followers.clear();
    this.lifetime.abort(new GameLiftKitError("Cancelled", "the sessions area was destroyed"));
    this.options.timers.stop();
    this.clients.destroy();
    this.bus.clear();
  }

  private get defaults(): SessionDefaults {
    return this.options.config.gamelift ?? {};
  }

  private async placeOnQueue(request: CreateSessionOnQueueRequest): Promise<SessionPlacedOnQueue> {
    const input = startPlacementInput(await this.withOwnName(await this.withLatencies(request)), this.defaults, createPlayerId());
    const placementId = input.PlacementId as string;
    if (request.signal?.aborted) {
      throw new GameLiftKitError("Cancelled", `createSessionOnQueue: aborted before placement ${placementId} started`);
    }
    const out = await this.send("createSessionOnQueue", (c, sdk) => c.send(new sdk.COMMANDS.StartGameSessionPlacement(input)));
    let placement = out.GameSessionPlacement ?? { PlacementId: placementId, Status: "PENDING" };
    if (request.waitForPlacement !== false && isPending(placement)) placement = await this.follow(placementId, request.signal);
    const info = toPlacementInfo(placement);
    const failure = placementFailure(info);
    if (failure) throw failure;
    return { via: "queue", gameSessionId: info.status === "FULFILLED" ? (info.gameSessionId ?? "") : "", placement: info };
  }

  private async follow(placementId: string, userSignal: AbortSignal | undefined): Promise<GameSessionPlacement> {
    const follower = new AbortController();
    this.followers.set(placementId, follower);
    const stop = () => detach(this.stopPlacement(placementId));
    userSignal?.addEventListener("abort", stop, { once: true });
    if (userSignal?.aborted) stop();
    try {
      const describe = async (id: string, signal: AbortSignal) => {
        const out = await this.send("createSessionOnQueue", (c, sdk) => c.send(new sdk.COMMANDS.DescribeGameSessionPlacement({ PlacementId: id }), { abortSignal: signal }));
        return out.GameSessionPlacement ?? { PlacementId: id, Status: "PENDING" };
      };
      return await followPlacement(placementId, describe, this.options.timers, follower.signal, this.polling);
    } catch (error) {
      if (error instanceof PlacementSettled) return error.placement;
      // Our own bound ran out: stop the placement so no session starts that nobody is waiting for.
      if (error instanceof GameLiftKitError && error.code === "Timeout" && !follower.signal.aborted) stop();
      throw error;
    } finally {
      userSignal?.removeEventListener("abort", stop);
      if (this.followers.get(placementId) === follower) this.followers.delete(placementId);
    }
  }

  /**
   * The request with the player's latencies (kit.latency) as PlayerLatencies when it names none: for each desired
   * player (the players joining from this browser), or for the player's identity id when it reserves no seats, so
   * the queue still places where this player plays best. `playerLatencies: []` sends none.
   */
  private async withLatencies(request: CreateSessionOnQueueRequest): Promise<CreateSessionOnQueueRequest> {
    const latency = this.options.latency;
    if (!latency?.feed || request === null || typeof request !== "object" || request.playerLatencies !== undefined) return request;
    const figures = await latency.area.current();
    if (Object.keys(figures).length === 0) return request;
    const desired = Array.isArray(request.desiredPlayers) ? request.desiredPlayers.map((p) => p?.playerId).filter((id): id is string => typeof id === "string") : [];
    const players = desired.length > 0 ? desired : this.options.playerIdentityId ? [await this.options.playerIdentityId()] : [];
    return players.length > 0 ? { ...request, playerLatencies: latency.area.playerLatencies(players, figures) } : request;
  }

  /**
   * The request as CreatePlayerSession takes it: the player id given, else the player's identity id; the
   * PlayerData given, else the player's name (`{"name": …}`) for the game server to show.
   */
  private async withPlayer(request: JoinSessionRequest): Promise<CreatePlayerSessionRequest> {
    if (request === null || typeof request !== "object") return request as unknown as CreatePlayerSessionRequest;
    const { displayName, ...rest } = request;
    const playerId = rest.playerId ?? (await this.options.playerIdentityId?.());
    const playerData = rest.playerData ?? (await this.namedPlayerData(displayName));
    return { ...rest, ...(playerId !== undefined ? { playerId } : {}), ...(playerData !== undefined ? { playerData } : {}) } as CreatePlayerSessionRequest;
  }

  /**
   * A placement's request with the player's name as the PlayerData of the player's own seat, when the request
   * lists the player (by identity id) without PlayerData: the same seat a join would reserve. Other players'
   * seats are left as the game wrote them; the kit does not know their names.
   */
  private async withOwnName(request: CreateSessionOnQueueRequest): Promise<CreateSessionOnQueueRequest> {
    if (request === null || typeof request !== "object" || !Array.isArray(request.desiredPlayers) || !this.options.playerIdentityId) return request;
    const own = await this.options.playerIdentityId();
    const index = request.desiredPlayers.findIndex((p) => p?.playerId === own && p.playerData === undefined);
    if (index < 0) return request;
    const playerData = await this.namedPlayerData(undefined);
    if (playerData === undefined) return request;
    const desiredPlayers = request.desiredPlayers.map((p, i) => (i === index ? { ...p, playerData } : p));
    return { ...request, desiredPlayers };
  }

  /** `{"name": …}` with the name given, else the signed-in player's; undefined when neither is displayable. */
  private async namedPlayerData(displayName: unknown): Promise<string | undefined> {
    const name = cleanPlayerName(displayName) ?? cleanPlayerName(await this.options.playerDisplayName?.().catch(() => undefined));
    return name ? playerDataWithName(name) : undefined;
  }

  /**
   * CreatePlayerSession for a join. A session created a moment ago is still ACTIVATING until its game server
   * activates it, and GameLift refuses seats until then (InvalidGameSessionStatusException): the join asks again
   * for a bounded while, so "create, then join" works as a game expects. The same exception for a session that
   * has ended (TERMINATING, TERMINATED, ERROR) fails at once, as does any other refusal: only a session that is
   * ACTIVATING, or became ACTIVE since the refusal, is asked again.
   */
  private async reserveOnceActive(request: CreatePlayerSessionRequest): Promise<PlayerSessionInfo> {
    const started = this.options.timers.now();
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.reservePlayerSession(request, "joinSession");
      } catch (error) {
        const waited = this.options.timers.now() - started;
        if (GameLiftKitError.from(error).code !== NOT_ACTIVE_YET || waited >= ACTIVATION_WAIT_MS) throw error;
        if (!(await this.worthAskingAgain(request.gameSessionId))) throw error;
        await this.options.timers.sleep(Math.min(1_000, 100 * 2 ** attempt), this.lifetime.signal);
      }
    }
  }

  /**
   * Whether asking again for a seat is worth it: the session is ACTIVATING, or became ACTIVE since the refusal (its
   * game server activated it between the two calls, which on a busy host happens). When GameLift cannot say, it
   * is given the benefit; an ended session (TERMINATING, TERMINATED, ERROR) is not.
   */
  private async worthAskingAgain(gameSessionId: string): Promise<boolean> {
    try {
      const session = await this.describeSession(gameSessionId, { signal: this.lifetime.signal });
      return session?.status === "ACTIVATING" || session?.status === "ACTIVE";
    } catch {
      return true;
    }
  }

  private async reservePlayerSession(request: CreatePlayerSessionRequest, operation: string): Promise<PlayerSessionInfo> {
    const input = createPlayerSessionInput(request, operation);
    const out = await this.send(operation, (c, sdk) => c.send(new sdk.COMMANDS.CreatePlayerSession(input)));
    return toPlayerSessionInfo(out.PlayerSession ?? {});
  }

  /** Sends through the kit's GameLift client (errors come back as GameLiftKitError), unless the area was destroyed. */
  private async send<T>(operation: string, call: (client: GameLiftClient, sdk: GameLiftSdk) => Promise<T>): Promise<T> {
    this.assertAlive(operation);
    return this.clients.send(operation, call);
  }

  private assertAlive(operation: string): void {
    if (this.destroyed) throw new GameLiftKitError("NotConfigured", `${operation}: the sessions area was destroyed`);
  }
}

