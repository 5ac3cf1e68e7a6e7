/**
 * What the two alert routes (POST /incident, POST /alertmanager) share around
 * the answer path (incident/answer.ts): the request's answer context (the
 * graph snapshot captured once, the settings, the LLM pass when present), and
 * the response: report JSON text, Server-Timing, latency and cluster metrics.
 */
import type { Config } from '../config.ts'
import type { GraphStore } from '../graph/store.ts'
import type { Answer, AnswerContext } from '../incident/answer.ts'
import type { LlmLayer } from '../llm/setup.ts'
import type { Metrics } from '../metrics.ts'
import type { IncidentService } from '../store/incident-service.ts'
import { graphMethod, triageOptions } from '../settings.ts'
import { formatMs } from './observe.ts'

export interface ReportDeps {
  config: Config
  store: GraphStore
  metrics: Metrics
  /** Absent when the LLM is off or has no key: the graph answers alone. */
  llm?: LlmLayer
  /** The bearer check of the alert routes (bearer-auth.ts); absent = open. */
  auth?: (ctx: { request: Request }) => void
  /** Keeps every answered batch (src/store); absent = nothing kept. */
  incidents?: IncidentService
}

/** A request's answer context, read once per request: it captures the live graph version. */
export function answerContext(deps: ReportDeps): () => AnswerContext {
  const { config, store, llm } = deps
  const options = triageOptions(config)
  const method = graphMethod(config)
  // With a store, answers carry the batch's alert sources: the store groups by them without re-reading the body.
  const sources = deps.incidents !== undefined
  return () => ({ snapshot: store.current, options, method, maxAlerts: config.AIOPS_MAX_ALERTS, enrich: llm?.enricher, sources })
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
