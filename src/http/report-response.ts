/**
 * The one response path for every route that turns alerts into an incident
 * report (POST /incident, POST /alertmanager): batch-size limit, the graph
 * snapshot captured once per request, triage(), the LLM layer when present,
 * serialisation, metrics and the Server-Timing header. The routes differ only in how they get contract
 * Alerts out of their payload.
 */
import type { Config } from '../config.ts'
import type { Alert, IncidentReport } from '../domain/model.ts'
import { buildReport } from '../domain/report.ts'
import type { GraphStore } from '../graph/store.ts'
import { settingsFromConfig, type LiveSettings, type PipelineSettings } from '../live-settings.ts'
import type { LlmLayer } from '../llm/setup.ts'
import type { Metrics } from '../metrics.ts'
import type { RcaMethod } from '../rca/analyze.ts'
import type { PrebuiltReport, RequestOffloader } from '../rca/request-offload.ts'
import type { ShadowService } from '../shadow/shadow.ts'
import { analyzeInline, triage, type HeadStart, type HeadStarter, type SegmentAnalyzer, type TriageOptions } from '../rca/triage.ts'
import { NotReadyError, PayloadTooLargeError } from './errors.ts'
import { formatMs } from './observe.ts'
import type { LaterAlerts } from './json-body.ts'
import { llmSetup } from './ops.ts'

export interface ReportDeps {
  config: Config
  store: GraphStore
  metrics: Metrics
  analyzer?: SegmentAnalyzer
  /** Lets workers parse a large POST /incident body alongside the main thread (rca/pool.ts). */
  headStart?: HeadStarter
  /** Lets a worker answer a whole small POST /incident (rca/request-offload.ts). */
  offload?: RequestOffloader
  /** Absent when the LLM is off or has no key: the graph answers alone. */
  llm?: LlmLayer
  /** The pipeline settings now (changed by a shadow promotion); absent = the configuration's. */
  settings?: LiveSettings
  /** Offered every answered batch, after the answer (src/shadow). */
  shadow?: ShadowService
}

export interface ReportOptions {
  /** Alerts the payload carried in all (limit check); defaults to alerts.length. */
  received?: number
  /** An empty batch answers an empty report instead of 400 (all alerts resolved). */
  allowEmpty?: boolean
  /** Extra response headers, e.g. how many alerts were skipped. */
  headers?: Record<string, string>
  /** Workers already parsing this batch's body (json-body.ts); cancelled if the request ends another way. */
  headStart?: HeadStart
  /** The report a worker already built for this request; sent as it is. */
  prebuilt?: PrebuiltReport
  /** The request's alerts when this thread never parsed them (a prebuilt report): parsed only if the shadow runs. */
  alertsLater?: LaterAlerts
}

/** Elysia's `set`, the part the report path writes. */
export interface ResponseSet {
  headers: Record<string, string | number>
}

/** Which path answered, when only the graph did (the LLM layer refines this). */
export function graphMethod(config: Config, method: RcaMethod = config.AIOPS_RCA_METHOD): string {
  const llm = llmSetup(config)
  if (!llm.enabled) return llm.reason === 'flag-off' ? 'graph-only-flag-off' : 'graph-only-no-key'
  return `graph-${method}`
}

/** The pipeline's settings from the config: one object for triage, the head start and the warm-up. */
export function triageOptions(config: Config): TriageOptions {
  return settingsFromConfig(config)
}

/** The settings a request runs with: read once at its start, like the graph snapshot. */
export function liveSettingsOf(deps: Pick<ReportDeps, 'config' | 'settings'>): () => PipelineSettings {
  const fixed = settingsFromConfig(deps.config)
  return () => deps.settings?.current ?? fixed
}

/** Throws 413 when a payload carries more alerts than AIOPS_MAX_ALERTS. */
export function checkAlertCount(count: number, config: Config): void {
  if (count > config.AIOPS_MAX_ALERTS) {
    throw new PayloadTooLargeError(`batch of ${count} alerts exceeds AIOPS_MAX_ALERTS=${config.AIOPS_MAX_ALERTS}`)
  }
}

/**
 * Builds the function both alert routes answer with. It returns the report's
 * JSON text and puts its headers in Elysia's `set`: Elysia then builds the one
 * Response. Returning a Response of our own made Elysia copy it into a second
 * one to merge `set`'s headers (x-response-time-ms), on every request.
 * @example const respond = createReportResponder(deps); return respond(body.alerts, {}, set)
 */
export function createReportResponder(deps: ReportDeps) {
  const { config, store, metrics } = deps
  const analyzer = deps.analyzer ?? analyzeInline
  const settingsNow = liveSettingsOf(deps)

  return async function respondWithReport(alerts: readonly Alert[], opts: ReportOptions, set: ResponseSet): Promise<string> {
    try {
      return await answer(alerts, opts, set)
    } finally {
      opts.headStart?.cancel() // a no-op once the analyzer used it
    }
  }

  /**
   * The report for `alerts` built here: triage, then the LLM layer when
   * present. `graphReport` is triage's own, before the LLM: the shadow
   * compares graph with graph, since the candidate changes only the graph
   * and settings and never calls the LLM.
   */
  async function build(alerts: readonly Alert[], opts: ReportOptions): Promise<PrebuiltReport & { graphReport: IncidentReport }> {
    checkAlertCount(opts.received ?? alerts.length, config)
    const snapshot = store.current
    if (!snapshot) throw new NotReadyError('no service graph loaded yet')
    const options = settingsNow()
    const method = graphMethod(config, options.method)
    let report
    let graphReport
    let phasesMs: Record<string, number> = {}
    if (alerts.length === 0 && opts.allowEmpty) report = graphReport = buildReport([], method)
    else {
      const triaged = await triage(alerts, snapshot, options, method, analyzer, opts.headStart)
      ;({ report, phasesMs } = triaged)
      graphReport = report
      if (deps.llm) {
        const t = performance.now()
        report = (await deps.llm.enricher({ alerts, analyses: triaged.analyses, snapshot })).report
        phasesMs.llm = performance.now() - t
      }
    }
    const t = performance.now()
    const json = JSON.stringify(report)
    phasesMs.serialize = performance.now() - t
    return { json, phasesMs, clusters: report.clusters.length, graphReport }
  }

  async function answer(alerts: readonly Alert[], opts: ReportOptions, set: ResponseSet): Promise<string> {
    const started = performance.now()
    const own = opts.prebuilt ? undefined : await build(alerts, opts)
    const { json, phasesMs, clusters } = opts.prebuilt ?? own!
    // A worker's report took the time of its phases, over there.
    const ms = opts.prebuilt ? Object.values(phasesMs).reduce((a, b) => a + b, 0) : performance.now() - started
    metrics.incidentLatency.observe(ms / 1000)
    metrics.clustersPerRequest.observe(clusters)
    let timing = ''
    for (const k in phasesMs) timing += `${timing ? ', ' : ''}${k};dur=${formatMs(phasesMs[k]!)}`
    set.headers['content-type'] = 'application/json'
    set.headers['server-timing'] = timing
    if (opts.headers) Object.assign(set.headers, opts.headers)
    // Only thunks here: the shadow parses and runs in a later macrotask, after this answer has left.
    // A worker's report never had an LLM pass, so its JSON is the graph's answer.
    if (deps.shadow && clusters > 0) {
      const graphReport = own?.graphReport
      const later = opts.alertsLater
      deps.shadow.offer({ alerts: later?.alerts ?? (() => alerts), size: later?.count ?? alerts.length, report: () => graphReport ?? (JSON.parse(json) as IncidentReport) })
    }
    return json
  }
}
