/**
 * POST /incident: a batch of alerts in, the incident report out. The body is
 * parsed as JSON whatever the content type (monitoring systems send none or
 * text/plain, PITFALLS 7), validated by the Alert schema (422 naming the
 * field), bounded in size and count (413), and analysed on the graph
 * snapshot current at the start of the request.
 */
import { Elysia } from 'elysia'
import type { Config } from '../config.ts'
import { IncidentRequest } from '../domain/model.ts'
import type { GraphStore } from '../graph/store.ts'
import type { LlmLayer } from '../llm/setup.ts'
import type { Metrics } from '../metrics.ts'
import { analyzeInline, triage, type ClusterAnalyzer } from '../rca/triage.ts'
import { NotReadyError, PayloadTooLargeError } from './errors.ts'
import { llmSetup } from './ops.ts'

export interface IncidentDeps {
  config: Config
  store: GraphStore
  metrics: Metrics
  analyzer?: ClusterAnalyzer
  /** Absent when the LLM is off or has no key: the graph answers alone. */
  llm?: LlmLayer
}

/** Which path answered, when only the graph did (the LLM layer refines this). */
export function graphMethod(config: Config): string {
  const llm = llmSetup(config)
  if (!llm.enabled) return llm.reason === 'flag-off' ? 'graph-only-flag-off' : 'graph-only-no-key'
  return `graph-${config.AIOPS_RCA_METHOD}`
}

export function incidentRoutes(deps: IncidentDeps) {
  const { config, store, metrics } = deps
  const analyzer = deps.analyzer ?? analyzeInline
  const options = { gapSec: config.AIOPS_GAP_SEC, maxHop: config.AIOPS_MAX_HOP, method: config.AIOPS_RCA_METHOD }
  return new Elysia({ name: 'http/incident' })
    .onRequest(({ request }) => {
      const len = Number(request.headers.get('content-length') ?? 0)
      if (request.method === 'POST' && len > config.AIOPS_MAX_BODY_BYTES) {
        throw new PayloadTooLargeError(`body of ${len} bytes exceeds AIOPS_MAX_BODY_BYTES=${config.AIOPS_MAX_BODY_BYTES}`)
      }
    })
    .onAfterResponse(({ request, set, path }) => {
      if (request.method === 'POST' && path === '/incident') metrics.incidentRequests.inc({ status: String(set.status ?? 200) })
    })
    .post(
      '/incident',
      async ({ body, set }) => {
        const started = performance.now()
        if (body.alerts.length > config.AIOPS_MAX_ALERTS) {
          throw new PayloadTooLargeError(`batch of ${body.alerts.length} alerts exceeds AIOPS_MAX_ALERTS=${config.AIOPS_MAX_ALERTS}`)
        }
        const snapshot = store.current
        if (!snapshot) throw new NotReadyError('no service graph loaded yet')
        const triaged = await triage(body.alerts, snapshot, options, graphMethod(config), analyzer)
        const { phasesMs } = triaged
        let report = triaged.report
        if (deps.llm) {
          const t = performance.now()
          report = (await deps.llm.enricher({ alerts: body.alerts, analyses: triaged.analyses, snapshot })).report
          phasesMs.llm = performance.now() - t
        }
        const t = performance.now()
        const json = JSON.stringify(report)
        phasesMs.serialize = performance.now() - t
        metrics.incidentLatency.observe((performance.now() - started) / 1000)
        metrics.clustersPerRequest.observe(report.clusters.length)
        set.headers['content-type'] = 'application/json'
        set.headers['server-timing'] = Object.entries(phasesMs)
          .map(([k, v]) => `${k};dur=${v.toFixed(3)}`)
          .join(', ')
        return new Response(json, { headers: { 'content-type': 'application/json' } })
      },
      {
        parse: 'json',
        body: IncidentRequest,
        detail: { summary: 'Correlate a batch of alerts and find the root cause of each cluster', tags: ['incident'] },
      },
    )
}
