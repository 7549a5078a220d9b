import { CognitoIdentityProviderClient } from "@aws-sdk/client-cognito-identity-provider";
import { endpointFor, type GameLiftKitConfig } from "../config.ts";
import { GameLiftKitError } from "../errors.ts";
import { tagFailuresWithEndpoint } from "../service-endpoint.ts";
import { secretHash } from "./secret-hash.ts";

/**
 * The user pool app client the game signs in through: the SDK client, the ids, and SECRET_HASH when the app
 * client has a secret (a confidential client; browser games should use one without).
 */
export class UserPool {
  readonly client: CognitoIdentityProviderClient;

  private readonly config: GameLiftKitConfig;
  constructor(config: GameLiftKitConfig) {
    this.config = config;
    const endpoint = endpointFor(config, "cognitoIdentityProvider");
    this.client = new CognitoIdentityProviderClient({ region: config.region, ...(endpoint ? { endpoint } : {}) });
    tagFailuresWithEndpoint(this.client);
  }

  get userPoolId(): string {
    const id = this.config.cognito?.userPoolId;
    if (!id) throw new GameLiftKitError("NotConfigured", "No Cognito user pool is configured (cognito.userPoolId).");
    return id;
  }

  get appClientId(): string {
    const id = this.config.cognito?.appClientId;
    if (!id) throw new GameLiftKitError("NotConfigured", "No Cognito app client is configured (cognito.appClientId).");
    return id;
  }

  get appClientSecret(): string | undefined {
    return this.config.cognito?.appClientSecret || undefined;
  }

  /** `{ SECRET_HASH }` for AuthParameters / ChallengeResponses, or nothing for a public client. */
  async secretHashParameter(username: string): Promise<{ SECRET_HASH?: string }> {
    const secret = this.appClientSecret;
    return secret ? { SECRET_HASH: await secretHash(secret, username, this.appClientId) } : {};
  }

  /** `{ SecretHash }` for SignUp, ConfirmSignUp, ForgotPassword and the like. */
  async secretHashMember(username: string): Promise<{ SecretHash?: string }> {
    const secret = this.appClientSecret;
    return secret ? { SecretHash: await secretHash(secret, username, this.appClientId) } : {};
  }

  /** The identity pool's Logins key for this pool's ID tokens. */
  get loginsKey(): string {
    return `cognito-idp.${this.config.region}.amazonaws.com/${this.userPoolId}`;
  }

  destroy(): void {
    this.client.destroy();
  }
}
