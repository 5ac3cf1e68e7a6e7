/**
 * Domain errors with a stable `code`; the HTTP layer maps codes to statuses in
 * one place (http/errors.ts) so the core never knows about HTTP.
 */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message)
    this.name = new.target.name
  }
}

/** The batch holds no alerts: nothing to analyse (HTTP 400). */
export class EmptyBatchError extends DomainError {
  constructor() {
    super('EMPTY_BATCH', 'alerts must contain at least one alert')
  }
}

/** A field passed the schema but its value is unusable, e.g. a bad timestamp (HTTP 422). */
export class InvalidFieldError extends DomainError {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super('INVALID_FIELD', message)
  }
}

/** A graph or history document is unusable; the old one keeps serving. */
export class InvalidDocumentError extends DomainError {
  constructor(message: string) {
    super('INVALID_DOCUMENT', message)
  }
}
