import type { ServiceDefinition } from "../../http/service.ts";
import type { UserPoolEnv } from "./env.ts";
import { accountOperations } from "./operations/account.ts";
import { adminOperations } from "./operations/admin.ts";
import { authOperations } from "./operations/auth.ts";
import { mfaOperations } from "./operations/mfa.ts";
import { poolSettingsOperations } from "./operations/pool-settings.ts";
import { signUpOperations } from "./operations/sign-up.ts";

/** Called by end users without AWS credentials, as in Cognito's API; everything else needs a SigV4 signature. */
const UNSIGNED = [
  "InitiateAuth",
  "RespondToAuthChallenge",
  "SignUp",
  "ConfirmSignUp",
  "ResendConfirmationCode",
  "ForgotPassword",
  "ConfirmForgotPassword",
  "GetUser",
  "ChangePassword",
  "GlobalSignOut",
  "RevokeToken",
  "AssociateSoftwareToken",
  "VerifySoftwareToken",
  "SetUserMFAPreference",
];

export function userPoolService(env: UserPoolEnv): ServiceDefinition {
  return {
    targetPrefix: "AWSCognitoIdentityProviderService",
    shapeNamespace: "com.amazonaws.cognitoidentityprovider",
    signingName: "cognito-idp",
    errorMessageMember: "message",
    operations: {
      ...adminOperations(env),
      ...signUpOperations(env),
      ...authOperations(env),
      ...accountOperations(env),
      ...mfaOperations(env),
      ...poolSettingsOperations(env),
    },
    unsignedOperations: new Set(UNSIGNED),
  };
}
