/**
 * The default ranker ("explain"): the root is the downstream-most service that
 * explains its alerting callers. Every in-graph alerting service is a
 * candidate, and so is every quiet callee of one (a silent root). Each
 * candidate gets a log-linear score from evidence a human would weigh:
 *
 * - coverage: share of the cluster's alerting services that are the candidate
 *   or reach it through call edges (a fault propagates up to callers only);
 * - caller agreement: share of its direct callers that alert (quiet callers
 *   count against it, as in MicroRCA's anomalous-subgraph intuition);
 * - own evidence: resource saturation at the candidate beats symptoms, which
 *   beat silence (N-Sigma/BARO-style: how far past its threshold it went);
 * - onset order: the root's trouble starts no later than its callers';
 * - history: past incidents with this root and similar services (a prior).
 *
 * Scores become probabilities with a softmax; the top probability is the
 * confidence, calibrated on generated data (bench/scenarios/gen-scenarios.ts).
 */
import type { ClusterEvidence, ServiceEvidence } from './cluster-evidence.ts'
import { calleesOf, callersOf, walkHops, type ServiceGraph } from './service-graph.ts'
import { SKEW_SEC } from './skew.ts'

export interface RankOptions {
  gapSec: number
  /** How far onsets of cause and effect may invert (clock skew, rule evaluation delay). */
  skewSec: number
  weights: ExplainWeights
  /** How far up the call graph a fault is followed when testing coverage. */
  maxDepth: number
  /** Softmax temperature: larger = less confident. */
  temperature: number
}

// Weights of the log-linear score, fitted on our own generated scenarios
// (bench/scenarios/gen-scenarios.ts, two seeds, 16 topologies of 15–970 services) and
// checked on eval-public. Why each size: coverage decides most cases (a
// candidate that leaves alerting services unexplained is rarely the root);
// resource alerts at a candidate outweigh symptoms, which only lean towards it
// (a symptom-only service is as often a victim of a quiet callee as a root);
// onset order is weighted up because propagation runs root first; history is
// only a tie-breaker, since past roots need not be today's.
export const EXPLAIN_WEIGHTS = { coverage: 6, callers: 1.5, resource: 2, symptom: 0.5, timing: 2, peak: 0.3, severity: 0.2, history: 0.3 }
export type ExplainWeights = typeof EXPLAIN_WEIGHTS

// Temperature 0.45 minimised the log-loss of the true root on the same data,
// and brought the calibration error (confidence vs observed top-1) to ~0.05.
export const EXPLAIN_DEFAULTS: RankOptions = { gapSec: 120, skewSec: SKEW_SEC, maxDepth: 6, temperature: 0.45, weights: EXPLAIN_WEIGHTS }

export interface ScoredCandidate {
  service: string
  score: number
  probability: number
  coverage: number
  callerAgreement: number
  timing: number
  silent: boolean
  reasons: string[]
}

function candidateSet(graph: ServiceGraph, alerting: ReadonlyMap<string, ServiceEvidence>): string[] {
  const out = new Set<string>()
  for (const s of alerting.keys()) {
    out.add(s)
    for (const callee of calleesOf(graph, s)) out.add(callee)
  }
  return [...out].sort()
}

interface Candidate {
  service: string
  own: ServiceEvidence | undefined
  callers: number
  alertingCallers: number
  /** Own onset, or for a silent candidate its earliest alerting caller's. */
  onsetMs: number
  explained: number
  consistent: number
}

/** How many reasons to spell out: the root and the runner-ups an engineer reads. */
const EXPLAINED_CANDIDATES = 5

function reasonsFor(c: Candidate, alertingCount: number, prior: number): string[] {
  const reasons = [`explains ${c.explained}/${alertingCount} alerting services`, `${c.alertingCallers}/${c.callers} direct callers alert`]
  if (!c.own) reasons.push('raised no alert itself (silent candidate)')
  else if (c.own.resourceSources > 0) reasons.push(`raises resource alerts (${c.own.metrics.join(', ')})`)
  else if (c.own.symptomSources > 0) reasons.push(`raises symptom alerts (${c.own.metrics.join(', ')})`)
  if (prior > 0) reasons.push(`past incidents had this root (prior ${prior.toFixed(2)})`)
  return reasons
}

/** Rank root-cause candidates of one cluster, best first, probabilities summing to 1. */
export function rankByExplanation(
  ev: ClusterEvidence,
  graph: ServiceGraph,
  /** A candidate's prior from past incidents with it as root, 0..1 (similarity.ts historyPrior). */
  historyPrior: (service: string) => number,
  options: Partial<RankOptions> = {},
): ScoredCandidate[] {
  const o = { ...EXPLAIN_DEFAULTS, ...options }
  const W = o.weights
  const alerting = new Map([...ev.byService].filter(([, e]) => e.inGraph))
  if (alerting.size === 0) return []
  const skewMs = o.skewSec * 1000

  const candidates = new Map<string, Candidate>()
  for (const service of candidateSet(graph, alerting)) {
    const own = alerting.get(service)
    const callers = callersOf(graph, service)
    let alertingCallers = 0
    let callerOnset = Infinity
    for (const p of callers) {
      const e = alerting.get(p)
      if (!e) continue
      alertingCallers++
      callerOnset = Math.min(callerOnset, e.onsetMs)
    }
    if (!own && alertingCallers === 0) continue
    candidates.set(service, { service, own, callers: callers.length, alertingCallers, onsetMs: own ? own.onsetMs : callerOnset, explained: 0, consistent: 0 })
  }
  // Coverage, counted from the alerting side: one bounded BFS down the call
  // graph per alerting service (fewer than candidates), crediting every
  // candidate it reaches (a fault there would explain that service), and
  // stopping once every candidate is found, so a small cluster on a big graph
  // costs what the cluster costs.
  for (const a of alerting.values()) {
    let found = 0
    walkHops(graph, a.service, o.maxDepth, 'callees', (d) => {
      const c = candidates.get(d)
      if (!c) return false
      c.explained++
      if (a.onsetMs >= c.onsetMs - skewMs) c.consistent++
      return ++found === candidates.size
    })
  }

  const scored: ScoredCandidate[] = []
  const details = new Map<ScoredCandidate, { c: Candidate; prior: number }>()
  for (const c of candidates.values()) {
    const coverage = c.explained / alerting.size
    const callerAgreement = c.callers === 0 ? 0.5 : c.alertingCallers / c.callers
    const timing = c.explained === 0 ? 0 : c.consistent / c.explained
    const prior = historyPrior(c.service)
    let score = W.coverage * coverage + W.callers * callerAgreement + W.timing * timing + W.history * prior
    if (c.own) {
      if (c.own.resourceSources > 0) score += W.resource
      else if (c.own.symptomSources > 0) score += W.symptom
      score += W.peak * Math.min(Math.log(c.own.peakRatio), 1) + (W.severity * c.own.maxSeverity) / 2
    }
    const item: ScoredCandidate = { service: c.service, score, probability: 0, coverage, callerAgreement, timing, silent: !c.own, reasons: [] }
    scored.push(item)
    details.set(item, { c, prior })
  }
  let max = -Infinity
  for (const s of scored) max = Math.max(max, s.score)
  let z = 0
  for (const s of scored) z += Math.exp((s.score - max) / o.temperature)
  for (const s of scored) s.probability = Math.exp((s.score - max) / o.temperature) / z
  scored.sort((a, b) => b.score - a.score || (a.service < b.service ? -1 : 1))
  for (const s of scored.slice(0, EXPLAINED_CANDIDATES)) {
    const d = details.get(s)!
    s.reasons = reasonsFor(d.c, alerting.size, d.prior)
  }
  return scored
}
