import { ServiceError } from "../../http/service-error.ts";

/**
 * Cognito Identity's exceptions with the HTTP statuses its service model gives them
 * (@aws-sdk/client-cognito-identity schemas: NotAuthorized 403, ResourceNotFound 404, ResourceConflict 409,
 * the rest 400), and the messages the real service is seen answering.
 */
export const notAuthorized = (message: string): ServiceError => new ServiceError("NotAuthorizedException", message, 403);
export const resourceNotFound = (message: string): ServiceError => new ServiceError("ResourceNotFoundException", message, 404);
export const resourceConflict = (message: string): ServiceError => new ServiceError("ResourceConflictException", message, 409);
export const invalidParameter = (message: string): ServiceError => new ServiceError("InvalidParameterException", message, 400);
export const invalidPoolConfiguration = (): ServiceError =>
  new ServiceError("InvalidIdentityPoolConfigurationException", "Invalid identity pool configuration. Check assigned IAM roles for this pool.", 400);

export const UNAUTHENTICATED_NOT_SUPPORTED = "Unauthenticated access is not supported for this identity pool.";
export const LOGINS_DONT_MATCH = "Logins don't match. Please include at least one valid login for this identity or identity pool.";
export const UNSUPPORTED_PROVIDER = "Token is not from a supported provider of this identity pool.";

export const invalidLoginToken = (reason: string): ServiceError => notAuthorized(`Invalid login token. ${reason}`);
export const poolNotFound = (poolId: string): ServiceError => resourceNotFound(`IdentityPool '${poolId}' not found.`);
export const identityNotFound = (identityId: string): ServiceError => resourceNotFound(`Identity '${identityId}' not found.`);
