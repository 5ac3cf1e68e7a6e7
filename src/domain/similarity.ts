/**
 * Similar past incidents: weighted Jaccard overlap of services and metrics,
 * plus agreement on the root cause. Services weigh most (the same part of the
 * system broke), metrics next (the same way), the root confirms.
 * The history is indexed once per snapshot (sets built once, cached by the
 * history array's identity), so a request only counts intersections.
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

interface Indexed {
  incident: Incident
  services: ReadonlySet<string>
  metrics: ReadonlySet<string>
}

const indexes = new WeakMap<readonly Incident[], Indexed[]>()

function indexOf(history: readonly Incident[]): Indexed[] {
  let idx = indexes.get(history)
  if (!idx) {
    idx = history.map((incident) => ({ incident, services: new Set(incident.services), metrics: new Set(incident.metrics) }))
    indexes.set(history, idx)
  }
  return idx
}

function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 && b.size === 0) return 0
  let inter = 0
  for (const x of a) if (b.has(x)) inter++
  return inter / (a.size + b.size - inter)
}

/** Services-and-metrics part of the similarity, per incident, in history order. */
function overlapScores(q: IncidentFingerprint, history: readonly Incident[]): Array<{ inc: Incident; overlap: number }> {
  const qs = new Set(q.services)
  const qm = new Set(q.metrics)
  return indexOf(history).map((e) => ({ inc: e.incident, overlap: W.services * jaccard(qs, e.services) + W.metrics * jaccard(qm, e.metrics) }))
}

export function incidentSimilarity(q: IncidentFingerprint, inc: Incident): number {
  const [only] = overlapScores(q, [inc])
  return only!.overlap + (q.root !== undefined && q.root === inc.root_cause ? W.root : 0)
}

/** Up to k most similar incidents, best first; ties keep history order. */
export function similarIncidents(q: IncidentFingerprint, history: readonly Incident[], options: Partial<SimilarityOptions> = {}): SimilarIncident[] {
  const { k, minScore } = { ...SIMILARITY_DEFAULTS, ...options }
  return overlapScores(q, history)
    .map(({ inc, overlap }) => ({ inc, score: overlap + (q.root !== undefined && q.root === inc.root_cause ? W.root : 0) }))
    .filter((x) => x.score >= minScore)
    .sort((a, b) => b.score - a.score)
    .slice(0, k)
    .map(({ inc, score }) => ({ id: inc.id, similarity: Math.round(score * 1000) / 1000, root_cause: inc.root_cause, title: inc.title }))
}

/**
 * History as a prior for ranking: for each past root, the best similarity of
 * its incidents to this cluster (without the root term, which is unknown yet),
 * scaled to [0, 1].
 */
export function historyPrior(q: IncidentFingerprint, history: readonly Incident[]): Map<string, number> {
  const prior = new Map<string, number>()
  for (const { inc, overlap } of overlapScores(q, history)) {
    const s = overlap / (W.services + W.metrics)
    if (s > (prior.get(inc.root_cause) ?? 0)) prior.set(inc.root_cause, s)
  }
  return prior
}
