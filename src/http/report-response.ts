/**
 * What the two alert routes (POST /incident, POST /alertmanager) share around
 * the answer path (incident/answer.ts): the request's answer context (the
 * graph snapshot captured once, the settings, the LLM pass when present), and
 * the response: report JSON text, Server-Timing, latency and cluster metrics.
 */
import type { Config } from '../config.ts'
import type { Alert, IncidentReport } from '../domain/model.ts'
import type { GraphStore } from '../graph/store.ts'
import type { Answer, AnswerContext } from '../incident/answer.ts'
import type { LiveSettings } from '../live-settings.ts'
import type { LlmLayer } from '../llm/setup.ts'
import type { Metrics } from '../metrics.ts'
import { graphMethod, triageOptions, type TriageOptions } from '../settings.ts'
import type { ShadowService } from '../shadow/shadow.ts'
import type { IncidentService } from '../store/incident-service.ts'
import type { ChronicService } from '../incident/chronic-service.ts'
import { formatMs } from './observe.ts'

export interface ReportDeps {
  config: Config
  store: GraphStore
  metrics: Metrics
  /** Absent when the LLM is off or has no key: the graph answers alone. */
  llm?: LlmLayer
  /** The bearer check of the alert routes (bearer-auth.ts); absent = open. */
  auth?: (ctx: { request: Request }) => void
  /** The pipeline settings now (a shadow promotion changes them); absent = the configuration's. */
  settings?: LiveSettings
  /** Offered every answered batch, after the answer (src/shadow). */
  shadow?: ShadowService
  /** Keeps every answered batch (src/store); absent = nothing kept. */
  incidents?: IncidentService
  /** The chronic-alert baseline (AIOPS_CHRONIC=on): ranks with its discount, learns from every answered batch; absent = off. */
  chronic?: ChronicService
}

/** A request's answer context, read once per request: it captures the live graph version and settings. */
export function answerContext(deps: ReportDeps): () => AnswerContext {
  const { config, store, llm } = deps
  const fixed = triageOptions(config)
  // The method string changes only with the settings object (a promotion): made once per object.
  let made: { options: TriageOptions; method: string } = { options: fixed, method: graphMethod(config, fixed.method) }
  // With a store or a chronic baseline, answers carry the batch's alert sources: the store groups by them and
  // the baseline learns from them without re-reading the body.
  const sources = deps.incidents !== undefined || deps.chronic !== undefined
  const chronic = deps.chronic
  return () => {
    const options = deps.settings?.current ?? fixed
    if (made.options !== options) made = { options, method: graphMethod(config, options.method) }
    const ctx: AnswerContext = { snapshot: store.current, options, method: made.method, maxAlerts: config.AIOPS_MAX_ALERTS, enrich: llm?.enricher, sources }
    if (chronic) ctx.chronic = chronic.current()
    return ctx
  }
}

/** An answered batch teaches the chronic baseline, if there is one (after the answer: a batch never looks chronic to itself). */
export function observeChronic(chronic: ChronicService | undefined, answer: Answer, metrics: Metrics): void {
  if (!chronic || answer.clusters === 0) return
  chronic.observe(answer.sources)
  metrics.chronicFingerprints.set(chronic.size)
}

/**
 * Leaves an answered batch to the shadow, if one runs: thunks only, so the
 * request pays for nothing more; the shadow parses and runs later, after this
 * answer has left. It compares with the graph's answer (before any LLM pass):
 * the candidate changes the graph and settings, never the model.
 * @param size the batch's alerts, estimated when they are still text
 */
export function offerToShadow(shadow: ShadowService | undefined, answer: Answer, alerts: () => readonly Alert[], size: number): void {
  if (!shadow || answer.clusters === 0) return
  const { graphReport, json } = answer
  shadow.offer({ alerts, size, report: () => graphReport ?? (JSON.parse(json) as IncidentReport) })
}

/** Elysia's `set`, the part a report response writes. */
export interface ResponseSet {
  headers: Record<string, string | number>
}

/**
 * Puts the report's headers in Elysia's `set` and returns its JSON text:
 * Elysia then builds the one Response. Returning a Response of our own made
 * Elysia copy it into a second one to merge `set`'s headers, on every request.
 */
export function sendReport(answer: Answer, set: ResponseSet, metrics: Metrics, startedMs: number, headers?: Record<string, string>): string {
  metrics.incidentLatency.observe((performance.now() - startedMs) / 1000)
  metrics.clustersPerRequest.observe(answer.clusters)
  let timing = ''
  for (const k in answer.phasesMs) timing += `${timing ? ', ' : ''}${k};dur=${formatMs(answer.phasesMs[k]!)}`
  set.headers['content-type'] = 'application/json'
  set.headers['server-timing'] = timing
  if (headers) Object.assign(set.headers, headers)
  return answer.json
}
