/**
 * The response half of the OpenAPI description: every named response schema
 * (published under components.schemas by docs.ts, so the Swagger page lists
 * them as models) and the helpers routes use to fill `detail.responses`.
 * Documentation only, on purpose: Elysia's `response:` option would validate
 * every answer on the hot path. test/http/openapi.test.ts keeps docs and
 * answers honest instead, by checking real answers against these schemas.
 */
import { IncidentReportSchema } from '../domain/report-schema.ts'
import { GraphChangeBody, GraphDiffBody, GraphReloadBody, GraphStatusBody, GraphVersionsBody } from './admin-schema.ts'
import { ErrorBody, ValidationErrorBody } from './error-schema.ts'
import { AccuracyBody, FeedbackAnswerBody, IncidentListBody, StoredIncidentSchema } from './incident-store-schema.ts'
import { HealthBody, ReadinessBody, VersionBody } from './ops-schema.ts'
import { ShadowChangeBody, ShadowReportBody } from './shadow-schema.ts'

export const responseComponents = {
  IncidentReport: IncidentReportSchema,
  Error: ErrorBody,
  ValidationError: ValidationErrorBody,
  Health: HealthBody,
  Readiness: ReadinessBody,
  Version: VersionBody,
  GraphStatus: GraphStatusBody,
  GraphReload: GraphReloadBody,
  GraphChange: GraphChangeBody,
  GraphVersions: GraphVersionsBody,
  GraphDiff: GraphDiffBody,
  ShadowReport: ShadowReportBody,
  ShadowChange: ShadowChangeBody,
  StoredIncident: StoredIncidentSchema,
  IncidentList: IncidentListBody,
  FeedbackAnswer: FeedbackAnswerBody,
  Accuracy: AccuracyBody,
}
export type ComponentName = keyof typeof responseComponents

interface ResponseDoc {
  description: string
  content: Record<string, { schema: { $ref: string } | { type: 'string' } }>
}

/** A JSON answer whose body is the named component. */
export const jsonResponse = (description: string, name: ComponentName): ResponseDoc => ({
  description,
  content: { 'application/json': { schema: { $ref: `#/components/schemas/${name}` } } },
})

/** A plain-text answer (e.g. Prometheus exposition). */
export const textResponse = (description: string, contentType = 'text/plain'): ResponseDoc => ({
  description,
  content: { [contentType]: { schema: { type: 'string' } } },
})

export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 422 | 500 | 503

const WHY: Record<ErrorStatus, string> = {
  400: 'Malformed JSON, an empty batch or a body nested too deep',
  401: 'No bearer token: the route is guarded',
  403: 'Wrong bearer token',
  404: 'Nothing there',
  409: 'Conflicts with the current state',
  413: 'Body over AIOPS_MAX_BODY_BYTES, or more alerts than AIOPS_MAX_ALERTS',
  422: 'Schema violation: the body names the field',
  500: 'Internal failure: a short message; the stack goes to the log only',
  503: 'Not ready: no service graph loaded yet',
}

/**
 * `detail.responses` entries for these statuses: the Error body, except a 422,
 * which names the field (ValidationError). `why` overrides a description.
 * @example detail: { responses: { 200: jsonResponse('The report', 'IncidentReport'), ...errorResponses([400, 413, 422]) } }
 */
export function errorResponses(statuses: readonly ErrorStatus[], why: Partial<Record<ErrorStatus, string>> = {}): Record<string, ResponseDoc> {
  const out: Record<string, ResponseDoc> = {}
  for (const s of statuses) out[s] = jsonResponse(why[s] ?? WHY[s], s === 422 ? 'ValidationError' : 'Error')
  return out
}

const alertRouteErrors = errorResponses([400, 401, 403, 413, 422, 500, 503], {
  401: 'No bearer token, when AIOPS_API_TOKEN is set',
  403: 'Wrong bearer token, when AIOPS_API_TOKEN is set',
})

/** The answers of POST /incident. */
export const incidentResponses = { 200: jsonResponse('The incident report', 'IncidentReport'), ...alertRouteErrors }

/** The answers of POST /alertmanager. */
export const alertmanagerResponses = {
  200: jsonResponse('The incident report of the firing alerts; all resolved → an empty report (no clusters, root "unknown")', 'IncidentReport'),
  ...alertRouteErrors,
}

/**
 * The `detail` of an /admin route: tagged admin, bearer-guarded, answering 401/403 (the admin token) and
 * `more` besides its own `responses`.
 * @example detail: adminDetail('Roll back', { 200: jsonResponse('The versions now', 'GraphChange') }, [500])
 */
export function adminDetail(summary: string, responses: Record<string, ResponseDoc>, more: readonly ErrorStatus[] = []) {
  return {
    summary,
    tags: ['admin'],
    security: [{ bearer: [] }],
    responses: { ...responses, ...errorResponses([401, 403, ...more], { 401: 'No bearer token', 403: 'Wrong admin token' }) },
  }
}
