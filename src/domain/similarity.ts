/**
 * Similar past incidents: weighted Jaccard overlap of services and metrics,
 * plus agreement on the root cause. Services weigh most (the same part of the
 * system broke), metrics next (the same way), the root confirms.
 * The history is indexed once per snapshot (cached by the history array's
 * identity), so a request only visits the incidents it overlaps.
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

/**
 * Inverted index of a history: which incidents mention each service, metric
 * and root. A query then touches only the incidents it overlaps, not the whole
 * history, which matters for thousands of past incidents and many clusters.
 */
interface HistoryIndex {
  /** Each incident's distinct services and metrics. */
  sets: Array<{ services: ReadonlySet<string>; metrics: ReadonlySet<string> }>
  byService: Map<string, number[]>
  byMetric: Map<string, number[]>
  byRoot: Map<string, number[]>
}

const indexes = new WeakMap<readonly Incident[], HistoryIndex>()

function post(map: Map<string, number[]>, key: string, i: number): void {
  const list = map.get(key)
  if (!list) map.set(key, [i])
  else if (list[list.length - 1] !== i) list.push(i)
}

function indexOf(history: readonly Incident[]): HistoryIndex {
  let idx = indexes.get(history)
  if (idx) return idx
  idx = { sets: [], byService: new Map(), byMetric: new Map(), byRoot: new Map() }
  history.forEach((inc, i) => {
    const services = new Set(inc.services)
    const metrics = new Set(inc.metrics)
    idx!.sets.push({ services, metrics })
    for (const s of services) post(idx!.byService, s, i)
    for (const m of metrics) post(idx!.byMetric, m, i)
    post(idx!.byRoot, inc.root_cause, i)
  })
  indexes.set(history, idx)
  return idx
}

/** Adds one hit per posting of each item to `hits` (indexed by incident), noting first-touched incidents in `touched`. */
function countHits(items: ReadonlySet<string>, postings: ReadonlyMap<string, number[]>, hits: Uint32Array, seen: Uint8Array, touched: number[]): void {
  for (const x of items) {
    const list = postings.get(x)
    if (list === undefined) continue
    for (const i of list) {
      hits[i]!++
      if (seen[i] === 0) {
        seen[i] = 1
        touched.push(i)
      }
    }
  }
}

const jaccard = (inter: number, a: number, b: number) => (inter === 0 ? 0 : inter / (a + b - inter))

/** Services-and-metrics part of the similarity of a query (`qs`, `qm`) and one incident (`sets`), given how many of each they share. */
function overlapWith(
  servicesInCommon: number,
  metricsInCommon: number,
  qs: ReadonlySet<string>,
  qm: ReadonlySet<string>,
  sets: HistoryIndex['sets'][number],
): number {
  return W.services * jaccard(servicesInCommon, qs.size, sets.services.size) + W.metrics * jaccard(metricsInCommon, qm.size, sets.metrics.size)
}

/**
 * Services-and-metrics part of the similarity for every incident that shares
 * anything with the query (or has its root), in history order. Hits are
 * counted in arrays indexed by incident (one per query, zeroed by the
 * runtime): this runs for every cluster of every request, and Maps of hit
 * counts plus the Set that merged their keys cost ~3× as much here.
 */
function overlapScores(q: IncidentFingerprint, history: readonly Incident[]): Array<{ inc: Incident; overlap: number }> {
  const idx = indexOf(history)
  const qs = new Set(q.services)
  const qm = new Set(q.metrics)
  const hitS = new Uint32Array(history.length)
  const hitM = new Uint32Array(history.length)
  const seen = new Uint8Array(history.length)
  const touched: number[] = []
  countHits(qs, idx.byService, hitS, seen, touched)
  countHits(qm, idx.byMetric, hitM, seen, touched)
  for (const i of q.root !== undefined ? (idx.byRoot.get(q.root) ?? []) : []) {
    if (seen[i] === 0) {
      seen[i] = 1
      touched.push(i)
    }
  }
  touched.sort((a, b) => a - b)
  const out: Array<{ inc: Incident; overlap: number }> = []
  for (const i of touched) out.push({ inc: history[i]!, overlap: overlapWith(hitS[i]!, hitM[i]!, qs, qm, idx.sets[i]!) })
  return out
}

/** The overlap of one query with the history, in history order (similarFromMatches reads it). */
export type HistoryMatches = ReadonlyArray<{ inc: Incident; overlap: number }>

export function matchHistory(q: IncidentFingerprint, history: readonly Incident[]): HistoryMatches {
  return overlapScores(q, history)
}

/** Up to k most similar incidents to a cluster whose root is `root`, best first; ties keep history order. */
export function similarFromMatches(matches: HistoryMatches, root: string | undefined, options: Partial<SimilarityOptions> = {}): SimilarIncident[] {
  const { k, minScore } = { ...SIMILARITY_DEFAULTS, ...options }
  return matches
    .map(({ inc, overlap }) => ({ inc, score: overlap + (root !== undefined && root === inc.root_cause ? W.root : 0) }))
    .filter((x) => x.score >= minScore)
    .sort((a, b) => b.score - a.score)
    .slice(0, k)
    .map(({ inc, score }) => ({
      id: inc.id,
      similarity: Math.round(score * 1000) / 1000,
      root_cause: inc.root_cause,
      title: inc.title,
      ...(inc.confirmed ? { actions: inc.actions } : {}),
    }))
}

/**
 * History as a prior for ranking: for each past root, the best similarity of
 * its incidents to this cluster (without the root term, which is unknown yet),
 * scaled to [0, 1].
 */
export function priorFromMatches(matches: HistoryMatches): Map<string, number> {
  const prior = new Map<string, number>()
  for (const { inc, overlap } of matches) {
    const s = overlap / (W.services + W.metrics)
    if (s > (prior.get(inc.root_cause) ?? 0)) prior.set(inc.root_cause, s)
  }
  return prior
}

/** How many members of `a` are in `b`, walking the smaller. */
function common(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  const [small, big] = a.size <= b.size ? [a, b] : [b, a]
  let n = 0
  for (const x of small) if (big.has(x)) n++
  return n
}

/**
 * The same prior as priorFromMatches, asked one root at a time: it visits
 * only that root's past incidents. Ranking asks for a handful of candidates,
 * while matching the whole history touches every incident that shares a
 * metric with the cluster (nearly all of them), for each of hundreds of
 * clusters in a large batch.
 * @example historyPrior({ services: ['db'], metrics: ['cpu_util'] }, history)('db') // 0..1
 */
export function historyPrior(q: IncidentFingerprint, history: readonly Incident[]): (root: string) => number {
  const idx = indexOf(history)
  const qs = new Set(q.services)
  const qm = new Set(q.metrics)
  return (root) => {
    let best = 0
    for (const i of idx.byRoot.get(root) ?? []) {
      const sets = idx.sets[i]!
      const s = overlapWith(common(qs, sets.services), common(qm, sets.metrics), qs, qm, sets) / (W.services + W.metrics)
      if (s > best) best = s
    }
    return best
  }
}
