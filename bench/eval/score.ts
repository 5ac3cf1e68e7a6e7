/**
 * Pure scoring of one POST /incident answer against a scenario's ground truth, following
 * eval-public/README.md "How results are scored": primary top-1/top-3, per-incident
 * top-1/top-3 via best-overlap cluster matching, clustering agreement (ARI, pair P/R/F1)
 * and noise leak. No IO and no clock; the eval runner feeds it parsed JSON.
 */
import { comparePartitions, type PairScores } from './cluster-metrics.ts'
import { topK, type Answer, type AnswerCluster } from './answer.ts'
import type { Truth } from '../scenarios/scenario.ts'

export { comparePartitions, type PairScores } from './cluster-metrics.ts'
export { mean, percentile, p50, p99, rate, ratio } from '../common/stats.ts'
export { readAnswer, topK, type Answer, type AnswerCluster, type AnswerRootCause } from './answer.ts'

export interface IncidentScore {
  root: string
  silentRoot: boolean
  alertCount: number
  /** Alert ids shared with the matched cluster; 0 means no cluster matched. */
  overlap: number
  predicted: string | null
  confidence: number | null
  top1: boolean
  top3: boolean
}

export interface ScenarioScore {
  /** false when the request failed (non-200 or unreadable body): every figure is a miss. */
  ok: boolean
  predicted: string | null
  top1: boolean
  top3: boolean
  incidents: IncidentScore[]
  clustering: PairScores
  noiseTotal: number
  noiseLeaked: number
}

/** What the scorer needs from a scenario: the alert ids, the truth, and whether its grouping is known. */
export interface ScoredScenario {
  alerts: readonly { id: string }[]
  truth: Truth
  /** `score_clustering: false` (real faults): nobody knows which alerts belong together, so only the root is scored. */
  meta?: { score_clustering?: boolean }
}

/** Clustering figures of a scenario whose grouping is unknown: NaN, so means skip them and the report prints "-". */
const UNSCORED_CLUSTERING: PairScores = {
  ari: Number.NaN,
  precision: Number.NaN,
  recall: Number.NaN,
  f1: Number.NaN,
  truePairs: 0,
  predictedPairs: 0,
  agreeingPairs: 0,
}

/**
 * Index of the cluster sharing the most alert ids with `ids` (first one on a tie), or -1
 * when no cluster shares any.
 */
export function bestOverlap(ids: readonly string[], clusters: readonly AnswerCluster[]): { index: number; overlap: number } {
  const wanted = new Set(ids)
  let index = -1
  let overlap = 0
  clusters.forEach((c, i) => {
    let n = 0
    for (const id of new Set(c.alertIds)) if (wanted.has(id)) n++
    if (n > overlap) {
      overlap = n
      index = i
    }
  })
  return { index, overlap }
}

/** Cluster label of every alert id in the answer (first cluster wins if an id repeats). */
function predictedLabels(answer: Answer): Map<string, string> {
  const labels = new Map<string, string>()
  answer.clusters.forEach((c, i) => {
    for (const id of c.alertIds) if (!labels.has(id)) labels.set(id, `c${i}`)
  })
  return labels
}

/** True group of every alert id: incident index, or a singleton for noise/unlabelled alerts. */
function truthLabels(truth: Truth): Map<string, string> {
  const labels = new Map<string, string>()
  truth.incidents.forEach((inc, i) => {
    for (const id of inc.alert_ids) if (!labels.has(id)) labels.set(id, `i${i}`)
  })
  return labels
}

function scoreIncidents(truth: Truth, answer: Answer | null): IncidentScore[] {
  return truth.incidents.map((inc) => {
    const base = { root: inc.root, silentRoot: inc.silent_root === true, alertCount: inc.alert_ids.length }
    const match = answer === null ? { index: -1, overlap: 0 } : bestOverlap(inc.alert_ids, answer.clusters)
    const rc = match.index >= 0 ? (answer?.clusters[match.index]?.rootCause ?? null) : null
    if (rc === null) return { ...base, overlap: match.overlap, predicted: null, confidence: null, top1: false, top3: false }
    return {
      ...base,
      overlap: match.overlap,
      predicted: rc.service,
      confidence: rc.confidence,
      top1: rc.service === inc.root,
      top3: topK(rc, 3).includes(inc.root),
    }
  })
}

/**
 * Clustering agreement over the scenario's alerts. Alerts absent from every returned
 * cluster are singletons; ids the server invented are ignored.
 */
export function scoreClustering(scenario: ScoredScenario, answer: Answer): PairScores {
  const truth = truthLabels(scenario.truth)
  const pred = predictedLabels(answer)
  const t: string[] = []
  const p: string[] = []
  for (const { id } of scenario.alerts) {
    // Singleton labels are made unique per alert id; the prefixes keep them apart from groups.
    t.push(truth.get(id) ?? `s:${id}`)
    p.push(pred.get(id) ?? `s:${id}`)
  }
  return comparePartitions(t, p)
}

/** Noise alerts that share a returned cluster with at least one incident alert. */
export function leakedNoise(truth: Truth, answer: Answer): string[] {
  const incidentIds = new Set(truth.incidents.flatMap((i) => i.alert_ids))
  const glued = new Set<string>()
  for (const c of answer.clusters) {
    if (c.alertIds.some((id) => incidentIds.has(id))) for (const id of c.alertIds) glued.add(id)
  }
  return truth.noise_alert_ids.filter((id) => glued.has(id))
}

const FAILED_CLUSTERING: PairScores = { ari: 0, precision: 0, recall: 0, f1: 0, truePairs: 0, predictedPairs: 0, agreeingPairs: 0 }

/**
 * Score one answer; pass `null` for a failed request (non-200 or unreadable), which
 * scores as a miss everywhere (clustering 0, nothing leaked).
 */
export function scoreScenario(scenario: ScoredScenario, answer: Answer | null): ScenarioScore {
  const { truth } = scenario
  const incidents = scoreIncidents(truth, answer)
  const noiseTotal = truth.noise_alert_ids.length
  if (answer === null) {
    return { ok: false, predicted: null, top1: false, top3: false, incidents, clustering: FAILED_CLUSTERING, noiseTotal, noiseLeaked: 0 }
  }
  const predicted = answer.rootCause?.service ?? null
  return {
    ok: true,
    predicted,
    top1: predicted === truth.primary_root,
    top3: topK(answer.rootCause, 3).includes(truth.primary_root),
    incidents,
    clustering: scenario.meta?.score_clustering === false ? UNSCORED_CLUSTERING : scoreClustering(scenario, answer),
    noiseTotal,
    noiseLeaked: leakedNoise(truth, answer).length,
  }
}
