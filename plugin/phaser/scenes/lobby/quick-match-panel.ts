/**
 * The lobby's "Quick match": one button starts FlexMatch matchmaking for the player (kit.matchmaking), a searching
 * indicator counts the wait, a found match asks Accept / Decline with the acceptance countdown, and Cancel stops
 * the ticket. When the match's game session is up, the kit travels there and the scene mapping takes the player to
 * the map; a ticket that ends without a match says why. Everything here follows the kit's matchmaking bus, so the
 * panel shows what the tracker saw (once per change), and its timers run on the scene's clock.
 */
import type * as Phaser from "phaser";
import { GameLiftKitError } from "../../../core/errors.ts";
import type { MatchmakingTicketInfo } from "../../../core/gamelift/matchmaking-types.ts";
import type { GameLiftPlugin } from "../../plugin.ts";
import { formatRemaining } from "../../widgets/countdown.ts";
import { el, spinner } from "../../widgets/dom.ts";
import { runPending } from "../../widgets/pending.ts";
import type { QuickMatchOptions } from "../lobby-options.ts";

export interface QuickMatchHost {
  kit(): GameLiftPlugin;
  report(error: unknown): void;
  info(message: string): void;
}

type State = "idle" | "searching" | "acceptance" | "accepted" | "placing";

/** Why a ticket ended without a match, in the player's words, by GameLift's StatusReason (else its status). */
const ENDINGS: Record<string, string> = {
  Rejected: "You declined the match.",
  AcceptanceTimedOut: "The match was not accepted in time.",
  TimedOut: "No match was found in time. Try again in a moment.",
  TIMED_OUT: "No match was found in time. Try again in a moment.",
  PlacementFailed: "No server could host the match. Try again in a moment.",
  FAILED: "Matchmaking failed. Try again in a moment.",
  CANCELLED: "Matchmaking was cancelled.",
};

export class QuickMatchPanel {
  readonly element: HTMLElement;
  private readonly scene: Phaser.Scene;
  private readonly host: QuickMatchHost;
  private readonly options: QuickMatchOptions;
  private readonly status: HTMLDivElement;
  private readonly actions: HTMLDivElement;
  private state: State = "idle";
  /** Scene time when the search began, and when the current offer arrived. */
  private searchSince = 0;
  private offerSince = 0;
  private ticker?: Phaser.Time.TimerEvent;

  constructor(scene: Phaser.Scene, host: QuickMatchHost, options: QuickMatchOptions) {
    this.scene = scene;
    this.host = host;
    this.options = options;
    this.status = el("div", { class: "pgl-status", attrs: { "aria-live": "polite" } });
    this.actions = el("div", { class: "pgl-row" });
    this.element = el(
      "section",
      { class: "pgl-card pgl-quick", attrs: { "data-section": "quick-match", "data-state": "idle" } },
      el("h3", { text: "Quick match" }),
      this.status,
      this.actions,
    );
    const matchmaking = host.kit().matchmaking;
    host.kit().connect(scene, matchmaking.bus, {
      onTicketStatus: (ticket: MatchmakingTicketInfo) => this.onStatus(ticket),
      onMatchAcceptance: () => this.show("acceptance"),
      onMatchFailure: (ticket: MatchmakingTicketInfo) => this.ended(ticket),
      onMatchError: (error: GameLiftKitError) => {
        this.show("idle");
        host.report(error);
      },
    });
    // Leaving the lobby (other than into the match) stops a ticket still looking: nobody would answer its offer.
    scene.events.once("shutdown", () => this.leaveLobby());
    // A lobby shown again while the kit still tracks a ticket picks it up where it is.
    const ticket = matchmaking.ticket;
    if (matchmaking.tracking && ticket) this.onStatus(ticket);
    else this.show("idle");
  }

  private get matchmaking() {
    return this.host.kit().matchmaking;
  }

  private onStatus(ticket: MatchmakingTicketInfo): void {
    switch (ticket.status) {
      case "QUEUED":
      case "SEARCHING":
        // Back from an offer someone else turned down: say so, then keep looking.
        if (this.state === "acceptance" || this.state === "accepted") this.host.info("Another player declined; still searching.");
        if (this.state !== "searching") this.show("searching");
        break;
      case "REQUIRES_ACCEPTANCE":
        if (this.state !== "acceptance" && this.state !== "accepted") this.show("acceptance");
        break;
      case "PLACING":
      case "COMPLETED":
        this.show("placing");
        break;
      default:
        break;
    }
  }

  private ended(ticket: MatchmakingTicketInfo): void {
    this.show("idle");
    const words = ENDINGS[ticket.statusReason ?? ""] ?? ENDINGS[ticket.status] ?? `Matchmaking ended (${ticket.status}).`;
    if (ticket.statusReason === "Rejected") this.host.info(words);
    else this.host.report(new GameLiftKitError(ticket.statusReason ?? ticket.status, words, { playerMessage: words }));
  }

  private async start(button: HTMLButtonElement): Promise<void> {
    await runPending(this.element, button, async () => {
      await this.matchmaking.startMatchmaking({
        ...(this.options.configurationName ? { configurationName: this.options.configurationName } : {}),
        ...(this.options.attributes ? { attributes: this.options.attributes } : {}),
      });
      if (this.state === "idle") this.show("searching");
    }, (error) => this.host.report(error));
  }

  private async cancel(button: HTMLButtonElement): Promise<void> {
    await runPending(this.element, button, async () => {
      await this.matchmaking.stopMatchmaking();
      this.show("idle");
      this.host.info("Matchmaking cancelled.");
    }, (error) => this.host.report(error));
  }

  private async answer(accept: boolean, button: HTMLButtonElement): Promise<void> {
    await runPending(this.element, button, async () => {
      await this.matchmaking.acceptMatch({ accept });
      // Accepted: wait for the others. Declined: the tracker reports the ticket's end.
      if (accept && this.state === "acceptance") this.show("accepted");
    }, (error) => this.host.report(error));
  }

  private leaveLobby(): void {
    this.ticker?.remove();
    const status = this.matchmaking.ticket?.status;
    const stillLooking = status === "QUEUED" || status === "SEARCHING" || status === "REQUIRES_ACCEPTANCE";
    if (this.matchmaking.tracking && stillLooking && this.host.kit().travel.state === "idle") this.matchmaking.stopMatchmakingAsync();
  }

  /** Draws a state. A search from idle starts the elapsed clock; an offer starts the countdown. */
  private show(state: State): void {
    const previous = this.state;
    this.state = state;
    this.element.dataset["state"] = state;
    if (previous === "idle" && state !== "idle") this.searchSince = this.scene.time.now;
    if (state === "acceptance" && previous !== "acceptance") this.offerSince = this.scene.time.now;
    this.ticker?.remove();
    this.ticker = undefined;
    const button = (text: string, action: string, primary = false) =>
      el("button", { class: `pgl-button${primary ? " pgl-primary" : ""}`, text, attrs: { type: "button", "data-action": action } });
    switch (state) {
      case "idle": {
        const signedIn = this.host.kit().auth.isSignedIn();
        const go = button("Quick match", "quick-match", true);
        go.addEventListener("click", () => void this.start(go));
        if (!signedIn) go.disabled = true;
        this.status.replaceChildren(el("span", { class: "pgl-hint", text: signedIn ? "Play against others as soon as they are found." : "Sign in to play quick matches." }));
        this.actions.replaceChildren(go);
        break;
      }
      case "searching": {
        const elapsed = el("span", { class: "pgl-elapsed", attrs: { "data-elapsed": "" } });
        const cancel = button("Cancel", "cancel-match");
        cancel.addEventListener("click", () => void this.cancel(cancel));
        this.status.replaceChildren(el("span", { class: "pgl-pulse", attrs: { role: "progressbar", "aria-label": "searching" } }), el("span", { text: "Searching for players…" }), elapsed);
        this.actions.replaceChildren(cancel);
        this.tick(() => (elapsed.textContent = formatRemaining(Math.floor((this.scene.time.now - this.searchSince) / 1000))));
        break;
      }
      case "acceptance":
      case "accepted": {
        const countdown = el("span", { class: "pgl-countdown-text", attrs: { "data-countdown": "" } });
        const limit = this.options.acceptanceTimeoutSeconds;
        const accepted = state === "accepted";
        this.status.replaceChildren(el("span", { class: "pgl-offer", text: accepted ? "Accepted: waiting for the others…" : "Match found!" }), countdown);
        if (accepted) {
          this.actions.replaceChildren(spinner());
        } else {
          const yes = button("Accept", "accept-match", true);
          const no = button("Decline", "decline-match");
          yes.addEventListener("click", () => void this.answer(true, yes));
          no.addEventListener("click", () => void this.answer(false, no));
          this.actions.replaceChildren(yes, no);
        }
        if (limit !== undefined && limit > 0) {
          this.tick(() => {
            const left = limit - (this.scene.time.now - this.offerSince) / 1000;
            countdown.textContent = left > 0 ? `${formatRemaining(left)} left` : "Time is up";
            countdown.classList.toggle("pgl-low", left <= 5);
          });
        }
        break;
      }
      case "placing":
        this.status.replaceChildren(spinner(), el("span", { text: "Match ready: starting the game…" }));
        this.actions.replaceChildren();
        break;
    }
  }

  /** Runs `render` now and four times a second, on the scene's clock (it stops with the scene). */
  private tick(render: () => void): void {
    render();
    this.ticker = this.scene.time.addEvent({ delay: 250, loop: true, callback: render });
  }
}
