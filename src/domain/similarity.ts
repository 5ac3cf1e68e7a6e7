/**
 * Similar past incidents: weighted Jaccard overlap of services and metrics,
 * plus agreement on the root cause. Services weigh most (the same part of the
 * system broke), metrics next (the same way), the root confirms.
 */
import type { Incident, SimilarIncident } from './model.ts'

export interface SimilarityOptions {
  k: number
  /** Below this score an incident is not worth an engineer's attention. */
  minScore: number
}

export const SIMILARITY_DEFAULTS: SimilarityOptions = { k: 3, minScore: 0.1 }
const W = { services: 0.5, metrics: 0.3, root: 0.2 }

export interface IncidentFingerprint {
  services: readonly string[]
  metrics: readonly string[]
  root?: string
}

function jaccard(a: ReadonlySet<string>, b: readonly string[]): number {
  if (a.size === 0 && b.length === 0) return 0
  const bs = new Set(b)
  let inter = 0
  for (const x of a) if (bs.has(x)) inter++
  return inter / (a.size + bs.size - inter)
}

export function incidentSimilarity(q: IncidentFingerprint, inc: Incident): number {
  const s = jaccard(new Set(q.services), inc.services)
  const m = jaccard(new Set(q.metrics), inc.metrics)
  const r = q.root !== undefined && q.root === inc.root_cause ? 1 : 0
  return W.services * s + W.metrics * m + W.root * r
}

/** Up to k most similar incidents, best first; ties keep history order. */
export function similarIncidents(q: IncidentFingerprint, history: readonly Incident[], options: Partial<SimilarityOptions> = {}): SimilarIncident[] {
  const { k, minScore } = { ...SIMILARITY_DEFAULTS, ...options }
  return history
    .map((inc) => ({ inc, score: incidentSimilarity(q, inc) }))
    .filter((x) => x.score >= minScore)
    .sort((a, b) => b.score - a.score)
    .slice(0, k)
    .map(({ inc, score }) => ({ id: inc.id, similarity: Math.round(score * 1000) / 1000, root_cause: inc.root_cause, title: inc.title }))
}

/**
 * History as a prior for ranking: for each past root, the best similarity of
 * its incidents to this cluster (without the root term, which is unknown yet).
 */
export function historyPrior(q: IncidentFingerprint, history: readonly Incident[]): Map<string, number> {
  const prior = new Map<string, number>()
  const probe = { services: q.services, metrics: q.metrics }
  for (const inc of history) {
    const s = incidentSimilarity(probe, inc) / (W.services + W.metrics)
    if (s > (prior.get(inc.root_cause) ?? 0)) prior.set(inc.root_cause, s)
  }
  return prior
}
