// Type tests for the notification buses (auth, users, credentials, sessions, matchmaking, travel, latency): each bus's
// handler objects take exactly its notifications, with their argument types, and a bus's list of names cannot
// leave one out. Checked by the compiler (vitest typecheck), never run.
import { describe, expectTypeOf, test } from "vitest";
import type {
  AuthenticationTokens,
  AWSCredentials,
  BusConnection,
  CodeDeliveryDetails,
  CreatedSession,
  EnableMFAResult,
  GameLiftKit,
  GameLiftKitError,
  HandlerObject,
  JoinedSession,
  JsonValue,
  LatencyReport,
  MatchmakingStatus,
  MatchmakingTicketInfo,
  ProviderName,
  SearchSessionsResult,
  SignInChallenge,
  SoftwareTokenSetup,
  TravelSession,
  TravelResult,
  TravelState,
} from "../../../../../plugin/core/index.ts";
import type { TravelTarget } from "../../../../../plugin/core/travel/types.ts";
import type { EventNames } from "../../../../../plugin/core/events/bus.ts";
import type { AuthenticationProviderEvents } from "../../../../../plugin/core/events/auth-events.ts";
import type { SessionEvents } from "../../../../../plugin/core/events/session-events.ts";
import type { TravelEvents } from "../../../../../plugin/core/events/travel-events.ts";

declare const kit: GameLiftKit;
declare const error: GameLiftKitError;

describe("the authentication provider bus (kit.auth.bus)", () => {
  test("handlers get the gem's arguments, typed", () => {
    expectTypeOf(kit.auth.bus.connect).parameter(0).toEqualTypeOf<HandlerObject<AuthenticationProviderEvents>>();
    kit.auth.bus.connect({
      onPasswordGrantSingleFactorSignInSuccess(tokens) {
        expectTypeOf(tokens).toEqualTypeOf<AuthenticationTokens>();
      },
      onPasswordGrantMultiFactorSignInSuccess(challenge) {
        expectTypeOf(challenge).toEqualTypeOf<SignInChallenge>();
      },
      onDeviceCodeGrantSignInSuccess(...args) {
        expectTypeOf(args).toEqualTypeOf<[userCode: string, verificationUrl: string, expiresIn: number]>();
      },
      onRefreshTokensFail(e) {
        expectTypeOf(e).toEqualTypeOf<GameLiftKitError>();
      },
      onSignOut(provider) {
        expectTypeOf(provider).toEqualTypeOf<ProviderName>();
      },
    });
    expectTypeOf(kit.auth.bus.connect({})).toEqualTypeOf<BusConnection>();
  });

  test("a handler with the wrong argument types, or for a notification the bus lacks, is an error", () => {
    // @ts-expect-error tokens are not a string
    kit.auth.bus.connect({ onPasswordGrantSingleFactorSignInSuccess(tokens: string) { void tokens; } });
    // @ts-expect-error expiresIn is a number
    kit.auth.bus.connect({ onDeviceCodeGrantSignInSuccess(userCode: string, url: string, expiresIn: string) { void [userCode, url, expiresIn]; } });
    // @ts-expect-error no such notification: the gem's name is onPasswordGrantSingleFactorSignInSuccess
    kit.auth.bus.connect({ onSignInSuccess() {} });
    // @ts-expect-error on() knows the names too
    kit.auth.bus.on("onSignedIn", () => undefined);
  });

  test("once() resolves with the notification's arguments; emit() takes exactly them", () => {
    expectTypeOf(kit.auth.bus.once("onSignOut")).resolves.toEqualTypeOf<[provider: ProviderName]>();
    // @ts-expect-error onSignOut carries the provider
    kit.auth.bus.emit("onSignOut");
  });
});

describe("the user management bus (kit.users.bus)", () => {
  test("handlers get the gem's arguments, typed", () => {
    kit.users.bus.connect({
      onEmailSignUpSuccess(uuid, codeDelivery) {
        expectTypeOf(uuid).toEqualTypeOf<string>();
        expectTypeOf(codeDelivery).toEqualTypeOf<CodeDeliveryDetails | undefined>();
      },
      onConfirmSignUpSuccess(...args) {
        expectTypeOf(args).toEqualTypeOf<[]>();
      },
      onEnableMFASuccess(result) {
        expectTypeOf(result).toEqualTypeOf<EnableMFAResult>();
      },
      onForgotPasswordFail(e) {
        expectTypeOf(e).toEqualTypeOf<GameLiftKitError>();
      },
    });
  });

  test("a handler with the wrong argument types is an error", () => {
    // @ts-expect-error the uuid is a string
    kit.users.bus.connect({ onEmailSignUpSuccess(uuid: number) { void uuid; } });
    // @ts-expect-error enableMFA's result is an EnableMFAResult, not a boolean
    kit.users.bus.connect({ onEnableMFASuccess(enabled: boolean) { void enabled; } });
  });
});

describe("the authorization bus (kit.credentials.bus)", () => {
  test("handlers get the credentials or the error", () => {
    kit.credentials.bus.connect({
      onRequestAWSCredentialsSuccess(creds) {
        expectTypeOf(creds).toEqualTypeOf<AWSCredentials>();
      },
      onRequestAWSCredentialsFail(e) {
        expectTypeOf(e).toEqualTypeOf<GameLiftKitError>();
      },
    });
  });

  test("a handler with the wrong argument types is an error", () => {
    // @ts-expect-error credentials are an AWSCredentials object
    kit.credentials.bus.connect({ onRequestAWSCredentialsSuccess(accessKeyId: string) { void accessKeyId; } });
  });
});

describe("the session async-request bus (kit.sessions.bus)", () => {
  test("handlers get the result, or undefined and the error", () => {
    kit.sessions.bus.connect({
      onCreateSessionAsyncComplete(result, e) {
        expectTypeOf(result).toEqualTypeOf<CreatedSession | undefined>();
        expectTypeOf(e).toEqualTypeOf<GameLiftKitError | undefined>();
      },
      onSearchSessionsAsyncComplete(result) {
        expectTypeOf(result).toEqualTypeOf<SearchSessionsResult | undefined>();
      },
      onJoinSessionAsyncComplete(result) {
        expectTypeOf(result).toEqualTypeOf<JoinedSession | undefined>();
      },
      onLeaveSessionAsyncComplete(e) {
        expectTypeOf(e).toEqualTypeOf<GameLiftKitError | undefined>();
      },
    });
  });

  test("a handler with the wrong argument types is an error", () => {
    // @ts-expect-error the result may be undefined (the request failed)
    kit.sessions.bus.connect({ onCreateSessionAsyncComplete(result: CreatedSession) { void result; } });
    // @ts-expect-error the gem's bool is a JoinedSession here
    kit.sessions.bus.connect({ onJoinSessionAsyncComplete(joined: boolean) { void joined; } });
  });
});

describe("the travel bus (kit.travel.bus)", () => {
  test("handlers get the travel's arguments, typed", () => {
    kit.travel.bus.connect({
      onTravelStart(target) {
        expectTypeOf(target).toEqualTypeOf<TravelTarget>();
      },
      onTravelComplete(map, state, session) {
        expectTypeOf(map).toEqualTypeOf<string>();
        expectTypeOf(state).toEqualTypeOf<JsonValue>();
        expectTypeOf(session).toEqualTypeOf<TravelSession>();
      },
      onMessage(...args) {
        expectTypeOf(args).toEqualTypeOf<[type: string, data: JsonValue, from: string | undefined]>();
      },
      onStateChange(...args) {
        expectTypeOf(args).toEqualTypeOf<[state: TravelState, previous: TravelState]>();
      },
      onTravelFail(e) {
        expectTypeOf(e).toEqualTypeOf<GameLiftKitError>();
      },
    });
  });

  test("a handler with the wrong argument types is an error", () => {
    // @ts-expect-error the player id is a string
    kit.travel.bus.connect({ onPlayerJoined(playerId: number) { void playerId; } });
    // @ts-expect-error the state is JsonValue, not a string
    kit.travel.bus.connect({ onReconnected(state: string) { void state; } });
  });
});

describe("the matchmaking bus (kit.matchmaking.bus)", () => {
  test("handlers get the ticket, its travel or the error, typed", () => {
    kit.matchmaking.bus.connect({
      onStartMatchmakingAsyncComplete(ticket, e) {
        expectTypeOf(ticket).toEqualTypeOf<MatchmakingTicketInfo | undefined>();
        expectTypeOf(e).toEqualTypeOf<GameLiftKitError | undefined>();
      },
      onTicketStatus(...args) {
        expectTypeOf(args).toEqualTypeOf<[ticket: MatchmakingTicketInfo, previous: MatchmakingStatus | undefined]>();
      },
      onMatchComplete(ticket, travel) {
        expectTypeOf(ticket).toEqualTypeOf<MatchmakingTicketInfo>();
        expectTypeOf(travel).toEqualTypeOf<TravelResult>();
      },
      onMatchError(e, ticket) {
        expectTypeOf(e).toEqualTypeOf<GameLiftKitError>();
        expectTypeOf(ticket).toEqualTypeOf<MatchmakingTicketInfo | undefined>();
      },
    });
  });

  test("a handler with the wrong argument types is an error", () => {
    // @ts-expect-error the ticket is a MatchmakingTicketInfo, not its id
    kit.matchmaking.bus.connect({ onMatchAcceptance(ticketId: string) { void ticketId; } });
    // @ts-expect-error the gem's OnMatchComplete is onMatchComplete here
    kit.matchmaking.bus.connect({ OnMatchComplete() {} });
  });
});

describe("the latency bus (kit.latency.bus)", () => {
  test("handlers get the report or the error, typed", () => {
    kit.latency.bus.connect({
      onLatencyChanged(report) {
        expectTypeOf(report).toEqualTypeOf<LatencyReport>();
      },
      onLatencyMeasureFail(e) {
        expectTypeOf(e).toEqualTypeOf<GameLiftKitError>();
      },
    });
  });

  test("a handler with the wrong argument types, or for a notification the bus lacks, is an error", () => {
    // @ts-expect-error the report is a LatencyReport, not a number of milliseconds
    kit.latency.bus.connect({ onLatencyChanged(ms: number) { void ms; } });
    // @ts-expect-error the latency bus has no onPingComplete
    kit.latency.bus.connect({ onPingComplete() {} });
  });
});

describe("names and MFA set-up (added beside the gem's notifications)", () => {
  test("onPlayerJoined gets the player's id and name; MFA set-up gets the authenticator secret", () => {
    kit.travel.bus.connect({
      onPlayerJoined(...args) {
        expectTypeOf(args).toEqualTypeOf<[playerId: string, name: string | undefined]>();
      },
    });
    kit.auth.bus.connect({
      onPasswordGrantMfaSetupSuccess(setup) {
        expectTypeOf(setup).toEqualTypeOf<SoftwareTokenSetup>();
      },
      onPasswordGrantMfaSetupFail(e) {
        expectTypeOf(e).toEqualTypeOf<GameLiftKitError>();
      },
    });
  });
});

describe("a bus's list of names is derived from its event map", () => {
  test("every notification, each once: leaving one out or adding one the map lacks does not compile", () => {
    const all: EventNames<SessionEvents> = {
      onCreateSessionAsyncComplete: true,
      onSearchSessionsAsyncComplete: true,
      onJoinSessionAsyncComplete: true,
      onLeaveSessionAsyncComplete: true,
    };
    expectTypeOf(all).toEqualTypeOf<EventNames<SessionEvents>>();
    // @ts-expect-error onLeaveSessionAsyncComplete is missing
    const missing: EventNames<SessionEvents> = { onCreateSessionAsyncComplete: true, onSearchSessionsAsyncComplete: true, onJoinSessionAsyncComplete: true };
    const extra: EventNames<TravelEvents> = {
      onTravelStart: true,
      onTravelComplete: true,
      onTravelFail: true,
      onConnectionLost: true,
      onReconnected: true,
      onPlayerJoined: true,
      onPlayerLeft: true,
      onSessionEnded: true,
      onLeaveComplete: true,
      onMessage: true,
      onStateChange: true,
      // @ts-expect-error the travel bus has no onMatchmakingComplete
      onMatchmakingComplete: true,
    };
    void [missing, extra, error];
  });
});
