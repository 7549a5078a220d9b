/**
 * The Cognito Identity SDK client and the commands the kit sends, in a module of their own: the kit loads it
 * with a dynamic import when a game first asks for AWS credentials, so the sign-in screen does not pay for it.
 */
import { CognitoIdentityClient, GetCredentialsForIdentityCommand, GetIdCommand, GetOpenIdTokenCommand } from "@aws-sdk/client-cognito-identity";

export { CognitoIdentityClient };

/** Every Cognito Identity command the kit sends, by operation name. */
export const COMMANDS = {
  GetId: GetIdCommand,
  GetCredentialsForIdentity: GetCredentialsForIdentityCommand,
  /** The proof of identity a game server checks (the hello's identity token). */
  GetOpenIdToken: GetOpenIdTokenCommand,
};
