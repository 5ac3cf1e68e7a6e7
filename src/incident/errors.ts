/**
 * Errors of a request's answer (answer.ts, batch-text.ts), each answered with
 * its status by http/errors.ts, and the field naming of 422s. No Elysia here:
 * the same code throws them in a worker. `isDeclined` says which of them a
 * worker hands back to the main thread to answer (input problems, not bugs).
 */
import { DomainError } from '../domain/errors.ts'

/** The body is not JSON (400). */
export class MalformedJsonError extends Error {
  constructor() {
    super('request body is not valid JSON')
  }
}

/** A request that is too large: body or alert count (413). */
export class PayloadTooLargeError extends Error {}

/** No graph is loaded yet (503). */
export class NotReadyError extends Error {}

/** JSON nested deeper than any payload needs (400). */
export class BodyTooDeepError extends Error {}

/** "/alerts/3/severity" → "alerts.3.severity"; the body root → "body". */
export function fieldName(path: string | undefined): string {
  const f = (path ?? '').split('/').filter(Boolean).join('.')
  return f === '' ? 'body' : f
}

/** True for what the client sent wrong (a 4xx, or not ready): a worker declines these; anything else is a failure. */
export function isDeclined(e: unknown): boolean {
  return (
    e instanceof DomainError ||
    e instanceof MalformedJsonError ||
    e instanceof PayloadTooLargeError ||
    e instanceof BodyTooDeepError ||
    e instanceof NotReadyError
  )
}
