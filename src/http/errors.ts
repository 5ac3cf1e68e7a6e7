/**
 * The one place errors become HTTP answers (global scope, PITFALLS 6):
 * malformed JSON and empty batches → 400, schema violations → 422 naming the
 * field (built from error.all, so NODE_ENV=production cannot hide it,
 * PITFALLS 5), oversized → 413, no/wrong token → 401/403, unknown route → 404, anything else → 500
 * with a short body; the stack goes to the log only.
 */
import { Elysia } from 'elysia'
import { DomainError, EmptyBatchError, InvalidDocumentError, InvalidFieldError } from '../domain/errors.ts'
import type { Logger } from '../logger.ts'

/** Thrown by handlers for a request that is too large (body or alert count). */
export class PayloadTooLargeError extends Error {}

/** Thrown by handlers when no graph is loaded yet. */
export class NotReadyError extends Error {}

/** Thrown by the body parser for JSON nested deeper than any payload needs (400). */
export class BodyTooDeepError extends Error {}

/** No usable credentials on a guarded route (401). */
export class UnauthorizedError extends Error {}

/** Credentials present but not accepted (403). */
export class ForbiddenError extends Error {}

interface ValidationIssue {
  path?: string
  message?: string
}

/** "/alerts/3/severity" → "alerts.3.severity"; the body root → "body". */
export function fieldName(path: string | undefined): string {
  const f = (path ?? '').split('/').filter(Boolean).join('.')
  return f === '' ? 'body' : f
}

function validationBody(error: { all?: ValidationIssue[] }) {
  const first = error.all?.[0]
  const field = fieldName(first?.path)
  return { error: 'validation', field, message: `${field}: ${first?.message ?? 'invalid value'}` }
}

export function errorHandler(logger: Logger) {
  return new Elysia({ name: 'http/errors' }).onError({ as: 'global' }, ({ code, error, set, request }) => {
    set.headers['content-type'] = 'application/json'
    // Elysia wraps whatever a parser throws in a ParseError: answer for the cause when it is ours.
    const cause = code === 'PARSE' ? (error as Error).cause : undefined
    if (cause instanceof PayloadTooLargeError) {
      set.status = 413
      return { error: 'payload_too_large', message: cause.message }
    }
    if (cause instanceof BodyTooDeepError) {
      set.status = 400
      return { error: 'bad_request', message: cause.message }
    }
    if (cause instanceof InvalidFieldError) {
      set.status = 422
      return { error: 'validation', field: cause.field, message: cause.message }
    }
    if (code === 'PARSE') {
      set.status = 400
      return { error: 'bad_request', message: 'request body is not valid JSON' }
    }
    if (code === 'VALIDATION') {
      set.status = 422
      return validationBody(error as unknown as { all?: ValidationIssue[] })
    }
    if (code === 'NOT_FOUND') {
      set.status = 404
      return { error: 'not_found', message: `no route for ${request.method} ${new URL(request.url).pathname}` }
    }
    if (error instanceof EmptyBatchError) {
      set.status = 400
      return { error: 'empty_batch', message: error.message }
    }
    if (error instanceof InvalidFieldError) {
      set.status = 422
      return { error: 'validation', field: error.field, message: error.message }
    }
    if (error instanceof InvalidDocumentError) {
      set.status = 422
      return { error: 'invalid_document', message: error.message }
    }
    if (error instanceof PayloadTooLargeError) {
      set.status = 413
      return { error: 'payload_too_large', message: error.message }
    }
    if (error instanceof UnauthorizedError) {
      set.status = 401
      set.headers['www-authenticate'] = 'Bearer realm="aiops-serve"'
      return { error: 'unauthorized', message: error.message }
    }
    if (error instanceof ForbiddenError) {
      set.status = 403
      return { error: 'forbidden', message: error.message }
    }
    if (error instanceof NotReadyError) {
      set.status = 503
      return { error: 'not_ready', message: error.message }
    }
    if (error instanceof DomainError) {
      set.status = 400
      return { error: error.code.toLowerCase(), message: error.message }
    }
    const e = error as Error
    logger.error('unhandled error', { method: request.method, path: new URL(request.url).pathname, err: e?.message, stack: e?.stack })
    set.status = 500
    return { error: 'internal', message: 'internal server error' }
  })
}
