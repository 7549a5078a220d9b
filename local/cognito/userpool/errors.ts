import { ServiceError } from "../../http/service-error.ts";

/** Cognito's exceptions as the user pools API names them; messages follow what the service answers. */
export const cognitoError = (name: string, message: string): ServiceError => new ServiceError(name, message);

export const invalidParameter = (message: string): ServiceError => cognitoError("InvalidParameterException", message);
export const notAuthorized = (message: string): ServiceError => cognitoError("NotAuthorizedException", message);
export const resourceNotFound = (message: string): ServiceError => cognitoError("ResourceNotFoundException", message);
export const userNotFound = (): ServiceError => cognitoError("UserNotFoundException", "User does not exist.");
export const codeMismatch = (): ServiceError =>
  cognitoError("CodeMismatchException", "Invalid verification code provided, please try again.");
export const expiredCode = (): ServiceError =>
  cognitoError("ExpiredCodeException", "Invalid code provided, please request a code again.");
export const attemptLimit = (): ServiceError =>
  cognitoError("LimitExceededException", "Attempt limit exceeded, please try after some time.");
export const incorrectCredentials = (): ServiceError => notAuthorized("Incorrect username or password.");
