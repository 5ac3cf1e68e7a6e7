/**
 * rankCluster: one correlated group in, its cluster with root cause out;
 * rankSegment: one time segment correlated, then each of its clusters ranked.
 * Similar incidents and recommended actions are built apart (`detail`), only
 * for the clusters whose are shown: the report shows the primary's, and the
 * LLM is asked about a few. A batch of hundreds of small clusters would
 * otherwise build them hundreds of times and show one. Pure, so the same
 * functions run on the main thread and in a worker.
 */
import { recommendActions } from '../domain/actions.ts'
import { summarizeCluster, type ClusterEvidence } from '../domain/cluster-evidence.ts'
import { correlateSegment, type AlertGroup } from '../domain/correlate.ts'
import { hash64 } from '../domain/hash.ts'
import type { Candidate, Cluster, Incident, NormalizedAlert, RootCause, Tier } from '../domain/model.ts'
import { propagationPaths } from '../domain/propagation-paths.ts'
import { rankByExplanation, type ScoredCandidate } from '../domain/rank-explain.ts'
import { rankByPageRank } from '../domain/rank-pagerank.ts'
import type { ClusterAnalysis } from '../domain/report.ts'
import type { ServiceGraph } from '../domain/service-graph.ts'
import { historyPrior, matchHistory, similarFromMatches, type IncidentFingerprint } from '../domain/similarity.ts'
import type { Source } from '../domain/sources.ts'
import { formatTs } from '../domain/time.ts'
import type { TriageOptions } from '../settings.ts'

/** What a chronic-alert baseline (domain/chronic-baseline.ts) says about a fingerprint: its weight as root evidence. */
export interface ChronicView {
  weight(fingerprint: string): number
}

/** What ranking a cluster needs besides the cluster: the graph version and the settings. */
export interface RankContext {
  graph: ServiceGraph
  history: readonly Incident[]
  options: TriageOptions
  /** Absent: every source counts in full (a process with no baseline, or a worker). */
  chronic?: ChronicView
}

/** A ranked cluster, and what its similar incidents and actions are built from when it is shown. */
export interface RankedCluster {
  cluster: Cluster
  /** Its services and metrics, matched against the history when it is shown. */
  query: IncidentFingerprint
  rootMetrics: readonly string[]
  rootTier: Tier | undefined
}

const MAX_CANDIDATES = 5
// Alerts and a call graph never prove a root: even the top calibration bucket
// is sometimes wrong, so confidence stops short of 1 (DESIGN.md).
const MAX_CONFIDENCE = 0.99
const round = (x: number) => Math.round(x * 10_000) / 10_000
const clampProbability = (p: number) => round(Math.min(MAX_CONFIDENCE, Math.max(0, p)))

/** Stable id: the same set of alert sources gives the same id, whatever the order or repeats. */
export function clusterId(fingerprints: Iterable<string>): string {
  // Length-prefixed: unambiguous whatever characters the labels hold.
  return `c-${hash64(
    [...new Set(fingerprints)]
      .sort()
      .map((f) => `${f.length}:${f}`)
      .join(''),
  )}`
}

/** With no in-graph service to reason about, rank the cluster's own services by what they raised. */
function rankWithoutGraph(ev: ClusterEvidence): ScoredCandidate[] {
  const list = [...ev.byService.values()].sort((a, b) => b.resourceSources - a.resourceSources || a.onsetMs - b.onsetMs || (a.service < b.service ? -1 : 1))
  // No call graph to confirm anything: confidence is at most a coin flip.
  return list.map((e, i) => ({
    service: e.service,
    score: 1 / (i + 1),
    probability: i === 0 ? 0.5 / list.length : 0,
    coverage: 0,
    callerAgreement: 0,
    timing: 0,
    silent: false,
    reasons: ['service is not in the call graph; ranked by resource alerts and onset'],
  }))
}

export function rankCluster(group: AlertGroup, { graph, history, options, chronic }: RankContext): RankedCluster {
  const ev = summarizeCluster(group.sources, graph, {
    ...(options.edgeLabels ? { edgeLabels: options.edgeLabels } : {}),
    ...(chronic ? { discount: (s: Source) => chronic.weight(s.fingerprint) } : {}),
  })
  const services = [...ev.byService.keys()].sort()
  const metrics = [...new Set(group.sources.map((s) => s.metric))].sort()
  const query = { services, metrics }
  const prior = historyPrior(query, history)
  let ranked = options.method === 'pagerank' ? rankByPageRank(ev, graph) : rankByExplanation(ev, graph, prior, { gapSec: options.gapSec })
  if (ranked.length === 0) ranked = rankWithoutGraph(ev)
  const top = ranked[0]!
  const candidates: Candidate[] = ranked.slice(0, MAX_CANDIDATES).map((c) => ({ service: c.service, score: clampProbability(c.probability) }))
  const alertingInGraph = new Set(services.filter((s) => graph.tiers.has(s)))
  const root_cause: RootCause = {
    service: top.service,
    confidence: clampProbability(top.probability),
    candidates,
    evidence: { paths: propagationPaths(graph, top.service, alertingInGraph, 8), reasons: top.reasons },
  }
  const cluster: Cluster = {
    cluster_id: clusterId(group.sources.map((s) => s.fingerprint)),
    alert_ids: group.alerts.map((a) => a.id),
    services,
    alert_count: group.alerts.length,
    start_ts: formatTs(ev.startMs),
    end_ts: formatTs(ev.endMs),
    root_cause,
  }
  return { cluster, query, rootMetrics: ev.byService.get(top.service)?.metrics ?? [], rootTier: graph.tiers.get(top.service) }
}

/** The cluster with its similar past incidents and recommended actions. */
export function detail(r: RankedCluster, history: readonly Incident[]): ClusterAnalysis {
  const root = r.cluster.root_cause.service
  const similar = similarFromMatches(matchHistory(r.query, history), root)
  const actions = recommendActions({ root, tier: r.rootTier, rootMetrics: r.rootMetrics, similar, history })
  return { cluster: r.cluster, similar, actions }
}

/**
 * One time segment (domain/segments.ts) correlated and each of its clusters
 * ranked; segments never share a cluster. `sources` have alertIndexes into `alerts`.
 */
export function rankSegment(sources: readonly Source[], alerts: readonly NormalizedAlert[], ctx: RankContext): RankedCluster[] {
  const groups = correlateSegment(sources, alerts, ctx.graph, { gapSec: ctx.options.gapSec, maxHop: ctx.options.maxHop, edgeLabels: ctx.options.edgeLabels })
  return groups.map((g) => rankCluster(g, ctx))
}
