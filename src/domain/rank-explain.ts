/**
 * The default ranker ("explain"): the root is the service whose fault best
 * explains the cluster's evidence. Every in-graph alerting service is a
 * candidate, and so is every quiet callee of one (a silent root) and every
 * callee an edge alert names. Each candidate gets a log-linear score from
 * evidence a human would weigh:
 *
 * - coverage: the share of the cluster's trouble it explains, each alerting
 *   service weighted by how much trouble it shows (`need`: persistence, excess
 *   past its threshold, chronic discount), so leaving a loud service
 *   unexplained costs much and a faint one little. A fault propagates up to
 *   callers as slow or failed calls, so a candidate below a service explains
 *   its symptoms (`needFromBelow`), never its own cpu or memory: a loud
 *   saturated mid-tier service is not explained away by a faint one below it;
 * - caller agreement: share of its direct callers that alert (quiet callers
 *   count against it, as in MicroRCA's anomalous-subgraph intuition);
 * - own evidence: resource saturation at the candidate beats symptoms, which
 *   beat silence, each graded by the strength of its sources (N-Sigma/BARO
 *   style: persistence and how far past its threshold it went);
 * - edge evidence: its callers' alerts on their calls to it (edge-labels.ts),
 *   positive evidence for a candidate that raised nothing itself;
 * - onset order: the root's trouble starts no later than its callers';
 * - history: past incidents with this root and similar services (a prior).
 *
 * Scores become probabilities with a softmax; the top probability is the
 * confidence, calibrated on generated data (bench/scenarios/gen-scenarios.ts).
 */
import type { ClusterEvidence, EdgeEvidence, ServiceEvidence } from './cluster-evidence.ts'
import { callerViews } from './caller-views.ts'
import { servicesBelow } from './reach.ts'
import { calleesOf, callersOf, type ServiceGraph } from './service-graph.ts'
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
  /** How many of the best candidates get their reasons spelled out (the others' stay empty). */
  withReasons: number
}

// Weights of the log-linear score, fitted on our own generated scenarios
// (bench/scenarios/gen-scenarios.ts, two seeds, 16 topologies of 15–970 services) and
// checked on eval-public. Why each size: coverage decides most cases (a
// candidate that leaves alerting services unexplained is rarely the root);
// resource alerts at a candidate outweigh symptoms, which only lean towards it
// (a symptom-only service is as often a victim of a quiet callee as a root);
// onset order is weighted up because propagation runs root first; history is
// only a tie-breaker, since past roots need not be today's. Edge evidence (a
// caller's alert on its calls to this service) weighs as much as the service's
// own resource alert: both are direct measurements of it, not inferences.
export const EXPLAIN_WEIGHTS = { coverage: 6, callers: 1.5, resource: 2, symptom: 0.5, timing: 2, peak: 0.3, severity: 0.2, history: 0.3, edge: 2 }
export type ExplainWeights = typeof EXPLAIN_WEIGHTS

// Temperature 0.45 minimised the log-loss of the true root on the same data,
// and brought the calibration error (confidence vs observed top-1) to ~0.05.
// Reasons for the top candidate only: the report and the LLM prompt show the
// root's reasons and nothing else, so spelling out the runner-ups' is work
// nobody reads (the ranking study asks for more).
export const EXPLAIN_DEFAULTS: RankOptions = { gapSec: 120, skewSec: SKEW_SEC, maxDepth: 6, temperature: 0.45, weights: EXPLAIN_WEIGHTS, withReasons: 1 }

export interface ScoredCandidate {
  service: string
  score: number
  probability: number
  coverage: number
  callerAgreement: number
  timing: number
  silent: boolean
  reasons: string[]
  /** A leaf whose alerts look like this service's own seen from the caller side (caller-views.ts). */
  viewOf?: string
}

function candidateSet(graph: ServiceGraph, alerting: ReadonlyMap<string, ServiceEvidence>, edgeIn: ReadonlyMap<string, EdgeEvidence>): string[] {
  const out = new Set<string>()
  for (const s of alerting.keys()) {
    out.add(s)
    for (const callee of calleesOf(graph, s)) out.add(callee)
  }
  // A callee named by an edge alert is a candidate even where the graph lacks that call.
  for (const callee of edgeIn.keys()) if (graph.tiers.has(callee)) out.add(callee)
  return [...out].sort()
}

interface Candidate {
  service: string
  own: ServiceEvidence | undefined
  /** What callers' edge alerts say about it. */
  edge: EdgeEvidence | undefined
  callers: number
  alertingCallers: number
  /** Own onset, or for a silent candidate its earliest alerting caller's. */
  onsetMs: number
  explained: number
  consistent: number
  /** Sum of `need` over the alerting services it explains. */
  explainedNeed: number
  /** The alerting services it explains, in the order the alerting services are visited (tells indistinguishable silent candidates apart); kept for silent candidates only. */
  explainedSet: string[] | undefined
  /** Its prior from past incidents (set when scored). */
  prior: number
}

function reasonsFor(c: Candidate, alertingCount: number, prior: number): string[] {
  const reasons = [`explains ${c.explained}/${alertingCount} alerting services`, `${c.alertingCallers}/${c.callers} direct callers alert`]
  if (c.edge)
    reasons.push(
      `callers see trouble on calls to it: ${c.edge.strongest}${c.edge.callers.length > 1 ? ` and ${c.edge.callers.length - 1} more caller(s)` : ''}`,
    )
  if (!c.own || (c.own.resourceSources === 0 && c.own.symptomSources === 0)) reasons.push('raised no alert itself (silent candidate)')
  else if (c.own.resourceSources > 0) reasons.push(`raises resource alerts (${c.own.metrics.join(', ')})`)
  else if (c.own.symptomSources > 0) reasons.push(`raises symptom alerts (${c.own.metrics.join(', ')})`)
  if (c.own && c.own.chronic.length > 0) reasons.push(`chronic alerts count less: ${c.own.chronic.join(', ')}`)
  if (prior > 0) reasons.push(`past incidents had this root (prior ${prior.toFixed(2)})`)
  return reasons
}

/** For every silent candidate without edge evidence: how many such candidates explain exactly the same alerting services. */
function lookalikeCounts(candidates: Iterable<Candidate>): Map<Candidate, number> {
  const keyOf = new Map<Candidate, string>()
  const count = new Map<string, number>()
  for (const c of candidates) {
    if (c.own || c.edge) continue
    // Every candidate lists what it explains in the one order the alerting
    // services are visited in, so equal sets are equal lists: no sort needed.
    const key = c.explainedSet!.join('\n')
    keyOf.set(c, key)
    count.set(key, (count.get(key) ?? 0) + 1)
  }
  const out = new Map<Candidate, number>()
  for (const [c, key] of keyOf) out.set(c, count.get(key)!)
  return out
}

/**
 * A leaf that looks like a caller-side view of an alerting sibling
 * (caller-views.ts) and scores at least as high hands the lead to the sibling:
 * the evidence is the component's, and the sibling is the node with graph
 * evidence of its own. The two swap scores (the distribution is unchanged),
 * and on a tie the view sorts after. Returns the leaves taken as views.
 */
function nameTheComponent(scored: ScoredCandidate[], views: ReadonlyMap<string, string>): Set<string> {
  const taken = new Set<string>()
  if (views.size === 0) return taken
  const by = new Map(scored.map((s) => [s.service, s]))
  for (const [leaf, sibling] of views) {
    const l = by.get(leaf)
    const s = by.get(sibling)
    if (!l || !s || l.score < s.score) continue
    ;[l.score, s.score] = [s.score, l.score]
    s.viewOf = leaf
    taken.add(leaf)
  }
  return taken
}

/** Candidate c would explain alerting service a (a lies above it): counts it in c's coverage and onset order. */
function credit(c: Candidate, a: ServiceEvidence, skewMs: number): void {
  c.explained++
  // A fault at c explains a's symptoms; a's own saturation only when c is a itself.
  c.explainedNeed += c.service === a.service ? a.need : a.needFromBelow
  c.explainedSet?.push(a.service)
  if (a.onsetMs >= c.onsetMs - skewMs) c.consistent++
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
  const alerting = new Map<string, ServiceEvidence>()
  for (const [service, e] of ev.byService) if (e.inGraph) alerting.set(service, e)
  if (alerting.size === 0) return []
  const skewMs = o.skewSec * 1000

  const candidates = new Map<string, Candidate>()
  for (const service of candidateSet(graph, alerting, ev.edgeIn)) {
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
    const edge = ev.edgeIn.get(service)
    if (!own && !edge && alertingCallers === 0) continue
    const onsetMs = own ? own.onsetMs : edge ? Math.min(edge.onsetMs, callerOnset) : callerOnset
    // Only a silent candidate without edge evidence is compared with look-alikes (lookalikeCounts).
    const explainedSet = own || edge ? undefined : []
    candidates.set(service, {
      service,
      own,
      edge,
      callers: callers.length,
      alertingCallers,
      onsetMs,
      explained: 0,
      consistent: 0,
      explainedNeed: 0,
      explainedSet,
      prior: 0,
    })
  }
  // Coverage, counted from the alerting side: every candidate within maxDepth
  // below an alerting service would explain it. What lies below a service is
  // a property of the graph (reach.ts, kept with the snapshot), so a cluster
  // costs a lookup per alerting service and candidate, not a walk.
  let totalNeed = 0
  for (const a of alerting.values()) {
    totalNeed += a.need
    const below = servicesBelow(graph, a.service, o.maxDepth)
    // Whichever side is smaller is scanned; each candidate is credited once either way.
    if (below.size < candidates.size) {
      for (const d of below.services()) {
        const c = candidates.get(d)
        if (c) credit(c, a, skewMs)
      }
    } else for (const c of candidates.values()) if (below.has(c.service)) credit(c, a, skewMs)
  }

  const lookalikes = lookalikeCounts(candidates.values())
  const scored: ScoredCandidate[] = []
  const details = new Map<ScoredCandidate, Candidate>()
  for (const c of candidates.values()) {
    // Weighted by how much trouble each explained service shows: leaving a
    // loud service unexplained costs a lot, a faint or chronic one little.
    const coverage = totalNeed > 0 ? c.explainedNeed / totalNeed : c.explained / alerting.size
    const callerAgreement = c.callers === 0 ? 0.5 : c.alertingCallers / c.callers
    const timing = c.explained === 0 ? 0 : c.consistent / c.explained
    const prior = (c.prior = historyPrior(c.service))
    // A silent candidate needs positive evidence. Where the cluster carries edge
    // alerts (its calls are watched) and none names it, the quiet calls to it
    // say it is fine: its graph position alone no longer counts, and it stays
    // only as a runner-up.
    const unsupported = !c.own && !c.edge && ev.edgeIn.size > 0
    let score = (unsupported ? 0 : W.coverage * coverage) + W.callers * callerAgreement + W.timing * timing + W.history * prior
    // A service that itself reports slow or failing calls to a callee (its edge
    // alerts) says its trouble comes from below: its symptoms, and what its
    // callers see on calls to it, are that trouble passed on, and count only as
    // far as its own report on the callee is weak. Its own saturation still counts.
    const victimDiscount = 1 - (c.own?.edgeOutWeight ?? 0)
    if (c.own) {
      // Graded by the strength of the source (persistence, excess, chronic discount), not just its kind.
      if (c.own.resourceSources > 0) score += W.resource * c.own.resourceWeight
      else if (c.own.symptomSources > 0) score += W.symptom * c.own.symptomWeight * victimDiscount
      score += W.peak * Math.min(Math.log(c.own.peakRatio), 1) + (W.severity * c.own.maxSeverity) / 2
    }
    // Silent look-alikes share one hypothesis: "a quiet service below these
    // alerting services failed". With k candidates that nothing tells apart,
    // each gets a k-th of its probability (T·ln k off the score, the softmax's
    // way of dividing by k), so one loud service is not outvoted by its k quiet
    // callees, while a quiet callee that alone explains several callers keeps its full weight.
    const k = lookalikes.get(c) ?? 1
    if (k > 1) score -= o.temperature * Math.log(k)
    // Callers' edge alerts on calls to it, scaled by the share of its alerting callers that see it.
    if (c.edge) score += W.edge * c.edge.weight * Math.min(1, c.edge.callers.length / Math.max(1, c.alertingCallers)) * victimDiscount
    const item: ScoredCandidate = { service: c.service, score, probability: 0, coverage, callerAgreement, timing, silent: !c.own, reasons: [] }
    scored.push(item)
    details.set(item, c)
  }
  const views = nameTheComponent(scored, callerViews(graph, alerting, skewMs))
  let max = -Infinity
  for (const s of scored) max = Math.max(max, s.score)
  let z = 0
  for (const s of scored) z += Math.exp((s.score - max) / o.temperature)
  for (const s of scored) s.probability = Math.exp((s.score - max) / o.temperature) / z
  const isView = (x: ScoredCandidate) => (views.has(x.service) ? 1 : 0)
  scored.sort((a, b) => b.score - a.score || isView(a) - isView(b) || (a.service < b.service ? -1 : 1))
  for (const s of scored.slice(0, o.withReasons)) {
    const c = details.get(s)!
    s.reasons = reasonsFor(c, alerting.size, c.prior)
    if (s.viewOf) s.reasons.push(`alerts like ${s.viewOf}, a leaf its callers also call: one component seen from the caller side, named here`)
  }
  return scored
}
