/**
 * kit.matchmaking: the AWS GameLift gem's matchmaking requests (StartMatchmaking, StopMatchmaking, AcceptMatch;
 * awaited and …Async, each with its notification) and its ticket tracker (startPolling / stopPolling), on one bus.
 *
 * The tracker follows the ticket (see ticket-tracker.ts for how often it asks) and reports each change once.
 * When the ticket is COMPLETED it travels to the match's game session with the player's own seat from the ticket
 * (GameLift reserved it for the match: no CreatePlayerSession of ours), then fires onMatchComplete. Stopping the
 * tracker stops the ticket too (the gem's StopPolling leaves it searching, and a match then forms for a player who
 * has gone). Players are identified by their Cognito identity id, the id the kit proves to the game server.
 */
import type { GameLiftClient, MatchmakingTicket } from "@aws-sdk/client-gamelift";
import type { GameLiftKitConfig } from "../config.ts";
import { GameLiftKitError } from "../errors.ts";
import { detach, notified } from "../request.ts";
import { createMatchmakingBus, type MatchmakingBus } from "../events/matchmaking-events.ts";
import type { Timers } from "../timers.ts";
import type { TravelArea } from "../travel/connection.ts";
import type { PlayerSessionTarget, TravelResult } from "../travel/types.ts";
import type { GameLiftClientHolder, GameLiftSdk } from "./client.ts";
import { acceptMatchInput, checkedTicketId, startMatchmakingInput, toTicketInfo, type MatchmakingDefaults } from "./matchmaking-requests.ts";
import { FINAL_MATCHMAKING_STATUSES, type AcceptMatchRequest, type MatchmakingTicketInfo, type StartMatchmakingRequest } from "./matchmaking-types.ts";
import { createPlayerId } from "./player-id.ts";
import { DEFAULT_MATCHMAKING_POLLING, trackTicket, type MatchmakingPolling } from "./ticket-tracker.ts";

export interface MatchmakingAreaOptions {
  config: GameLiftKitConfig;
  /** The area's scope of the kit's timers (stopped on destroy): the ticket tracker waits on them. */
  timers: Timers;
  /** The bus to notify on; the kit makes it before this area's code has loaded. */
  bus?: MatchmakingBus;
  /** The kit's GameLift client settings (configureGameLiftClient), shared with kit.sessions. */
  clients: GameLiftClientHolder;
  /** Where a COMPLETED match is joined; without it the tracker ends at onTicketStatus COMPLETED. */
  travel?: Pick<TravelArea, "join" | "leave" | "state">;
  /** The player's identity id (kit.credentials): the PlayerId tickets are started with unless told another. */
  playerIdentityId?: () => Promise<string>;
  polling?: Partial<MatchmakingPolling>;
  /** The player's latencies (kit.latency); with `feed`, a ticket whose request names none carries them as LatencyInMs. */
  latency?: { area: { current(): Promise<Record<string, number>> }; feed: boolean };
}

/** The ticket being followed, and the player of it this kit plays. */
interface Tracked {
  ticketId: string;
  playerId: string;
  controller: AbortController;
  last?: MatchmakingTicketInfo;
  /** Set while the COMPLETED match is being joined. */
  joining: boolean;
}

/** Ends a tracker on purpose (stop, a new ticket, destroy): no notification follows. */
class TrackerStopped {
  readonly reason: string;
  constructor(reason: string) {
    this.reason = reason;
  }
}

/**
 * `kit.matchmaking`: FlexMatch for the player. Start a ticket, let the kit follow it (DescribeMatchmaking, at
 * the pace in {@link MatchmakingPolling}), answer a proposed match when the configuration asks for
 * acceptance, and the kit travels to the match's game session when the ticket is COMPLETED. Each request
 * comes awaited (rejecting with a GameLiftKitError) and as …Async (fire and forget, the result on the bus);
 * every change of the ticket is a notification on `bus`.
 *
 * Errors carry GameLift's exception name as `code` (e.g. InvalidRequestException, NotFoundException), or the
 * kit's: InvalidParameter (a bad request, or a ticket already tracked), NotConfigured (destroyed, no
 * client), NetworkError, Timeout.
 *
 * @example
 * ```ts
 * kit.matchmaking.bus.connect({
 *   onTicketStatus: (ticket) => status.setText(ticket.status),
 *   onMatchAcceptance: () => kit.matchmaking.acceptMatchAsync({ accept: true }),
 *   onMatchComplete: (ticket, travel) => console.log(`playing ${travel.map}`),
 *   onMatchFailure: (ticket) => status.setText(`No match: ${ticket.statusReason}`),
 * });
 * await kit.matchmaking.startMatchmaking({ attributes: { skill: 24 } });
 * ```
 */
export class MatchmakingArea {
  /** The area's notifications (see {@link MatchmakingEvents}); connect handlers to follow tickets. */
  readonly bus: MatchmakingBus;
  private readonly options: MatchmakingAreaOptions;
  private readonly polling: MatchmakingPolling;
  private tracked?: Tracked;
  /** A StartMatchmaking under way: a second one for the same player would only be refused by GameLift. */
  private starting = false;
  private destroyed = false;

  /** Made by the kit; games use `kit.matchmaking`. */
  constructor(options: MatchmakingAreaOptions) {
    this.options = options;
    this.bus = options.bus ?? createMatchmakingBus();
    this.polling = { ...DEFAULT_MATCHMAKING_POLLING, ...options.polling };
  }

  /** The tracked ticket as last seen, while one is tracked. */
  get ticket(): MatchmakingTicketInfo | undefined {
    return this.tracked?.last;
  }

  /** True while a ticket is being followed (until it ends, is stopped, or the match has been joined). */
  get tracking(): boolean {
    return this.tracked !== undefined;
  }

  /**
   * StartMatchmaking for the player (and its party), then, unless `track: false`, follows the ticket. Resolves
   * with the new ticket (QUEUED). A player in a ticket already tracked here must stop it first.
   */
  startMatchmaking(request: StartMatchmakingRequest = {}): Promise<MatchmakingTicketInfo> {
    return notified(
      async () => {
        this.assertAlive("startMatchmaking");
        if (this.tracked || this.starting) {
          const which = this.tracked ? `ticket ${this.tracked.ticketId} is being tracked` : "another startMatchmaking is under way";
          throw new GameLiftKitError("InvalidParameter", `startMatchmaking: ${which}; stopMatchmaking() it first`);
        }
        this.starting = true;
        try {
          const playerId = await this.playerIdFor(request?.playerId);
          const input = startMatchmakingInput(await this.withLatencies(request), playerId, this.defaults, createPlayerId());
          const out = await this.send("startMatchmaking", (c, sdk) => c.send(new sdk.COMMANDS.StartMatchmaking(input)));
          const raw: MatchmakingTicket = out.MatchmakingTicket ?? { TicketId: input.TicketId, Status: "QUEUED", Players: input.Players };
          const ticket = toTicketInfo(raw);
          if (request.track !== false && !this.destroyed) this.track(ticket.ticketId || input.TicketId!, input.Players![0]!.PlayerId!, raw);
          return ticket;
        } finally {
          this.starting = false;
        }
      },
      (ticket) => this.bus.emit("onStartMatchmakingAsyncComplete", ticket, undefined),
      (error) => this.bus.emit("onStartMatchmakingAsyncComplete", undefined, error),
    );
  }

  /** {@link startMatchmaking} without awaiting: the ticket or the error arrives as onStartMatchmakingAsyncComplete. */
  startMatchmakingAsync(request: StartMatchmakingRequest = {}): void {
    detach(this.startMatchmaking(request));
  }

  /**
   * StopMatchmaking: the ticket (default the tracked one) is CANCELLED, and its tracker ends without
   * onMatchFailure (the player asked). A ticket already COMPLETED cannot be stopped; while its match is being
   * joined, stopping leaves travel instead.
   */
  stopMatchmaking(ticketId?: string): Promise<void> {
    return notified(
      async () => {
        this.assertAlive("stopMatchmaking");
        const tracked = this.tracked;
        const id = ticketId === undefined && tracked ? tracked.ticketId : checkedTicketId("stopMatchmaking", ticketId);
        if (tracked && tracked.ticketId === id) {
          const last = tracked.last;
          this.untrack(tracked, "stopMatchmaking");
          if (tracked.joining) {
            await this.options.travel?.leave();
            return;
          }
          if (last && FINAL_MATCHMAKING_STATUSES.has(last.status)) return;
        }
        await this.send("stopMatchmaking", (c, sdk) => c.send(new sdk.COMMANDS.StopMatchmaking({ TicketId: id })));
      },
      () => this.bus.emit("onStopMatchmakingAsyncComplete", undefined),
      (error) => this.bus.emit("onStopMatchmakingAsyncComplete", error),
    );
  }

  /** {@link stopMatchmaking} without awaiting: the outcome arrives as onStopMatchmakingAsyncComplete. */
  stopMatchmakingAsync(ticketId?: string): void {
    detach(this.stopMatchmaking(ticketId));
  }

  /**
   * AcceptMatch for the tracked ticket's player (or the ticket and players given): `{ accept: true }` or
   * `{ accept: false }`. A rejection cancels the ticket (onMatchFailure, reason Rejected) and sends the other
   * tickets of the match back to searching.
   */
  acceptMatch(request: AcceptMatchRequest): Promise<void> {
    return notified(
      async () => {
        this.assertAlive("acceptMatch");
        const tracked = this.tracked;
        const forTracked = tracked && (!request?.ticketId || request.ticketId === tracked.ticketId);
        const input = acceptMatchInput(request, tracked?.ticketId, forTracked ? [tracked.playerId] : undefined);
        await this.send("acceptMatch", (c, sdk) => c.send(new sdk.COMMANDS.AcceptMatch(input)));
      },
      () => this.bus.emit("onAcceptMatchAsyncComplete", undefined),
      (error) => this.bus.emit("onAcceptMatchAsyncComplete", error),
    );
  }

  /** {@link acceptMatch} without awaiting: the outcome arrives as onAcceptMatchAsyncComplete. */
  acceptMatchAsync(request: AcceptMatchRequest): void {
    detach(this.acceptMatch(request));
  }

  /**
   * Follows a ticket started elsewhere (a party leader's, with this player in it): the gem's StartPolling.
   * `playerId` is the player this kit plays (default its identity id). Resolves once tracking has started.
   */
  async startPolling(ticketId: string, playerId?: string): Promise<void> {
    this.assertAlive("startPolling");
    const id = checkedTicketId("startPolling", ticketId);
    if (this.tracked?.ticketId === id) return;
    if (this.tracked) throw new GameLiftKitError("InvalidParameter", `startPolling: ticket ${this.tracked.ticketId} is being tracked; stopMatchmaking() it first`);
    const player = await this.playerIdFor(playerId);
    if (!player) throw new GameLiftKitError("InvalidParameter", "startPolling: playerId is required: the kit has no identity pool to take the player's identity id from");
    this.track(id, player, undefined);
  }

  /** Stops the tracker and the ticket it follows (stopMatchmaking for it); nothing to do when none is tracked. */
  async stopPolling(): Promise<void> {
    if (!this.tracked) return;
    await this.stopMatchmaking(this.tracked.ticketId);
  }

  /**
   * Ends the tracker and drops the bus's handlers; later calls reject. The kit's GameLift client goes with the
   * kit, so a ticket still searching is not stopped from here: stopMatchmaking() first (a LobbyScene does when it
   * shuts down), or it ends at its configuration's RequestTimeoutSeconds.
   */
  destroy(): void {
    if (this.destroyed) return;
    if (this.tracked) this.untrack(this.tracked, "destroy");
    this.destroyed = true;
    this.options.timers.stop();
    this.bus.clear();
  }

  private get defaults(): MatchmakingDefaults {
    return this.options.config.gamelift ?? {};
  }

  /**
   * The request with the player's measured latencies (kit.latency, whole ms) when it names none, so latency rules
   * can match the player and the match's placement weighs them. `latencies: {}` sends none. Party members are
   * other browsers: their figures are theirs to give.
   */
  private async withLatencies(request: StartMatchmakingRequest): Promise<StartMatchmakingRequest> {
    const latency = this.options.latency;
    if (!latency?.feed || request === null || typeof request !== "object" || request.latencies !== undefined) return request;
    const figures = await latency.area.current();
    return Object.keys(figures).length > 0 ? { ...request, latencies: figures } : request;
  }

  private async playerIdFor(given: string | undefined): Promise<string | undefined> {
    if (given !== undefined && given !== "") return given;
    return this.options.playerIdentityId?.();
  }

  private untrack(tracked: Tracked, reason: string): void {
    if (this.tracked === tracked) this.tracked = undefined;
    tracked.controller.abort(new TrackerStopped(reason));
  }

  private track(ticketId: string, playerId: string, initial: MatchmakingTicket | undefined): void {
    const tracked: Tracked = { ticketId, playerId, controller: new AbortController(), joining: false, ...(initial ? { last: toTicketInfo(initial) } : {}) };
    this.tracked = tracked;
    void this.follow(tracked, initial);
  }

  private async follow(tracked: Tracked, initial: MatchmakingTicket | undefined): Promise<void> {
    const { signal } = tracked.controller;
    const current = () => this.tracked === tracked && !signal.aborted;
    let final: MatchmakingTicket;
    try {
      final = await trackTicket({
        ticketId: tracked.ticketId,
        ...(initial ? { initial } : {}),
        timers: this.options.timers,
        signal,
        polling: this.polling,
        describe: async (id, abortSignal) => {
          const out = await this.send("describeMatchmaking", (c, sdk) => c.send(new sdk.COMMANDS.DescribeMatchmaking({ TicketIds: [id] }), { abortSignal }));
          return out.TicketList?.find((t) => t.TicketId === id);
        },
        onChange: (ticket, previous) => {
          if (!current()) return;
          const info = toTicketInfo(ticket);
          tracked.last = info;
          this.bus.emit("onTicketStatus", info, previous);
          if (info.status === "REQUIRES_ACCEPTANCE") this.bus.emit("onMatchAcceptance", info);
        },
      });
    } catch (error) {
      if (error instanceof TrackerStopped || !current()) return;
      this.tracked = undefined;
      const kitError = GameLiftKitError.from(error);
      this.bus.emit("onMatchError", kitError, tracked.last);
      // The tracker gave up: do not leave a ticket searching for a player nobody follows.
      if (kitError.code !== "NotFound") detach(this.send("stopMatchmaking", (c, sdk) => c.send(new sdk.COMMANDS.StopMatchmaking({ TicketId: tracked.ticketId }))));
      return;
    }
    if (!current()) return;
    const ticket = toTicketInfo(final);
    tracked.last = ticket;
    if (ticket.status !== "COMPLETED") {
      this.tracked = undefined;
      this.bus.emit("onMatchFailure", ticket);
      return;
    }
    await this.joinMatch(tracked, ticket);
  }

  /** Travels with the player's own seat from the ticket, then onMatchComplete (or onMatchError). */
  private async joinMatch(tracked: Tracked, ticket: MatchmakingTicketInfo): Promise<void> {
    const travel = this.options.travel;
    if (!travel) {
      this.tracked = undefined;
      return;
    }
    let result: TravelResult;
    try {
      const target = seatOf(ticket, tracked.playerId);
      tracked.joining = true;
      result = await travel.join(target);
    } catch (error) {
      if (this.tracked === tracked) this.tracked = undefined;
      // Stopped on purpose (stopMatchmaking left the join, or the kit went): nothing to report.
      if (tracked.controller.signal.aborted || this.destroyed) return;
      this.bus.emit("onMatchError", GameLiftKitError.from(error), ticket);
      return;
    }
    if (this.tracked === tracked) this.tracked = undefined;
    if (tracked.controller.signal.aborted || this.destroyed) return;
    this.bus.emit("onMatchComplete", ticket, result);
  }

  /** Sends through the kit's GameLift client (errors come back as GameLiftKitError), unless the area was destroyed. */
  private async send<T>(operation: string, call: (client: GameLiftClient, sdk: GameLiftSdk) => Promise<T>): Promise<T> {
    this.assertAlive(operation);
    return this.options.clients.send(operation, call);
  }

  private assertAlive(operation: string): void {
    if (this.destroyed) throw new GameLiftKitError("NotConfigured", `${operation}: the matchmaking area was destroyed`);
  }
}

/** The player's own seat in a COMPLETED ticket, as travel takes it. */
export function seatOf(ticket: MatchmakingTicketInfo, playerId: string): PlayerSessionTarget {
  const connection = ticket.connection;
  const seat = connection?.matchedPlayerSessions.find((s) => s.playerId === playerId);
  if (!connection || !seat?.playerSessionId) {
    throw new GameLiftKitError("ProtocolError", `matchmaking ticket ${ticket.ticketId} is COMPLETED but holds no player session for player ${playerId}`);
  }
  return {
    playerSessionId: seat.playerSessionId,
    playerId,
    gameSessionId: connection.gameSessionId,
    ...(connection.ipAddress ? { ipAddress: connection.ipAddress } : {}),
    ...(connection.dnsName ? { dnsName: connection.dnsName } : {}),
    ...(connection.port !== undefined ? { port: connection.port } : {}),
  };
}

