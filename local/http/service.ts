import type { Principal } from "./sigv4.ts";

/** What an operation handler knows about the request it serves. */
export interface RequestContext {
  requestId: string;
  operation: string;
  /** Who signed the request; undefined for operations the service marks unsigned. */
  principal?: Principal;
  /** The host the client reached us on, e.g. "127.0.0.1:8080" (for answers that name an endpoint). */
  host: string;
}

/**
 * An operation takes the decoded input (wire member names, PascalCase for GameLift) and returns the output
 * structure. Timestamps in the output are Date objects; each protocol writes them its own way. Throw
 * ServiceError for a refused request.
 */
export type Operation = (input: Record<string, unknown>, ctx: RequestContext) => unknown;

export interface ServiceDefinition {
  /** awsJson1_1 X-Amz-Target prefix: "GameLift" serves "GameLift.<Op>". */
  targetPrefix: string;
  /** Smithy RPC v2 CBOR: served at /service/<cborServiceName>/operation/<Op> when set. */
  cborServiceName?: string;
  /** The Smithy namespace for CBOR error shape ids, e.g. "com.amazonaws.gamelift". */
  shapeNamespace: string;
  /** SigV4 signing name, e.g. "gamelift"; also the IAM action prefix ("gamelift:CreateGameSession"). */
  signingName: string;
  /** The member name of an exception's message as the service model spells it ("Message" or "message"). */
  errorMessageMember: "Message" | "message";
  operations: Record<string, Operation>;
  /** Operations callable without a signature (Cognito's InitiateAuth, GetId, ...). */
  unsignedOperations?: ReadonlySet<string>;
}
