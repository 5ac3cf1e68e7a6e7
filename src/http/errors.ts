/**
 * The one place errors become HTTP answers (a global hook: a plugin-local one
 * would not see other plugins' routes): malformed JSON and empty batches →
 * 400, schema violations → 422 naming the field (built from error.all, which
 * NODE_ENV=production does not hide:
 * docs/pitfalls.md#validation-errors-name-the-field-themselves), oversized → 413, no/wrong token →
 * 401/403, unknown route → 404, anything else → 500 with a short body; the
 * stack goes to the log only.
 */
import { Elysia } from 'elysia'
import { DomainError, EmptyBatchError, InvalidDocumentError, InvalidFieldError } from '../domain/errors.ts'
import type { Logger } from '../logger.ts'
import { BodyTooDeepError, fieldName, MalformedJsonError, NotReadyError, PayloadTooLargeError } from '../incident/errors.ts'
import { ForbiddenError, UnauthorizedError } from './bearer-auth.ts'

interface ValidationIssue {
  path?: string
  message?: string
}

function validationBody(error: { all?: ValidationIssue[] }) {
  const first = error.all?.[0]
  const field = fieldName(first?.path)
  return { error: 'validation', field, message: `${field}: ${first?.message ?? 'invalid value'}` }
}

interface Answer {
  status: number
  body: Record<string, string>
  headers?: Record<string, string>
}

/** Our own error classes, each with its status; undefined for anything else. */
function answerFor(e: unknown): Answer | undefined {
  if (!(e instanceof Error)) return undefined
  const body = (error: string) => ({ error, message: e.message })
  if (e instanceof EmptyBatchError) return { status: 400, body: body('empty_batch') }
  if (e instanceof BodyTooDeepError || e instanceof MalformedJsonError) return { status: 400, body: body('bad_request') }
  if (e instanceof InvalidFieldError) return { status: 422, body: { error: 'validation', field: e.field, message: e.message } }
  if (e instanceof InvalidDocumentError) return { status: 422, body: body('invalid_document') }
  if (e instanceof PayloadTooLargeError) return { status: 413, body: body('payload_too_large') }
  if (e instanceof UnauthorizedError) return { status: 401, body: body('unauthorized'), headers: { 'www-authenticate': `Bearer realm="${e.realm}"` } }
  if (e instanceof ForbiddenError) return { status: 403, body: body('forbidden') }
  if (e instanceof NotReadyError) return { status: 503, body: body('not_ready') }
  if (e instanceof DomainError) return { status: 400, body: body(e.code.toLowerCase()) }
  return undefined
}

export function errorHandler(logger: Logger) {
  return new Elysia({ name: 'http/errors' }).onError({ as: 'global' }, ({ code, error, set, request }) => {
    set.headers['content-type'] = 'application/json'
    // Elysia wraps whatever a parser throws in a ParseError: answer for the cause when it is ours.
    const answer = answerFor(code === 'PARSE' ? (error as Error).cause : error)
    if (answer) {
      set.status = answer.status
      Object.assign(set.headers, answer.headers)
      return answer.body
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
    const e = error as Error
    logger.error('unhandled error', { method: request.method, path: new URL(request.url).pathname, err: e?.message, stack: e?.stack })
    set.status = 500
    return { error: 'internal', message: 'internal server error' }
  })
}
