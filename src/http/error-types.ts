/**
 * The HTTP layer's own error classes (each answered with its status by
 * errors.ts) and the field naming of 422s. Kept apart from errors.ts, which
 * imports Elysia, so code that also runs in a worker (batch-text.ts) can throw
 * them without loading the web framework there.
 */

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

/** "/alerts/3/severity" → "alerts.3.severity"; the body root → "body". */
export function fieldName(path: string | undefined): string {
  const f = (path ?? '').split('/').filter(Boolean).join('.')
  return f === '' ? 'body' : f
}

