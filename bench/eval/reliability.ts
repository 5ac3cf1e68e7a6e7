/**
 * Confidence calibration: does root_cause.confidence mean what it says? Each true incident
 * contributes (matched cluster's confidence, was its top-1 right?). Incidents with no matched
 * cluster or no confidence are counted apart. Pure.
 */
import type { RunRecord } from './summary.ts'

export interface ReliabilityBucket {
  label: string
  lo: number
  hi: number
  count: number
  meanConfidence: number
  accuracy: number
}

export interface Reliability {
  buckets: ReliabilityBucket[]
  /** Incidents without a matched cluster or without a numeric confidence. */
  unscored: number
  /** Expected calibration error: count-weighted |accuracy - mean confidence| over buckets. */
  ece: number
}

// Finer at the top, where an operator decides whether to trust the answer blindly.
const EDGES: readonly (readonly [number, number])[] = [
  [0, 0.2],
  [0.2, 0.4],
  [0.4, 0.6],
  [0.6, 0.8],
  [0.8, 0.9],
  [0.9, 1.0],
]

function bucketIndex(confidence: number): number {
  const c = Math.min(Math.max(confidence, 0), 1)
  const i = EDGES.findIndex(([lo, hi]) => c >= lo && c < hi)
  // 1.0 itself belongs to the last, closed bucket.
  return i === -1 ? EDGES.length - 1 : i
}

/** Bucket every scored incident by its matched cluster's confidence. */
export function reliability(records: readonly RunRecord[]): Reliability {
  const sums = EDGES.map(() => ({ count: 0, conf: 0, hits: 0 }))
  let unscored = 0
  for (const r of records) {
    for (const inc of r.score.incidents) {
      if (inc.confidence === null) {
        unscored++
        continue
      }
      const s = sums[bucketIndex(inc.confidence)]
      if (s === undefined) continue
      s.count++
      s.conf += inc.confidence
      if (inc.top1) s.hits++
    }
  }
  const total = sums.reduce((n, s) => n + s.count, 0)
  let ece = 0
  const buckets = EDGES.map(([lo, hi], i) => {
    const s = sums[i] ?? { count: 0, conf: 0, hits: 0 }
    const meanConfidence = s.count === 0 ? Number.NaN : s.conf / s.count
    const accuracy = s.count === 0 ? Number.NaN : s.hits / s.count
    if (s.count > 0) ece += (s.count / total) * Math.abs(accuracy - meanConfidence)
    const close = i === EDGES.length - 1 ? ']' : ')'
    return { label: `[${lo.toFixed(1)},${hi.toFixed(1)}${close}`, lo, hi, count: s.count, meanConfidence, accuracy }
  })
  return { buckets, unscored, ece: total === 0 ? Number.NaN : ece }
}
