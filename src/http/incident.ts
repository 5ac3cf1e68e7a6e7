/**
 * POST /incident: a batch of alerts in, the incident report out. The route
 * reads the body as text whatever the content type (monitoring systems send
 * none or text/plain: docs/pitfalls.md#any-content-type-is-json) through a size-bounded reader (413) and answers it with
 * the one answer path (incident/offload.ts: on a worker of the pool, or
 * inline), which parses, validates (422 naming the field) and triages it.
 */
import { Elysia } from 'elysia'
import { IncidentRequest } from '../domain/model.ts'
import { incidentAnswerer } from '../incident/offload.ts'
import type { WorkerPool } from '../workers/pool.ts'
import { alertsOfBody, incidentKeeper } from './keep-incident.ts'
import { readBoundedText } from './limits.ts'
import { incidentResponses } from './openapi.ts'
import { answerContext, observeChronic, offerToShadow, sendReport, type ReportDeps } from './report-response.ts'

export interface IncidentDeps extends ReportDeps {
  /** Workers that answer whole requests (src/workers/pool.ts); absent = all inline. */
  pool?: WorkerPool
}

// A contract alert as JSON is a few hundred bytes (the 20-alert sample is ~4 KB): a body's alert count, roughly.
const BYTES_PER_ALERT = 200

/** The OpenAPI requestBody of a route that reads its body itself (no Elysia `body` schema). */
export function jsonRequestBody(schema: object) {
  return { required: true, content: { 'application/json': { schema }, 'text/plain': { schema } } }
}

export function incidentRoutes(deps: IncidentDeps) {
  const { config, metrics } = deps
  const answer = incidentAnswerer(deps.pool, answerContext(deps))
  const keep = incidentKeeper(deps.incidents, config, deps.settings)
  return new Elysia({ name: 'http/incident' })
    .onAfterResponse(({ request, set, path }) => {
      if (request.method === 'POST' && path === '/incident') metrics.incidentRequests.inc({ status: String(set.status ?? 200) })
    })
    .post(
      '/incident',
      async ({ request, set }) => {
        const started = performance.now()
        const text = await readBoundedText(request, config.AIOPS_MAX_BODY_BYTES)
        // The version the answer is built against (the answer path reads the same one).
        const snapshot = deps.store.current
        const answered = await answer(text)
        observeChronic(deps.chronic, answered, metrics)
        // The body was checked on its way to the answer; it is parsed again, once, only if the shadow or the store reads it.
        const alerts = alertsOfBody(text)
        offerToShadow(deps.shadow, answered, alerts, Math.ceil(text.length / BYTES_PER_ALERT))
        return sendReport(keep(answered, { alerts, text }, snapshot), set, metrics, started)
      },
      {
        parse: 'none',
        ...(deps.auth ? { beforeHandle: deps.auth } : {}),
        detail: {
          summary: 'Correlate a batch of alerts and find the root cause of each cluster',
          tags: ['incident'],
          requestBody: jsonRequestBody(IncidentRequest),
          responses: incidentResponses,
        },
      },
    )
}
