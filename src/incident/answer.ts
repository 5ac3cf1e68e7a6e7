/**
 * A request answered: alerts (or a POST /incident body's text) in, the
 * report's JSON text out, with its per-phase timings. The one answer path of
 * POST /incident and POST /alertmanager, on either thread: the main thread
 * calls it inline, a worker calls it for an offloaded body (offload.ts), and
 * both give the same text for the same input. Throws the errors of
 * ./errors.ts and domain/errors.ts for input the caller must refuse.
 */
import { batchSources, sourcesText } from '../domain/batch-sources.ts'
import { IncidentRequest, type Alert, type IncidentReport } from '../domain/model.ts'
import { buildReport } from '../domain/report.ts'
import type { Snapshot } from '../graph/store.ts'
import type { Enricher } from '../llm/enrich.ts'
import type { TriageOptions } from '../settings.ts'
import { batchParser } from './batch-text.ts'
import { chronicView, type ChronicTable } from './chronic-weights.ts'
import { NotReadyError, PayloadTooLargeError } from './errors.ts'
import { triage } from './triage.ts'

export interface AnswerContext {
  /** The graph version this request is answered against, captured once; undefined = none loaded yet (503). */
  snapshot: Snapshot | undefined
  options: TriageOptions
  /** The report's `method` when only the graph answered (settings.ts graphMethod). */
  method: string
  /** AIOPS_MAX_ALERTS. */
  maxAlerts: number
  /** The LLM pass; absent when the LLM is off, and always in a worker. */
  enrich?: Enricher
  /** Also give the batch's alert sources (an incident store keeps the answers). */
  sources?: boolean
  /** The chronic baseline's discounted fingerprints (incident/chronic-service.ts); absent or empty = every alert counts in full. */
  chronic?: ChronicTable
  clock?: () => number
}

export interface Answer {
  json: string
  phasesMs: Record<string, number>
  clusters: number
  /** domain/batch-sources.ts text, when the context asked for it and alerts were analysed. */
  sources?: string
  /** The graph's report before the LLM pass, when there was one (main thread only; the shadow compares with it). */
  graphReport?: IncidentReport
}

export interface AlertsOptions {
  /** Alerts the payload carried in all (limit check); defaults to alerts.length. */
  received?: number
  /** An empty batch answers an empty report instead of 400 (all alerts resolved). */
  allowEmpty?: boolean
}

/** @throws PayloadTooLargeError when a payload carries more alerts than AIOPS_MAX_ALERTS */
export function checkAlertCount(count: number, maxAlerts: number): void {
  if (count > maxAlerts) throw new PayloadTooLargeError(`batch of ${count} alerts exceeds AIOPS_MAX_ALERTS=${maxAlerts}`)
}

export async function answerAlerts(alerts: readonly Alert[], ctx: AnswerContext, opts: AlertsOptions = {}): Promise<Answer> {
  const clock = ctx.clock ?? (() => performance.now())
  checkAlertCount(opts.received ?? alerts.length, ctx.maxAlerts)
  const snapshot = ctx.snapshot
  if (!snapshot) throw new NotReadyError('no service graph loaded yet')
  let report
  let graphReport: IncidentReport | undefined
  let phasesMs: Record<string, number> = {}
  let sources: string | undefined
  if (alerts.length === 0 && opts.allowEmpty) report = buildReport([], ctx.method)
  else {
    const chronic = chronicView(ctx.chronic)
    const triaged = triage({ alerts, snapshot, options: ctx.options, method: ctx.method, clock, ...(chronic ? { chronic } : {}) })
    ;({ report, phasesMs } = triaged)
    if (ctx.sources) sources = sourcesText(batchSources(triaged.normalized))
    if (ctx.enrich) {
      graphReport = report
      const t = clock()
      report = (await ctx.enrich({ alerts, analyses: triaged.analyses, snapshot, detail: triaged.detail, graphMethod: ctx.method })).report
      phasesMs.llm = clock() - t
    }
  }
  const t = clock()
  const json = JSON.stringify(report)
  phasesMs.serialize = clock() - t
  return { json, phasesMs, clusters: report.clusters.length, ...(graphReport ? { graphReport } : {}), ...(sources !== undefined ? { sources } : {}) }
}

// Compiled on first use, not at import: start-up is measured, and a worker may never get a request.
let parseIncident: ((text: string) => unknown) | undefined

/** A POST /incident body's text answered: parsed and checked (IncidentRequest), then answerAlerts. */
export async function answerIncident(text: string, ctx: AnswerContext): Promise<Answer> {
  const clock = ctx.clock ?? (() => performance.now())
  const t0 = clock()
  parseIncident ??= batchParser(IncidentRequest)
  const { alerts } = parseIncident(text) as IncidentRequest
  const parseMs = clock() - t0
  const answer = await answerAlerts(alerts, ctx)
  return { ...answer, phasesMs: { parse: parseMs, ...answer.phasesMs } }
}
