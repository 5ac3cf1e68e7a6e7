/**
 * POST /incident: a batch of alerts in, the incident report out. The body is
 * parsed as JSON whatever the content type (monitoring systems send none or
 * text/plain: docs/pitfalls.md#any-content-type-is-json) through a size-bounded reader (413), validated by
 * the Alert schema in that parser (422 naming the field), and answered by the report path
 * shared with POST /alertmanager (report-response.ts).
 */
import { Elysia } from 'elysia'
import { IncidentRequest } from '../domain/model.ts'
import type { PipelineSettings } from '../live-settings.ts'
import type { RequestJob } from '../rca/request-offload.ts'
import { headStartOf, jsonBody, jsonRequestBody, prebuiltOf, type BodyOffload } from './json-body.ts'
import { incidentResponses } from './openapi.ts'
import { createReportResponder, graphMethod, liveSettingsOf, type ReportDeps } from './report-response.ts'

// Kept here too: other modules import graphMethod from this file.
export { graphMethod } from './report-response.ts'

export type IncidentDeps = ReportDeps

// A contract alert as JSON is a few hundred bytes (the 20-alert sample is ~4 KB): a body's alert count, roughly.
const BYTES_PER_ALERT = 200

export function incidentRoutes(deps: IncidentDeps) {
  const { config, metrics } = deps
  const respond = createReportResponder(deps)
  const settingsNow = liveSettingsOf(deps)
  const offload: BodyOffload = {}
  if (deps.headStart) {
    offload.headStart = (text) => {
      const snapshot = deps.store.current
      return snapshot && deps.headStart!(text, settingsNow(), snapshot)
    }
  }
  // A worker's report has no LLM pass, so whole requests go to workers only when there is no LLM layer.
  if (deps.offload && !deps.llm) {
    // One job object per settings object: the offloader serialises a job once and reuses the text.
    const jobs = new WeakMap<PipelineSettings, RequestJob>()
    const jobFor = (options: PipelineSettings) => {
      let job = jobs.get(options)
      if (!job) jobs.set(options, (job = { options, method: graphMethod(config, options.method), maxAlerts: config.AIOPS_MAX_ALERTS }))
      return job
    }
    offload.whole = (text) => {
      const snapshot = deps.store.current
      const answered = snapshot && deps.offload!(text, snapshot, jobFor(settingsNow()))
      // The alerts of a worker-answered request exist only as text here; the shadow parses them later, if it runs.
      const later = { alerts: () => (JSON.parse(text) as IncidentRequest).alerts, count: Math.ceil(text.length / BYTES_PER_ALERT) }
      return answered?.then((p) => p && { ...p, alertsLater: later })
    }
  }
  return new Elysia({ name: 'http/incident' })
    .onAfterResponse(({ request, set, path }) => {
      if (request.method === 'POST' && path === '/incident') metrics.incidentRequests.inc({ status: String(set.status ?? 200) })
    })
    // The parser validates (json-body.ts); the schema is given to the docs only.
    .post('/incident', ({ body, set }) => {
      const prebuilt = prebuiltOf(body)
      return respond((body as IncidentRequest).alerts, { headStart: headStartOf(body), prebuilt, alertsLater: prebuilt?.alertsLater }, set)
    }, {
      parse: jsonBody(IncidentRequest, config.AIOPS_MAX_BODY_BYTES, offload),
      detail: {
        summary: 'Correlate a batch of alerts and find the root cause of each cluster',
        tags: ['incident'],
        requestBody: jsonRequestBody(IncidentRequest),
        responses: incidentResponses,
      },
    })
}
