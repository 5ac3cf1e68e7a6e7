/**
 * POST /incident: a batch of alerts in, the incident report out. The body is
 * parsed as JSON whatever the content type (monitoring systems send none or
 * text/plain: docs/pitfalls.md#any-content-type-is-json) through a size-bounded reader (413), validated by
 * the Alert schema in that parser (422 naming the field), and answered by the report path
 * shared with POST /alertmanager (report-response.ts).
 */
import { Elysia } from 'elysia'
import { IncidentRequest } from '../domain/model.ts'
import { headStartOf, jsonBody, jsonRequestBody, prebuiltOf, type BodyOffload } from './json-body.ts'
import { incidentResponses } from './openapi.ts'
import { createReportResponder, graphMethod, triageOptions, type ReportDeps } from './report-response.ts'

// Kept here too: other modules import graphMethod from this file.
export { graphMethod } from './report-response.ts'

export type IncidentDeps = ReportDeps

export function incidentRoutes(deps: IncidentDeps) {
  const { config, metrics } = deps
  const respond = createReportResponder(deps)
  const options = triageOptions(config)
  const offload: BodyOffload = {}
  if (deps.headStart) {
    offload.headStart = (text) => {
      const snapshot = deps.store.current
      return snapshot && deps.headStart!(text, options, snapshot)
    }
  }
  // A worker's report has no LLM pass, so whole requests go to workers only when there is no LLM layer.
  if (deps.offload && !deps.llm) {
    const job = { options, method: graphMethod(config), maxAlerts: config.AIOPS_MAX_ALERTS }
    offload.whole = (text) => {
      const snapshot = deps.store.current
      return snapshot && deps.offload!(text, snapshot, job)
    }
  }
  return new Elysia({ name: 'http/incident' })
    .onAfterResponse(({ request, set, path }) => {
      if (request.method === 'POST' && path === '/incident') metrics.incidentRequests.inc({ status: String(set.status ?? 200) })
    })
    // The parser validates (json-body.ts); the schema is given to the docs only.
    .post('/incident', ({ body, set }) => respond((body as IncidentRequest).alerts, { headStart: headStartOf(body), prebuilt: prebuiltOf(body) }, set), {
      parse: jsonBody(IncidentRequest, config.AIOPS_MAX_BODY_BYTES, offload),
      detail: {
        summary: 'Correlate a batch of alerts and find the root cause of each cluster',
        tags: ['incident'],
        requestBody: jsonRequestBody(IncidentRequest),
        responses: incidentResponses,
      },
    })
}
