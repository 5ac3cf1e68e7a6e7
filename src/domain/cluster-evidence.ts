/**
 * Per-service evidence inside one cluster: what each alerting service raised
 * (resource vs symptom sources), when it started, how hard it fired, and what
 * its callers' edge alerts say about it. Both rankers and the report read this
 * summary instead of raw alerts, so repeated firings and many-pod callers
 * count once per source.
 *
 * An edge alert (edge-labels.ts) is the caller's view of a call: it makes the
 * caller an alerting service that needs explaining (`need`), but it is not the
 * caller's own evidence; it is evidence on the callee (`edgeIn`).
 */
import { EDGE_LABEL_DEFAULTS, edgeOf, type EdgeLabelOptions } from './edge-labels.ts'
import { metricKind } from './metric-kind.ts'
import type { ServiceGraph } from './service-graph.ts'
import { severityRank, type Source } from './sources.ts'
import { evidenceWeight } from './strength.ts'

export interface ServiceEvidence {
  service: string
  inGraph: boolean
  sources: number
  alerts: number
  resourceSources: number
  symptomSources: number
  metrics: string[]
  onsetMs: number
  /** 0 info, 1 warning, 2 critical (own sources; edge alerts excluded). */
  maxSeverity: number
  /** Largest value/threshold of its own sources (1 when it only raised edge alerts). */
  peakRatio: number
  /** How much trouble this service shows, own or on its calls, in [0, 1]: the largest source weight. */
  need: number
  /**
   * The part of `need` a fault below it can explain: its symptoms (latency,
   * errors, edge alerts), not its own resource saturation, since a callee's
   * fault reaches its callers as slow or failed calls, not as their cpu or
   * memory; and scaled by (1 - resourceWeight), since its own saturation
   * explains its symptoms first.
   */
  needFromBelow: number
  /** Strength of its own resource / symptom sources in [0, 1] (0: none). */
  resourceWeight: number
  symptomWeight: number
  /** Strongest of its own edge alerts on calls to its callees, in [0, 1] (0: none): it reports trouble below it. */
  edgeOutWeight: number
  /** Metrics of its own sources discounted as chronic (they fire in many batches whatever happens). */
  chronic: string[]
}

/** What callers' edge alerts say about a callee. */
export interface EdgeEvidence {
  callee: string
  /** Distinct alerting callers, sorted. */
  callers: string[]
  sources: number
  /** Strongest edge source's weight, in [0, 1]. */
  weight: number
  peakRatio: number
  onsetMs: number
  /** The strongest edge, for the explanation: "frontend → cart (latency_p99_ms ×16.3)". */
  strongest: string
}

export interface ClusterEvidence {
  byService: Map<string, ServiceEvidence>
  /** Callee → edge evidence, for every callee an edge alert names (alerting or silent). */
  edgeIn: Map<string, EdgeEvidence>
  startMs: number
  endMs: number
}

/** Weight of a source as root evidence in [0, 1]: 1 = full; the chronic baseline lowers a source that fires in many batches. */
export type SourceDiscount = (s: Source) => number

export interface SummarizeOptions {
  edgeLabels: EdgeLabelOptions
  /** Chronic-alert discount (chronic-baseline.ts); absent = every source counts in full. */
  discount?: SourceDiscount
}

const SUMMARIZE_DEFAULTS: SummarizeOptions = { edgeLabels: EDGE_LABEL_DEFAULTS }

function emptyEvidence(service: string, inGraph: boolean, onsetMs: number): ServiceEvidence {
  return {
    service,
    inGraph,
    sources: 0,
    alerts: 0,
    resourceSources: 0,
    symptomSources: 0,
    metrics: [],
    onsetMs,
    maxSeverity: 0,
    peakRatio: 1,
    need: 0,
    needFromBelow: 0,
    resourceWeight: 0,
    symptomWeight: 0,
    edgeOutWeight: 0,
    chronic: [],
  }
}

interface EdgeSource {
  caller: string
  callee: string
  s: Source
  weight: number
}

function addEdge(edgeIn: Map<string, EdgeEvidence>, { caller, callee, s, weight }: EdgeSource): void {
  let e = edgeIn.get(callee)
  if (!e) {
    e = { callee, callers: [], sources: 0, weight: 0, peakRatio: 1, onsetMs: s.onsetMs, strongest: '' }
    edgeIn.set(callee, e)
  }
  e.sources++
  if (!e.callers.includes(caller)) e.callers.push(caller)
  e.onsetMs = Math.min(e.onsetMs, s.onsetMs)
  if (weight > e.weight || (weight === e.weight && s.peakRatio > e.peakRatio)) e.strongest = `${caller} → ${callee} (${s.metric} ×${s.peakRatio.toFixed(1)})`
  e.weight = Math.max(e.weight, weight)
  e.peakRatio = Math.max(e.peakRatio, s.peakRatio)
}

export function summarizeCluster(sources: readonly Source[], graph: ServiceGraph, options: Partial<SummarizeOptions> = {}): ClusterEvidence {
  const o = { ...SUMMARIZE_DEFAULTS, ...options }
  const byService = new Map<string, ServiceEvidence>()
  const edgeIn = new Map<string, EdgeEvidence>()
  const edges: EdgeSource[] = []
  let startMs = Infinity
  let endMs = -Infinity
  for (const s of sources) {
    startMs = Math.min(startMs, s.onsetMs)
    endMs = Math.max(endMs, s.lastMs)
    let e = byService.get(s.service)
    if (!e) byService.set(s.service, (e = emptyEvidence(s.service, graph.tiers.has(s.service), s.onsetMs)))
    e.sources++
    e.alerts += s.count
    e.onsetMs = Math.min(e.onsetMs, s.onsetMs)
    const discount = o.discount ? o.discount(s) : 1
    const weight = evidenceWeight(s) * discount
    e.need = Math.max(e.need, weight)
    const edge = edgeOf(s.service, s.labels, o.edgeLabels)
    if (edge) {
      e.edgeOutWeight = Math.max(e.edgeOutWeight, weight)
      // What a callee can explain of a caller's trouble includes its edge alerts on calls.
      e.needFromBelow = Math.max(e.needFromBelow, weight)
      edges.push({ caller: edge.caller, callee: edge.callee, s, weight })
      continue
    }
    if (discount < 1 && !e.chronic.includes(s.metric)) e.chronic.push(s.metric)
    const kind = metricKind(s.metric)
    if (kind !== 'resource') e.needFromBelow = Math.max(e.needFromBelow, weight)
    if (kind === 'resource') {
      e.resourceSources++
      e.resourceWeight = Math.max(e.resourceWeight, weight)
    } else if (kind === 'symptom') {
      e.symptomSources++
      e.symptomWeight = Math.max(e.symptomWeight, weight)
    }
    if (!e.metrics.includes(s.metric)) e.metrics.push(s.metric)
    e.maxSeverity = Math.max(e.maxSeverity, severityRank(s.severity))
    e.peakRatio = Math.max(e.peakRatio, s.peakRatio)
  }
  // A caller's own saturation explains what it sees on its calls first (client
  // spans include its own queueing), so its edge alerts say that much less about the callee.
  for (const x of edges) addEdge(edgeIn, { ...x, weight: x.weight * (1 - (byService.get(x.caller)?.resourceWeight ?? 0)) })
  // A saturated service's slowness and errors are explained by its saturation
  // first: a fault below it can account for them only as far as it is not
  // saturated itself. Otherwise a loud cpu-starved service is "explained" by any
  // callee that happens to alert at the same time.
  for (const e of byService.values()) e.needFromBelow *= 1 - e.resourceWeight
  for (const e of edgeIn.values()) e.callers.sort()
  return { byService, edgeIn, startMs, endMs }
}
