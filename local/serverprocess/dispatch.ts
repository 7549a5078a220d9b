import type { ProcessHandle } from "../gamelift/process-api.ts";
import { ServiceError } from "../http/service-error.ts";
import { playerSessionToWire, type ProcessRequest } from "./frames.ts";

/** Runs one decoded request on the model; resolves with the answer's members (besides the envelope). */
export async function dispatch(
  handle: ProcessHandle,
  request: ProcessRequest,
  defaults: { sdkVersion: string; sdkLanguage: string },
): Promise<Record<string, unknown>> {
  switch (request.Action) {
    case "ActivateServerProcess":
      await handle.activateServerProcess({
        SdkVersion: request.SdkVersion || defaults.sdkVersion,
        SdkLanguage: request.SdkLanguage || defaults.sdkLanguage,
        Port: request.Port,
        LogPaths: request.LogPaths ?? [],
      });
      return {};
    case "ActivateGameSession":
      await handle.activateGameSession(request.GameSessionId);
      return {};
    case "AcceptPlayerSession":
      await handle.acceptPlayerSession(request.GameSessionId, request.PlayerSessionId);
      return {};
    case "RemovePlayerSession":
      await handle.removePlayerSession(request.GameSessionId, request.PlayerSessionId);
      return {};
    case "UpdatePlayerSessionCreationPolicy":
      await handle.updatePlayerSessionCreationPolicy(request.GameSessionId, request.PlayerSessionPolicy);
      return {};
    case "HeartbeatServerProcess":
      await handle.heartbeat(request.HealthStatus);
      return {};
    case "TerminateServerProcess":
      await handle.terminateServerProcess();
      return {};
    case "DescribePlayerSessions": {
      const { Action: _action, ...query } = request;
      const result = await handle.describePlayerSessions(query);
      const answer: Record<string, unknown> = { PlayerSessions: result.PlayerSessions.map(playerSessionToWire) };
      if (result.NextToken) answer.NextToken = result.NextToken;
      return answer;
    }
    case "GetComputeCertificate": {
      const result = await handle.getComputeCertificate();
      return { CertificatePath: result.CertificatePath, ComputeName: result.ComputeName };
    }
    case "StartMatchBackfill": {
      const { Action: _action, ...req } = request;
      const result = await handle.startMatchBackfill(req);
      return { TicketId: result.TicketId };
    }
    case "StopMatchBackfill": {
      const { Action: _action, ...req } = request;
      await handle.stopMatchBackfill(req);
      return {};
    }
    case "GetFleetRoleCredentials": {
      const result = await handle.getFleetRoleCredentials(request.RoleArn, request.RoleSessionName);
      return { ...result, Expiration: Math.trunc(result.Expiration) };
    }
  }
}

/**
 * The StatusCode for a refusal. The SDKs turn 400/401/403/404/409/429 into distinct error types
 * (Go common.getErrorTypeForStatusCode), so the common AWS exception names map onto those.
 */
export function statusFor(error: ServiceError): number {
  switch (error.name) {
    case "NotFoundException":
      return 404;
    case "ConflictException":
      return 409;
    case "UnauthorizedException":
      return 401;
    case "LimitExceededException":
    case "ThrottlingException":
      return 429;
    default:
      return error.status;
  }
}

export function isServiceError(error: unknown): error is ServiceError {
  return error instanceof ServiceError;
}
