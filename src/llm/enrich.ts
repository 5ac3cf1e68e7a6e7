/**
 * LLM enrichment of a triaged batch: for the largest clusters whose graph
 * answer is not already confident, ask the model (cache first) to confirm or
 * refine the root and write a rationale and actions. Bounded three ways: at
 * most `concurrency` calls at once, at most `maxClusters` clusters, and one
 * deadline for the whole request after which every unfinished cluster keeps
 * its graph answer. Any failure keeps the graph answer and says why in
 * `method` (`graph-fallback-<reason>`); the LLM can make the answer better,
 * never slower than the deadline, never wrong about which services exist.
 */
import type { Alert, IncidentReport, RootCause } from '../domain/model.ts'
import { buildReport, byReportOrder, primaryOf, type ClusterAnalysis } from '../domain/report.ts'
import type { Snapshot } from '../graph/store.ts'
import type { Logger } from '../logger.ts'
import type { Metrics } from '../metrics.ts'
import { parseAnswer, type LlmAnswer } from './answer.ts'
import type { Breaker } from './breaker.ts'
import { cacheKey, type AnswerCache } from './cache.ts'
import { classifyError, type FailureReason, type LlmClient } from './client.ts'
import { buildPrompt } from './prompt.ts'

export interface EnrichInput {
  alerts: readonly Alert[]
  /** In any order; similar incidents and actions may be left out of all but the primary (see `detail`). */
  analyses: readonly ClusterAnalysis[]
  snapshot: Snapshot
  /** A cluster with its similar incidents and actions, for those the model is asked about (incident/triage.ts); default: as given. */
  detail?: (a: ClusterAnalysis) => ClusterAnalysis
  /** `method` of a cluster the LLM was not asked about, when the live settings changed it (a promoted rca_method); default: the options'. */
  graphMethod?: string
}

export interface EnrichResult {
  report: IncidentReport
  analyses: ClusterAnalysis[]
}

/** Refines a triaged batch; never throws for LLM trouble. */
export type Enricher = (input: EnrichInput) => Promise<EnrichResult>

export interface EnrichOptions {
  deadlineMs: number
  concurrency: number
  maxClusters: number
  skipConfidence: number
  /** `method` of a cluster the LLM was not asked about (e.g. `graph-explain`). */
  graphMethod: string
}

export interface EnricherDeps {
  client: LlmClient
  cache: AnswerCache
  breaker: Breaker
  metrics: Metrics
  logger: Logger
  options: EnrichOptions
}

export type EnrichedRootCause = RootCause & { method: string; rationale?: string }

type Outcome = { method: 'llm' | 'llm-cache'; answer: LlmAnswer } | { method: string; answer?: undefined }

const MAX_ACTIONS = 8
const round = (x: number) => Math.round(x * 10_000) / 10_000

function dedupe(actions: readonly string[]): string[] {
  const seen = new Set<string>()
  return actions.filter((a) => !seen.has(a.toLowerCase()) && seen.add(a.toLowerCase()))
}

/** The cluster with the model's root, confidence, rationale and actions folded in. */
export function applyOutcome(a: ClusterAnalysis, outcome: Outcome): ClusterAnalysis {
  const rc = a.cluster.root_cause
  if (!outcome.answer) return { ...a, cluster: { ...a.cluster, root_cause: { ...rc, method: outcome.method } as EnrichedRootCause } }
  const ans = outcome.answer
  const agrees = ans.root_cause === rc.service
  // Agreement with the graph is corroboration; an override rests on the model alone.
  const root_cause: EnrichedRootCause = {
    ...rc,
    service: ans.root_cause,
    confidence: round(agrees ? Math.max(rc.confidence, ans.confidence) : ans.confidence),
    evidence: agrees ? rc.evidence : undefined, // graph evidence explains the graph's root, not the model's
    method: outcome.method,
    rationale: ans.rationale,
  }
  const actions = dedupe([...ans.actions, ...(agrees ? a.actions : [])]).slice(0, MAX_ACTIONS)
  return { ...a, cluster: { ...a.cluster, root_cause }, actions }
}

/**
 * Build the enricher around a client and a cache.
 * @example const enrich = createEnricher({ client, cache, metrics, logger, options }); const { report } = await enrich(input)
 */
export function createEnricher(deps: EnricherDeps): Enricher {
  const { client, cache, breaker, metrics, logger, options } = deps

  const fail = (reason: FailureReason, clusterId: string, detail: string): Outcome => {
    metrics.llmFailures.inc({ reason })
    logger.warn('llm answer not used; graph answer stands', { cluster_id: clusterId, reason, detail })
    return { method: `graph-fallback-${reason}` }
  }

  async function ask(a: ClusterAnalysis, alerts: Alert[], snapshot: Snapshot, signal: AbortSignal): Promise<Outcome> {
    const id = a.cluster.cluster_id
    const prompt = buildPrompt({ cluster: a.cluster, alerts, graph: snapshot.graph, similar: a.similar })
    const key = cacheKey(client.model, prompt.system, prompt.user)
    const cached = await cache.get(key)
    if (cached && prompt.allowed.includes(cached.root_cause)) {
      metrics.llmCacheHits.inc()
      return { method: 'llm-cache', answer: cached }
    }
    metrics.llmCacheMisses.inc()
    if (!breaker.allow()) {
      // Not a failure of this call: none was made. Counted so an open circuit shows on dashboards.
      metrics.llmRequests.inc({ outcome: 'circuit_open' })
      return { method: 'graph-fallback-circuit_open' }
    }
    const started = performance.now()
    let text: string
    try {
      text = await client.complete(prompt, signal)
    } catch (e) {
      metrics.llmLatency.observe((performance.now() - started) / 1000)
      metrics.llmRequests.inc({ outcome: 'error' })
      // Aborted by the request deadline: the deadline race below records the failure once.
      if (signal.aborted) return { method: 'graph-fallback-timeout' }
      const reason = classifyError(e)
      breaker.failure(reason)
      return fail(reason, id, (e as Error)?.message ?? String(e))
    }
    breaker.success()
    metrics.llmLatency.observe((performance.now() - started) / 1000)
    const parsed = parseAnswer(text, prompt.allowed)
    if (!parsed.ok) {
      metrics.llmRequests.inc({ outcome: 'rejected' })
      return fail(parsed.reason, id, parsed.detail)
    }
    metrics.llmRequests.inc({ outcome: 'ok' })
    void cache.set(key, parsed.answer) // not awaited: Redis must not add to this request's latency
    return { method: 'llm', answer: parsed.answer }
  }

  return async ({ alerts, analyses: given, snapshot, detail, graphMethod = options.graphMethod }) => {
    const byId = new Map(alerts.map((a) => [a.id, a]))
    // Largest clusters first (the primary leads), as the report orders them.
    const analyses = [...given]
    const order = analyses
      .map((a, i) => ({ a, i }))
      .sort((x, y) => byReportOrder(x.a, y.a))
      .filter(({ a }) => a.cluster.root_cause.confidence < options.skipConfidence && a.cluster.root_cause.service !== 'unknown')
      .slice(0, options.maxClusters)
    // The prompt cites a cluster's similar incidents, and an agreeing answer keeps its actions.
    if (detail) {
      for (const o of order) analyses[o.i] = o.a = detail(o.a)
    }
    const outcomes: Outcome[] = analyses.map(() => ({ method: graphMethod }))

    const controller = new AbortController()
    let timer: Timer | undefined
    const deadline = new Promise<'deadline'>((resolve) => {
      timer = setTimeout(() => {
        controller.abort()
        resolve('deadline')
      }, options.deadlineMs)
    })
    let next = 0
    const worker = async () => {
      while (next < order.length) {
        const { a, i } = order[next++]!
        if (controller.signal.aborted) {
          outcomes[i] = fail('timeout', a.cluster.cluster_id, `request deadline of ${options.deadlineMs} ms passed before this cluster's turn`)
          continue
        }
        const clusterAlerts = a.cluster.alert_ids.map((id) => byId.get(id)).filter((x): x is Alert => x !== undefined)
        const run = ask(a, clusterAlerts, snapshot, controller.signal).catch((e) => fail(classifyError(e), a.cluster.cluster_id, String(e)))
        // The race guarantees the deadline even if a call ignores the abort signal.
        const r = await Promise.race([run, deadline])
        if (r === 'deadline') {
          breaker.failure('timeout') // now, not when the SDK gets round to rejecting the aborted call
          outcomes[i] = fail('timeout', a.cluster.cluster_id, `request deadline of ${options.deadlineMs} ms`)
        } else outcomes[i] = r
      }
    }
    try {
      await Promise.all(Array.from({ length: Math.min(options.concurrency, order.length) }, worker))
    } finally {
      clearTimeout(timer)
      controller.abort() // nothing may outlive the request
    }

    const enriched = analyses.map((a, i) => applyOutcome(a, outcomes[i]!))
    const primary = primaryOf(enriched)
    const method = (primary?.cluster.root_cause as EnrichedRootCause | undefined)?.method ?? graphMethod
    return { report: buildReport(enriched, method), analyses: enriched }
  }
}
