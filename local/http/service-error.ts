/**
 * An error a local AWS service answers with. `name` is the AWS exception name the SDKs read from `__type`
 * (e.g. "InvalidRequestException"); the protocol layer puts it on the wire in each protocol's shape.
 */
export class ServiceError extends Error {
  override readonly name: string;
  /** HTTP status: 400 for client faults, 500 for service faults, as AWS answers. */
  readonly status: number;

  constructor(name: string, message: string, status = name === "InternalServiceException" ? 500 : 400) {
    super(message);
    this.name = name;
    this.status = status;
  }
}

export const invalidRequest = (message: string): ServiceError => new ServiceError("InvalidRequestException", message);
export const notFound = (message: string): ServiceError => new ServiceError("NotFoundException", message);
