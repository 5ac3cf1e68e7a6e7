/**
 * Collapses repeated firings of one fingerprint into a single Source (first
 * onset, count, strongest evidence). Correlation and ranking work on sources:
 * a flapping alert otherwise stretches one incident into the next and a
 * many-pod caller outvotes its quiet root.
 */
import type { NormalizedAlert, Severity } from './model.ts'
import { scopeOf } from './scope.ts'

export interface Source {
  readonly fingerprint: string
  readonly service: string
  readonly metric: string
  readonly labels: Readonly<Record<string, string>>
  /** Scope label values (env, region, …), see scope.ts. */
  readonly scope: readonly string[]
  /** Earliest firing, epoch ms. */
  readonly onsetMs: number
  readonly lastMs: number
  readonly count: number
  readonly severity: Severity
  /** Largest value/threshold seen: how far past its threshold the source went (1 when no firing said). */
  readonly peakRatio: number
  /**
   * Whether any firing carried a usable value and threshold. Alertmanager alerts carry neither:
   * the rule that fired already judged the excess, so "unknown" must not read as "barely past".
   */
  readonly excessKnown: boolean
  /** Indexes into the batch's alert array. */
  readonly alertIndexes: readonly number[]
}

const SEVERITY_RANK: Record<Severity, number> = { info: 0, warning: 1, critical: 2 }

export function severityRank(s: Severity): number {
  return SEVERITY_RANK[s]
}

/** Whether value/threshold says anything: a zero or negative threshold says nothing about excess. */
export function excessKnown(value: number, threshold: number): boolean {
  return threshold > 0 && Number.isFinite(value)
}

/** value/threshold, guarded: 1 when the excess is unknown. */
export function exceedRatio(value: number, threshold: number): number {
  if (!excessKnown(value, threshold)) return 1
  const r = value / threshold
  return Number.isFinite(r) && r > 0 ? r : 1
}

/** Group alerts by fingerprint; sources come back ordered by onset, then fingerprint. */
export function collapseSources(alerts: readonly NormalizedAlert[]): Source[] {
  const byFp = new Map<string, { first: NormalizedAlert; onset: number; last: number; sev: Severity; peak: number; known: boolean; idx: number[] }>()
  alerts.forEach((a, i) => {
    const ratio = exceedRatio(a.value, a.threshold)
    const s = byFp.get(a.fingerprint)
    if (!s) {
      byFp.set(a.fingerprint, { first: a, onset: a.tsMs, last: a.tsMs, sev: a.severity, peak: ratio, known: excessKnown(a.value, a.threshold), idx: [i] })
      return
    }
    s.onset = Math.min(s.onset, a.tsMs)
    s.last = Math.max(s.last, a.tsMs)
    if (SEVERITY_RANK[a.severity] > SEVERITY_RANK[s.sev]) s.sev = a.severity
    s.peak = Math.max(s.peak, ratio)
    s.known ||= excessKnown(a.value, a.threshold)
    s.idx.push(i)
  })
  const sources: Source[] = []
  for (const [fp, s] of byFp) {
    sources.push({
      fingerprint: fp,
      service: s.first.service,
      metric: s.first.metric,
      labels: s.first.labels,
      scope: scopeOf(s.first.labels),
      onsetMs: s.onset,
      lastMs: s.last,
      count: s.idx.length,
      severity: s.sev,
      peakRatio: s.peak,
      excessKnown: s.known,
      alertIndexes: s.idx,
    })
  }
  return sources.sort((a, b) => a.onsetMs - b.onsetMs || (a.fingerprint < b.fingerprint ? -1 : a.fingerprint > b.fingerprint ? 1 : 0))
}

/** First index in `sorted` (by onset) whose onset is >= t. */
export function lowerBound(sorted: readonly Source[], t: number): number {
  let lo = 0
  let hi = sorted.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (sorted[mid]!.onsetMs < t) lo = mid + 1
    else hi = mid
  }
  return lo
}
